import XCTest
@testable import TokUnicode

final class NormalizerTests: XCTestCase {
    func nf(_ form: NormalizationForm, _ s: [UInt32]) throws -> [UInt32] {
        scalars(try Normalizer(form).normalize(str(s)))
    }

    func testFormRawValues() {
        XCTAssertEqual(NormalizationForm.allCases.map(\.rawValue), ["nfc", "nfd", "nfkc", "nfkd", "nfkc_cf"])
        XCTAssertEqual(NormalizationForm(rawValue: "nfkc_cf"), .nfkcCasefold)
    }

    // Devanagari QA (U+0958) is a composition exclusion: NFC leaves it decomposed.
    func testDevanagariQaCompositionExclusion() throws {
        XCTAssertEqual(try nf(.nfc, [0x0958]), [0x0915, 0x093C])
        XCTAssertEqual(try nf(.nfd, [0x0958]), [0x0915, 0x093C])
        XCTAssertEqual(try nf(.nfc, [0x0915, 0x093C]), [0x0915, 0x093C])
        // All of U+0958..U+095F are exclusions.
        for v: UInt32 in 0x0958...0x095F { XCTAssertEqual(try nf(.nfc, [v]).count, 2, String(v, radix: 16)) }
        // U+0929 NNNA is not excluded: NFC composes NA + NUKTA.
        XCTAssertEqual(try nf(.nfc, [0x0928, 0x093C]), [0x0929])
        XCTAssertEqual(try nf(.nfd, [0x0929]), [0x0928, 0x093C])
        // Bengali RRA U+09DC is an exclusion too; Bengali O U+09CB is a two-part vowel sign.
        XCTAssertEqual(try nf(.nfc, [0x09DC]), [0x09A1, 0x09BC])
        XCTAssertEqual(try nf(.nfd, [0x09CB]), [0x09C7, 0x09BE])
        XCTAssertEqual(try nf(.nfc, [0x0995, 0x09C7, 0x09BE]), [0x0995, 0x09CB])
    }

    // Bengali KHANDA TA has no decomposition; TA + VIRAMA + ZWJ is a different, unchanged sequence.
    func testBengaliKhandaTa() throws {
        for form in NormalizationForm.allCases {
            XCTAssertEqual(try nf(form, [0x09CE]), [0x09CE], form.rawValue)
            XCTAssertEqual(try nf(form == .nfkcCasefold ? .nfkc : form, [0x09A4, 0x09CD, 0x200D]),
                           [0x09A4, 0x09CD, 0x200D], form.rawValue)
        }
        // NFKC_Casefold removes default-ignorable ZWJ.
        XCTAssertEqual(try nf(.nfkcCasefold, [0x09A4, 0x09CD, 0x200D]), [0x09A4, 0x09CD])
        XCTAssertEqual(try nf(.nfc, [0x09AE, 0x09B9, 0x09CE]), [0x09AE, 0x09B9, 0x09CE])  // মহৎ
    }

    // Malayalam chillu letters U+0D7A..U+0D7F are atomic: NFC == NFD == themselves, not consonant+virama+ZWJ.
    func testMalayalamChillus() throws {
        for v: UInt32 in 0x0D7A...0x0D7F {
            XCTAssertEqual(try nf(.nfc, [v]), [v])
            XCTAssertEqual(try nf(.nfd, [v]), [v])
            XCTAssertEqual(try nf(.nfkd, [v]), [v])
        }
        // The older spelling NNA + VIRAMA + ZWJ is not equivalent and stays as it is.
        XCTAssertEqual(try nf(.nfc, [0x0D23, 0x0D4D, 0x200D]), [0x0D23, 0x0D4D, 0x200D])
        XCTAssertEqual(try nf(.nfd, [0x0D23, 0x0D4D, 0x200D]), [0x0D23, 0x0D4D, 0x200D])
        // Malayalam two-part vowel sign O U+0D4A = U+0D46 U+0D3E.
        XCTAssertEqual(try nf(.nfd, [0x0D15, 0x0D4A]), [0x0D15, 0x0D46, 0x0D3E])
        XCTAssertEqual(try nf(.nfc, [0x0D15, 0x0D46, 0x0D3E]), [0x0D15, 0x0D4A])
    }

