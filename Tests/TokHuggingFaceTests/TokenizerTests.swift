import Foundation
import TokBPE
import XCTest

@testable import TokHuggingFace

/// Behaviour beyond the parity fixtures: loading errors, special-token policy, decoding, API.
final class TokenizerTests: XCTestCase {
    static let deepseek = try! HFTokenizer.bundled("deepseek_v3")

    func testDeepSeekBasics() throws {
        let t = Self.deepseek
        XCTAssertEqual(t.name, "deepseek_v3")
        XCTAssertEqual(t.vocabularySize, 129_280)
        XCTAssertEqual(try t.encode("Hello world, नमस्ते 123456 日本語"), [19923, 2058, 14, 23597, 12524, 70223, 6011, 223, 6895, 18009, 223, 88768])
        XCTAssertEqual(try t.encode("\u{FEFF}hello"), [15251, 33310])
        XCTAssertEqual(t.specialTokens["<｜begin▁of▁sentence｜>"], 0)
        XCTAssertEqual(t.tokenID("<｜end▁of▁sentence｜>"), 1)
        XCTAssertEqual(t.tokenString(19923), "Hello")
        XCTAssertEqual(t.tokenID("Hello"), 19923)
        XCTAssertEqual(try t.count(""), 0)
    }

    func testSpecialTokenPolicy() throws {
        let t = Self.deepseek
        let text = "a<｜end▁of▁sentence｜>b"
        XCTAssertThrowsError(try t.encode(text)) { error in
            XCTAssertEqual(error as? EncodingError, .disallowedSpecialToken("<｜end▁of▁sentence｜>"))
        }
        let allowed = try t.encode(text, allowedSpecial: .all)
        XCTAssertTrue(allowed.contains(1))
        let ordinary = try t.encodeOrdinary(text)
        XCTAssertFalse(ordinary.contains(1))
        XCTAssertEqual(try t.encode(text, disallowedSpecial: .none), ordinary)
        XCTAssertEqual(try t.count(text), ordinary.count)
        XCTAssertThrowsError(try t.encode(text, allowedSpecial: ["<nope>"])) { error in
            XCTAssertEqual(error as? EncodingError, .unknownSpecialToken("<nope>"))
        }
    }

    func testDecode() throws {
        let t = Self.deepseek
        let ids = try t.encode("héllo 👍 world", allowedSpecial: .all)
        XCTAssertEqual(try t.decode(ids).text, "héllo 👍 world")
        XCTAssertEqual(try t.decode([0, 19923]).text, "<｜begin▁of▁sentence｜>Hello")
        XCTAssertEqual(try t.decode([0, 19923], skipSpecialTokens: true).text, "Hello")
        XCTAssertThrowsError(try t.decode([10_000_000])) { error in
            XCTAssertEqual(error as? EncodingError, .unknownTokenID(10_000_000))
        }
        // A prefix of the ids of an emoji ends mid-character.
        let emoji = try t.encode("👍")
        if emoji.count > 1 { XCTAssertTrue(try t.decode(emoji.dropLast()).endsMidCharacter) }
    }

    func testUTF8Input() throws {
        let t = Self.deepseek
        XCTAssertEqual(try t.encodeOrdinary(utf8: Array("hello".utf8)), try t.encodeOrdinary("hello"))
        XCTAssertThrowsError(try t.count(utf8: [0x61, 0xFF])) { error in
            XCTAssertEqual(error as? EncodingError, .invalidUTF8(byteOffset: 1))
        }
    }

    func testBundledUnknownName() {
        XCTAssertThrowsError(try HFTokenizer.bundled("nope")) { error in
            XCTAssertTrue("\(error)".contains("deepseek_v3"), "\(error)")
        }
    }

    // MARK: Errors name the file, the key path and the problem.

    private func load(_ json: String) throws -> HFTokenizer {
        try HFTokenizer(data: Data(json.utf8), source: "t.json")
    }

    private func assertError(_ json: String, keyPath: String, contains text: String, line: UInt = #line) {
        XCTAssertThrowsError(try load(json), line: line) { error in
            guard let e = error as? HFTokenizerError else { return XCTFail("\(error)", line: line) }
            XCTAssertEqual(e.source, "t.json", line: line)
            XCTAssertEqual(e.keyPath, keyPath, "\(e)", line: line)
            XCTAssertTrue(e.reason.contains(text), "\(e)", line: line)
        }
    }

    static let model = #""model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}"#

