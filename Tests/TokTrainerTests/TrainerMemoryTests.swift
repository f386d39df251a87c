import Foundation
@testable import TokTrainer
import XCTest

/// The trainer's memory-saving paths: 16- and 32-bit symbols, delta-encoded word lists, consumed counts
/// and rare pairs left out of the queue.
final class TrainerMemoryTests: XCTestCase {
    func testWideSymbolsTrainTheSameVocabulary() throws {
        let documents = try TestSupport.parallelCorpus()
        for (size, temperature) in [(1500, nil), (1200, 3.0)] as [(Int, Double?)] {
            let settings = TrainerSettings(vocabularySize: size, scriptBalanceTemperature: temperature, threads: 2)
            let counts = try PieceCounter(settings: settings).count(documents)
            let trainer = try BPETrainer(settings: settings)
            let narrow = try trainer.run(counts, keepWords: true)
            // 32-bit symbols, 64-bit counts (16-byte queue entries), and both.
            for (wideSymbols, wideCounts) in [(true, false), (false, true), (true, true)] {
                let wide = try trainer.run(counts, keepWords: true, wideSymbols: wideSymbols, wideCounts: wideCounts)
                XCTAssertEqual(narrow.vocabulary.tokens, wide.vocabulary.tokens)
                XCTAssertEqual(narrow.vocabulary.merges, wide.vocabulary.merges)
                XCTAssertEqual(narrow.words, wide.words)
            }
            XCTAssertEqual(narrow.vocabulary.tokens.count, size)
        }
    }

    func testVocabularyAbove16BitsUses32BitSymbols() throws {
        // 70,000 ranks do not fit in 16 bits; the corpus runs out of pairs first, and the merges must be
        // those of a 16-bit run asked for exactly that many ranks.
        let documents = try TestSupport.parallelCorpus()
        let large = TrainerSettings(vocabularySize: 70_000, minimumFrequency: 1, threads: 2)
        XCTAssertGreaterThan(large.rankCount, BPETrainer.narrowRankLimit)
        let wide = try BPETrainer(settings: large).train(documents: documents)
        XCTAssertEqual(wide.stopReason, .noPairsLeft)
        XCTAssertLessThan(wide.tokens.count, BPETrainer.narrowRankLimit)
        let small = TrainerSettings(vocabularySize: wide.tokens.count, minimumFrequency: 1, threads: 2)
        let narrow = try BPETrainer(settings: small).train(documents: documents)
        XCTAssertEqual(narrow.stopReason, .reachedSize)
        XCTAssertEqual(narrow.tokens, wide.tokens)
        XCTAssertEqual(narrow.merges, wide.merges)
    }

    func testRanksAbove16BitsAreMergedAgain() throws {
        // Every two-byte piece (65,536 pairs, all merged: ranks 256 ... 65,791) and three-byte pieces
        // whose last merge joins a two-byte token (rank above 65,535) to a byte: the words must hold
        // ids that do not fit in 16 bits, and merge them again.
        var counts = PieceCounts()
        for first in 0...255 { for second in 0...255 { counts.add([UInt8(first), UInt8(second)], count: 2) } }
        let triples: [[UInt8]] = [Array("abc".utf8), [0xFF, 0xFE, 0x01], [0x00, 0x00, 0x00]]
        for triple in triples { counts.add(triple, count: 1) }
        let settings = TrainerSettings(vocabularySize: 256 + 65_536 + triples.count, minimumFrequency: 1, threads: 1)
        XCTAssertGreaterThan(settings.rankCount, BPETrainer.narrowRankLimit)
        let vocabulary = try BPETrainer(settings: settings).train(counts)
        XCTAssertEqual(vocabulary.stopReason, .reachedSize)
        XCTAssertEqual(vocabulary.tokens.count, 256 + 65_536 + triples.count)
        // The triples are the last tokens (each counts once, every two-byte pair at least twice), each
        // made from a two-byte token and a byte.
        XCTAssertEqual(Set(vocabulary.tokens.suffix(triples.count)), Set(triples))
        for merge in vocabulary.merges.suffix(triples.count) {
            XCTAssertGreaterThan(merge.result, 65_535)
            XCTAssertEqual(vocabulary.tokens[merge.left].count + vocabulary.tokens[merge.right].count, 3)
        }
    }

