/// What to price: how much output, how many calls, whether the prompt is cached.
public struct CostOptions: Sendable, Equatable {
    /// Output tokens per call. Mutually exclusive with `outputRatio`; when both are `nil` the output is 0.
    public var outputTokens: Int?
    /// Output tokens per call as a multiple of the input tokens (rounded to the nearest token).
    public var outputRatio: Double?
    /// How many times the same input is sent (1...1,000,000,000).
    public var calls: Int
    /// Price every input token at the cached-input price (as if the whole prompt were a cache hit).
    /// Models without a cached price are charged the normal input price.
    public var cached: Bool

    /// The largest accepted number of calls.
    public static let maxCalls = 1_000_000_000
    /// The largest accepted output per call, in tokens.
    public static let maxOutputTokens = 1_000_000_000
    /// The largest accepted output ratio.
    public static let maxOutputRatio = 1_000.0

    /// Creates options; call ``validate()`` before use (``estimateCost(inputTokens:price:options:)`` does).
    public init(outputTokens: Int? = nil, outputRatio: Double? = nil, calls: Int = 1, cached: Bool = false) {
        self.outputTokens = outputTokens
        self.outputRatio = outputRatio
        self.calls = calls
        self.cached = cached
    }

    /// Checks the ranges.
    /// - Throws: ``EstimateError`` naming the option, the value and the allowed range.
    public func validate() throws {
        guard calls >= 1, calls <= CostOptions.maxCalls else {
            throw EstimateError.outOfRange(option: "calls", value: String(calls), allowed: "1 to 1,000,000,000")
        }
        if outputTokens != nil && outputRatio != nil {
            throw EstimateError.conflictingOptions("give either an output token count or an output ratio, not both")
        }
        if let n = outputTokens, n < 0 || n > CostOptions.maxOutputTokens {
            throw EstimateError.outOfRange(option: "output tokens", value: String(n), allowed: "0 to 1,000,000,000")
        }
        if let r = outputRatio, !(r >= 0 && r <= CostOptions.maxOutputRatio) {
            throw EstimateError.outOfRange(option: "output ratio", value: String(r), allowed: "0 to 1000")
        }
    }

    /// Output tokens per call for a given input.
    public func outputTokens(forInput input: Int) -> Int {
        if let n = outputTokens { return n }
        if let r = outputRatio { return Int((Double(input) * r).rounded()) }
        return 0
    }
}

/// The price of sending a document, in US dollars at full precision.
public struct CostBreakdown: Codable, Sendable, Equatable {
    /// Input tokens per call.
    public var inputTokens: Int
    /// Output tokens per call.
    public var outputTokens: Int
    /// Number of calls.
    public var calls: Int
    /// Whether the cached-input price was requested.
    public var cached: Bool
    /// The price per million input tokens actually applied (cached or not).
    public var inputPricePerMillion: Double
    /// The price per million output tokens.
    public var outputPricePerMillion: Double
    /// `inputTokens × calls × inputPricePerMillion / 1e6`.
    public var inputUSD: Double
    /// `outputTokens × calls × outputPricePerMillion / 1e6`.
    public var outputUSD: Double
    /// `inputUSD + outputUSD`.
    public var totalUSD: Double

    /// Sums two breakdowns (tokens and dollars add; prices and flags are kept from `self` when equal, else 0/false).
    public static func + (a: CostBreakdown, b: CostBreakdown) -> CostBreakdown {
        CostBreakdown(inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens,
                      calls: max(a.calls, b.calls), cached: a.cached && b.cached,
                      inputPricePerMillion: a.inputPricePerMillion == b.inputPricePerMillion ? a.inputPricePerMillion : 0,
                      outputPricePerMillion: a.outputPricePerMillion == b.outputPricePerMillion ? a.outputPricePerMillion : 0,
                      inputUSD: a.inputUSD + b.inputUSD, outputUSD: a.outputUSD + b.outputUSD, totalUSD: a.totalUSD + b.totalUSD)
    }

    /// Creates a breakdown from its parts.
    public init(inputTokens: Int, outputTokens: Int, calls: Int, cached: Bool, inputPricePerMillion: Double,
                outputPricePerMillion: Double, inputUSD: Double, outputUSD: Double, totalUSD: Double) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.calls = calls
        self.cached = cached
        self.inputPricePerMillion = inputPricePerMillion
        self.outputPricePerMillion = outputPricePerMillion
        self.inputUSD = inputUSD
        self.outputUSD = outputUSD
        self.totalUSD = totalUSD
    }

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case calls, cached
        case inputPricePerMillion = "input_price_per_million"
        case outputPricePerMillion = "output_price_per_million"
        case inputUSD = "input_usd"
        case outputUSD = "output_usd"
        case totalUSD = "total_usd"
    }
}

/// Prices `inputTokens` (per call) with `price` under `options`.
/// - Throws: ``EstimateError`` for out-of-range options or negative input.
public func estimateCost(inputTokens: Int, price: Pricing, options: CostOptions = CostOptions()) throws -> CostBreakdown {
    try options.validate()
    guard inputTokens >= 0 else {
        throw EstimateError.outOfRange(option: "input tokens", value: String(inputTokens), allowed: "0 or more")
    }
    let output = options.outputTokens(forInput: inputTokens)
    let inputPrice = options.cached ? (price.cachedInputPerMillion ?? price.inputPerMillion) : price.inputPerMillion
    let calls = Double(options.calls)
    let inputUSD = Double(inputTokens) * calls * inputPrice / 1_000_000
    let outputUSD = Double(output) * calls * price.outputPerMillion / 1_000_000
    return CostBreakdown(inputTokens: inputTokens, outputTokens: output, calls: options.calls, cached: options.cached,
                         inputPricePerMillion: inputPrice, outputPricePerMillion: price.outputPerMillion,
                         inputUSD: inputUSD, outputUSD: outputUSD, totalUSD: inputUSD + outputUSD)
}

/// Display formatting of US dollar amounts. JSON output keeps full precision; only text renderers round.
public enum USD {
    /// `$0.00` for zero, `<$0.0001` below a hundredth of a cent, 4 decimals below $1 (`$0.0123`),
    /// else 2 decimals with thousands separators (`$12.35`, `$1,234.50`). Negative amounts get a leading `-`.
    public static func format(_ amount: Double) -> String {
        guard amount.isFinite else { return "$?" }
        if amount < 0 { return "-" + format(-amount) }
        if amount == 0 { return "$0.00" }
        if amount < 0.0001 { return "<$0.0001" }
        if amount < 1 { return "$" + fixed(amount, decimals: 4) }
        return "$" + grouped(fixed(amount, decimals: 2))
    }

    /// `value` with exactly `decimals` decimals, rounded half away from zero, without locale effects.
    static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return String(value) }
        let n = Int(scaled)
        let whole = n / Int(scale), frac = n % Int(scale)
        if decimals == 0 { return String(whole) }
        let f = String(frac)
        return "\(whole)." + String(repeating: "0", count: decimals - f.count) + f
    }

    /// Inserts `,` every three digits of the whole part.
    static func grouped(_ s: String) -> String {
        let parts = s.split(separator: ".", maxSplits: 1)
        var whole = Array(parts[0])
        var i = whole.count - 3
        while i > 0 { whole.insert(",", at: i); i -= 3 }
        return String(whole) + (parts.count > 1 ? "." + parts[1] : "")
    }
}
