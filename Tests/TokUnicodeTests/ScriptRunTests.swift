import XCTest
@testable import TokUnicode

final class ScriptRunTests: XCTestCase {
    /// Runs as (ISO 15924 code, substring).
    func runs(_ s: String) -> [(String, String)] {
        let b = Array(s.utf8)
        return scriptRuns(in: s).map { ($0.script.shortName, String(decoding: b[$0.byteRange], as: UTF8.self)) }
    }

    func assertRuns(_ s: String, _ expected: [(String, String)], file: StaticString = #filePath, line: UInt = #line) {
        let got = runs(s)
        XCTAssertEqual(got.map(\.0), expected.map(\.0), file: file, line: line)
        XCTAssertEqual(got.map(\.1), expected.map(\.1), file: file, line: line)
    }

    func testIssueExample() {
        assertRuns("नमस्ते, world!", [("Deva", "नमस्ते, "), ("Latn", "world!")])
        let r = scriptRuns(in: "नमस्ते, world!")
        XCTAssertEqual(r, [ScriptRun(script: .devanagari, byteRange: 0..<20), ScriptRun(script: .latin, byteRange: 20..<26)])
    }

    func testNeutralsAttachment() {
        // Leading neutrals join the first run; trailing ones the last.
        assertRuns("  (123) hello, ", [("Latn", "  (123) hello, ")])
        assertRuns("123 ... !!", [("Zyyy", "123 ... !!")])
        assertRuns("« हिंदी » and English", [("Deva", "« हिंदी » "), ("Latn", "and English")])
        // Digits and punctuation between scripts go with the run before them.
        assertRuns("Price: 500 रुपये", [("Latn", "Price: 500 "), ("Deva", "रुपये")])
    }

    func testInheritedAndJoinersStayInRun() {
        // ZWJ (U+200D) and ZWNJ (U+200C) are Inherited; vowel signs and virama belong to the script.
        assertRuns("क्\u{200D}ष क्\u{200C}ष", [("Deva", "क्\u{200D}ष क्\u{200C}ष")])
        assertRuns("র\u{200D}্যাব", [("Beng", "র\u{200D}্যাব")])
        assertRuns("ന്\u{200D}", [("Mlym", "ന്\u{200D}")])
        // A combining mark after Latin stays Latin.
        assertRuns("cafe\u{301} नमस्ते", [("Latn", "cafe\u{301} "), ("Deva", "नमस्ते")])
    }

    func testDandaUsesScriptExtensions() {
        // DANDA U+0964 is Common with Script_Extensions {Deva, Beng, …}: after Devanagari it stays there.
        assertRuns("यह है। This is.", [("Deva", "यह है। "), ("Latn", "This is.")])
        // Between Latin and Devanagari it goes with the Devanagari that follows (extensions exclude Latin).
        assertRuns("OK।नमस्ते", [("Latn", "OK"), ("Deva", "।नमस्ते")])
        XCTAssertEqual(Script.of("\u{0964}"), .common)
        XCTAssertTrue(Script.extensions(of: "\u{0964}").contains(.devanagari))
        XCTAssertTrue(Script.extensions(of: "\u{0964}").contains(.bengali))
        XCTAssertEqual(Script.extensions(of: "a"), [.latin])
    }

    func testManyScripts() {
        let text = "Hello नमस्ते বাংলা தமிழ் తెలుగు ગુજરાતી ਪੰਜਾਬੀ ಕನ್ನಡ മലയാളം ଓଡ଼ିଆ اردو 中文"
        XCTAssertEqual(runs(text).map(\.0),
                       ["Latn", "Deva", "Beng", "Taml", "Telu", "Gujr", "Guru", "Knda", "Mlym", "Orya", "Arab", "Hani"])
        XCTAssertEqual(scriptRuns(in: text).map(\.script.name),
                       ["Latin", "Devanagari", "Bengali", "Tamil", "Telugu", "Gujarati", "Gurmukhi", "Kannada",
                        "Malayalam", "Oriya", "Arabic", "Han"])
        // Ranges tile the text.
        let r = scriptRuns(in: text)
        XCTAssertEqual(r.first?.byteRange.lowerBound, 0)
        XCTAssertEqual(r.last?.byteRange.upperBound, text.utf8.count)
        for (a, b) in zip(r, r.dropFirst()) { XCTAssertEqual(a.byteRange.upperBound, b.byteRange.lowerBound) }
    }

    func testScriptNames() {
        let all: [Script] = [.common, .inherited, .arabic, .bengali, .cyrillic, .devanagari, .greek, .gujarati, .gurmukhi,
                             .han, .hangul, .hiragana, .kannada, .katakana, .latin, .malayalam, .oriya, .sinhala,
                             .tamil, .telugu, .thai]
        for s in all {
            XCTAssertEqual(Script(named: s.shortName), s, s.name)
            XCTAssertEqual(Script(named: s.name), s, s.name)
        }
        XCTAssertEqual(Script.devanagari.name, "Devanagari")
        XCTAssertEqual(Script.devanagari.shortName, "Deva")
        XCTAssertEqual(Script.common.shortName, "Zyyy")
        XCTAssertEqual(Script.inherited.shortName, "Zinh")
        XCTAssertEqual(Script.oriya.name, "Oriya")
        XCTAssertNil(Script(named: "Klingonish"))
        XCTAssertEqual(Script.of("\u{200D}"), .inherited)
        XCTAssertEqual(Script.of("क"), .devanagari)
        XCTAssertEqual(Script.of("१"), .devanagari)  // Devanagari digit one
    }

    func testIllFormedBytesAreCommon() {
        let bytes: [UInt8] = Array("ab".utf8) + [0xFF, 0xE0] + Array("क".utf8)
        let r = bytes.withUnsafeBufferPointer { scriptRuns(in: $0) }
        XCTAssertEqual(r.map(\.script), [.latin, .devanagari])
        XCTAssertEqual(r.map(\.byteRange), [0..<4, 4..<7])
    }
}