    // Tamil two-part vowel signs.
    func testTamilTwoPartVowels() throws {
        XCTAssertEqual(try nf(.nfd, [0x0BCA]), [0x0BC6, 0x0BBE])  // ொ
        XCTAssertEqual(try nf(.nfc, [0x0BC6, 0x0BBE]), [0x0BCA])
        XCTAssertEqual(try nf(.nfd, [0x0BCB]), [0x0BC7, 0x0BBE])  // ோ
        XCTAssertEqual(try nf(.nfd, [0x0BCC]), [0x0BC6, 0x0BD7])  // ௌ
        XCTAssertEqual(try nf(.nfc, [0x0B95, 0x0BC6, 0x0BBE]), [0x0B95, 0x0BCA])  // கொ
        XCTAssertEqual(try nf(.nfc, [0x0B95, 0x0BCA]), [0x0B95, 0x0BCA])
    }

    // Telugu AI U+0C48 = U+0C46 U+0C56.
    func testTeluguTwoPartVowel() throws {
        XCTAssertEqual(try nf(.nfd, [0x0C48]), [0x0C46, 0x0C56])
        XCTAssertEqual(try nf(.nfc, [0x0C46, 0x0C56]), [0x0C48])
        XCTAssertEqual(try nf(.nfc, [0x0C15, 0x0C46, 0x0C56]), [0x0C15, 0x0C48])  // కై
        XCTAssertEqual(try nf(.nfkd, [0x0C15, 0x0C48]), [0x0C15, 0x0C46, 0x0C56])
    }

    func testCompatibilityForms() throws {
        let nfkc = try Normalizer(.nfkc)
        XCTAssertEqual(try nfkc.normalize("\u{FB01}le \u{FB02}ow \u{FB03}"), "file flow ffi")
        XCTAssertEqual(try nfkc.normalize("ＡＢＣ１２３！"), "ABC123!")
        XCTAssertEqual(try nfkc.normalize("ｶﾀｶﾅ"), "カタカナ")  // half-width katakana
        XCTAssertEqual(try Normalizer(.nfc).normalize("\u{FB01}"), "\u{FB01}")  // canonical forms keep ligatures
        XCTAssertEqual(try nf(.nfkd, [0xFB01]), [0x66, 0x69])
        XCTAssertEqual(try nf(.nfkd, [0x00E9]), [0x65, 0x301])
        let cf = try Normalizer(.nfkcCasefold)
        XCTAssertEqual(try cf.normalize("ＡＢＣ Straße ǅ"), "abc strasse dž")
        XCTAssertEqual(try cf.normalize("soft\u{00AD}hyphen"), "softhyphen")
    }

    func testLatinComposition() throws {
        XCTAssertEqual(try Normalizer(.nfc).normalize("e\u{301}"), "\u{E9}")
        XCTAssertEqual(try nf(.nfd, [0x1E69]), [0x73, 0x323, 0x307])  // ṩ, canonical reordering
        XCTAssertEqual(try nf(.nfc, [0x73, 0x307, 0x323]), [0x1E69])
    }

    func testIsNormalizedAndFastPath() throws {
        let nfc = try Normalizer(.nfc)
        XCTAssertTrue(nfc.isNormalized("plain ASCII"))
        XCTAssertTrue(nfc.isNormalized("नमस्ते दुनिया"))
        XCTAssertFalse(nfc.isNormalized("e\u{301}"))
        XCTAssertFalse(nfc.isNormalized(str([0x0958])))
        XCTAssertTrue(nfc.isNormalized(""))
        XCTAssertFalse(try Normalizer(.nfkcCasefold).isNormalized("ABC"))
        XCTAssertTrue(try Normalizer(.nfkcCasefold).isNormalized("abc"))
        XCTAssertFalse(try Normalizer(.nfd).isNormalized("\u{E9}"))
        XCTAssertTrue(try nfc.isNormalized(utf8: Array("नमस्ते".utf8)))
        // "Maybe" answers are resolved: NUKTA after a consonant it does not compose with is still NFC.
        XCTAssertTrue(nfc.isNormalized(str([0x0915, 0x093C])))
        XCTAssertFalse(nfc.isNormalized(str([0x0928, 0x093C])))
    }

    func testQuickCheckAndVersions() throws {
        let nfc = try Normalizer(.nfc)
        XCTAssertEqual(nfc.quickCheck("abc नमस्ते"), .yes)
        XCTAssertEqual(nfc.quickCheck(str([0x0958])), .no)           // excluded from composition
        XCTAssertEqual(nfc.quickCheck(str([0x0928, 0x093C])), .maybe)  // NUKTA may compose (to U+0929)
        XCTAssertEqual(nfc.quickCheck(str([0x0915, 0x093C])), .maybe)  // ... or not: isNormalized decides
        XCTAssertTrue(nfc.isNormalized(str([0x0915, 0x093C])))
        XCTAssertEqual(try Normalizer(.nfd).quickCheck("\u{E9}"), .no)
        // "72.1" and "15.0" on Debian bookworm; any ICU with UText UTF-8 break iteration (>= 60) will do.
        XCTAssertGreaterThanOrEqual(Int(ICUInfo.version.split(separator: ".")[0]) ?? 0, 60, ICUInfo.version)
        XCTAssertGreaterThanOrEqual(Int(ICUInfo.unicodeVersion.split(separator: ".")[0]) ?? 0, 10, ICUInfo.unicodeVersion)
        print("ICU \(ICUInfo.version), Unicode \(ICUInfo.unicodeVersion)")
    }

