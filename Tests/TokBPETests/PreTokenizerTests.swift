import TokBPE
import XCTest

/// Pieces that tiktoken's regular expressions produce, written out by hand.
final class PreTokenizerTests: XCTestCase {
    func pieces(_ pattern: PreTokenizerPattern, _ text: String) -> [String] {
        pattern.pieces(text).map(String.init)
    }

    func testWhitespaceRules() {
        // \s+(?!\S) leaves the last space to the next word.
        XCTAssertEqual(pieces(.cl100k, "a   b"), ["a", "  ", " b"])
        XCTAssertEqual(pieces(.o200k, "a   b"), ["a", "  ", " b"])
        // Trailing whitespace is one piece.
        XCTAssertEqual(pieces(.cl100k, "a  "), ["a", "  "])
        // cl100k: \s*[\r\n] keeps whitespace up to the last newline.
        XCTAssertEqual(pieces(.cl100k, "a \n\n b"), ["a", " \n\n", " b"])
        // cl100k's \s++$ takes a whole trailing run; o200k splits after the last newline.
        XCTAssertEqual(pieces(.cl100k, "a\n  "), ["a", "\n  "])
        XCTAssertEqual(pieces(.o200k, "a\n  "), ["a", "\n", "  "])
        XCTAssertEqual(pieces(.r50k, "a\n\nb"), ["a", "\n", "\n", "b"])
    }

    func testContractions() {
        XCTAssertEqual(pieces(.r50k, "don't DON'T"), ["don", "'t", " DON", "'", "T"])
        XCTAssertEqual(pieces(.cl100k, "don't DON'T"), ["don", "'t", " DON", "'T"])
        XCTAssertEqual(pieces(.o200k, "don't DON'T"), ["don't", " DON'T"])
        XCTAssertEqual(pieces(.cl100k, "it'ſ"), ["it", "'ſ"])
    }

    func testNumbersAndCase() {
        XCTAssertEqual(pieces(.cl100k, "1234567"), ["123", "456", "7"])
        XCTAssertEqual(pieces(.r50k, "1234567"), ["1234567"])
        XCTAssertEqual(pieces(.o200k, "camelCase XMLHttp"), ["camel", "Case", " XMLHttp"])
        XCTAssertEqual(pieces(.o200k, "HELLO world"), ["HELLO", " world"])
    }

    func testIndicMarksStayInWordsForO200kOnly() {
        XCTAssertEqual(pieces(.o200k, "नमस्ते दुनिया"), ["नमस्ते", " दुनिया"])
        XCTAssertEqual(pieces(.cl100k, "नमस्ते"), ["नमस", "्त", "े"])
    }

    func testPiecesCoverTheInput() {
        let text = "Mixed: नमस्ते, world!\r\n\t 123,456 👍🏽 it's"
        for pattern in PreTokenizerPattern.allCases {
            XCTAssertEqual(pieces(pattern, text).joined(), text)
        }
    }

    func testPatternNames() {
        XCTAssertEqual(PreTokenizerPattern(name: "gpt2"), .r50k)
        XCTAssertEqual(PreTokenizerPattern(name: "cl100k_base"), .cl100k)
        XCTAssertEqual(PreTokenizerPattern(name: "O200K"), .o200k)
        XCTAssertNil(PreTokenizerPattern(name: "bert"))
    }
}