    func testConsumedCountsTrainLikeBorrowedOnes() throws {
        let documents = try TestSupport.parallelCorpus()
        let settings = TrainerSettings(vocabularySize: 600, threads: 1)
        let counts = try PieceCounter(settings: settings).count(documents)
        let kept = counts
        let trainer = try BPETrainer(settings: settings)
        let borrowed = try trainer.train(counts)
        // The caller's copy is untouched by training: it trains again to the same vocabulary.
        XCTAssertEqual(try trainer.train(counts).tokens, borrowed.tokens)
        XCTAssertEqual(counts.uniqueCount, kept.uniqueCount)
        let owned = try PieceCounter(settings: settings).count(documents)
        let consumed = try trainer.train(consume owned)
        XCTAssertEqual(borrowed.tokens, consumed.tokens)
        XCTAssertEqual(borrowed.merges, consumed.merges)
    }

    func testRarePairsStillGiveTheRightStopReason() throws {
        // After "ab" is merged, (ab, c) occurs once: below the minimum of 2.
        var s = TrainerSettings(vocabularySize: 300, minimumFrequency: 2, threads: 1)
        let v = try BPETrainer(settings: s).train(TestSupport.counts([("ab", 5), ("abc", 1)]))
        XCTAssertEqual(v.tokens.count, 257)
        XCTAssertEqual(v.stopReason, .belowMinimumFrequency)
        // The same, but (ab, c) would make a token longer than allowed: no pair is left.
        s.maximumTokenLength = 2
        let short = try BPETrainer(settings: s).train(TestSupport.counts([("ab", 5), ("abc", 1)]))
        XCTAssertEqual(short.tokens.count, 257)
        XCTAssertEqual(short.stopReason, .noPairsLeft)
        // Only rare pairs from the start.
        let rare = try BPETrainer(settings: s).train(TestSupport.counts([("xy", 1), ("yz", 1)]))
        XCTAssertEqual(rare.tokens.count, 256)
        XCTAssertEqual(rare.stopReason, .belowMinimumFrequency)
    }

    func testDeltaEncodedWordListsRoundTrip() {
        // Lists built, extended, dropped and compacted at random must equal a plain model of them.
        var generator = SystemRandomNumberGenerator()
        var lists = PairWordLists()
        lists.compactionMinimum = 64
        let pairCount = 40
        var model = [[Int32]](repeating: [], count: pairCount)
        for _ in 0..<pairCount { lists.addPair() }
        // Initial lists, with gaps of every varint length (up to 5 bytes).
        let limits: [Int32] = [100, 20_000, 3_000_000, 300_000_000, Int32.max]
        for pair in 0..<pairCount {
            let limit = limits[pair % limits.count]
            model[pair] = Array(Set((0..<Int.random(in: 0...30, using: &generator)).map { _ in Int32.random(in: 0...limit, using: &generator) })).sorted()
        }
        lists.reserve(model.map { words in
            var previous: Int32 = 0
            return Int32(words.reduce(0) { total, word in
                defer { previous = word }
                return total + PairWordLists.encodedLength(UInt32(word - previous))
            })
        })
        for pair in 0..<pairCount {
            var previous: Int32 = 0
            for word in model[pair] {
                lists.fill(pair, gap: UInt32(word - previous))
                previous = word
            }
        }
        for pair in 0..<pairCount { XCTAssertEqual(lists.words(of: pair), model[pair]) }
        for round in 0..<300 {
            if round % 7 == 0 {
                let pair = Int.random(in: 0..<pairCount, using: &generator)
                lists.release(pair)
                model[pair] = []
            }
            // A merge's staged entries: groups mapped to pairs (some skipped), words ascending per group.
            let groups = Int.random(in: 1...6, using: &generator)
            let groupPairs = (0..<groups).map { _ in Bool.random(using: &generator) && round % 5 == 0 ? -1 : Int.random(in: 0..<pairCount, using: &generator) }
            guard Set(groupPairs.filter { $0 >= 0 }).count == groupPairs.filter({ $0 >= 0 }).count else { continue }
            var entries: [(group: Int32, word: Int32)] = []
            var word = Int32.random(in: 0...1000, using: &generator)
            for _ in 0..<Int.random(in: 0...20, using: &generator) {
                word += Int32.random(in: 1...(round % 2 == 0 ? 50 : 100_000), using: &generator)
                for g in 0..<groups where Bool.random(using: &generator) { entries.append((Int32(g), word)) }
            }
            // Old words may repeat among the new ones.
            for (g, pair) in groupPairs.enumerated() where pair >= 0 && !model[pair].isEmpty && Bool.random(using: &generator) {
                let again = model[pair].randomElement(using: &generator)!
                if let k = entries.firstIndex(where: { $0.group == Int32(g) && $0.word > again }) {
                    if k == 0 || entries[..<k].last(where: { $0.group == Int32(g) })?.word ?? -1 < again {
                        entries.insert((Int32(g), again), at: k)
                    }
                }
            }
            let staged = StagedWords()
            for entry in entries { staged.add(group: entry.group, word: entry.word) }
            lists.extend(groupPairs, with: staged)
            for (g, pair) in groupPairs.enumerated() where pair >= 0 {
                model[pair] = Array(Set(model[pair] + entries.filter { $0.group == Int32(g) }.map(\.word))).sorted()
            }
            for pair in 0..<pairCount {
                XCTAssertEqual(lists.words(of: pair), model[pair], "pair \(pair) after round \(round)")
                XCTAssertEqual(readAll(lists.reader(pair)), model[pair], "reader of pair \(pair) after round \(round)")
            }
            XCTAssertLessThanOrEqual(lists.liveCount, lists.arenaCount)
        }
    }

