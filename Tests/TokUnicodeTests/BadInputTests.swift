import XCTest
@testable import TokUnicode

final class BadInputTests: XCTestCase {
    func assertInvalid(_ bytes: [UInt8], at offset: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let nfc = try Normalizer(.nfc)
        XCTAssertThrowsError(try nfc.normalize(utf8: bytes), file: file, line: line) {
            XCTAssertEqual($0 as? UnicodeError, .invalidUTF8(byteOffset: offset), file: file, line: line)
        }
        XCTAssertThrowsError(try nfc.isNormalized(utf8: bytes), file: file, line: line)
        XCTAssertThrowsError(try TextProfile(utf8: bytes), file: file, line: line) {
            XCTAssertEqual($0 as? UnicodeError, .invalidUTF8(byteOffset: offset), file: file, line: line)
        }
        XCTAssertThrowsError(try bytes.withUnsafeBufferPointer { try Segmenter(.word).count(in: $0) }, file: file, line: line) {
            XCTAssertEqual($0 as? UnicodeError, .invalidUTF8(byteOffset: offset), file: file, line: line)
        }
        XCTAssertEqual(bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }, offset,
                       file: file, line: line)
    }

    func testInvalidUTF8Offsets() throws {
        try assertInvalid([0x61, 0x62, 0xFF, 0x63], at: 2)          // 0xFF never appears in UTF-8
        try assertInvalid([0x80], at: 0)                            // stray continuation byte
        try assertInvalid(Array("नमस्ते".utf8) + [0xE0, 0xA4], at: 18)  // truncated at the end
        try assertInvalid([0x61, 0xC0, 0x80], at: 1)                // overlong NUL
        try assertInvalid([0xE0, 0x80, 0x80], at: 0)                // overlong 3-byte
        try assertInvalid([0x20, 0xED, 0xA0, 0x80], at: 1)          // encoded surrogate U+D800
        try assertInvalid([0xF4, 0x90, 0x80, 0x80], at: 0)          // above U+10FFFF
        try assertInvalid([0xE0, 0xA4, 0x41], at: 0)                // truncated in the middle
        XCTAssertEqual("\(UnicodeError.invalidUTF8(byteOffset: 2))", "invalid UTF-8 at byte offset 2")
    }

    func testInvalidOffsetIsAbsoluteWhenStreaming() throws {
        var bytes = Array(String(repeating: "नमस्ते दुनिया\n", count: 2000).utf8)
        let bad = bytes[..<(bytes.count - 100)].lastIndex(of: 0x20)!  // a space near the end
        bytes[bad] = 0xFF
        var n = try Normalizer(.nfc)
        n.chunkSize = 1000
        XCTAssertThrowsError(try n.normalize(utf8: bytes)) {
            XCTAssertEqual($0 as? UnicodeError, .invalidUTF8(byteOffset: bad))
        }
        var profiler = try TextProfiler(chunkSize: 1000)
        XCTAssertThrowsError(try {
            try bytes.withUnsafeBufferPointer { try profiler.append($0) }
            _ = try profiler.finish()
        }()) {
            XCTAssertEqual($0 as? UnicodeError, .invalidUTF8(byteOffset: bad))
        }
        let url = try tempFile(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try TextProfile(contentsOf: url)) {
            XCTAssertEqual($0 as? UnicodeError, .invalidUTF8(byteOffset: bad))
        }
        XCTAssertThrowsError(try n.normalize(contentsOf: url) { _ in }) {
            XCTAssertEqual($0 as? UnicodeError, .invalidUTF8(byteOffset: bad))
        }
    }

    func testUTF16Input() throws {
        XCTAssertEqual(try TextProfile(utf16: Array("नमस्ते, world!".utf16)), try TextProfile("नमस्ते, world!"))
        XCTAssertEqual(try UTF8Validation.utf8(fromUTF16: Array("a😀क".utf16)), Array("a😀क".utf8))
        XCTAssertThrowsError(try TextProfile(utf16: [0x0915, 0xDE00, 0x0915])) {
            XCTAssertEqual($0 as? UnicodeError, .unpairedSurrogate(codeUnitOffset: 1))
        }
        XCTAssertThrowsError(try UTF8Validation.utf8(fromUTF16: [0x61, 0xD83D, 0x61])) {
            XCTAssertEqual($0 as? UnicodeError, .unpairedSurrogate(codeUnitOffset: 1))
        }
        XCTAssertEqual(UTF8Validation.firstUnpairedSurrogate(in: [0xD83D, 0xDE00]), nil)
    }

    func testLossyReplacement() throws {
        // Like Python's b"a\xffb\xe0\xa4".decode("utf-8", "replace"): one U+FFFD per maximal ill-formed subpart.
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xE0, 0xA4]
        XCTAssertEqual(UTF8Validation.repaired(bytes), Array("a\u{FFFD}b\u{FFFD}".utf8))
        XCTAssertEqual(try Normalizer(.nfc).normalize(utf8: bytes, invalidUTF8: .replace), Array("a\u{FFFD}b\u{FFFD}".utf8))
        let p = try TextProfile(utf8: bytes, invalidUTF8: .replace)
        XCTAssertEqual(p.bytes, 8)
        XCTAssertEqual(p.scalars, 4)
        // Streaming from a file with .replace: same as repairing everything first.
        var big = [UInt8]()
        for i in 0..<3000 { big += Array("पंक्ति \(i) ok\n".utf8); if i % 97 == 0 { big += [0xFF, 0xE0, 0xA4, 0x0A] } }
        let url = try tempFile(big)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try TextProfile(contentsOf: url))
        let lossy = try TextProfile(contentsOf: url, invalidUTF8: .replace)
        XCTAssertEqual(lossy, try TextProfile(utf8: UTF8Validation.repaired(big)))
        var small = try TextProfiler(chunkSize: 100, invalidUTF8: .replace)
        try big.withUnsafeBufferPointer { try small.append($0) }
        XCTAssertEqual(try small.finish(), lossy)
        XCTAssertEqual(lossy.lines, 3000 + 31)
        // One long line with bad bytes, cut by the long-line fallback: totals still match.
        var line = [UInt8]()
        for i in 0..<2000 { line += Array("वाक्य \(i). ".utf8); if i % 50 == 0 { line += [0xE0, 0xA4, 0xFF] } }
        var longProfiler = try TextProfiler(chunkSize: 500, maxPending: 4000, invalidUTF8: .replace)
        try line.withUnsafeBufferPointer { try longProfiler.append($0) }
        let streamedLong = try longProfiler.finish()
        let wholeLong = try TextProfile(utf8: UTF8Validation.repaired(line))
        XCTAssertEqual(streamedLong.bytes, wholeLong.bytes)
        XCTAssertEqual(streamedLong.scalars, wholeLong.scalars)
        XCTAssertEqual(streamedLong.words, wholeLong.words)
        // Surrogate bytes ED A0 80: three replacement characters, as Python gives.
        XCTAssertEqual(UTF8Validation.repaired([0xED, 0xA0, 0x80]), Array("\u{FFFD}\u{FFFD}\u{FFFD}".utf8))
        XCTAssertEqual(UTF8Validation.repaired(Array("ok".utf8)), Array("ok".utf8))
    }

    func testEmptyInput() throws {
        for form in NormalizationForm.allCases {
            XCTAssertEqual(try Normalizer(form).normalize(""), "")
            XCTAssertEqual(try Normalizer(form).normalize(utf8: [UInt8]()), [])
        }
        let p = try TextProfile("")
        XCTAssertEqual(p, TextProfile(bytes: 0, scalars: 0, graphemes: 0, words: 0, sentences: 0, lines: 0, byScript: []))
        XCTAssertEqual(scriptRuns(in: ""), [])
        for kind in BoundaryKind.allCases {
            XCTAssertEqual(try Segmenter(kind).boundaries(in: ""), [0])
            XCTAssertEqual(try Segmenter(kind).count(in: ""), 0)
            XCTAssertEqual(try Segmenter(kind).segments(in: ""), [])
        }
        let url = try tempFile([])
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertEqual(try TextProfile(contentsOf: url), p)
        var out = [UInt8]()
        try Normalizer(.nfc).normalize(contentsOf: url) { out.append(contentsOf: $0) }
        XCTAssertEqual(out, [])
    }

    /// A file of NUL bytes is well-formed UTF-8 (U+0000 is a control character): defined, documented results.
    func testNULBytes() throws {
        let nuls = [UInt8](repeating: 0, count: 10_000)
        for form in NormalizationForm.allCases {
            XCTAssertEqual(try Normalizer(form).normalize(utf8: nuls), nuls)
        }
        let url = try tempFile(nuls)
        defer { try? FileManager.default.removeItem(at: url) }
        let p = try TextProfile(contentsOf: url)
        XCTAssertEqual(p.bytes, 10_000)
        XCTAssertEqual(p.scalars, 10_000)
        XCTAssertEqual(p.graphemes, 10_000)  // each control character is its own grapheme cluster
        XCTAssertEqual(p.words, 0)
        XCTAssertEqual(p.sentences, 0)        // only controls: not a sentence
        XCTAssertEqual(p.lines, 1)            // non-empty, no LF
        XCTAssertEqual(p.byScript.map(\.shortName), ["Zyyy"])
        XCTAssertEqual(scriptRuns(in: String(decoding: nuls, as: UTF8.self)).map(\.script), [.common])
        // Long input without any LF is still cut into bounded chunks.
        var small = try TextProfiler(chunkSize: 512, maxPending: 2048)
        try nuls.withUnsafeBufferPointer { try small.append($0) }
        XCTAssertEqual(try small.finish(), p)
    }
}
