import CTokCategories
import Foundation
import TokFuzzSupport
@testable import TokBPE
import XCTest

/// The stretch cache (whole stretches between space cuts, looked up before pre-tokenizing) must not
/// change a single id: every fixture case through one long-lived session, and long texts.
final class StretchCacheTests: XCTestCase {
    func testEveryOrdinaryFixtureCaseThroughOneSessionMatchesTiktoken() throws {
        let fixture = try ParityFixture.load()
        for encodingName in ["o200k_base", "cl100k_base", "p50k_base", "r50k_base"] {
            let session = EncodingSession(SharedEncodings.named(encodingName))
            var mismatches: [String] = []
            // Twice: the second pass is served from the cache the first one filled.
            for pass in 0..<2 {
                for testCase in fixture.cases where testCase.allowed_special == "none" {
                    guard let expected = testCase.ids[encodingName] else { continue }
                    if session.encodeOrdinary(testCase.text) != expected { mismatches.append("\(testCase.name) pass \(pass)") }
                    if session.count(testCase.text) != expected.count { mismatches.append("\(testCase.name) count pass \(pass)") }
                }
            }
            XCTAssertEqual(mismatches, [], encodingName)
        }
    }

    /// Encodes without the stretch cache: the piece-by-piece path that the fixture cases check.
    private func piecewise(_ encoding: Encoding, _ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { buffer in
            ArraySink.collect(forTextLength: buffer.count) { sink in
                var caches = EncoderCaches()
                encoding.encodeOrdinary(buffer, into: &sink, caches: &caches)
            }
        }
    }

    /// Before a long text, a session's stretch cache grows once to one slot per 16 bytes of it (it
    /// would otherwise rebuild itself a dozen times as it fills), keeping what it holds: the ids of a
    /// short text encoded before stay found, and the long text's ids are the piecewise path's, on
    /// the first pass and from the cache. The long text has only 600 distinct stretches, so the
    /// table would not have grown that far by filling.
    func testALongTextReservesTheStretchTableOnceAndKeepsItsKeys() throws {
        let encoding = SharedEncodings.cl100k
        let session = EncodingSession(encoding)
        let short = "Stretches seen before the table grows: tokenization, merges."
        XCTAssertEqual(session.encodeOrdinary(short), piecewise(encoding, short))
        let stretches = try XCTUnwrap(session.caches.stretches)
        let before = stretches.mask + 1, held = stretches.count
        var long = ""
        var generator = SplitMix64(seed: 31)
        let words = ["the", "of", "tokens", "merge", "byte", "pair", "encoding", "cost", "हिन्दी", "x2", "it's", "--"]
        while long.utf8.count < 300_000 {
            long += " " + words.randomElement(using: &generator)! + String(Int.random(in: 0..<50, using: &generator))
        }
        let expected = piecewise(encoding, long)
        XCTAssertEqual(session.encodeOrdinary(long), expected)
        XCTAssertGreaterThanOrEqual(stretches.mask + 1, 300_000 / PieceCache.bytesPerReservedStretchSlot)
        XCTAssertGreaterThan(stretches.mask + 1, before)
        XCTAssertGreaterThan(stretches.count, held)
        XCTAssertEqual(session.encodeOrdinary(long), expected)
        XCTAssertEqual(session.encodeOrdinary(short), piecewise(encoding, short))
    }