    /// All the words a list reader gives.
    private func readAll(_ reader: GapReader) -> [Int32] {
        var reader = reader
        var words: [Int32] = []
        while true {
            let word = reader.next()
            if word < 0 { return words }
            words.append(word)
        }
    }

    func testStagedWordsKeepEachGroupsWordsInOrder() {
        // Many groups interleaved, gaps of every varint length (chains of many blocks), repeats dropped,
        // and the storage reused after removeAll.
        var generator = SystemRandomNumberGenerator()
        let staged = StagedWords()
        for round in 0..<3 {
            let groups = 50 + round * 200
            var model = [[Int32]](repeating: [], count: groups)
            var word: Int32 = 0
            for _ in 0..<5_000 {
                let (sum, overflow) = word.addingReportingOverflow(Int32.random(in: 0...(round == 1 ? 3_000_000 : 300), using: &generator))
                if overflow { break }
                word = sum
                let group = Int32.random(in: 0..<Int32(groups), using: &generator)
                staged.add(group: group, word: word)
                if model[Int(group)].last != word { model[Int(group)].append(word) }
                if Bool.random(using: &generator) {
                    staged.add(group: group, word: word)  // the same word again: kept once
                }
            }
            var out: [Int32] = []
            var total = 0
            for group in 0..<groups {
                staged.decode(group, into: &out)
                XCTAssertEqual(out, model[group], "group \(group), round \(round)")
                var reader = staged.reader(group)
                XCTAssertEqual(Array(sequence(state: ()) { _ in let w = reader.next(); return w < 0 ? nil : w }), model[group])
                total += staged.bytes(of: group)
            }
            XCTAssertGreaterThanOrEqual(total, model.map(\.count).reduce(0, +))
            staged.decode(groups + 5, into: &out)
            XCTAssertEqual(out, [])
            var none = staged.reader(groups + 5)
            XCTAssertEqual(none.next(), -1)
            staged.removeAll()
            XCTAssertEqual(staged.groupCount, 0)
        }
    }

    func testWeightsAbove32BitsAreKeptWhole() throws {
        // Word weights are stored in 32 bits, larger ones on the side: a piece counted five billion times
        // must weigh exactly that in every merge it takes part in.
        let heavy = 5_000_000_000
        let counts = TestSupport.counts([("ab", heavy), ("abc", 3), ("xy", 2)])
        let v = try BPETrainer(settings: TrainerSettings(vocabularySize: 259, minimumFrequency: 1, threads: 1)).train(counts)
        XCTAssertEqual(v.merges.map(\.count), [heavy + 3, 3, 2])
        XCTAssertEqual(v.tokens.suffix(3).map { String(decoding: $0, as: UTF8.self) }, ["ab", "abc", "xy"])
    }