    func testErrors() {
        assertError(#"{"model":{"type":"WordPiece","vocab":{}}}"#, keyPath: "model.type", contains: "WordPiece")
        assertError(#"{"model":{"type":"BPE","vocab":{"a":0},"merges":["a b"]}}"#, keyPath: "model.merges[0]", contains: "\"b\"")
        assertError(#"{"model":{"type":"BPE","vocab":{"a":0},"merges":["a b c"]}}"#, keyPath: "model.merges[0]", contains: "two tokens")
        assertError(#"{"normalizer":{"type":"BertNormalizer"},"# + Self.model + "}", keyPath: "normalizer.type", contains: "BertNormalizer")
        assertError(
            #"{"pre_tokenizer":{"type":"Sequence","pretokenizers":[{"type":"Split","pattern":{"Regex":"\\h+"},"behavior":"Isolated","invert":false},{"type":"BertPreTokenizer"}]},"#
                + Self.model + "}", keyPath: "pre_tokenizer.pretokenizers[1].type", contains: "BertPreTokenizer")
        assertError(
            #"{"pre_tokenizer":{"type":"Split","pattern":{"Regex":"(?<name>a)"},"behavior":"Isolated","invert":false},"#
                + Self.model + "}", keyPath: "pre_tokenizer.pattern.Regex", contains: "group syntax")
        assertError(
            #"{"pre_tokenizer":{"type":"Split","pattern":{"Regex":"[[:alpha:]]"},"behavior":"Isolated","invert":false},"#
                + Self.model + "}", keyPath: "pre_tokenizer.pattern.Regex", contains: "POSIX")
        assertError(
            #"{"pre_tokenizer":{"type":"Split","pattern":{"Regex":"\\Qa"},"behavior":"Isolated","invert":false},"#
                + Self.model + "}", keyPath: "pre_tokenizer.pattern.Regex", contains: "\\Q")
        assertError(
            #"{"pre_tokenizer":{"type":"Split","pattern":{"Regex":"a"},"behavior":"Sideways","invert":false},"#
                + Self.model + "}", keyPath: "pre_tokenizer.behavior", contains: "Sideways")
        assertError(#"{"model":{"type":"BPE","vocab":{"a":0},"merges":[],"dropout":0.1}}"#, keyPath: "model.dropout", contains: "dropout")
        assertError(#"{"model":{"type":"BPE","vocab":{"a":0},"merges":[],"unk_token":"<unk>"}}"#, keyPath: "model.unk_token", contains: "<unk>")
        assertError("{", keyPath: "", contains: "JSON")
    }

    func testTinyModelMergesByPriority() throws {
        // "a b" has a lower priority than "b c": "abc" merges b+c first, although "ab" has the lower id.
        let t = try load(#"{"model":{"type":"BPE","vocab":{"a":0,"b":1,"c":2,"ab":3,"bc":4},"merges":["b c","a b"]}}"#)
        XCTAssertEqual(try t.encode("abc"), [0, 4])
        XCTAssertEqual(try t.decode([0, 4]).text, "a bc")  // no decoder: tokens joined with spaces, as tokenizers does
    }

    func testCanonicallyEquivalentTokensStayDistinct() throws {
        // Swift's String == would merge these two tokens; tokcost keeps tokens as bytes.
        let t = try load(#"{"model":{"type":"BPE","vocab":{"e":0,"\u0301":1,"\u00e9":2,"e\u0301":3},"merges":["e \u0301"]}}"#)
        XCTAssertEqual(try t.encode("e\u{301}"), [3])
        XCTAssertEqual(try t.encode("\u{e9}"), [2])
        XCTAssertEqual(t.tokenString(3)?.unicodeScalars.count, 2)
    }

    func testICUTranslation() throws {
        XCTAssertEqual(try ICURegex.translate(#"\s+(?!\S)|\p{^L}"#), #"\p{White_Space}+(?!\P{White_Space})|\P{L}"#)
        XCTAssertEqual(try ICURegex.translate(#"[^\s\h]"#), #"[^\p{White_Space}0-9a-fA-F]"#)
        XCTAssertEqual(try ICURegex.translate(##"(?i:'s)| ?#"##), ##"(?i:'s)|\ ?\#"##)
    }

    func testConcurrentUseWithICU() throws {
        let url = Bundle.module.url(forResource: "split_isolated", withExtension: "json", subdirectory: "Fixtures/tokenizers")!
        let t = try HFTokenizer(contentsOf: url)
        XCTAssertTrue(t.usesICURegex)
        try checkConcurrent(t)
    }

    func testConcurrentUse() throws {
        try checkConcurrent(Self.deepseek)
    }

    private func checkConcurrent(_ t: HFTokenizer) throws {
        let texts = (0..<32).map { "line \($0): नमस्ते दुनिया, hello-world. \($0 * 12345) " + String(repeating: "abc, def ", count: $0 * 40) }
        let expected = try texts.map { try t.encode($0) }
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var values: [Int: [Int]] = [:]
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: texts.count) { i in
            let ids = (try? t.encode(texts[i])) ?? []
            results.lock.withLock { results.values[i] = ids }
        }
        XCTAssertEqual((0..<texts.count).map { results.values[$0] ?? [] }, expected)
    }
}

/// The hand-written scanners agree with the ICU fallback on the same patterns (outside the characters
/// where ICU 72's Unicode 15.0 and Oniguruma's 16.0 differ).
final class ScannerCrossCheckTests: XCTestCase {
    func matches(_ pattern: SplitPattern, _ text: String) throws -> [Range<Int>] {
        var session = RegexSession()
        var out: [Range<Int>] = []
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            try pattern.forEachMatch(in: UnsafeBufferPointer(buffer), regexes: &session) { out.append($0..<$1) }
        }
        return out
    }

    func testScannersMatchICU() throws {
        let patterns = [
            DeepSeekScanner.wordsPattern, DeepSeekScanner.cjkPattern, #"\p{N}{1,3}"#, Llama3Scanner.llama3Pattern,
            Llama3Scanner.qwen2Pattern, SplitPattern.byteLevelRegex,
        ]
        let texts = ParityTests.fixture.cases.map(\.text).filter { !ParityTests.hasUnicode16($0) }
        XCTAssertGreaterThan(texts.count, 500)
        for source in patterns {
            let scanner = try SplitPattern(regex: source)
            XCTAssertFalse(scanner.usesICU, source)
            let icu = SplitPattern.regex(try ICURegex(oniguruma: source))
            var differing: [String] = []
            for text in texts where try matches(scanner, text) != matches(icu, text) { differing.append(text) }
            XCTAssertEqual(differing.count, 0, "\(source): \(differing.prefix(3))")
        }
    }
}
