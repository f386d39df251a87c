import XCTest
@testable import TokUnicode

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class FuzzTests: XCTestCase {
    /// Code points that interact across normalization boundaries: combining marks of various classes, Hangul jamo
    /// and syllables, Indic nuktas, two-part vowels, exclusions, compatibility characters, CR/LF, ZWJ/ZWNJ.
    let pool: [UInt32] = [
        0x61, 0x65, 0x41, 0x20, 0x0A, 0x0D, 0x2E, 0x301, 0x323, 0x307, 0x334, 0x345, 0x1100, 0x1161, 0x11A8, 0xAC00,
        0x0915, 0x093C, 0x094D, 0x0937, 0x093F, 0x0928, 0x0958, 0x0964, 0x09C7, 0x09BE, 0x09D7, 0x09CE, 0x0BC6, 0x0BBE,
        0x0BD7, 0x0C46, 0x0C56, 0x0D46, 0x0D3E, 0x0D7A, 0x200D, 0x200C, 0xFB01, 0xFF21, 0x1E9B, 0x2126, 0x0F73, 0x0F71,
        0x0F72, 0x1F600, 0x1F1EE, 0x1F1F3, 0x00C5, 0x212B, 0x0344, 0x00AD, 0x3099, 0x304B, 0xFF76, 0xFF9E,
    ]

    func randomText(_ g: inout SplitMix, length: Int) -> String {
        var s = ""
        for _ in 0..<length { s.unicodeScalars.append(Unicode.Scalar(pool[Int(g.next() % UInt64(pool.count))])!) }
        return s
    }

    func testChunkingNeverChangesNormalization() throws {
        var g = SplitMix(state: 42)
        for round in 0..<60 {
            let text = randomText(&g, length: 300)
            let bytes = Array(text.utf8)
            for form in NormalizationForm.allCases {
                let whole = try Normalizer(form).normalize(utf16: Array(text.utf16))  // one ICU call, no chunking
                var n = try Normalizer(form)
                n.chunkSize = 16 + round % 20
                let chunked = try n.normalize(utf8: bytes)
                XCTAssertEqual(chunked, try UTF8Validation.utf8(fromUTF16: whole), "\(form) round \(round)")
                XCTAssertEqual(try n.isNormalized(utf8: chunked), true, "\(form) round \(round)")
                XCTAssertEqual(try n.isNormalized(utf8: bytes), chunked == bytes, "\(form) round \(round)")
            }
        }
    }

    func testStreamingProfileMatchesOneShotOnRandomText() throws {
        var g = SplitMix(state: 7)
        for round in 0..<20 {
            var text = randomText(&g, length: 400)
            text += " end.\n" + randomText(&g, length: 200)
            let whole = try TextProfile(text)
            XCTAssertEqual(whole.graphemes, try Segmenter(.grapheme).boundaries(in: text).count - 1)
            var p = try TextProfiler(chunkSize: 64 + round)
            let bytes = Array(text.utf8)
            var i = 0
            while i < bytes.count {
                let j = min(bytes.count, i + 1 + Int(g.next() % 50))
                try bytes[i..<j].withUnsafeBufferPointer { try p.append($0) }
                i = j
            }
            let streamed = try p.finish()
            // Totals are exact; per-script attribution may differ only by the documented chunk-edge case.
            XCTAssertEqual([streamed.bytes, streamed.scalars, streamed.graphemes, streamed.words, streamed.sentences, streamed.lines],
                           [whole.bytes, whole.scalars, whole.graphemes, whole.words, whole.sentences, whole.lines], "round \(round)")
        }
    }

    /// Random bytes: every API throws a UnicodeError or returns; nothing crashes.
    func testRandomBytesNeverCrash() throws {
        var g = SplitMix(state: 99)
        for round in 0..<300 {
            let len = Int(g.next() % 64)
            var bytes = (0..<len).map { _ in UInt8(truncatingIfNeeded: g.next()) }
            if round % 3 == 0 { bytes = Array("नमस्ते".utf8) + bytes }  // bias towards almost-valid input
            let valid = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) } == nil
            XCTAssertEqual(valid, String(validating: bytes, as: UTF8.self) != nil)
            for form in NormalizationForm.allCases {
                do { _ = try Normalizer(form).normalize(utf8: bytes) } catch let e as UnicodeError {
                    guard case .invalidUTF8 = e else { return XCTFail("\(e)") }
                    XCTAssertFalse(valid)
                }
                XCTAssertNoThrow(try Normalizer(form).normalize(utf8: bytes, invalidUTF8: .replace))
            }
            _ = bytes.withUnsafeBufferPointer { scriptRuns(in: $0) }
            XCTAssertEqual((try? TextProfile(utf8: bytes)) != nil, valid)
            XCTAssertNoThrow(try TextProfile(utf8: bytes, invalidUTF8: .replace))
            for kind in BoundaryKind.allCases {
                XCTAssertEqual((try? bytes.withUnsafeBufferPointer { try Segmenter(kind).count(in: $0) }) != nil, valid)
            }
        }
    }

    /// ICU's UTF-8 conversion (which the normalizer relies on) and the Swift validator agree on every lead byte /
    /// second byte combination, including overlongs, surrogates and values above U+10FFFF.
    func testICUAndSwiftValidatorsAgree() throws {
        let nfc = try Normalizer(.nfc)
        for b0 in 0xC0...0xFF {
            for b1 in 0...0xFF {
                for tail: [UInt8] in [[0x80, 0x80], [0xBF, 0xBF], [0x41], [0xC0, 0x80], []] {
                    let bytes: [UInt8] = [0x20, UInt8(b0), UInt8(b1)] + tail
                    let expected = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
                    do {
                        _ = try nfc.normalize(utf8: bytes)
                        XCTAssertNil(expected, "\(bytes)")
                    } catch let e as UnicodeError {
                        XCTAssertEqual(e, .invalidUTF8(byteOffset: expected ?? -1), "\(bytes)")
                    }
                }
            }
        }
    }

    /// Long runs without a normalization boundary or a LF, fed one byte at a time, stay linear and bounded.
    func testPathologicalInputsFedByteByByte() throws {
        let marks = Array(String(repeating: "\u{301}", count: 100_000).utf8)  // 200 KB, no boundary at all
        var n = try Normalizer(.nfc)
        n.chunkSize = 1000
        n.maxBoundarySearch = 20_000
        var stream = NormalizingStream(n)
        var out = [UInt8]()
        let start = Date()
        for i in 0..<marks.count {
            try marks[i..<(i + 1)].withUnsafeBufferPointer { try stream.append($0) { out.append(contentsOf: $0) } }
        }
        try stream.finish { out.append(contentsOf: $0) }
        XCTAssertEqual(out, marks)  // same combining class, no base: nothing to reorder or compose
        var profiler = try TextProfiler(chunkSize: 1000, maxPending: 20_000)
        let line = Array(String(repeating: "शब्द ", count: 20_000).utf8)  // 300 KB, no LF
        for i in 0..<line.count { try line[i..<(i + 1)].withUnsafeBufferPointer { try profiler.append($0) } }
        let p = try profiler.finish()
        XCTAssertEqual(p.words, 20_000)
        XCTAssertEqual(p.lines, 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
    }
}