    func testLongTextsGiveTheIDsOfThePiecewisePath() throws {
        // All fixture texts, each after a line of glue, as one long text: the stretch cache sees every
        // kind of text (scripts, white space runs, digits, contractions) and many repeats.
        let fixture = try ParityFixture.load()
        let texts = fixture.cases.filter { $0.allowed_special == "none" }.map(\.text)
        let long = texts.enumerated().map { "part \($0.offset): \($0.element)" }.joined(separator: "\n")
        XCTAssertGreaterThan(long.utf8.count, 100_000)
        for encoding in SharedEncodings.all {
            let expected = piecewise(encoding, long)
            XCTAssertEqual(encoding.encodeOrdinary(long), expected, encoding.name)
            XCTAssertEqual(encoding.count(long), expected.count, encoding.name)
            XCTAssertEqual(EncodingSession(encoding).encodeOrdinary(long), expected, encoding.name)
            XCTAssertEqual(try encoding.encode(long, disallowedSpecial: .none), expected, encoding.name)
            // Special tokens between long stretches of text: one cache serves every stretch.
            if let end = encoding.endOfTextID {
                let plain = long.replacingOccurrences(of: "<|", with: "< |")
                let withSpecial = "intro " + plain + "<|endoftext|>" + plain
                XCTAssertEqual(try encoding.encode(withSpecial, allowedSpecial: .all),
                               piecewise(encoding, "intro " + plain) + [end] + piecewise(encoding, plain), encoding.name)
            }
            // Joined without separators too: stretches then start and end in the middle of texts.
            let packed = texts.joined()
            XCTAssertEqual(encoding.encodeOrdinary(packed), piecewise(encoding, packed), encoding.name)
        }
    }

    func testLongStretchesRepeatedThroughASessionGiveTheSameIDs() throws {
        // Stretches over 64 bytes (no space inside): kept on their second sighting, served on the third.
        var generator = SeededGenerator(seed: 11)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let base64 = String((0..<3000).map { _ in alphabet.randomElement(using: &generator)! })
        let longs = [
            String(repeating: "a", count: 5000), base64, String(repeating: "क", count: 700),
            "東京都の天気は晴れのち曇りで、午後から雨が降るでしょう。" + String(repeating: "日本語の文章には空白がありません。", count: 20),
            "https://example.com/" + String(repeating: "path/segment-", count: 30) + "end?x=1&y=2",
        ]
        for encoding in SharedEncodings.all {
            let session = EncodingSession(encoding)
            for round in 0..<4 {
                for (i, long) in longs.enumerated() {
                    let document = "Intro text, then: " + long + " and more words after it.\n" + long
                    XCTAssertEqual(session.encodeOrdinary(document), encoding.encodeOrdinary(document),
                                   "\(encoding.name) long stretch \(i) round \(round)")
                    XCTAssertEqual(session.count(long), encoding.count(long), "\(encoding.name) count \(i) round \(round)")
                }
            }
        }
    }

