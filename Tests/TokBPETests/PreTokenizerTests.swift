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

    /// o200k_base finds the end of an ASCII word from bit masks of the 16 bytes after its prefix (on
    /// x86-64), and loops only when the word reaches the end of those 16 bytes. Words that end just
    /// before, at and after that edge, capital runs, and non-ASCII letters and marks right after the
    /// word. Expected pieces checked against tiktoken's o200k_base pattern with Python's `regex`.
    func testO200kWordsAtTheEdgeOfTheSixteenByteWindow() {
        let cases: [(String, [String])] = [
            ("abcdefghijklmn x", ["abcdefghijklmn", " x"]),
            (" abcdefghijklmno x", [" abcdefghijklmno", " x"]),
            (" abcdefghijklmnop x", [" abcdefghijklmnop", " x"]),
            (" abcdefghijklmnopq x", [" abcdefghijklmnopq", " x"]),
            ("ABCDEFGHIJKLMNO x", ["ABCDEFGHIJKLMNO", " x"]),
            ("ABCDEFGHIJKLMNOP x", ["ABCDEFGHIJKLMNOP", " x"]),
            ("ABCDEFGHIJKLMNOPQ x", ["ABCDEFGHIJKLMNOPQ", " x"]),
            ("ABCDEFGHIJKLMNOPq x", ["ABCDEFGHIJKLMNOPq", " x"]),
            (" abcdefghijklmn\u{E9} x", [" abcdefghijklmn\u{E9}", " x"]),
            ("abcdefghijklmno\u{E9} x", ["abcdefghijklmno\u{E9}", " x"]),
            ("abcdefghijklmno\u{301}x y", ["abcdefghijklmno\u{301}x", " y"]),
            (" abcdefghijklmn's x", [" abcdefghijklmn's", " x"]),
            (" abcdefghijklmno's x", [" abcdefghijklmno's", " x"]),
            ("camelCaseWordsAreSplitHere x", ["camel", "Case", "Words", "Are", "Split", "Here", " x"]),
            ("abc123 x", ["abc", "123", " x"]),
            ("\tabcdefghijklmnopqrstu x", ["\tabcdefghijklmnopqrstu", " x"]),
            ("'abcdefghijklmnoPQ x", ["'abcdefghijklmno", "PQ", " x"]),
            ("HTTPServerError x", ["HTTPServer", "Error", " x"]),
        ]
        // A tail keeps 16 bytes readable after every word above; without it, the last word is scanned
        // by the loop alone.
        let tail = " and then some padding text"
        let tailPieces = [" and", " then", " some", " padding", " text"]
        for (text, expected) in cases {
            XCTAssertEqual(pieces(.o200k, text + tail), expected + tailPieces, text.debugDescription)
            XCTAssertEqual(pieces(.o200k, text), expected, text.debugDescription)
        }
        XCTAssertEqual(pieces(.o200k, "abcdefghijklmnop"), ["abcdefghijklmnop"])
        XCTAssertEqual(pieces(.o200k, " ABCDEFGHIJKLMNOp"), [" ABCDEFGHIJKLMNOp"])
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