    func testQueueWithoutStaleEntriesPopsTheSamePairs() {
        checkStaleEntriesDropped(PackedPairEntry.self)
        checkStaleEntriesDropped(WidePairEntry.self)
    }

    /// A queue with stale entries (counts above, below and equal to the live count, repeats, and pairs
    /// the table does not hold) must yield the same valid pairs, in the same order, before and after its
    /// stale entries are dropped.
    private func checkStaleEntriesDropped<Entry: PairQueueEntry>(_: Entry.Type) {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var table = PairTable<UInt16, UInt32>()
            var entries: [Entry] = []
            for _ in 0..<300 {
                let key = PairTable<UInt16, UInt32>.key(UInt32.random(in: 0..<40, using: &generator), UInt32.random(in: 0..<40, using: &generator))
                let pair = table.index(key)
                table.setCount(Int64.random(in: 0...12, using: &generator), at: pair)
                // The newest entry of a pair has at least its live count; older ones anything.
                entries.append(Entry(count: table.count(at: pair) + Int64.random(in: 0...3, using: &generator), key: key))
                entries.append(Entry(count: Int64.random(in: 0...15, using: &generator), key: key))
            }
            // Entries of pairs the table does not hold (dropped as dead).
            entries.append(Entry(count: 9, key: PairTable<UInt16, UInt32>.key(500, 501)))
            let queueable: Int64 = 2
            var full = PairQueue<Entry>(entries)
            var dropped = PairQueue<Entry>(entries)
            dropped.dropStaleEntries(table, queueable: queueable)
            XCTAssertLessThanOrEqual(dropped.count, table.indices.filter { table.count(at: $0) >= queueable }.count)
            XCTAssertEqual(validPops(&full, table, queueable), validPops(&dropped, table, queueable))
        }
    }

    /// The entries the merge loop would act on, in order: stale ones are re-queued with the live count
    /// (if still queueable), valid ones are taken and their pair's count is then treated as 0.
    private func validPops<Entry>(_ queue: inout PairQueue<Entry>, _ table: PairTable<UInt16, UInt32>, _ queueable: Int64) -> [UInt64] {
        var taken = Set<UInt64>()
        var out: [UInt64] = []
        while let top = queue.pop() {
            let live = taken.contains(top.key) ? 0 : table.find(top.key).map { table.count(at: $0) } ?? 0
            if top.count != live {
                if top.count > live && live >= queueable { queue.push(Entry(count: live, key: top.key)) }
                continue
            }
            if live < queueable { continue }
            taken.insert(top.key)
            out.append(top.key)
        }
        return out
    }

    func testPackedQueueEntriesKeepTheirPairCountAndOrder() {
        // Packed entries (8 bytes) must round-trip their pair and count and order like wide ones, at the
        // edges of their range (tokens 0 and 65,535, counts 0 and 2^32 - 1).
        var generator = SystemRandomNumberGenerator()
        let edges: [UInt32] = [0, 1, 255, 256, 65_534, 65_535]
        let counts: [Int64] = [0, 1, 2, 1 << 31, Int64(UInt32.max) - 1, Int64(UInt32.max)]
        var samples: [(Int64, UInt64)] = []
        for left in edges { for right in edges { for count in counts { samples.append((count, PairTable<UInt16, UInt32>.key(left, right))) } } }
        for _ in 0..<2000 {
            let key = PairTable<UInt16, UInt32>.key(UInt32.random(in: 0...65_535, using: &generator), UInt32.random(in: 0...65_535, using: &generator))
            samples.append((Int64.random(in: 0...Int64(UInt32.max), using: &generator), key))
        }
        for (count, key) in samples {
            let packed = PackedPairEntry(count: count, key: key)
            XCTAssertEqual(packed.count, count)
            XCTAssertEqual(packed.key, key)
        }
        for _ in 0..<20_000 {
            let (c1, k1) = samples.randomElement(using: &generator)!
            let (c2, k2) = samples.randomElement(using: &generator)!
            XCTAssertEqual(PackedPairEntry.precedes(PackedPairEntry(count: c1, key: k1), PackedPairEntry(count: c2, key: k2)),
                           WidePairEntry.precedes(WidePairEntry(count: c1, key: k1), WidePairEntry(count: c2, key: k2)))
        }
    }

    func testPairOccurrencesBoundEveryCount() {
        // (pieces' length - 1) x weight, summed; one-byte pieces have no pairs; overflow saturates.
        let counts = TestSupport.counts([("abc", 2), ("x", 100), ("ab", 7)])
        let weights = (0..<counts.uniqueCount).map { counts.counts[$0] }
        XCTAssertEqual(MergeState<UInt16, UInt32>.pairOccurrences(counts, weights: weights), 2 * 2 + 7)
        XCTAssertEqual(MergeState<UInt16, UInt32>.pairOccurrences(counts, weights: weights.map { _ in Int.max }), Int64.max)
    }

    func testWideningKeepsEveryValue() {
        let bytes = MallocBuffer<UInt8>()
        for k in 0..<1000 { bytes.append(UInt8(truncatingIfNeeded: k &* 37)) }
        let expected = (0..<1000).map { UInt32(UInt8(truncatingIfNeeded: $0 &* 37)) }
        let wide = MallocBuffer<UInt32>(widening: bytes)
        XCTAssertEqual(bytes.count, 0)
        XCTAssertEqual(wide.count, 1000)
        XCTAssertEqual(wide.indices.map { wide[$0] }, expected)
        let half = MallocBuffer<UInt16>(widening: MallocBuffer<UInt8>())
        XCTAssertEqual(half.count, 0)
    }

    func testCorporaBeyond32BitOffsetsAreRefused() {
        XCTAssertNoThrow(try BPETrainer.checkAddressable(uniquePieces: Int(Int32.max), pieceBytes: Int(UInt32.max)))
        for (pieces, bytes) in [(Int(Int32.max) + 1, 10), (10, Int(UInt32.max) + 1)] {
            XCTAssertThrowsError(try BPETrainer.checkAddressable(uniquePieces: pieces, pieceBytes: bytes)) { error in
                guard case TrainerError.corpusTooLarge(let message) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(message.contains("train on a sample"), message)
            }
        }
    }
}

