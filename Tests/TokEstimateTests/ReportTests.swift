import Foundation
import XCTest
@testable import TokEstimate

final class ReportTests: XCTestCase {
    static let hindi = DocumentFigures(
        name: "hindi.txt", bytes: 3000, characters: 1100, graphemes: 800, words: 200, lines: 10, sentences: 12,
        tokens: 600,
        scripts: [ScriptFigures(script: "Devanagari", tokens: 540, characters: 1000, words: 180),
                  ScriptFigures(script: "Latin", tokens: 60, characters: 100, words: 20)])
    static let empty = DocumentFigures(name: "empty.txt", bytes: 0, characters: 0, graphemes: 0, words: 0, lines: 0,
                                       sentences: 0, tokens: 0, scripts: [ScriptFigures(script: "Latin", tokens: 0, characters: 0, words: 0)])

    func model(_ id: String) throws -> ModelInfo { try ModelCatalogue.bundled().model(named: id) }

    func testReportValues() throws {
        let r = try CostReport(figures: Self.hindi, model: try model("gpt-4o"),
                               options: ReportOptions(cost: CostOptions(outputTokens: 100, calls: 2)))
        XCTAssertEqual(r.tokens, 600)
        XCTAssertEqual(r.heuristics.charsDiv4, 275)
        XCTAssertEqual(r.heuristics.charsDiv4Error!, (275.0 - 600) / 600, accuracy: 1e-12)
        XCTAssertEqual(r.cost.inputUSD, 600 * 2 * 2.5 / 1e6, accuracy: 1e-15)
        XCTAssertEqual(r.cost.outputUSD, 100 * 2 * 10 / 1e6, accuracy: 1e-15)
        XCTAssertEqual(r.context.window, 128_000)
        XCTAssertEqual(r.context.reserve, 4096)
        XCTAssertEqual(r.context.chunks, 1)
        XCTAssertEqual(r.scripts[0].share, 0.9, accuracy: 1e-12)
        XCTAssertEqual(r.scripts[0].charsPerToken!, 1000.0 / 540, accuracy: 1e-12)
        XCTAssertEqual(r.scripts[0].tokensPerWord!, 3, accuracy: 1e-12)
    }

    func testEstimatedModelAppliesFactorAndOverhead() throws {
        let claude = try model("claude-sonnet-4-5")
        let r = try CostReport(figures: Self.hindi, model: claude, options: ReportOptions(chatOverheadTokens: 10))
        XCTAssertEqual(r.counting.encodingTokens, 610)
        XCTAssertEqual(r.tokens, Int((610 * claude.tokenization.factor).rounded()))
        XCTAssertEqual(r.counting.method, "estimated")
        XCTAssertNotNil(r.counting.note)
        XCTAssertLessThan(r.counting.tokensLow, r.tokens)
        XCTAssertGreaterThan(r.counting.tokensHigh, r.tokens)
    }

    func testReportOptionErrors() throws {
        let m = try model("gpt-4")  // 8,192-token window
        XCTAssertThrowsError(try CostReport(figures: Self.hindi, model: m, options: ReportOptions(reserve: 9000))) { e in
            XCTAssertEqual(e as? EstimateError, .reserveExceedsWindow(reserve: 9000, window: 8192))
        }
        XCTAssertThrowsError(try CostReport(figures: Self.hindi, model: m, options: ReportOptions(reserve: -1)))
        XCTAssertThrowsError(try CostReport(figures: Self.hindi, model: m, options: ReportOptions(cost: CostOptions(calls: 0))))
        // A window override smaller than the default reserve shrinks the default reserve instead of failing.
        let r = try CostReport(figures: Self.hindi, model: m, options: ReportOptions(window: 2000))
        XCTAssertEqual(r.context.window, 2000)
        XCTAssertEqual(r.context.reserve, 1999)
    }

