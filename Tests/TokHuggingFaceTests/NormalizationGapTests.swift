import Foundation
import TokHuggingFace
import XCTest

/// Found by the differential test (`Tests/Reliability/differential.py --hf`): `tokenizers`' NFKC leaves
/// code points its older Unicode tables do not know (U+1E05B, U+10788, U+10781, U+1FBF0, U+32FF)
/// unchanged, where ICU 72 decomposes them. Expected ids generated with tokenizers 0.23.3
/// (`Tokenizer.from_file(...).encode(text, add_special_tokens=False).ids`, special tokens as text).
final class NormalizationGapTests: XCTestCase {
    func testNFKCLeavesCodePointsUnknownToTokenizersAlone() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "bytelevel_prefix_digits_nfkc", withExtension: "json", subdirectory: "Fixtures/tokenizers"))
        let tokenizer = try HFTokenizer(contentsOf: url)
        let cases: [(String, [Int])] = [
            ("\u{1E05B}", [221, 173, 253, 224, 250]),
            ("\u{10788}", [221, 173, 239, 253, 231]),
            ("a\u{10781}b\u{1FBF0}c\u{32FF}", [375, 173, 239, 253, 224, 66, 221, 536, 108, 109, 528, 160, 234, 124]),
            ("\u{FB01}\u{10781}\u{FB01}", [570, 73, 173, 239, 253, 224, 70, 73]),
            ("x\u{10781}\u{301}y", [221, 88, 173, 239, 253, 224, 137, 224, 89]),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(try tokenizer.encodeOrdinary(text), expected, text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
        }
    }
}