    func testASCIIIsAlwaysABoundary() throws {
        for form in NormalizationForm.allCases {
            let n = try Normalizer(form)
            for v: UInt32 in 0..<0x80 { XCTAssertTrue(n.hasBoundaryBefore(Unicode.Scalar(v)!), "\(form) \(v)") }
        }
    }

    /// A text with many places where a small chunk size would cut inside a combining sequence.
    func trickyText() -> String {
        var s = ""
        for i in 0..<400 {
            s += "e\u{301}\u{323}x क़ ऩ கொ ై ﬁ Ａ \u{0958}\u{093C} "
            s += String(repeating: "\u{301}", count: i % 7)
            if i % 5 == 0 { s += "\n" }
        }
        return s
    }

    func testChunkedEqualsWhole() throws {
        let text = trickyText()
        for form in NormalizationForm.allCases {
            var big = try Normalizer(form)
            big.chunkSize = 1 << 30
            let whole = try big.normalize(utf8: Array(text.utf8))
            for size in [16, 17, 33, 100, 1000] {
                var small = try Normalizer(form)
                small.chunkSize = size
                XCTAssertEqual(try small.normalize(utf8: Array(text.utf8)), whole, "\(form) chunk \(size)")
                // The String path collects output lazily from the first changed piece.
                let prefix = String(repeating: "plain ascii text. ", count: size % 7 * 10)
                XCTAssertEqual(Array(try small.normalize(prefix + text).utf8), Array(prefix.utf8) + whole, "\(form) \(size)")
            }
            // Streaming in odd-sized blocks, cutting inside characters.
            var small = try Normalizer(form)
            small.chunkSize = 40
            var stream = NormalizingStream(small)
            var out = [UInt8]()
            let bytes = Array(text.utf8)
            var i = 0
            var k = 1
            while i < bytes.count {
                let j = min(bytes.count, i + k)
                try bytes[i..<j].withUnsafeBufferPointer { try stream.append($0) { out.append(contentsOf: $0) } }
                i = j
                k = k % 13 + 1
            }
            try stream.finish { out.append(contentsOf: $0) }
            XCTAssertEqual(out, whole, "stream \(form)")
        }
    }

    func testFileStreaming() throws {
        let text = trickyText()
        let url = try tempFile(Array(text.utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        var n = try Normalizer(.nfc)
        n.chunkSize = 100
        var out = [UInt8]()
        try n.normalize(contentsOf: url) { out.append(contentsOf: $0) }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), try Normalizer(.nfc).normalize(text))
        XCTAssertFalse(try n.isNormalized(contentsOf: url))
        let okURL = try tempFile(out)
        defer { try? FileManager.default.removeItem(at: okURL) }
        XCTAssertTrue(try n.isNormalized(contentsOf: okURL))
        XCTAssertThrowsError(try n.normalize(contentsOf: URL(fileURLWithPath: "/nonexistent/x.txt")) { _ in }) {
            guard case UnicodeError.io = $0 else { return XCTFail("\($0)") }
        }
    }

    func testUTF16() throws {
        let nfc = try Normalizer(.nfc)
        XCTAssertEqual(try nfc.normalize(utf16: [0x65, 0x301]), [0xE9])
        XCTAssertEqual(try nfc.normalize(utf16: []), [])
        XCTAssertEqual(try nfc.normalize(utf16: Array("😀क़".utf16)), Array("😀\u{915}\u{93C}".utf16))
        XCTAssertThrowsError(try nfc.normalize(utf16: [0x61, 0xD800, 0x62])) {
            XCTAssertEqual($0 as? UnicodeError, .unpairedSurrogate(codeUnitOffset: 1))
        }
        XCTAssertThrowsError(try nfc.normalize(utf16: [0x61, 0x62, 0xDC00])) {
            XCTAssertEqual($0 as? UnicodeError, .unpairedSurrogate(codeUnitOffset: 2))
        }
        XCTAssertThrowsError(try nfc.normalize(utf16: [0xD83D])) {
            XCTAssertEqual($0 as? UnicodeError, .unpairedSurrogate(codeUnitOffset: 0))
            XCTAssertEqual("\($0)", "unpaired UTF-16 surrogate at code unit offset 0")
        }
    }
}