    func jsonObject(_ s: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any])
    }

    func testJSONHasDocumentedKeys() throws {
        let m = try model("gpt-4o")
        let set = CostReportSet(model: m, documents: [try CostReport(figures: Self.hindi, model: m),
                                                       try CostReport(figures: Self.empty, model: m)])
        let text = try ReportRenderer.render(set, as: .json)
        let root = try jsonObject(text)
        XCTAssertEqual(Set(root.keys), ["model", "prices_as_of", "documents", "total"])
        let docs = try XCTUnwrap(root["documents"] as? [[String: Any]])
        let doc = docs[0]
        for key in ["name", "model", "provider", "encoding", "tokens", "bytes", "characters", "graphemes", "words", "lines",
                    "sentences", "heuristics", "scripts", "counting", "cost", "context"] {
            XCTAssertNotNil(doc[key], key)
        }
        XCTAssertEqual(Set((doc["heuristics"] as! [String: Any]).keys),
                       ["chars_div_4", "words_div_0_75", "chars_div_4_error", "words_div_0_75_error"])
        XCTAssertEqual(Set(((doc["scripts"] as! [[String: Any]])[0]).keys),
                       ["script", "tokens", "characters", "words", "chars_per_token", "tokens_per_word", "share"])
        XCTAssertEqual(Set((doc["counting"] as! [String: Any]).keys),
                       ["method", "encoding", "factor", "uncertainty", "encoding_tokens", "tokens_low", "tokens_high", "note"])
        let cost = doc["cost"] as! [String: Any]
        for key in ["input_usd", "output_usd", "total_usd"] { XCTAssertNotNil(cost[key], key) }
        XCTAssertEqual(Set((doc["context"] as! [String: Any]).keys),
                       ["window", "reserve", "used", "used_percent", "headroom", "fits", "chunks"])
        // Full precision, not display rounding.
        XCTAssertEqual(cost["input_usd"] as! Double, 600 * 2.5 / 1e6, accuracy: 1e-18)
        // Undefined values are null, not missing.
        let emptyDoc = docs[1]
        XCTAssertTrue((emptyDoc["heuristics"] as! [String: Any])["chars_div_4_error"] is NSNumber) // 0 when both are 0
        XCTAssertTrue(((emptyDoc["scripts"] as! [[String: Any]])[0])["chars_per_token"] is NSNull)
        let total = root["total"] as! [String: Any]
        XCTAssertEqual(total["documents"] as? Int, 2)
        XCTAssertEqual(total["tokens"] as? Int, 600)
        XCTAssertEqual(total["fits_all"] as? Bool, true)
        // Stable: same input, same bytes; keys sorted.
        XCTAssertEqual(text, try ReportRenderer.render(set, as: .json))
        XCTAssertLessThan(text.range(of: "\"documents\"")!.lowerBound, text.range(of: "\"model\"")!.lowerBound)
    }

    func testCSV() throws {
        let m = try model("gpt-4o")
        let set = CostReportSet(model: m, documents: [try CostReport(figures: Self.hindi, model: m)])
        let lines = try ReportRenderer.render(set, as: .csv).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0], ReportRenderer.csvColumns.joined(separator: ","))
        let row = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(row.count, ReportRenderer.csvColumns.count)
        XCTAssertEqual(row[ReportRenderer.csvColumns.firstIndex(of: "tokens")!], "600")
        XCTAssertEqual(row[ReportRenderer.csvColumns.firstIndex(of: "input_usd")!], "0.0015")
        XCTAssertTrue(lines[2].hasPrefix("TOTAL,gpt-4o,"))
        XCTAssertEqual(ReportRenderer.csvField("a,\"b\""), "\"a,\"\"b\"\"\"")
    }

    func testHumanTableAndMarkdown() throws {
        let m = try model("claude-sonnet-4-5")
        let set = CostReportSet(model: m, documents: [try CostReport(figures: Self.hindi, model: m),
                                                       try CostReport(figures: Self.empty, model: m)])
        let table = try ReportRenderer.render(set, as: .table)
        XCTAssertTrue(table.contains("claude-sonnet-4-5 (anthropic) · estimated: o200k_base × 1.20"), table)
        XCTAssertTrue(table.contains("hindi.txt"))
        XCTAssertTrue(table.contains("TOTAL (2)"))
        XCTAssertTrue(table.contains("Devanagari"))
        XCTAssertTrue(table.contains("Note: "))
        // Columns are aligned: the header and separator lines of the first table have the same length.
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headerIndex = lines.firstIndex { $0.hasPrefix("Document  ") }!
        XCTAssertEqual(lines[headerIndex].count, lines[headerIndex + 1].count)

        let md = try ReportRenderer.render(set, as: .markdown)
        XCTAssertTrue(md.contains("| Document | Tokens |"))
        XCTAssertTrue(md.contains("| --- | ---: |"))
    }

    func testComparison() throws {
        let c = try ModelCatalogue.bundled()
        let reports = try ["gpt-4o", "gpt-4", "claude-haiku-4-5"].map { try CostReport(figures: Self.hindi, model: c.model(named: $0)) }
        let comparison = ModelComparison(document: "hindi.txt", reports: reports)
        XCTAssertEqual(comparison.rows.map(\.model), ["gpt-4o", "gpt-4", "claude-haiku-4-5"])
        let table = try ReportRenderer.render(comparison, as: .table)
        XCTAssertTrue(table.contains("Model"))
        XCTAssertTrue(table.contains("~o200k_base"))
        let json = try jsonObject(try ReportRenderer.render(comparison, as: .json))
        let row = (json["rows"] as! [[String: Any]])[0]
        for key in ["model", "tokens", "total_usd", "fits", "used_percent", "window"] { XCTAssertNotNil(row[key], key) }
        let csv = try ReportRenderer.render(comparison, as: .csv)
        XCTAssertTrue(csv.hasPrefix(ReportRenderer.comparisonCSVColumns.joined(separator: ",") + "\n"))
        XCTAssertEqual(csv.split(separator: "\n").count, 4)
        XCTAssertTrue(try ReportRenderer.render(comparison, as: .markdown).contains("| gpt-4 |"))
    }
}

