import Foundation
import TokBPE
import XCTest

/// Inputs that break naive tokenizers: one huge piece, only whitespace, only combining marks, a long
/// emoji ZWJ run, NUL bytes, UTF-8 cut by a read buffer or by the end of the file. (The same at
/// 1 MB–2 GB are measured by Tests/Reliability/hostile_inputs.sh.)
final class HostileInputTests: XCTestCase {
    let inputs: [(String, String)] = [
        ("one letter", String(repeating: "a", count: 60_000)),
        ("one Devanagari letter", String(repeating: "क", count: 20_000)),
        ("only spaces", String(repeating: " ", count: 50_000)),
        ("only whitespace mix", String(repeating: " \t\n\r\n\u{3000}", count: 8_000)),
        ("only combining marks", String(repeating: "\u{301}", count: 30_000)),
        ("emoji ZWJ run", String(repeating: "👨\u{200D}👩\u{200D}👧\u{200D}👦", count: 3_000)),
        ("NUL bytes", String(repeating: "\u{0}", count: 50_000)),
        ("one long line", String(repeating: "नमस्ते world, 123! ", count: 4_000)),
    ]

    func testEveryEncodingRoundTripsAndStreamsThem() throws {
        for (name, text) in inputs {
            let bytes = Array(text.utf8)
            for encoding in SharedEncodings.all {
                let ids = encoding.encodeOrdinary(text)
                XCTAssertEqual(try encoding.decodeBytes(ids), bytes, "\(name) \(encoding.name)")
                var counter = StreamingTokenCounter(encoding: encoding, chunkSize: 8192, threads: 2)
                var offset = 0
                while offset < bytes.count {
                    let end = min(bytes.count, offset + 4099)  // blocks cut inside characters
                    try bytes[offset..<end].withUnsafeBufferPointer { try counter.append($0) }
                    offset = end
                }
                XCTAssertEqual(try counter.finish(), ids.count, "\(name) \(encoding.name)")
            }
        }
    }

    func testTruncatedUTF8AtTheEndIsAnErrorAtItsFirstByte() throws {
        var bytes = Array(String(repeating: "hello world ", count: 2_000).utf8)
        let lead = bytes.count
        bytes += [0xE0, 0xA4]  // the first two bytes of क
        var counter = StreamingTokenCounter(encoding: SharedEncodings.o200k, chunkSize: 4096)
        XCTAssertThrowsError(try bytes.withUnsafeBufferPointer { block in
            try counter.append(block)
            _ = try counter.finish()
        }) { error in
            XCTAssertEqual(error as? EncodingError, .invalidUTF8(byteOffset: lead))
        }
    }

    func testSpecialTokenTextSplitAcrossReadBuffersIsOrdinaryText() throws {
        for encoding in SharedEncodings.all {
            for token in encoding.specialTokens.keys.sorted() {
                let text = "before " + token + token + " word" + token + "after"
                let bytes = Array(text.utf8)
                for cut in 1..<min(bytes.count, 40) {
                    var counter = StreamingTokenCounter(encoding: encoding, chunkSize: 4096)
                    try bytes[..<cut].withUnsafeBufferPointer { try counter.append($0) }
                    try bytes[cut...].withUnsafeBufferPointer { try counter.append($0) }
                    XCTAssertEqual(try counter.finish(), encoding.encodeOrdinary(text).count)
                }
                XCTAssertFalse(encoding.encodeOrdinary(text).contains(encoding.specialTokens[token]!))
                XCTAssertThrowsError(try encoding.encode(text))
            }
        }
    }
}
