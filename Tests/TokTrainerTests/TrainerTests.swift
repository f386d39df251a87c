import Foundation
import TokBPE
@testable import TokTrainer
import XCTest

final class TrainerTests: XCTestCase {
    func settings(_ size: Int, _ configure: (inout TrainerSettings) -> Void = { _ in }) -> TrainerSettings {
        var s = TrainerSettings(vocabularySize: size, minimumFrequency: 1, threads: 1)
        configure(&s)
        return s
    }

    func tokenText(_ v: TrainedVocabulary, _ rank: Int) -> String { String(decoding: v.tokens[rank], as: UTF8.self) }

    func testLearnsTheMostFrequentPairsInOrder() throws {
        // "ab" occurs 5+3 = 8 times, then "abc" (ab+c) 3 times wins over "de" (2).
        let counts = TestSupport.counts([("ab", 5), ("abc", 3), ("de", 2)])
        let v = try BPETrainer(settings: settings(259)).train(counts)
        XCTAssertEqual((256..<259).map { tokenText(v, $0) }, ["ab", "abc", "de"])
        XCTAssertEqual(v.merges.map(\.count), [8, 3, 2])
        XCTAssertEqual(v.merges[1].left, 256)
        XCTAssertEqual(v.merges[1].right, Int(UInt8(ascii: "c")))
        XCTAssertTrue(v.reachedRequestedSize)
    }

    func testTieBreakIsSmallestLeftThenRightRank() throws {
        // All three pairs occur twice: (b,c) < (x,a) < (x,b) by (left, right) rank.
        let counts = TestSupport.counts([("xa", 2), ("xb", 2), ("bc", 2)])
        let v = try BPETrainer(settings: settings(259)).train(counts)
        XCTAssertEqual((256..<259).map { tokenText(v, $0) }, ["bc", "xa", "xb"])
    }

    func testOverlappingPairsMergeLeftToRight() throws {
        let v = try BPETrainer(settings: settings(258)).train(TestSupport.counts([("aaaaa", 1)]))
        // aa (count 4) then aaaa ([aa, aa, a]: (aa,aa) 1, (aa,a) 1 -> tie -> smaller right rank? (256,97) < (256,256)).
        XCTAssertEqual(tokenText(v, 256), "aa")
        XCTAssertEqual(v.merges[0].count, 4)
        XCTAssertEqual(tokenText(v, 257), "aaa")
    }

    func testIncrementalCountsMatchARecount() throws {
        // After every merge, the live pair counts must equal counting pairs from scratch.
        let counter = try PieceCounter(pattern: .o200k, normalization: .nfc, threads: 1)
        let counts = try counter.count(try TestSupport.parallelCorpus())
        var narrow = MergeState<UInt16, UInt32>(counts: counts, weights: counts.counts)
        var wide = MergeState<UInt32, Int64>(counts: counts, weights: counts.counts)
        checkIncrementalCounts(&narrow)
        checkIncrementalCounts(&wide)
    }