final class CatalogueRendererTests: XCTestCase {
    func testCatalogueListing() throws {
        let c = try ModelCatalogue.bundled()
        let table = try ReportRenderer.render(c, as: .table)
        XCTAssertTrue(table.hasPrefix("\(c.models.count) models · prices as of \(c.asOf)"))
        XCTAssertTrue(table.contains("gpt-4o "))
        XCTAssertTrue(table.contains("exact o200k_base"))
        XCTAssertTrue(table.contains("~o200k_base × 1.20 ± 15%"))
        let csv = try ReportRenderer.render(c, as: .csv).split(separator: "\n")
        XCTAssertEqual(csv.count, c.models.count + 1)
        XCTAssertEqual(String(csv[0]), ReportRenderer.catalogueCSVColumns.joined(separator: ","))
        // JSON listing is a loadable catalogue.
        let json = try ReportRenderer.render(c, as: .json)
        XCTAssertEqual(try ModelCatalogue(data: Data(json.utf8), fileName: "listing.json").models.count, c.models.count)
        XCTAssertTrue(try ReportRenderer.render(c, as: .markdown).contains("| gpt-4o | openai | 128,000 |"))
        XCTAssertEqual(ReportRenderer.price(2.5), "2.5")
        XCTAssertEqual(ReportRenderer.price(0.075), "0.075")
        XCTAssertEqual(ReportRenderer.price(10), "10")
    }

    func testStalenessWarning() throws {
        let c = try ModelCatalogue.bundled()
        XCTAssertNil(c.stalenessWarning(now: c.asOfDate))
        let later = c.asOfDate.addingTimeInterval(200 * 86_400)
        XCTAssertEqual(c.stalenessWarning(now: later),
                       "prices are from \(c.asOf) (200 days old); refresh the catalogue (see refresh_catalogue.py)")
    }

    func testChatOverheadTokens() {
        let m = [ChatMessage(role: "user", content: "abc", name: "n")]
        // 3 per message + role (1) + name (1) + 1 per name + 3 priming = 9; content excluded.
        XCTAssertEqual(chatOverheadTokens(messages: m, family: .openAI) { _ in 1 }, 9)
        XCTAssertEqual(chatTokenCount(messages: m, family: .openAI) { _ in 1 }, 10)
    }
}
