import XCTest
@testable import TokEstimate

final class EstimateMathTests: XCTestCase {
    func testHeuristicsAndSignedError() {
        let h = HeuristicEstimate(characters: 400, words: 75, exactTokens: 80)
        XCTAssertEqual(h.charsDiv4, 100)
        XCTAssertEqual(h.wordsDiv075, 100)
        XCTAssertEqual(h.charsDiv4Error!, 0.25, accuracy: 1e-12)
        // Indic text: heuristics under-count (negative error).
        XCTAssertEqual(HeuristicEstimate.signedError(heuristic: 50, exact: 200)!, -0.75, accuracy: 1e-12)
        // exact == 0: 0 when the heuristic is 0 too, else undefined (nil / JSON null).
        XCTAssertEqual(HeuristicEstimate.signedError(heuristic: 0, exact: 0), 0)
        XCTAssertNil(HeuristicEstimate.signedError(heuristic: 3, exact: 0))
    }

    func testCostArithmeticOnKnownPrices() throws {
        let gpt4o = Pricing(inputPerMillion: 2.5, cachedInputPerMillion: 1.25, outputPerMillion: 10)
        let c = try estimateCost(inputTokens: 1_000_000, price: gpt4o)
        XCTAssertEqual(c.inputUSD, 2.5, accuracy: 1e-12)
        XCTAssertEqual(c.outputUSD, 0)
        XCTAssertEqual(c.totalUSD, 2.5, accuracy: 1e-12)

        let d = try estimateCost(inputTokens: 12_345, price: gpt4o, options: CostOptions(outputTokens: 500, calls: 10))
        XCTAssertEqual(d.inputUSD, 12_345 * 10 * 2.5 / 1e6, accuracy: 1e-12)   // 0.308625
        XCTAssertEqual(d.outputUSD, 500 * 10 * 10 / 1e6, accuracy: 1e-12)      // 0.05
        XCTAssertEqual(d.totalUSD, 0.358625, accuracy: 1e-12)

        let cached = try estimateCost(inputTokens: 1_000_000, price: gpt4o, options: CostOptions(cached: true))
        XCTAssertEqual(cached.inputUSD, 1.25, accuracy: 1e-12)
        XCTAssertEqual(cached.inputPricePerMillion, 1.25)

        let noCache = Pricing(inputPerMillion: 30, outputPerMillion: 60)
        XCTAssertEqual(try estimateCost(inputTokens: 1000, price: noCache, options: CostOptions(cached: true)).inputUSD, 0.03, accuracy: 1e-12)

        let ratio = try estimateCost(inputTokens: 1000, price: gpt4o, options: CostOptions(outputRatio: 0.25))
        XCTAssertEqual(ratio.outputTokens, 250)
        XCTAssertEqual(ratio.outputUSD, 0.0025, accuracy: 1e-12)
    }

    func testCostOptionValidation() {
        let p = Pricing(inputPerMillion: 1, outputPerMillion: 1)
        XCTAssertThrowsError(try estimateCost(inputTokens: 1, price: p, options: CostOptions(calls: -1))) { e in
            XCTAssertEqual(e as? EstimateError, .outOfRange(option: "calls", value: "-1", allowed: "1 to 1,000,000,000"))
        }
        XCTAssertThrowsError(try estimateCost(inputTokens: 1, price: p, options: CostOptions(calls: 2_000_000_000)))
        XCTAssertThrowsError(try estimateCost(inputTokens: 1, price: p, options: CostOptions(outputTokens: -5)))
        XCTAssertThrowsError(try estimateCost(inputTokens: 1, price: p, options: CostOptions(outputTokens: 5, outputRatio: 1)))
        XCTAssertThrowsError(try estimateCost(inputTokens: 1, price: p, options: CostOptions(outputRatio: .nan)))
    }

    func testUSDDisplay() {
        XCTAssertEqual(USD.format(0), "$0.00")
        XCTAssertEqual(USD.format(0.00004), "<$0.0001")
        XCTAssertEqual(USD.format(0.0123), "$0.0123")
        XCTAssertEqual(USD.format(0.012345), "$0.0123")
        XCTAssertEqual(USD.format(0.99996), "$1.0000")
        XCTAssertEqual(USD.format(12.345), "$12.35")
        XCTAssertEqual(USD.format(1234.5), "$1,234.50")
        XCTAssertEqual(USD.format(1_234_567.891), "$1,234,567.89")
        XCTAssertEqual(USD.format(-2.5), "-$2.50")
    }