    private func checkIncrementalCounts<Symbol, Count>(_ state: inout MergeState<Symbol, Count>) {
        state.pairs.words.compactionMinimum = 1  // compact often, to check compaction keeps every list
        state.compactionMinimum = 1  // the same for the symbol buffer
        state.listPart = 5  // merged lists read in many parts
        for _ in 0..<60 {
            let best = (0..<state.pairs.pairCount).max { a, b in
                let x = WidePairEntry(count: state.pairs.count(at: a), key: state.pairs.key(at: a))
                let y = WidePairEntry(count: state.pairs.count(at: b), key: state.pairs.key(at: b))
                return WidePairEntry.precedes(y, x)
            }!
            _ = state.merge(pairIndex: best)
            // Drop dead pairs after every other merge (renumbering the rest), to check that the counts
            // and lists move with their pairs.
            if state.tokens.count % 2 == 0 { state.pairs.dropDeadPairs() }
            var recount: [UInt64: Int64] = [:]
            var live = 0
            for w in 0..<state.wordCount {
                let word = state.word(w)
                live += word.count
                for k in 0..<(word.count - 1) {
                    recount[UInt64(word[k]) << 32 | UInt64(word[k + 1]), default: 0] += state.wordWeight(w)
                }
            }
            XCTAssertEqual(live, state.liveSymbols)
            XCTAssertLessThanOrEqual(state.liveSymbols, state.symbols.count)
            for i in 0..<state.pairs.pairCount where state.pairs.count(at: i) != (recount[state.pairs.key(at: i)] ?? 0) {
                XCTFail("pair \(state.pairs.key(at: i)) has \(state.pairs.count(at: i)), recount \(recount[state.pairs.key(at: i)] ?? 0)")
                return
            }
            for (key, count) in recount where state.pairs.find(key).map({ state.pairs.count(at: $0) }) != count {
                XCTFail("pair \(key) occurs \(count) times but the table has \(String(describing: state.pairs.find(key)))")
                return
            }
            if state.tokens.count % 2 == 0 {
                XCTAssertFalse(state.pairs.indices.contains { state.pairs.count(at: $0) == 0 }, "a dead pair was kept")
            }
            // Every word holding a pair must be in the pair's word list; lists are ascending without
            // repeats, and the lists of pairs that occur nowhere are dropped.
            for pair in 0..<state.pairs.pairCount {
                let list = state.pairs.words.words(of: pair)
                if zip(list, list.dropFirst()).contains(where: { $0 >= $1 }) {
                    XCTFail("the list of pair \(state.pairs.key(at: pair)) is not strictly ascending")
                    return
                }
                if state.pairs.count(at: pair) == 0 && !list.isEmpty {
                    XCTFail("pair \(state.pairs.key(at: pair)) occurs nowhere but keeps a list of \(list.count) words")
                    return
                }
            }
            for w in 0..<state.wordCount {
                let word = state.word(w)
                for k in 0..<(word.count - 1) {
                    let pair = state.pairs.index(UInt64(word[k]) << 32 | UInt64(word[k + 1]))
                    if !state.pairs.words.words(of: pair).contains(Int32(w)) {
                        XCTFail("word \(w) is missing from the list of pair \(state.pairs.key(at: pair))")
                        return
                    }
                }
            }
        }
    }

    func testDeterministicWhateverTheThreads() throws {
        let documents = try TestSupport.parallelCorpus()
        var outputs: [Data] = []
        for threads in [1, 2, 4] {
            var s = TrainerSettings(vocabularySize: 700, threads: threads)
            s.scriptBalanceTemperature = 2
            var counter = try PieceCounter(settings: s)
            counter.chunkSize = 512
            let v = try BPETrainer(settings: s).train(try counter.count(documents))
            outputs.append(v.tiktokenData())
        }
        XCTAssertEqual(outputs[0], outputs[1])
        XCTAssertEqual(outputs[0], outputs[2])
    }

    func testEncodingRoundTripsTheCorpus() throws {
        let documents = try TestSupport.parallelCorpus()
        let v = try BPETrainer(settings: TrainerSettings(vocabularySize: 1000, specialTokens: ["<|endoftext|>"], threads: 2)).train(documents: documents)
        let encoding = try v.encoding()
        XCTAssertEqual(encoding.specialTokens, ["<|endoftext|>": 999])
        XCTAssertEqual(encoding.vocabularySize, 1000)
        let text = String(decoding: documents[0].bytes, as: UTF8.self)
        let ids = encoding.encodeOrdinary(text)
        XCTAssertEqual(try encoding.decode(ids).text, text)
        XCTAssertLessThan(ids.count, documents[0].bytes.count / 2)
    }

    func testMaximumTokenLength() throws {
        let documents = try TestSupport.parallelCorpus()
        let v = try BPETrainer(settings: TrainerSettings(vocabularySize: 800, maximumTokenLength: 4, threads: 1)).train(documents: documents)
        XCTAssertLessThanOrEqual(v.tokens.map(\.count).max()!, 4)
        XCTAssertEqual(v.tokens.count, 800)
    }

    func testMinimumFrequencyStopsTraining() throws {
        let counts = TestSupport.counts([("ab", 5), ("cd", 1)])
        var s = settings(300)
        s.minimumFrequency = 2
        let v = try BPETrainer(settings: s).train(counts)
        XCTAssertEqual(v.tokens.count, 257)
        XCTAssertEqual(v.stopReason, .belowMinimumFrequency)
        XCTAssertFalse(v.reachedRequestedSize)
    }

    func testCorpusSmallerThanTheVocabulary() throws {
        let v = try BPETrainer(settings: settings(1000)).train(TestSupport.counts([("abc", 1)]))
        XCTAssertEqual(v.tokens.count, 258)
        XCTAssertEqual(v.stopReason, .noPairsLeft)
    }

