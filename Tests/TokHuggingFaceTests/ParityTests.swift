import Foundation
import XCTest

@testable import TokHuggingFace

/// Ids from Hugging Face `tokenizers` (Fixtures/hf_parity.json, written by
/// Fixtures/generate_hf_fixtures.py) for the tiktoken fixture texts and extra cases, under the shipped
/// DeepSeek-V3 tokenizer, the (unshipped) older Claude tokenizer when present, and the hand-made
/// tokenizers in Fixtures/tokenizers/.
final class ParityTests: XCTestCase {
    struct Case: Decodable {
        let name: String
        let text: String
        let ids: [String: [Int]]
        let ordinary: [String: [Int]]?
        let decoded: [String: String]?

        private enum Keys: String, CodingKey {
            case name, text, ids, id_lists, ordinary, ordinary_lists, decoded, decoded_texts
        }

        /// The file stores each distinct value of a case once (`id_lists`, `ordinary_lists`,
        /// `decoded_texts`) and, by tokenizer, its index; this expands them back.
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            name = try c.decode(String.self, forKey: .name)
            text = try c.decode(String.self, forKey: .text)
            let idLists = try c.decode([[Int]].self, forKey: .id_lists)
            ids = try c.decode([String: Int].self, forKey: .ids).mapValues { idLists[$0] }
            let ordinaryLists = try c.decodeIfPresent([[Int]].self, forKey: .ordinary_lists) ?? []
            ordinary = try c.decodeIfPresent([String: Int].self, forKey: .ordinary)?.mapValues { ordinaryLists[$0] }
            let texts = try c.decodeIfPresent([String].self, forKey: .decoded_texts) ?? []
            decoded = try c.decodeIfPresent([String: Int].self, forKey: .decoded)?.mapValues { texts[$0] }
        }
    }

    struct Fixture: Decodable {
        let tokenizers_version: String
        let tokenizers: [String: String]
        let cases: [Case]
    }

    // JSONDecoder, not JSONSerialization: the latter drops a U+FEFF inside strings on Linux.
    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "hf_parity", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    /// `true` if the text has a character first assigned in Unicode 15.1 or 16.0. ICU 72's regex
    /// engine (the fallback for patterns without a hand-written scanner) knows Unicode 15.0, while
    /// `tokenizers`' Oniguruma knows 16.0: tokenizers on the fallback refuse such text.
    /// (Characters of Unicode 17 are unassigned to both.)
    static func hasUnicode16(_ text: String) -> Bool {
        text.unicodeScalars.contains { s in
            guard let age = s.properties.age else { return false }
            return (age.major == 15 && age.minor >= 1) || age.major == 16
        }
    }

    /// The older Claude tokenizer, if its file is present (it is not shipped).
    static func anthropicURL() -> URL? {
        let candidates = [
            ProcessInfo.processInfo.environment["TOKCOST_ANTHROPIC_TOKENIZER"],
            "/tmp/litellm/litellm/litellm_core_utils/tokenizers/anthropic_tokenizer.json",
        ]
        for case let path? in candidates where FileManager.default.fileExists(atPath: path) { return URL(fileURLWithPath: path) }
        return nil
    }

    static func load(_ name: String) throws -> HFTokenizer? {
        switch name {
        case "deepseek_v3": return try HFTokenizer.bundled("deepseek_v3")
        case "anthropic": return try anthropicURL().map { try HFTokenizer(contentsOf: $0, name: "anthropic") }
        default:
            let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/tokenizers")!
            return try HFTokenizer(contentsOf: url, name: name)
        }
    }

    func check(_ name: String) throws {
        guard let tokenizer = try Self.load(name) else { throw XCTSkip("\(name): tokenizer file not present") }
        var checked = 0
        var skipped = 0
        var failures: [String] = []
        for testCase in Self.fixture.cases {
            guard let expected = testCase.ids[name] else { continue }
            if tokenizer.usesICURegex && Self.hasUnicode16(testCase.text) {
                // Refused rather than possibly different.
                skipped += 1
                XCTAssertThrowsError(try tokenizer.encode(testCase.text, allowedSpecial: .all), testCase.name) { error in
                    XCTAssertTrue("\(error)".contains("Unicode 15.1/16.0"), "\(error)")
                }
                continue
            }
            checked += 1
            let got = try tokenizer.encode(testCase.text, allowedSpecial: .all)
            if got != expected {
                failures.append("\(testCase.name): encode \(got.prefix(40)) != \(expected.prefix(40))")
                continue
            }
            let ordinary = try tokenizer.encodeOrdinary(testCase.text)
            let expectedOrdinary = testCase.ordinary?[name] ?? expected
            if ordinary != expectedOrdinary {
                failures.append("\(testCase.name): encodeOrdinary \(ordinary.prefix(40)) != \(expectedOrdinary.prefix(40))")
            }
            if try tokenizer.count(testCase.text) != ordinary.count { failures.append("\(testCase.name): count") }
            let decoded = try tokenizer.decode(expected).text
            let expectedText = testCase.decoded?[name] ?? testCase.text
            if decoded != expectedText {
                failures.append("\(testCase.name): decode \(decoded.debugDescription.prefix(80)) != \(expectedText.debugDescription.prefix(80))")
            }
        }
        XCTAssertGreaterThan(checked, 400)
        XCTAssertLessThanOrEqual(skipped, 50)
        print("HF parity \(name): \(checked - failures.count)/\(checked) identical, \(skipped) refused (Unicode 16 text, ICU fallback)")
        XCTAssert(failures.isEmpty, "\(name): \(failures.count) of \(checked) cases differ:\n" + failures.prefix(12).joined(separator: "\n"))
    }

    func testDeepSeekV3() throws { try check("deepseek_v3") }
    func testAnthropic() throws { try check("anthropic") }
    func testSentencePieceMetaspaceByteFallback() throws { try check("sp_metaspace_bytefallback") }
    func testLegacyLlama2Layout() throws { try check("sp_legacy_llama2") }
    func testMetaspaceSplitUnknown() throws { try check("metaspace_split_unk") }
    func testSplitRemoved() throws { try check("split_removed") }
    func testSplitRemovedInvert() throws { try check("split_removed_invert") }
    func testSplitIsolated() throws { try check("split_isolated") }
    func testSplitIsolatedInvert() throws { try check("split_isolated_invert") }
    func testSplitMergedWithPrevious() throws { try check("split_mergedwithprevious") }
    func testSplitMergedWithPreviousInvert() throws { try check("split_mergedwithprevious_invert") }
    func testSplitMergedWithNext() throws { try check("split_mergedwithnext") }
    func testSplitMergedWithNextInvert() throws { try check("split_mergedwithnext_invert") }
    func testSplitContiguous() throws { try check("split_contiguous") }
    func testSplitContiguousInvert() throws { try check("split_contiguous_invert") }
    func testByteLevelPrefixDigitsNFKC() throws { try check("bytelevel_prefix_digits_nfkc") }
    func testLlama3StyleIgnoreMerges() throws { try check("llama3_style_ignore_merges") }
    func testQwen2Style() throws { try check("qwen2_style") }
    func testFalconStyleByteLevelNotLast() throws { try check("falcon_style") }
    func testBloomStyleNestedClassCharDelimiter() throws { try check("bloom_style_chardelimiter") }
    func testWhitespaceSuffix() throws { try check("whitespace_suffix") }
    func testWhitespaceSplitPrefix() throws { try check("whitespacesplit_prefix") }
    func testAddedTokenFlags() throws { try check("added_token_flags") }

    /// Every tokenizer in the fixture has a test above.
    func testEveryFixtureTokenizerIsTested() {
        let tested: Set<String> = [
            "deepseek_v3", "anthropic", "sp_metaspace_bytefallback", "sp_legacy_llama2", "metaspace_split_unk",
            "split_removed", "split_removed_invert", "split_isolated", "split_isolated_invert", "split_mergedwithprevious",
            "split_mergedwithprevious_invert", "split_mergedwithnext", "split_mergedwithnext_invert", "split_contiguous",
            "split_contiguous_invert", "bytelevel_prefix_digits_nfkc", "llama3_style_ignore_merges", "qwen2_style", "falcon_style", "bloom_style_chardelimiter", "whitespace_suffix",
            "whitespacesplit_prefix", "added_token_flags",
        ]
        XCTAssertEqual(Set(Self.fixture.tokenizers.keys).subtracting(tested), [])
    }
}
