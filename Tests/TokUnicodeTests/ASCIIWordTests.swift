import XCTest
@testable import TokUnicode

final class ASCIIWordTests: XCTestCase {
    /// Word-like starts straight from ICU, for comparison.
    func icuStarts(_ s: String) throws -> [Int] {
        try Segmenter(.word).segments(in: s).filter(\.isWordLike).map(\.byteRange.lowerBound)
    }

    func fastStarts(_ s: String) throws -> [Int] {
        let it = try BreakIterator(.word, locale: "")
        var out: [Int] = []
        try withBytes(s) { try forEachWordLikeStart(it, $0) { out.append($0) } }
        return out
    }

    func testKnownCases() throws {
        for s in ["don't stop", "U.S.A. 3.14 1,000,000 a.b. x_y __ _ a:b e-mail", "it's 9'o", "a..b 1..2 a.1 1.a",
                  "snake_case_42 _x x_ 4_4", "'quoted' \"double\" (paren) [x]", "a;b 1;2 a,b 1,2", ""] {
            XCTAssertEqual(try fastStarts(s), try icuStarts(s), s)
        }
    }

    /// Random ASCII (and some non-ASCII lines): the scanner and ICU find the same word-like segments.
    func testRandomAgainstICU() throws {
        let alphabet = Array("aZ09.,;:'_ \"-!?/@#$%&*()\t\r\n+=<>[]{}\\|`~^".utf8)
        var g = SplitMix(state: 2024)
        for round in 0..<3000 {
            var bytes = (0..<Int(g.next() % 40)).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] }
            if round % 10 == 0 { bytes += Array("\nनमस्ते a.b\n".utf8) + bytes }
            let s = String(decoding: bytes, as: UTF8.self)
            XCTAssertEqual(try fastStarts(s), try icuStarts(s), s.debugDescription)
        }
    }

    /// Mixed documents: Indic paragraphs, blank lines, short and long ASCII lines in every order.
    func testMixedLinesAgainstICU() throws {
        let pieces = ["नमस्ते दुनिया, how are you?\n", "\n", "42.\n", "ok\r\n",
                      String(repeating: "Plain English words, don't stop at 3.14 or a_b. ", count: 8) + "\n",
                      "தமிழ் text\n", "e-mail: me@example.com\n"]
        var g = SplitMix(state: 5)
        for _ in 0..<300 {
            var s = ""
            for _ in 0..<Int(g.next() % 12) { s += pieces[Int(g.next() % UInt64(pieces.count))] }
            if g.next() % 2 == 0, !s.isEmpty { s.removeLast() }  // sometimes no final LF
            XCTAssertEqual(try fastStarts(s), try icuStarts(s), s.debugDescription)
        }
    }

    /// Dense joins: mostly letters, digits and the joining punctuation.
    func testDenseRandomAgainstICU() throws {
        let alphabet = Array("aZ19._',;:@ -\n".utf8)
        var g = SplitMix(state: 77)
        for _ in 0..<3000 {
            let bytes = (0..<Int(g.next() % 30)).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] }
            let s = String(decoding: bytes, as: UTF8.self)
            XCTAssertEqual(try fastStarts(s), try icuStarts(s), s.debugDescription)
        }
    }

    /// Real English text (skipped when the shared corpora are absent): same word-like segments as ICU.
    func testEnglishCorporaAgainstICU() throws {
        var checked = 0
        for name in ["english/inaugural.txt", "english/state_union.txt", "english/gutenberg.txt", "udhr/eng.txt"] {
            guard let url = corpusURL(name) else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            let it = try BreakIterator(.word, locale: "")
            var fast = 0
            var icu = 0
            try withBytes(text) { buf in
                try forEachWordLikeStart(it, buf) { _ in fast += 1 }
                try it.setValidatedText(buf)
                icu = it.count(minStatus: 100)
            }
            XCTAssertEqual(fast, icu, name)
            checked += 1
        }
        if checked == 0 { throw XCTSkip("shared corpora not available") }
    }
}
