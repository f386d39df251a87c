import Foundation
import XCTest
@testable import TokEstimate

final class CatalogueTests: XCTestCase {
    func testBundledCatalogueLoadsAndEveryEntryIsValid() throws {
        let catalogue = try ModelCatalogue.bundled()
        XCTAssertEqual(catalogue.format, .tokcost)
        XCTAssertGreaterThanOrEqual(catalogue.models.count, 30)
        XCTAssertTrue(catalogue.source.contains("litellm 1.109.1"))
        let knownEncodings: Set<String> = ["o200k_base", "cl100k_base", "deepseek_v3"]
        for m in catalogue.models {
            XCTAssertGreaterThan(m.contextWindow, 0, m.id)
            if let out = m.maxOutput { XCTAssertGreaterThan(out, 0, m.id) }
            XCTAssertGreaterThanOrEqual(m.price.inputPerMillion, 0, m.id)
            XCTAssertGreaterThanOrEqual(m.price.outputPerMillion, 0, m.id)
            if let c = m.price.cachedInputPerMillion { XCTAssertLessThanOrEqual(c, m.price.inputPerMillion, m.id) }
            XCTAssertTrue(m.source.contains("litellm"), m.id)
            XCTAssertNotNil(CatalogueDate.parse(m.asOf), m.id)
            XCTAssertTrue(knownEncodings.contains(m.tokenization.encoding), "\(m.id): \(m.tokenization.encoding)")
            if case let .estimated(_, factor, uncertainty, note) = m.tokenization {
                XCTAssertGreaterThan(factor, 0, m.id)
                XCTAssertTrue((0..<1).contains(uncertainty), m.id)
                XCTAssertFalse(note.isEmpty, m.id)
            }
        }
    }

    func testBundledCatalogueCoversTheRequiredFamilies() throws {
        let c = try ModelCatalogue.bundled()
        for id in ["gpt-5", "gpt-5-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4o", "gpt-4o-mini", "o3", "o4-mini",
                   "gpt-4", "gpt-3.5-turbo", "text-embedding-3-small", "text-embedding-3-large",
                   "claude-opus-4-7", "claude-sonnet-4-5", "claude-haiku-4-5", "gemini-2.5-pro", "gemini-2.5-flash",
                   "deepseek-chat", "deepseek-reasoner", "mistral-large-latest", "llama-3.3-70b-instruct-turbo"] {
            XCTAssertNoThrow(try c.model(named: id), id)
        }
        XCTAssertEqual(try c.model(named: "gpt-4o").tokenization, .exact(encoding: "o200k_base"))
        XCTAssertEqual(try c.model(named: "gpt-4").tokenization, .exact(encoding: "cl100k_base"))
        XCTAssertEqual(try c.model(named: "text-embedding-3-small").tokenization, .exact(encoding: "cl100k_base"))
        XCTAssertEqual(try c.model(named: "deepseek-chat").tokenization, .exact(encoding: "deepseek_v3"))
        XCTAssertEqual(try c.model(named: "claude-sonnet-4-5").tokenization.method, "estimated")
        // Facts copied from litellm 1.109.1.
        let gpt4o = try c.model(named: "gpt-4o")
        XCTAssertEqual(gpt4o.price, Pricing(inputPerMillion: 2.5, cachedInputPerMillion: 1.25, outputPerMillion: 10))
        XCTAssertEqual(gpt4o.contextWindow, 128_000)
        XCTAssertEqual(gpt4o.maxOutput, 16_384)
    }

    func testLookupByAliasCaseAndProviderPrefix() throws {
        let c = try ModelCatalogue.bundled()
        XCTAssertEqual(try c.model(named: "gpt-4o-2024-08-06").id, "gpt-4o")
        XCTAssertEqual(try c.model(named: "GPT-4o").id, "gpt-4o")
        XCTAssertEqual(try c.model(named: "openai/gpt-4o").id, "gpt-4o")
        XCTAssertEqual(try c.model(named: "gemini/gemini-2.5-pro").id, "gemini-2.5-pro")
    }

