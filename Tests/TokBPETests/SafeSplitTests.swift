import Foundation
@testable import TokBPE
import TokFuzzSupport
import XCTest

/// Cutting at SafeSplit points never changes the ids; streaming and multi-threaded counts equal the
/// one-shot count.
final class SafeSplitTests: XCTestCase {
    /// Texts with every kind of boundary: the parity fixtures joined in seeded random orders.
    func sampleTexts() throws -> [String] {
        let fixture = try ParityFixture.load()
        var generator = SeededGenerator(seed: 42)
        return (0..<6).map { _ in
            fixture.cases.shuffled(using: &generator).prefix(60).map(\.text).joined(separator: ["", " ", "\n", "  ", "\n\n", " \t"].randomElement(using: &generator)!)
        }
    }

    func testEveryCutPointPreservesTheIDs() throws {
        for text in try sampleTexts() {
            let bytes = Array(text.utf8)
            var cuts: [Int] = []
            bytes.withUnsafeBufferPointer { buffer in
                var upper = buffer.count - 1
                while let cut = SafeSplit.point(in: buffer, from: 0, through: upper), cut > 0 {
                    cuts.append(cut)
                    upper = cut - 1
                }
            }
            XCTAssertGreaterThan(cuts.count, 5)
            for encoding in SharedEncodings.all {
                let whole = encoding.encodeOrdinary(text)
                for cut in cuts.shuffled().prefix(25) {
                    let left = try encoding.encodeOrdinary(utf8: bytes[..<cut])
                    let right = try encoding.encodeOrdinary(utf8: bytes[cut...])
                    XCTAssertEqual(left + right, whole, "\(encoding.name) cut at \(cut): \(String(decoding: bytes[max(0, cut - 8)..<min(bytes.count, cut + 8)], as: UTF8.self).debugDescription)")
                }
            }
        }
    }

    func testStreamingAndThreadedCountsEqualTheOneShotCount() throws {
        let text = try sampleTexts().joined(separator: "\n")
        let bytes = Array(text.utf8)
        for encoding in SharedEncodings.all {
            let expected = encoding.count(text)
            var generator = SeededGenerator(seed: 7)
            var counter = StreamingTokenCounter(encoding: encoding, chunkSize: 4096, threads: 2)
            var offset = 0
            while offset < bytes.count {
                let size = Int.random(in: 1...3000, using: &generator)
                let end = min(bytes.count, offset + size)
                try bytes[offset..<end].withUnsafeBufferPointer { try counter.append($0) }
                offset = end
            }
            XCTAssertEqual(try counter.finish(), expected, encoding.name)
            let threaded = bytes.withUnsafeBufferPointer { encoding.count(validatedUTF8: $0, threads: 4) }
            XCTAssertEqual(threaded, expected)
            let ids = bytes.withUnsafeBufferPointer { encoding.encodeOrdinary(validatedUTF8: $0, threads: 3) }
            XCTAssertEqual(ids, encoding.encodeOrdinary(text))
        }
    }

    func testThreadsSharingMorePartsThanThereAreThreadsGiveTheOneThreadResults() throws {
        // 3.3 MB of the sample texts, each block a different mix: the threaded calls cut it into more
        // parts than threads (at least 1 MiB each for one-shot calls, eight per thread for a streaming
        // counter), which the threads take one at a time; every total and id must be one thread's.
        var blocks = try sampleTexts()
        var generator = SeededGenerator(seed: 23)
        var text = ""
        while text.utf8.count < 3_300_000 {
            blocks.shuffle(using: &generator)
            text += blocks.joined(separator: "\n")
        }
        let bytes = Array(text.utf8)
        for encoding in [SharedEncodings.o200k, SharedEncodings.cl100k] {
            let ids = encoding.encodeOrdinary(text)
            bytes.withUnsafeBufferPointer { buffer in
                XCTAssertGreaterThan(SafeSplit.workParts(of: buffer, threads: 2, minimumLength: Encoding.minimumThreadPart).count, 2)
                XCTAssertEqual(SafeSplit.workParts(of: buffer, threads: 2, minimumLength: 0).count, 2 * SafeSplit.partsPerThread)
                XCTAssertEqual(encoding.count(validatedUTF8: buffer, threads: 2), ids.count, encoding.name)
                XCTAssertEqual(encoding.encodeOrdinary(validatedUTF8: buffer, threads: 2), ids, encoding.name)
            }
            for threads in [2, 3] {
                var counter = StreamingTokenCounter(encoding: encoding, chunkSize: 1 << 20, threads: threads)
                var offset = 0
                while offset < bytes.count {
                    let end = min(bytes.count, offset + 300_000)
                    try bytes[offset..<end].withUnsafeBufferPointer { try counter.append($0) }
                    offset = end
                }
                XCTAssertEqual(try counter.finish(), ids.count, "\(encoding.name) streamed on \(threads) threads")
            }
        }
    }

    func testCountersSharingSessionsAcrossDocumentsCountEachDocumentExactly() throws {
        // The sessions learn from each document; every count must still equal a fresh one-shot count,
        // with sessions that keep stretches and with sessions that keep only merged pieces.
        let texts = try sampleTexts()
        let kinds = [SharedEncodings.o200k, SharedEncodings.cl100k].flatMap { encoding in [true, false].map { (encoding, $0) } }
        for (encoding, keepsStretches) in kinds {
            let sessions = (0..<2).map { _ in EncodingSession(encoding, cachesStretches: keepsStretches) }
            for round in 0..<2 {
                for (i, text) in texts.enumerated() {
                    let document = String(repeating: text + "\n", count: 40)  // past 64 KiB: split over both sessions
                    var counter = StreamingTokenCounter(sessions: sessions, chunkSize: 1 << 16)
                    try Array(document.utf8).withUnsafeBufferPointer { try counter.append($0) }
                    XCTAssertEqual(try counter.finish(), encoding.count(document),
                                   "\(encoding.name) text \(i) round \(round), stretches kept: \(keepsStretches)")
                }
            }
        }
    }

    func testStreamingReportsTheOffsetOfInvalidUTF8InTheWholeStream() throws {
        var counter = StreamingTokenCounter(encoding: SharedEncodings.o200k, chunkSize: 4096)
        let good = Array(String(repeating: "hello world ", count: 1000).utf8)
        try good.withUnsafeBufferPointer { try counter.append($0) }
        XCTAssertThrowsError(try [UInt8]([0x61, 0xFF, 0x62]).withUnsafeBufferPointer { block in
            try counter.append(block)
            _ = try counter.finish()
        }) { error in
            XCTAssertEqual(error as? EncodingError, .invalidUTF8(byteOffset: good.count + 1))
        }
    }
}

typealias SeededGenerator = SplitMix64
