import Foundation
import TokBPE
import TokHuggingFace
import XCTest
@testable import TokEstimate

final class EstimatorTests: XCTestCase {
    func testOneCallEstimateExactModel() throws {
        let r = try estimate("hello world", model: "gpt-5", options: ReportOptions(cost: CostOptions(outputTokens: 10, calls: 3)))
        XCTAssertEqual(r.tokens, 2)  // [24912, 2375]
        XCTAssertEqual(r.encoding, "o200k_base")
        XCTAssertEqual(r.counting.method, "exact")
        XCTAssertEqual(r.cost.inputUSD, 2 * 3 * 1.25 / 1e6, accuracy: 1e-15)
        XCTAssertEqual(r.cost.outputUSD, 10 * 3 * 10 / 1e6, accuracy: 1e-15)
        XCTAssertEqual(r.cost.totalUSD, r.cost.inputUSD + r.cost.outputUSD, accuracy: 1e-15)
        XCTAssertEqual(r.context.window, 272_000)
        XCTAssertEqual(r.context.reserve, 4_096)
        XCTAssertEqual(r.context.headroom, 272_000 - 4_096 - 2)
        XCTAssertEqual(r.context.chunks, 1)
        XCTAssertEqual(r.heuristics.charsDiv4, 11.0 / 4)
        XCTAssertEqual(r.heuristics.charsDiv4Error!, (2.75 - 2) / 2, accuracy: 1e-12)
    }

    func testEstimatedModelSaysSo() throws {
        let text = "The quick brown fox jumps over the lazy dog."
        let n = try Encoding.load(.o200kBase).count(text)
        let r = try estimate(text, model: "claude-sonnet-4-5")
        XCTAssertEqual(r.counting.method, "estimated")
        XCTAssertEqual(r.counting.factor, 1.2)
        XCTAssertEqual(r.counting.uncertainty, 0.15)
        XCTAssertEqual(r.tokens, Int((Double(n) * 1.2).rounded()))
        XCTAssertEqual(r.cost.inputUSD, Double(r.tokens) * 3 / 1e6, accuracy: 1e-15)
    }

    func testCl100kModelUsesItsEncoding() throws {
        let text = "नमस्ते दुनिया"
        XCTAssertEqual(try estimate(text, model: "gpt-4").tokens, try Encoding.load(.cl100kBase).count(text))
    }

    func testDeepSeekIsExactWithItsBundledTokenizer() throws {
        let text = "नमस्ते दुनिया, hello world 123"
        let report = try estimate(text, model: "deepseek-chat")
        XCTAssertEqual(report.counting.method, "exact")
        XCTAssertEqual(report.tokens, try HFTokenizer.bundled("deepseek_v3").count(text))
        XCTAssertEqual(report.scripts.map(\.tokens).reduce(0, +), report.tokens)
    }

    func testUnavailableEncodingIsAnErrorNamingIt() throws {
        var cache = EncodingCache()
        XCTAssertThrowsError(try cache.encoding(named: "gemma_tokenizer", model: "gemma-3")) { error in
            XCTAssertEqual(error as? AnalysisError, .encodingUnavailable(encoding: "gemma_tokenizer", model: "gemma-3"))
            XCTAssertTrue("\(error)".contains("gemma_tokenizer"))
            XCTAssertTrue("\(error)".contains("--encoding"))
        }
        // With an explicit stand-in encoding it is counted, and reported as estimated.
        var e = try Estimator(encodingOverride: "o200k_base")
        let r = try e.report(text: "hello world", model: "deepseek-chat")
        XCTAssertEqual(r.tokens, 2)
        XCTAssertEqual(r.counting.method, "estimated")
    }

    func testUnknownModelSuggests() {
        XCTAssertThrowsError(try estimate("hi", model: "gpt-5-mimi")) { XCTAssertTrue("\($0)".contains("gpt-5-mini"), "\($0)") }
    }

    func testEncodingLoadedOncePerRun() throws {
        var e = try Estimator()
        let models = try ["gpt-5", "gpt-4o", "claude-haiku-4-5", "gpt-4"].map { try e.model(named: $0) }
        for m in models { _ = try e.encoding(for: m) }
        var cache = EncodingCache()
        for m in models { _ = try cache.encoding(for: m) }
        XCTAssertEqual(cache.loadedNames, ["cl100k_base", "o200k_base"])
    }

    func testFitsWithWindowAndReserve() throws {
        let text = String(repeating: " word", count: 100)  // 100 tokens
        let yes = try fits(text, model: "gpt-5", reserve: 0, window: 100)
        XCTAssertTrue(yes.fits)
        XCTAssertEqual(yes.headroom, 0)
        let no = try fits(text, model: "gpt-5", reserve: 10, window: 100)
        XCTAssertFalse(no.fits)
        XCTAssertEqual(no.headroom, -10)
        XCTAssertEqual(no.chunks, 2)
        XCTAssertThrowsError(try fits(text, model: "gpt-5", reserve: 100, window: 100))
        // Empty text: 0 tokens, fits, 0 chunks.
        let empty = try fits("", model: "gpt-4")
        XCTAssertTrue(empty.fits)
        XCTAssertEqual(empty.used, 0)
        XCTAssertEqual(empty.chunks, 0)
    }

    func testChatReportAddsOverhead() throws {
        var e = try Estimator()
        let m = try e.model(named: "gpt-4")
        let messages = [ChatMessage(role: "system", content: "You are helpful."), ChatMessage(role: "user", content: "Hi there")]
        let r = try e.chatReport(messages: messages, name: "chat", model: m)
        let enc = try Encoding.load(.cl100kBase)
        XCTAssertEqual(r.tokens, chatTokenCount(messages: messages, family: .openAI, count: enc.count))
    }

    func testMultiModelReportTotals() throws {
        var e = try Estimator()
        let models = try ["gpt-5", "gpt-4"].map { try e.model(named: $0) }
        let texts = ["hello world", "नमस्ते दुनिया"]
        var sets: [CostReportSet] = []
        for m in models {
            let analyzer = try e.analyzer(for: [m], options: ReportOptions())
            let reports = try texts.map { try e.report(try analyzer.analyze($0, name: $0), model: m) }
            sets.append(CostReportSet(model: m, documents: reports))
        }
        let comparisons = texts.indices.map { i in ModelComparison(document: texts[i], reports: sets.map { $0.documents[i] }) }
        let multi = MultiModelReport(comparisons: comparisons, reports: sets)
        let table = try multi.render(as: .table)
        XCTAssertTrue(table.contains("TOTAL (2 documents)"), table)
        let json = try JSONSerialization.jsonObject(with: Data(try multi.render(as: .json).utf8)) as! [String: Any]
        XCTAssertEqual((json["comparisons"] as! [Any]).count, 2)
        let gpt4 = (json["reports"] as! [[String: Any]])[1]
        let total = gpt4["total"] as! [String: Any]
        let cl100k = try Encoding.load(.cl100kBase)
        XCTAssertEqual(total["tokens"] as? Int, texts.reduce(0) { $0 + cl100k.count($1) })
        let csv = try multi.render(as: .csv)
        XCTAssertEqual(csv.split(separator: "\n").count, 1 + 4)   // one header, a row per document and model
    }
}