    func testBadSettingsAndEmptyCorpus() throws {
        XCTAssertThrowsError(try BPETrainer(settings: TrainerSettings(vocabularySize: 256, specialTokens: ["<s>"]))) { error in
            XCTAssertEqual(error as? TrainerError, .vocabularyTooSmall(requested: 256, minimum: 257))
        }
        XCTAssertThrowsError(try BPETrainer(settings: TrainerSettings(vocabularySize: 300, scriptBalanceTemperature: 0)))
        XCTAssertThrowsError(try BPETrainer(settings: TrainerSettings(vocabularySize: 300, specialTokens: ["a", "a"])))
        XCTAssertThrowsError(try BPETrainer(settings: TrainerSettings(vocabularySize: 300)).train(PieceCounts())) { error in
            XCTAssertEqual(error as? TrainerError, .emptyCorpus)
        }
        XCTAssertThrowsError(try BPETrainer(settings: TrainerSettings(vocabularySize: 300)).train(documents: [CorpusDocument(name: "e", bytes: Data())])) { error in
            XCTAssertEqual(error as? TrainerError, .emptyCorpus)
        }
        // Exactly 256 + specials: no merges, still a valid vocabulary.
        let v = try BPETrainer(settings: settings(257) { $0.specialTokens = ["<s>"] }).train(TestSupport.counts([("ab", 3)]))
        XCTAssertEqual(v.tokens.count, 256)
        XCTAssertEqual(v.specialTokens, ["<s>": 256])
    }

    func testScriptBalancing() throws {
        let piece = { (s: String) in Array(s.utf8).withUnsafeBufferPointer { ScriptBalancer.dominantScript(of: $0)?.name } }
        XCTAssertEqual(piece(" नमस्ते"), "Devanagari")
        XCTAssertEqual(piece("hello"), "Latin")
        XCTAssertNil(piece(" 123!"))
        let counts = TestSupport.counts([(" the", 900), (" घर", 100), ("!", 50)])
        let shares = ScriptBalancer(temperature: 1e9).shares(counts)
        XCTAssertEqual(shares.map { $0.after }, [0.5, 0.5].map { $0 }, accuracy: 1e-6)
        let balanced = ScriptBalancer(temperature: 1e9).balancedCounts(counts)
        XCTAssertEqual(balanced, [500, 500, 50])
        XCTAssertEqual(ScriptBalancer(temperature: 1).balancedCounts(counts), [900, 100, 50])
    }
}

func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}

/// tiktoken's rule (merge the lowest-ranked adjacent pair, leftmost first) applied with the trained ranks
/// must reproduce the segmentation the trainer ended with, for every training piece.
final class MergeOrderTests: XCTestCase {
    func testRankBasedMergingReproducesTrainingSegmentation() throws {
        var documents = try TestSupport.parallelCorpus()
        var runs: [(Int, Double?)] = [(1000, nil), (4000, 3.0)]
        // Opt-in, on a larger corpus: TOKCOST_MERGE_ORDER_CORPUS=dir-or-file[:size].
        if let spec = ProcessInfo.processInfo.environment["TOKCOST_MERGE_ORDER_CORPUS"] {
            let parts = spec.split(separator: ":")
            documents = try CorpusFiles.expand([String(parts[0])]).map { try CorpusDocument(contentsOf: $0) }
            runs = [(parts.count > 1 ? Int(parts[1])! : 8000, nil)]
        }
        for (size, temperature) in runs {
            let settings = TrainerSettings(vocabularySize: size, scriptBalanceTemperature: temperature, threads: 2)
            let counts = try PieceCounter(settings: settings).count(documents)
            let (vocabulary, finalWords) = try BPETrainer(settings: settings).run(counts, keepWords: true)
            var mismatches = 0, words = 0
            for trained in finalWords {
                let bytes = trained.flatMap { vocabulary.tokens[$0] }
                if vocabulary.ranks.mergeWithoutLookup(bytes) != trained { mismatches += 1 }
                words += 1
            }
            let reused = vocabulary.merges.count - (vocabulary.tokens.count - 256)
            XCTAssertEqual(mismatches, 0, "size \(size): \(mismatches) of \(words) pieces differ; \(reused) merges reused an existing token")
        }
    }
}
