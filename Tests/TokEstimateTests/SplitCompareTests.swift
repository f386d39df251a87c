import Foundation
import TokBPE
import XCTest
@testable import TokEstimate
#if canImport(FoundationXML)
import FoundationXML
#endif

final class SplitCompareTests: XCTestCase {
    static let o200k = try! Encoding.load(.o200kBase)

    func testSplitChunksFitAndConcatenateBack() throws {
        let text = (0..<30).map { "यह वाक्य संख्या \($0) है। Sentence \($0) is here. " }.joined() + "\n"
        for budget in [7, 20, 64, 500] {
            let chunks = try ChunkSplitter(encoding: Self.o200k, budget: budget).split(text)
            XCTAssertEqual(chunks.joined(), text)
            for c in chunks { XCTAssertLessThanOrEqual(Self.o200k.count(c), budget) }
            if Self.o200k.count(text) > budget { XCTAssertGreaterThan(chunks.count, 1) }
        }
    }

    func testSplitLongWordAtGraphemes() throws {
        let word = String(repeating: "क्षि", count: 40)  // one long word, no spaces
        let chunks = try ChunkSplitter(encoding: Self.o200k, budget: 5).split(word)
        XCTAssertEqual(chunks.joined(), word)
        for c in chunks {
            XCTAssertLessThanOrEqual(Self.o200k.count(c), 5)
            XCTAssertEqual(c.unicodeScalars.count % 4, 0, "a chunk cut inside the grapheme क्षि: \(c)")
        }
    }

    func testPremiumOfFileAgainstItselfIsOne() {
        let f = DocumentFigures(name: "hin.txt", bytes: 10, characters: 8, graphemes: 6, words: 2, lines: 1, sentences: 1, tokens: 0)
        let e = DocumentFigures(name: "eng.txt", bytes: 10, characters: 10, graphemes: 10, words: 2, lines: 1, sentences: 1, tokens: 0)
        let c = LanguageComparison(figures: [e, f], labels: ["English", "Hindi"], encodings: ["o200k_base", "cl100k_base"],
                                   tokens: [[4, 6], [5, 20]], baselineIndex: 0)
        XCTAssertEqual(c.rows.count, 4)
        XCTAssertEqual(c.rows[0].premium, 1.0)
        XCTAssertEqual(c.rows[1].premium, 1.0)
        XCTAssertEqual(c.rows[2].premium, 1.5)
        XCTAssertEqual(c.rows[3].premium, 4.0)
        XCTAssertEqual(c.rows[3].tokensPerWord, 10)
        XCTAssertEqual(c.rows[3].charsPerToken, 0.4)
        XCTAssertEqual(c.rows[3].heuristics.charsDiv4Error!, (2.0 - 20) / 20, accuracy: 1e-12)
        XCTAssertEqual(LanguageNames.label(forPath: "Corpora/parallel/tam.txt"), "Tamil")
        XCTAssertEqual(LanguageNames.label(forPath: "x/notes.txt"), "notes.txt")
    }

    func testSVGIsWellFormedWithOneBarPerFileAndEncoding() throws {
        let docs = (0..<3).map { DocumentFigures(name: "f\($0) <&>.txt", bytes: 1, characters: 1, graphemes: 1, words: 1, lines: 1, sentences: 1, tokens: 0) }
        let c = LanguageComparison(figures: docs, labels: ["A", "B & C", "D"], encodings: ["o200k_base", "cl100k_base"],
                                   tokens: [[10, 15, 30], [10, 40, 90]], baselineIndex: 0)
        let svg = PremiumChart(c).svg()
        final class Counter: NSObject, XMLParserDelegate {
            var bars = 0, texts: [String] = [], current = ""
            func parser(_ p: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                if name == "rect" && attributes["class"] == "bar" { bars += 1 }
                current = ""
            }
            func parser(_ p: XMLParser, foundCharacters s: String) { current += s }
            func parser(_ p: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "text" { texts.append(current) }
            }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = Counter()
        parser.delegate = counter
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        XCTAssertEqual(counter.bars, 6)
        XCTAssertTrue(counter.texts.contains("9.00×"))          // 90 / 10
        XCTAssertTrue(counter.texts.contains("1.0× (baseline)"))
        XCTAssertTrue(counter.texts.contains("B & C"))
        XCTAssertTrue(counter.texts.contains("cl100k_base"))    // legend
    }
}
