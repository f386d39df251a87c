import Foundation
import TokBPE
import XCTest

final class EncoderTests: XCTestCase {
    let o200k = SharedEncodings.o200k

    func testKnownIDs() throws {
        XCTAssertEqual(o200k.encodeOrdinary("hello world"), [24912, 2375])
        XCTAssertEqual(SharedEncodings.cl100k.encodeOrdinary("hello world"), [15339, 1917])
        XCTAssertEqual(SharedEncodings.r50k.encodeOrdinary("hello world"), [31373, 995])
        XCTAssertEqual(o200k.encodeOrdinary(""), [])
        XCTAssertEqual(o200k.count(""), 0)
    }

    func testBytesAPIAgreesWithStringAPI() throws {
        let text = "नमस्ते, world! 123 👍🏽"
        XCTAssertEqual(try o200k.encodeOrdinary(utf8: Array(text.utf8)), o200k.encodeOrdinary(text))
        XCTAssertEqual(try o200k.count(utf8: Array(text.utf8)), o200k.count(text))
        // A non-contiguous collection works too.
        XCTAssertEqual(try o200k.encodeOrdinary(utf8: text.utf8.reversed().reversed()), o200k.encodeOrdinary(text))
    }

    func testInvalidUTF8BytesAreAnErrorWithTheOffset() {
        XCTAssertThrowsError(try o200k.encodeOrdinary(utf8: [0x61, 0x62, 0xFF, 0x63])) { error in
            XCTAssertEqual(error as? EncodingError, .invalidUTF8(byteOffset: 2))
        }
        XCTAssertThrowsError(try o200k.count(utf8: [0x61, 0xE0, 0xA4])) { error in  // truncated at the end
            XCTAssertEqual(error as? EncodingError, .invalidUTF8(byteOffset: 1))
        }
        XCTAssertThrowsError(try o200k.encodeOrdinary(utf8: [0xED, 0xA0, 0x80]))  // a UTF-16 surrogate
        XCTAssertThrowsError(try o200k.encodeOrdinary(utf8: [0xC0, 0xAF]))  // overlong
    }

    func testDecodeSaysWhenBytesEndMidCharacter() throws {
        // "क" is E0 A4 95; in r50k it is split into byte tokens.
        let r50k = SharedEncodings.r50k
        let ids = r50k.encodeOrdinary("क")
        XCTAssertGreaterThan(ids.count, 1)
        let partial = try r50k.decode(ids.dropLast())
        XCTAssertTrue(partial.endsMidCharacter)
        XCTAssertEqual(partial.incompleteSuffixLength, partial.bytes.count)
        XCTAssertTrue(partial.isValidUTF8)
        XCTAssertEqual(partial.text, "\u{FFFD}")
        let whole = try r50k.decode(ids)
        XCTAssertFalse(whole.endsMidCharacter)
        XCTAssertEqual(whole.text, "क")
    }

    func testDecodeRejectsUnknownIDs() {
        XCTAssertThrowsError(try o200k.decodeBytes([24912, 250_000])) { error in
            XCTAssertEqual(error as? EncodingError, .unknownTokenID(250_000))
        }
        XCTAssertThrowsError(try o200k.decodeBytes([-1]))
        // 199998 lies in the gap between the ordinary ranks and <|endoftext|>.
        XCTAssertThrowsError(try o200k.decodeBytes([199_998]))
    }

    func testLongPiecesAreExactAndRoundTrip() throws {
        // Pieces past the heap threshold: compare the heap merge with the quadratic one on the same piece
        // by checking the round trip and the known structure of repeated letters.
        for encoding in SharedEncodings.all {
            for text in [String(repeating: "a", count: 20_000), String(repeating: "क", count: 5_000), String(repeating: "ab1", count: 3_000)] {
                let ids = encoding.encodeOrdinary(text)
                XCTAssertEqual(try encoding.decodeBytes(ids), Array(text.utf8))
                XCTAssertEqual(encoding.count(text), ids.count)
            }
        }
    }

    func testLongPieceMergeWhenAMergeMakesALowerRankedPair() throws {
        // "aba" ranks below "ab": after the first "ab" merges, the pair ("ab", "a") must merge before
        // the next "ab" (tiktoken gives "aba", "b", "aba", "b", ...). A 300-byte piece takes the long-
        // piece merge, whose rank-bucket queue refuses the lower rank and starts over with a binary heap.
        // Expected ids from tiktoken.Encoding(pat_str=r"\p{L}+|\s+|[^\s\p{L}]+", those ranks).
        var pairs: [(bytes: [UInt8], rank: Int)] = (0..<256).map { ([UInt8($0)], $0) }
        pairs.append((Array("ab".utf8), 300))
        pairs.append((Array("aba".utf8), 260))
        let encoding = try Encoding(name: "non-monotone", pattern: .r50k, ranks: MergeableRanks(pairs), specialTokens: [:])
        let text = String(repeating: "ab", count: 150)
        XCTAssertEqual(encoding.encodeOrdinary(text), Array(repeating: [260, 98], count: 75).flatMap { $0 })
        // Short pieces take the quadratic merge: the same answer.
        XCTAssertEqual(encoding.encodeOrdinary(String(repeating: "ab", count: 4)), [260, 98, 260, 98])
        // Pieces of 17 to 96 bytes take the linked merge, which merges the next pair of the same rank
        // without a scan only while no merge has made a pair of lower rank: here each one does.
        for count in [9, 16, 20, 32, 48] {
            let ids = encoding.encodeOrdinary(String(repeating: "ab", count: count))
            XCTAssertEqual(ids, Array(repeating: [260, 98], count: count / 2).flatMap { $0 } + (count % 2 == 1 ? [300] : []), "\(count)")
        }
    }