/// Files are mapped and their pages dropped once counted; the counts and the bytes must not change.
final class FileMappingTests: XCTestCase {
    func testMappedFilesCountLikeBytesInMemory() throws {
        let text = String(repeating: PieceCounterTests.mixed, count: 400)  // ~100 pages
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokcost-mapping-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("corpus.txt")
        try Data(text.utf8).write(to: url)
        let empty = directory.appendingPathComponent("empty.txt")
        try Data().write(to: empty)

        let mapped = try CorpusDocument(contentsOf: url)
        // The document's bytes are the file mapping itself (not a copy), so its pages can be dropped.
        XCTAssertNotEqual(mapped.mappedAddress ?? 0, 0)
        XCTAssertEqual(mapped.mappedAddress, mapped.bytes.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) })
        XCTAssertNil(try CorpusDocument(contentsOf: empty).mappedAddress)
        XCTAssertNil(CorpusDocument(name: "memory", bytes: Data(text.utf8)).mappedAddress)
        for (threads, chunk) in [(1, 1 << 20), (2, 5_000), (3, 777)] {
            var counter = try PieceCounter(pattern: .o200k, normalization: .nfc, threads: threads)
            counter.chunkSize = chunk
            let fromFile = try counter.count([mapped, try CorpusDocument(contentsOf: empty)])
            let fromMemory = try counter.count([CorpusDocument(name: "memory", bytes: Data(text.utf8))])
            XCTAssertEqual(fromFile, fromMemory, "threads \(threads), chunks of \(chunk)")
            // Dropped pages read back from the file.
            XCTAssertEqual(mapped.bytes, Data(text.utf8))
        }
        XCTAssertThrowsError(try CorpusDocument(contentsOf: directory.appendingPathComponent("missing.txt"))) { error in
            guard case TrainerError.unreadable = error else { return XCTFail("\(error)") }
        }
    }
}