    /// The 64-byte masks must find exactly the cuts that the byte-by-byte scan finds: spaces after
    /// ASCII and non-ASCII white space (U+00A0, U+3000, U+2029), after other non-ASCII letters, after
    /// bytes that are not valid UTF-8, at the start, at block edges and in the last, partial block.
    func testSpaceCutsFromMasksEqualTheByteScan() {
        let parts: [[UInt8]] = [
            [0x20], [0x20, 0x20], Array("a".utf8), Array("word".utf8), [0x09], [0x0A], [0x0B], [0x0C], [0x0D],
            [0x1C], [0x1F], Array("\u{A0}".utf8), Array("\u{3000}".utf8), Array("\u{2029}".utf8), Array("é".utf8),
            Array("क".utf8), Array("😀".utf8), [0x80], [0xE0, 0xA4], [0xFF], [0x00],
        ]
        for (index, ascii) in [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20].enumerated() {
            // The table the scan reads and the masks' ASCII white space agree.
            XCTAssertNotEqual((1 << tok_ascii_classes[ascii]) & CharClass.whitespaceSet, 0, "byte \(index)")
        }
        for byte in 0..<128 where ![0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20].contains(byte) {
            XCTAssertEqual((1 << tok_ascii_classes[byte]) & CharClass.whitespaceSet, 0, "byte \(byte)")
        }
        var generator = SeededGenerator(seed: 64)
        for trial in 0..<3000 {
            var bytes: [UInt8] = []
            let target = trial < 200 ? trial : Int.random(in: 0..<400, using: &generator)
            while bytes.count < target { bytes += parts.randomElement(using: &generator)! }
            bytes.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
                let text = ClassifiedBytes(base: base, count: buffer.count)
                var expected: [Int] = []
                var x = 0
                while x < text.count {
                    x = text.nextSpaceCut(after: x)
                    expected.append(x)
                }
                // In batches of 1 to 40 cuts, as the encoder takes them (32 at a time).
                var found: [Int] = []
                var cuts = SpaceCuts(text, after: 0)
                let most = Int.random(in: 1...40, using: &generator)
                var batch = [Int](repeating: -1, count: most)
                while found.last.map({ $0 < text.count }) ?? true {
                    let n = batch.withUnsafeMutableBufferPointer { cuts.fill($0.baseAddress!, max: most) }
                    XCTAssert((1...most).contains(n), "trial \(trial): \(n) cuts for at most \(most)")
                    found += batch[..<n]
                }
                XCTAssertEqual(found, expected, "trial \(trial) (batches of \(most)): \(bytes)")
                // Starting again from any point (as the encoder does after invalid UTF-8).
                let restart = Int.random(in: 0..<buffer.count, using: &generator)
                var again = SpaceCuts(text, after: restart)
                let first = batch.withUnsafeMutableBufferPointer { again.fill($0.baseAddress!, max: 1) }
                XCTAssertEqual(first, 1)
                XCTAssertEqual(batch[0], text.nextSpaceCut(after: restart), "trial \(trial) from \(restart)")
            }
        }
    }

    func testFastStretchKeysEqualTheRankTableHashAndWords() {
        // The masked word loads must give exactly RankTable.hash and keyWords, or a grown table
        // (rebuilt with those) would stop finding the stretches the fast path stored.
        let bytes: [UInt8] = Array("The quick brown fox, नमस्ते दुनिया! 🙂 0123456789 tail padding bytes".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            for start in 0..<8 {
                for length in 1...16 where start + length <= buffer.count {
                    let key = PieceCache.key(base + start, length, readable: buffer.count - start)
                    let words = RankTable.keyWords(base + start, length)
                    XCTAssertEqual(key.hash, RankTable.hash(base + start, length), "start \(start) length \(length)")
                    XCTAssertEqual(key.low, words.low, "start \(start) length \(length)")
                    XCTAssertEqual(key.high, words.high, "start \(start) length \(length)")
                }
            }
            // Keys near the end of the memory, read from the 16 bytes that end there: every key of 1 to
            // 16 bytes in the last 16 bytes, with enough bytes before it (and with fewer: the slow path).
            for start in (buffer.count - 16)..<buffer.count {
                for length in 1...(buffer.count - start) {
                    for behind in [start, 16 - (buffer.count - start) - 1, 16 - (buffer.count - start)] where behind >= 0 && behind <= start {
                        let key = PieceCache.key(base + start, length, readable: buffer.count - start, behind: behind)
                        let words = RankTable.keyWords(base + start, length)
                        let what = "start \(start) length \(length) behind \(behind)"
                        XCTAssertEqual(key.hash, RankTable.hash(base + start, length), what)
                        XCTAssertEqual(key.low, words.low, what)
                        XCTAssertEqual(key.high, words.high, what)
                    }
                }
            }
        }
    }

    func testCachesStartAtASizeForTheirText() {
        // One slot per 64 bytes of text, as a power of two from 64 to 2^17.
        XCTAssertEqual(PieceCache.capacity(forTextLength: 0), 64)
        XCTAssertEqual(PieceCache.capacity(forTextLength: 2048), 64)
        XCTAssertEqual(PieceCache.capacity(forTextLength: 64 * 1000), 1024)
        XCTAssertEqual(PieceCache.capacity(forTextLength: 64 * 1024), 1024)
        XCTAssertEqual(PieceCache.capacity(forTextLength: 64 * 1025), 2048)
        XCTAssertEqual(PieceCache.capacity(forTextLength: 4_000_000), 65536)
        XCTAssertEqual(PieceCache.capacity(forTextLength: 1 << 30), 1 << 17)
        // A cache of any starting size holds the same keys (the smallest grows eleven times, the
        // largest not at all).
        for capacity in [2, 64, 8192] {
            let cache = PieceCache(capacity: capacity)
            for i in 0..<3000 {
                let bytes = Array("piece \(i)".utf8)
                let start = cache.valueCount
                cache.appendValue(UInt32(i))
                cache.appendValue(UInt32(i) &+ 7)
                bytes.withUnsafeBufferPointer { cache.insert($0.baseAddress!, bytes.count, hash: RankTable.hash($0.baseAddress!, bytes.count), valueStart: start) }
            }
            XCTAssertEqual(cache.count, 3000)
            XCTAssertEqual(cache.mask + 1, max(capacity, 8192))
            for i in 0..<3000 {
                let bytes = Array("piece \(i)".utf8)
                var found = RankArraySink()
                bytes.withUnsafeBufferPointer { buffer in
                    let index = cache.lookup(buffer.baseAddress!, bytes.count, hash: RankTable.hash(buffer.baseAddress!, bytes.count))
                    if index >= 0 { cache.appendRanks(ofSlot: index, into: &found) }
                }
                XCTAssertEqual(found.ranks, [UInt32(i), UInt32(i) &+ 7], "capacity \(capacity), key \(i)")
            }
        }
    }

    func testStretchesThatShareASlotTagLengthAndFirstSixteenBytesStayApart() {
        // A session's hit loop compares a stretch with the slot its hash points to: tag, length, first
        // 16 bytes, then the bytes past them. Two stretches of 21 bytes that differ only in their last
        // four, found so that they share the first slot probed in a new session's table and the
        // 16-bit tag: the second must not get the first one's ids.
        let mask = UInt64(PieceCache().mask)
        let prefix = Array(" characterizationxx".utf8.prefix(17))
        var seen: [UInt64: [UInt8]] = [:]
        var pair: (first: [UInt8], second: [UInt8])? = nil
        var generator = SeededGenerator(seed: 21)
        while pair == nil {
            let bytes = prefix + (0..<4).map { _ in UInt8.random(in: 0x61...0x7A, using: &generator) }
            let hash = bytes.withUnsafeBufferPointer { RankTable.hash($0.baseAddress!, $0.count) }
            let place = (hash >> 48) << 32 | (hash & mask)
            if let other = seen[place], other != bytes { pair = (other, bytes) }
            seen[place] = bytes
        }
        for encoding in [SharedEncodings.cl100k, SharedEncodings.o200k] {
            let session = EncodingSession(encoding)
            let first = String(decoding: pair!.first, as: UTF8.self), second = String(decoding: pair!.second, as: UTF8.self)
            XCTAssertEqual(session.encodeOrdinary(first), encoding.encodeOrdinary(first))
            XCTAssertEqual(session.encodeOrdinary(second), encoding.encodeOrdinary(second), "\(first) then \(second)")
            XCTAssertEqual(session.encodeOrdinary(first + second + first), encoding.encodeOrdinary(first + second + first))
        }
    }

    func testRanksInlineAndInTheArenaComeBackWhole() {
        // Up to three ranks sit in the slot for keys of up to 16 bytes, up to two for longer keys, the
        // rest in the value arena; hits write three ranks unconditionally into an id array and advance
        // by the count. Keys around the 16-byte boundary with 1 to 5 ranks, enough of them to grow the
        // table several times, read back through every kind of sink, across array growth.
        let cache = PieceCache()
        var entries: [(bytes: [UInt8], ranks: [UInt32])] = []
        var generator = SeededGenerator(seed: 17)
        for i in 0..<5000 {
            let length = [1, 8, 15, 16, 17, 18, 40][i % 7]
            var bytes = (0..<length).map { _ in UInt8.random(in: 0x61...0x7A, using: &generator) }
            bytes[0] = UInt8(truncatingIfNeeded: i)
            bytes[length - 1] = UInt8(truncatingIfNeeded: i >> 8)
            let ranks = (0..<(1 + i % 5)).map { _ in UInt32.random(in: 0...199_999, using: &generator) }
            entries.append((bytes, ranks))
        }
        var unique: [[UInt8]: [UInt32]] = [:]
        for entry in entries where unique[entry.bytes] == nil {
            unique[entry.bytes] = entry.ranks
            let start = cache.valueCount
            for rank in entry.ranks { cache.appendValue(rank) }
            entry.bytes.withUnsafeBufferPointer { cache.insert($0.baseAddress!, entry.bytes.count, hash: RankTable.hash($0.baseAddress!, entry.bytes.count), valueStart: start) }
        }
        var expected: [Int] = []
        var recorded = RankArraySink()
        var counted = CountSink()
        let ids = ArraySink.collect(forTextLength: 1) { sink in
            for (bytes, ranks) in unique.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                bytes.withUnsafeBufferPointer { buffer in
                    let p = buffer.baseAddress!
                    let key = PieceCache.key(p, bytes.count, readable: bytes.count)
                    guard let slot = cache.find(key, p, bytes.count, in: cache.table) else {
                        XCTFail("\(bytes) not found")
                        return
                    }
                    cache.appendRanks(of: slot, into: &sink)
                    cache.appendRanks(of: slot, into: &recorded)
                    cache.appendRanks(of: slot, into: &counted)
                }
                expected += ranks.map { Int($0) }
            }
        }
        XCTAssertEqual(ids, expected)
        XCTAssertEqual(recorded.ranks.map { Int($0) }, expected)
        XCTAssertEqual(counted.count, expected.count)
    }

    func testAFullCacheEmptiesItselfForTheNextKeyAndKeepsItsRanks() {
        // A cache with maxEntries keys takes the next one by emptying itself first: the new key's
        // ranks, appended to the value arena after many others, move to its start and come back whole.
        let cache = PieceCache()
        var bytes = [UInt8](repeating: 0x61, count: 40)
        func insert(_ key: [UInt8], _ ranks: [UInt32]) {
            let start = cache.valueCount
            for rank in ranks { cache.appendValue(rank) }
            key.withUnsafeBufferPointer { cache.insert($0.baseAddress!, key.count, hash: RankTable.hash($0.baseAddress!, key.count), valueStart: start) }
        }
        func ranks(of key: [UInt8]) -> [UInt32]? {
            key.withUnsafeBufferPointer { buffer in
                let p = buffer.baseAddress!
                guard let slot = cache.find(PieceCache.key(p, key.count, readable: key.count), p, key.count, in: cache.table) else { return nil }
                var sink = RankArraySink()
                cache.appendRanks(of: slot, into: &sink)
                return sink.ranks
            }
        }
        for i in 0..<PieceCache.maxEntries {
            withUnsafeBytes(of: UInt32(i).littleEndian) { for (k, byte) in $0.enumerated() { bytes[k] = byte } }
            insert(bytes, [UInt32(i), 1, 2, 3, 4])
        }
        XCTAssertEqual(cache.count, PieceCache.maxEntries)
        XCTAssertTrue(cache.isFull)
        XCTAssertEqual(ranks(of: [0, 0, 0, 0] + bytes[4...]), [0, 1, 2, 3, 4])
        let capacity = cache.mask + 1
        let newcomer = Array("a key that arrives when the cache is full".utf8)
        insert(newcomer, [7, 8, 9, 10, 11, 12])
        XCTAssertEqual(cache.count, 1)
        XCTAssertEqual(cache.mask + 1, capacity, "emptying keeps the table's capacity")
        XCTAssertEqual(ranks(of: newcomer), [7, 8, 9, 10, 11, 12])
        XCTAssertNil(ranks(of: [0, 0, 0, 0] + bytes[4...]))
        XCTAssertEqual(cache.valueCount, 6)
        XCTAssertEqual(cache.keyCount, newcomer.count)
        // It fills again as before.
        insert(Array(" again".utf8), [5])
        XCTAssertEqual(ranks(of: Array(" again".utf8)), [5])
        XCTAssertEqual(ranks(of: newcomer), [7, 8, 9, 10, 11, 12])
    }

    func testTextsWithMoreMergedPiecesThanACacheHoldsGiveTheIDsOfEachWordAlone() throws {
        // 150,000 distinct words of seven random letters (hardly any a token): more merged pieces, and
        // more stretches, than a cache holds, so the one-shot call's piece cache and a session's caches
        // (of both kinds) empty themselves on the way. Each word comes again right after the next one, so that it is
        // found in the cache, the key recorded as a cache empties itself included. Each word is a piece
        // of its own, so the ids are those of the words encoded one at a time (calls too short to use
        // a cache).
        var generator = SplitMix64(seed: 47)
        var seen = Set<String>()
        var words: [String] = []
        while words.count < PieceCache.maxEntries + 20_000 {
            let word = " " + String((0..<7).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x61...0x7A, using: &generator))) })
            if seen.insert(word).inserted { words.append(word) }
        }
        let order = words.indices.flatMap { i in i == 0 ? [0] : [i, i - 1] }
        let text = order.map { words[$0] }.joined()
        for encoding in [SharedEncodings.o200k, SharedEncodings.cl100k] {
            let alone = words.map { encoding.encodeOrdinary($0) }
            let expected = order.flatMap { alone[$0] }
            XCTAssertEqual(encoding.encodeOrdinary(text), expected, encoding.name)
            XCTAssertEqual(encoding.count(text), expected.count, encoding.name)
            for keepsStretches in [true, false] {
                let session = EncodingSession(encoding, cachesStretches: keepsStretches)
                let kind = keepsStretches ? "" : " (pieces only)"
                XCTAssertEqual(session.encodeOrdinary(text), expected, encoding.name + kind)
                XCTAssertEqual(session.encodeOrdinary(text), expected, encoding.name + kind + " again")
                XCTAssertEqual(session.count(text), expected.count, encoding.name + kind)
            }
        }
    }

    func testTheLongStretchCacheEmptiesItselfWhenFull() {
        // Notes of stretches seen once: the note after the last that fits empties them.
        let cache = LongStretchCache()
        for hash in 0..<UInt64(LongStretchCache.maxNoted) { XCTAssertFalse(cache.seenBefore(hash: hash)) }
        XCTAssertTrue(cache.seenBefore(hash: 0))
        XCTAssertFalse(cache.seenBefore(hash: 1 << 40))
        XCTAssertFalse(cache.seenBefore(hash: 0), "the notes were emptied for the newcomer")
        XCTAssertTrue(cache.seenBefore(hash: 1 << 40))
        // Stored stretches: 3 MiB each, five fit in 16 MiB; the sixth drops them and is kept.
        let length = 3 << 20
        var stretches: [[UInt8]] = []
        for i in 0..<6 {
            let bytes = [UInt8](repeating: UInt8(0x61 + i), count: length)
            stretches.append(bytes)
            bytes.withUnsafeBufferPointer { cache.insert($0.baseAddress!, length, hash: UInt64(i), ranks: [UInt32(i), 7]) }
        }
        func lookup(_ i: Int) -> [UInt32]? {
            stretches[i].withUnsafeBufferPointer { cache.lookup($0.baseAddress!, length, hash: UInt64(i)) }
        }
        XCTAssertEqual(lookup(5), [5, 7])
        for i in 0..<5 { XCTAssertNil(lookup(i), "stretch \(i)") }
    }
}