    func testChunkCount() {
        XCTAssertEqual(chunkCount(sentenceTokenCounts: [], budget: 10), 0)
        XCTAssertEqual(chunkCount(sentenceTokenCounts: [3, 3, 3], budget: 10), 1)
        XCTAssertEqual(chunkCount(sentenceTokenCounts: [5, 5, 5, 5], budget: 10), 2)
        XCTAssertEqual(chunkCount(sentenceTokenCounts: [6, 5, 6, 5], budget: 10), 4)
        XCTAssertEqual(chunkCount(sentenceTokenCounts: [4, 6, 1], budget: 10), 2)
        // An oversized sentence takes ceil(25/10) = 3 chunks of its own; neighbours are not packed into them.
        XCTAssertEqual(chunkCount(sentenceTokenCounts: [2, 25, 2], budget: 10), 5)
        XCTAssertEqual(chunkCount(sentenceTokenCounts: [0, 0, 10], budget: 10), 1)
        XCTAssertEqual(chunkCount(sentenceTokenCounts: [3], budget: 0), 3)  // budget clamped to 1
    }

    func testContextBudget() throws {
        let b = try ContextBudget(used: 100_000, window: 128_000, reserve: 4096)
        XCTAssertEqual(b.headroom, 128_000 - 4096 - 100_000)
        XCTAssertTrue(b.fits)
        XCTAssertEqual(b.usedPercent, 78.125, accuracy: 1e-9)
        XCTAssertEqual(b.chunks, 1)

        let big = try ContextBudget(used: 300_000, window: 128_000, reserve: 28_000)
        XCTAssertFalse(big.fits)
        XCTAssertEqual(big.headroom, -200_000)
        XCTAssertEqual(big.chunks, 3)

        let split = try ContextBudget(used: 30, window: 20, reserve: 10, sentenceTokenCounts: [6, 6, 6, 6, 6])
        XCTAssertEqual(split.chunks, 5)  // 10-token budget holds one 6-token sentence each
        XCTAssertEqual(try ContextBudget(used: 0, window: 10, reserve: 0).chunks, 0)

        XCTAssertThrowsError(try ContextBudget(used: 1, window: 4096, reserve: 4096)) { e in
            XCTAssertEqual(e as? EstimateError, .reserveExceedsWindow(reserve: 4096, window: 4096))
            XCTAssertTrue("\(e)".contains("must be smaller than the context window"))
        }
        XCTAssertThrowsError(try ContextBudget(used: 1, window: 100, reserve: -1))
        XCTAssertThrowsError(try ContextBudget(used: 1, window: 0, reserve: 0))
    }

    func testDefaultReserve() throws {
        let c = try ModelCatalogue.bundled()
        XCTAssertEqual(ContextBudget.defaultReserve(for: try c.model(named: "gpt-4o")), 4096)
        XCTAssertEqual(ContextBudget.defaultReserve(for: try c.model(named: "text-embedding-3-small")), 0)
        var small = try c.model(named: "gpt-4o")
        small.maxOutput = 1000
        XCTAssertEqual(ContextBudget.defaultReserve(for: small), 1000)
    }

    func testWindowParsing() throws {
        XCTAssertEqual(try parseTokenCount("128k"), 128_000)
        XCTAssertEqual(try parseTokenCount("128K"), 128_000)
        XCTAssertEqual(try parseTokenCount("1M"), 1_000_000)
        XCTAssertEqual(try parseTokenCount("1.5M"), 1_500_000)
        XCTAssertEqual(try parseTokenCount("200000"), 200_000)
        XCTAssertEqual(try parseTokenCount(" 200_000 "), 200_000)
        XCTAssertEqual(try parseTokenCount("200,000"), 200_000)
        XCTAssertEqual(try parseTokenCount("0", allowZero: true), 0)
        XCTAssertEqual(try parseTokenCount("1,000,000"), 1_000_000)
        XCTAssertEqual(try parseTokenCount("1_500.5k"), 1_500_500)
        for bad in ["1,5k", "12,34", "1__000", ",000", "1.000,5k", "12q", "-5", "", "k", "1.5", "0", "1.0001k", "abc", "1e6", "1..5k", "2000000000000"] {
            XCTAssertThrowsError(try parseTokenCount(bad), bad) { e in
                guard case .badTokenCount(let input, _)? = e as? EstimateError else { return XCTFail("\(e)") }
                XCTAssertEqual(input, bad)
            }
        }
        XCTAssertThrowsError(try parseTokenCount("-5")) { e in XCTAssertTrue("\(e)".contains("negative")) }
        XCTAssertThrowsError(try parseTokenCount("12q")) { e in XCTAssertTrue("\(e)".contains("\"12q\"")) }
    }

    func testEstimatedTokenCounting() {
        let claude = TokenCounting.estimated(proxy: "o200k_base", factor: 1.2, uncertainty: 0.1, note: "n")
        XCTAssertEqual(claude.modelTokens(fromEncodingTokens: 1000), 1200)
        XCTAssertEqual(claude.modelTokenRange(fromEncodingTokens: 1000), 1080...1320)
        XCTAssertEqual(TokenCounting.exact(encoding: "o200k_base").modelTokenRange(fromEncodingTokens: 7), 7...7)
    }
}