    func testUnknownModelSuggestsNearestNames() throws {
        let c = try ModelCatalogue.bundled()
        XCTAssertThrowsError(try c.model(named: "gpt-4-o")) { error in
            guard case let CatalogueError.unknownModel(name, suggestions) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "gpt-4-o")
            XCTAssertTrue(suggestions.contains("gpt-4o"), "\(suggestions)")
            XCTAssertTrue(String(describing: error).contains("did you mean"))
        }
        XCTAssertTrue(c.suggestions(for: "claude-sonet-4-5").contains("claude-sonnet-4-5"))
        XCTAssertTrue(c.suggestions(for: "gemini-2.5").contains { $0.hasPrefix("gemini-2.5") })
        XCTAssertEqual(c.suggestions(for: "zzzzzzzzzzzzzzzzzzzz"), [])
        XCTAssertTrue(c.suggestions(for: "gemini-pro").contains("gemini-2.5-pro"))
        XCTAssertEqual(c.suggestions(for: "claude-opus"), ["claude-opus-4-5", "claude-opus-4-6", "claude-opus-4-7"])
    }

    func testStaleness() throws {
        let c = try ModelCatalogue(data: Data(Self.minimal(asOf: "2025-01-01").utf8), fileName: "t.json")
        let day = 86_400.0
        XCTAssertFalse(c.isStale(now: c.asOfDate.addingTimeInterval(180 * day)))
        XCTAssertTrue(c.isStale(now: c.asOfDate.addingTimeInterval(181 * day)))
        XCTAssertTrue(c.isStale(now: c.asOfDate.addingTimeInterval(31 * day), maxAgeDays: 30))
        XCTAssertEqual(c.ageInDays(now: c.asOfDate.addingTimeInterval(10.5 * day)), 10)
    }

    // MARK: litellm format

    static let litellmSample = """
    {
      "sample_spec": {"max_tokens": "set to max_output_tokens if provider specifies it", "input_cost_per_token": 0.0},
      "gpt-4o": {"max_tokens": 16384, "max_input_tokens": 128000, "max_output_tokens": 16384,
                 "input_cost_per_token": 2.5e-06, "cache_read_input_token_cost": 1.25e-06,
                 "output_cost_per_token": 1e-05, "litellm_provider": "openai", "mode": "chat"},
      "azure/gpt-35-turbo": {"max_tokens": 4096, "input_cost_per_token": 5e-07, "output_cost_per_token": 1.5e-06,
                             "litellm_provider": "azure", "mode": "chat"},
      "claude-sonnet-4-5": {"max_input_tokens": 200000, "max_output_tokens": 64000, "input_cost_per_token": 3e-06,
                            "output_cost_per_token": 1.5e-05, "litellm_provider": "anthropic", "mode": "chat"},
      "text-embedding-3-small": {"max_input_tokens": 8191, "input_cost_per_token": 2e-08, "output_cost_per_token": 0.0,
                                 "litellm_provider": "openai", "mode": "embedding"},
      "dall-e-3": {"litellm_provider": "openai", "mode": "image_generation", "input_cost_per_pixel": 1e-08},
      "free-model": {"max_input_tokens": 1000, "litellm_provider": "x", "mode": "chat"}
    }
    """

    func testLitellmFormatIsAccepted() throws {
        let date = CatalogueDate.parse("2026-11-01")!
        let c = try ModelCatalogue(data: Data(Self.litellmSample.utf8), fileName: "prices.json", fileDate: date)
        XCTAssertEqual(c.format, .litellm)
        XCTAssertEqual(c.asOf, "2026-11-01")
        XCTAssertEqual(c.models.map(\.id).sorted(), ["azure/gpt-35-turbo", "claude-sonnet-4-5", "gpt-4o", "text-embedding-3-small"])
        XCTAssertEqual(Set(c.skipped.map(\.id)), ["dall-e-3", "free-model"])

        let gpt4o = try c.model(named: "gpt-4o")
        XCTAssertEqual(gpt4o.provider, "openai")
        XCTAssertEqual(gpt4o.contextWindow, 128_000)
        XCTAssertEqual(gpt4o.maxOutput, 16_384)
        XCTAssertEqual(gpt4o.price, Pricing(inputPerMillion: 2.5, cachedInputPerMillion: 1.25, outputPerMillion: 10))
        XCTAssertEqual(gpt4o.tokenization, .exact(encoding: "o200k_base"))
        XCTAssertEqual(gpt4o.chatFormat, .openAI)
        XCTAssertTrue(gpt4o.source.contains("prices.json"))

        let azure = try c.model(named: "azure/gpt-35-turbo")
        XCTAssertEqual(azure.contextWindow, 4096)  // from max_tokens
        XCTAssertEqual(azure.tokenization, .exact(encoding: "cl100k_base"))
        XCTAssertEqual(azure.price.cachedInputPerMillion, nil)

        let claude = try c.model(named: "claude-sonnet-4-5")
        guard case let .estimated(proxy, factor, _, note) = claude.tokenization else { return XCTFail("\(claude.tokenization)") }
        XCTAssertEqual(proxy, "o200k_base")
        XCTAssertEqual(factor, 1.0)
        XCTAssertFalse(note.isEmpty)
        XCTAssertEqual(claude.chatFormat, .anthropic)

        let embedding = try c.model(named: "text-embedding-3-small")
        XCTAssertEqual(embedding.tokenization, .exact(encoding: "cl100k_base"))
        XCTAssertEqual(embedding.maxOutput, nil)
        XCTAssertEqual(embedding.chatFormat, ChatFormat.none)
    }

    func testLitellmFileFromDiskUsesModificationDate() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tokcost-litellm-\(UUID().uuidString).json")
        try Data(Self.litellmSample.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let date = CatalogueDate.parse("2026-03-04")!
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
        let c = try ModelCatalogue(contentsOf: url)
        XCTAssertEqual(c.asOf, "2026-03-04")
        XCTAssertEqual(c.models.count, 4)
        let dated = try ModelCatalogue(contentsOf: url, litellmDate: CatalogueDate.parse("2026-11-20")!)
        XCTAssertEqual(dated.asOf, "2026-11-20")
    }

    func testLitellmBadEntriesAreSkippedWithPreciseReasons() throws {
        let mixed = #"{"gpt-4o": {"max_input_tokens": 128000, "input_cost_per_token": "cheap", "litellm_provider": "openai"}, "odd": {"max_input_tokens": 0, "input_cost_per_token": 1e-06, "litellm_provider": "x"}, "ok": {"max_input_tokens": 10, "input_cost_per_token": 1e-06, "litellm_provider": "x"}}"#
        let c = try ModelCatalogue(data: Data(mixed.utf8), fileName: "p.json")
        XCTAssertEqual(c.models.map(\.id), ["ok"])
        XCTAssertEqual(c.skipped, [
            SkippedEntry(id: "gpt-4o", reason: #"p.json: entry "gpt-4o": field "input_cost_per_token" must be a number, found string"#),
            SkippedEntry(id: "odd", reason: #"p.json: entry "odd": field "max_input_tokens" = 0: must be greater than 0"#),
        ])
        let none = #"{"gpt-4o": {"max_input_tokens": 128000, "input_cost_per_token": -1, "litellm_provider": "openai"}}"#
        XCTAssertThrowsError(try ModelCatalogue(data: Data(none.utf8), fileName: "p.json")) { error in
            guard case .unknownFormat(let file, let reason)? = error as? CatalogueError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "p.json")
            XCTAssertTrue(reason.contains("a price must not be negative"), reason)
        }
    }

    func testRoundTripThroughOwnFormat() throws {
        let c = try ModelCatalogue.bundled()
        let again = try ModelCatalogue(data: try c.jsonData(), fileName: "copy.json")
        XCTAssertEqual(again.models, c.models)
        XCTAssertEqual(again.asOf, c.asOf)
    }

    // MARK: malformed files

    static func minimal(asOf: String = "2026-11-23", model: String? = nil) -> String {
        let m = model ?? """
        {"id": "m1", "provider": "p", "context_window": 1000, "max_output": 100,
         "price": {"input_per_million": 1, "cached_input_per_million": null, "output_per_million": 2},
         "tokenization": {"method": "exact", "encoding": "o200k_base"},
         "source": "test", "as_of": "2026-11-23"}
        """
        return #"{"format": "tokcost-catalogue", "version": 1, "as_of": "\#(asOf)", "source": "test", "models": [\#(m)]}"#
    }

    private func assertError(_ modelJSON: String, _ expected: CatalogueError, _ message: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ModelCatalogue(data: Data(Self.minimal(model: modelJSON).utf8), fileName: "bad.json"),
                             file: file, line: line) { error in
            XCTAssertEqual(error as? CatalogueError, expected, file: file, line: line)
            XCTAssertEqual(String(describing: error), message, file: file, line: line)
        }
    }

    func testMinimalCatalogueLoads() throws {
        let c = try ModelCatalogue(data: Data(Self.minimal().utf8), fileName: "ok.json")
        XCTAssertEqual(try c.model(named: "m1").chatFormat, .openAI)
        XCTAssertEqual(try c.model(named: "m1").mode, "chat")
    }

    func testMissingField() {
        assertError(#"{"id": "m1", "provider": "p", "max_output": 100, "price": {"input_per_million": 1, "output_per_million": 2}, "tokenization": {"method": "exact", "encoding": "o200k_base"}, "source": "s", "as_of": "2026-01-01"}"#,
                    .missingField(file: "bad.json", entry: "m1", field: "context_window"),
                    #"bad.json: entry "m1": missing field "context_window""#)
    }

    func testMissingNestedField() {
        assertError(#"{"id": "m1", "provider": "p", "context_window": 10, "price": {"input_per_million": 1}, "tokenization": {"method": "exact", "encoding": "o200k_base"}, "source": "s", "as_of": "2026-01-01"}"#,
                    .missingField(file: "bad.json", entry: "m1", field: "price.output_per_million"),
                    #"bad.json: entry "m1": missing field "price.output_per_million""#)
    }

    func testNegativePrice() {
        assertError(#"{"id": "m1", "provider": "p", "context_window": 10, "price": {"input_per_million": -1, "output_per_million": 2}, "tokenization": {"method": "exact", "encoding": "o200k_base"}, "source": "s", "as_of": "2026-01-01"}"#,
                    .invalidValue(file: "bad.json", entry: "m1", field: "price.input_per_million", value: "-1", reason: "a price must not be negative"),
                    #"bad.json: entry "m1": field "price.input_per_million" = -1: a price must not be negative"#)
    }

    func testNonPositiveWindow() {
        assertError(#"{"id": "m1", "provider": "p", "context_window": 0, "price": {"input_per_million": 1, "output_per_million": 2}, "tokenization": {"method": "exact", "encoding": "o200k_base"}, "source": "s", "as_of": "2026-01-01"}"#,
                    .invalidValue(file: "bad.json", entry: "m1", field: "context_window", value: "0", reason: "must be greater than 0"),
                    #"bad.json: entry "m1": field "context_window" = 0: must be greater than 0"#)
    }

    func testWrongType() {
        assertError(#"{"id": "m1", "provider": "p", "context_window": "128k", "price": {"input_per_million": 1, "output_per_million": 2}, "tokenization": {"method": "exact", "encoding": "o200k_base"}, "source": "s", "as_of": "2026-01-01"}"#,
                    .wrongType(file: "bad.json", entry: "m1", field: "context_window", expected: "a whole number", found: "string"),
                    #"bad.json: entry "m1": field "context_window" must be a whole number, found string"#)
    }

    func testBadTokenizationAndDate() {
        assertError(#"{"id": "m1", "provider": "p", "context_window": 10, "price": {"input_per_million": 1, "output_per_million": 2}, "tokenization": {"method": "estimated", "proxy": "o200k_base", "factor": 0, "uncertainty": 0.1, "note": "n"}, "source": "s", "as_of": "2026-01-01"}"#,
                    .invalidValue(file: "bad.json", entry: "m1", field: "tokenization.factor", value: "0.0", reason: "must be greater than 0"),
                    #"bad.json: entry "m1": field "tokenization.factor" = 0.0: must be greater than 0"#)
        assertError(#"{"id": "m1", "provider": "p", "context_window": 10, "price": {"input_per_million": 1, "output_per_million": 2}, "tokenization": {"method": "exact", "encoding": "o200k_base"}, "source": "s", "as_of": "2026-13-01"}"#,
                    .invalidValue(file: "bad.json", entry: "m1", field: "as_of", value: "\"2026-13-01\"", reason: "must be a date YYYY-MM-DD"),
                    #"bad.json: entry "m1": field "as_of" = "2026-13-01": must be a date YYYY-MM-DD"#)
    }

    func testEntryWithoutIdIsNamedByPosition() {
        assertError(#"{"provider": "p"}"#,
                    .missingField(file: "bad.json", entry: "models[0]", field: "id"),
                    #"bad.json: entry "models[0]": missing field "id""#)
    }

    func testDuplicateNames() {
        let two = Self.minimal().replacingOccurrences(of: "\"models\": [", with: "\"models\": [" + #"{"id": "M1", "provider": "p", "context_window": 5, "price": {"input_per_million": 1, "output_per_million": 2}, "tokenization": {"method": "exact", "encoding": "o200k_base"}, "source": "s", "as_of": "2026-01-01"}, "#)
        XCTAssertThrowsError(try ModelCatalogue(data: Data(two.utf8), fileName: "dup.json")) { error in
            XCTAssertEqual(error as? CatalogueError, .duplicateName(file: "dup.json", name: "m1"))
        }
    }

    func testNotJSONAndUnknownFormat() {
        XCTAssertThrowsError(try ModelCatalogue(data: Data("{not json".utf8), fileName: "x.json")) { error in
            guard case .invalidJSON(let file, _)? = error as? CatalogueError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "x.json")
        }
        XCTAssertThrowsError(try ModelCatalogue(data: Data(#"{"a": 1}"#.utf8), fileName: "y.json")) { error in
            guard case .unknownFormat(let file, _)? = error as? CatalogueError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "y.json")
        }
        XCTAssertThrowsError(try ModelCatalogue(contentsOf: URL(fileURLWithPath: "/nonexistent/models.json"))) { error in
            guard case .unreadable(let file, _)? = error as? CatalogueError else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "/nonexistent/models.json")
        }
    }
}