    func testConcurrentEncodingFromManyThreads() {
        let texts = (0..<64).map { "thread \($0): नमस्ते दुनिया, hello world \($0 * 7919)" }
        let expected = texts.map { o200k.encodeOrdinary($0) }
        let encoding = o200k
        DispatchQueue.concurrentPerform(iterations: 256) { i in
            let index = i % texts.count
            precondition(encoding.encodeOrdinary(texts[index]) == expected[index])
        }
    }
}

final class SessionAndBatchTests: XCTestCase {
    /// The 32-bit array holds the ids of the `Int` one, also where the ids outgrow the first capacity
    /// (one token per byte: a short text starts with room for a third of that) and on a text long
    /// enough for the piece cache and the block walker; a session's too, on its first pass and from
    /// its caches.
    func testUInt32IDsAreTheIntIDs() {
        let long = String(repeating: "The quick brown fox jumps over the lazy dog; tokenization is merging. ", count: 2_000)
        for text in ["", "a", String(repeating: "!?", count: 5_000), String(repeating: "\u{1F600}", count: 3_000), long] {
            for encoding in [SharedEncodings.o200k, SharedEncodings.cl100k, SharedEncodings.r50k] {
                let ids = encoding.encodeOrdinary(text)
                XCTAssertEqual(encoding.encodeOrdinaryUInt32(text).map(Int.init), ids, "\(encoding.name) \(text.prefix(20))")
                let session = EncodingSession(encoding)
                for _ in 0..<2 {
                    XCTAssertEqual(session.encodeOrdinaryUInt32(text).map(Int.init), ids, "session \(encoding.name) \(text.prefix(20))")
                }
            }
        }
    }

    func testSessionAndBatchGiveTheSameIDs() throws {
        let fixture = try ParityFixture.load()
        let texts = fixture.cases.filter { $0.allowed_special == "none" }.map(\.text)
        for encoding in [SharedEncodings.o200k, SharedEncodings.cl100k] {
            let expected = texts.map { encoding.encodeOrdinary($0) }
            for keepsStretches in [true, false] {
                let session = EncodingSession(encoding, cachesStretches: keepsStretches)
                // Twice, so the second pass is served from the session's caches.
                for _ in 0..<2 { XCTAssertEqual(texts.map { session.encodeOrdinary($0) }, expected) }
                XCTAssertEqual(texts.map { session.count($0) }, expected.map(\.count))
            }
            XCTAssertEqual(encoding.encodeBatch(texts, threads: 1), expected)
            XCTAssertEqual(encoding.encodeBatch(texts, threads: 3), expected)
            XCTAssertEqual(encoding.countBatch(texts, threads: 2), expected.map(\.count))
        }
    }

    func testSessionArraysAtTheScratchBufferEdge() {
        // "1 " is one token per byte, so 4,096 bytes of it fill the session's scratch buffer exactly;
        // one byte more takes the path for longer texts. Mixed texts of those lengths as well.
        let digits = String(repeating: "1 ", count: 2048)
        let words = String(String(repeating: "naïve tokens, ", count: 300).utf8.prefix(4096))!
        for encoding in [SharedEncodings.o200k, SharedEncodings.cl100k] {
            XCTAssertEqual(encoding.encodeOrdinary(digits).count, 4096)
            let texts = [digits, digits + "1", String(digits.dropLast()), words, words + "x", "", "a"]
            let expected = texts.map { encoding.encodeOrdinary($0) }
            let session = EncodingSession(encoding)
            for _ in 0..<2 { XCTAssertEqual(session.encodeBatch(texts), expected) }
            // A long text between short ones leaves nothing behind in the scratch buffer.
            XCTAssertEqual(texts.reversed().map { session.encodeOrdinary($0) }, expected.reversed())
        }
    }

    func testFlatBatchHoldsEachTextsIDsInOrder() throws {
        let fixture = try ParityFixture.load()
        // Empty texts in the middle and at both ends, and the parity texts (every script, special-token
        // look-alikes as ordinary text) several times over.
        let texts = [""] + fixture.cases.filter { $0.allowed_special == "none" }.map(\.text) + ["", "a", ""]
        for encoding in [SharedEncodings.o200k, SharedEncodings.cl100k] {
            let expected = texts.map { encoding.encodeOrdinary($0) }
            for threads in [1, 2, 3, texts.count + 5] {
                let batch = encoding.encodeBatchFlat(texts, threads: threads)
                XCTAssertEqual(batch.count, texts.count, "threads \(threads)")
                XCTAssertEqual((0..<batch.count).map { Array(batch[$0]) }, expected, "threads \(threads)")
                XCTAssertEqual(batch.ids, expected.flatMap { $0 }, "threads \(threads)")
                XCTAssertEqual(batch.counts, expected.map(\.count))
            }
            // A session keeps its caches across flat batches: the second pass is served from them.
            let session = EncodingSession(encoding)
            let first = session.encodeBatchFlat(texts), second = session.encodeBatchFlat(texts)
            XCTAssertEqual(first, second)
            XCTAssertEqual(first.ids, expected.flatMap { $0 })
            let none = encoding.encodeBatchFlat([], threads: 2)
            XCTAssertEqual(none.count, 0)
            XCTAssertEqual(none.ids, [])
            XCTAssertEqual(none.offsets, [0])
        }
    }
}
