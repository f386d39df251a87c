import Foundation

/// Prices in US dollars per one million tokens.
public struct Pricing: Codable, Sendable, Equatable {
    /// Price of one million input (prompt) tokens.
    public var inputPerMillion: Double
    /// Price of one million input tokens read from the provider's prompt cache, if the provider has one.
    public var cachedInputPerMillion: Double?
    /// Price of one million output (completion) tokens; 0 for embedding models.
    public var outputPerMillion: Double

    /// Creates a price list.
    public init(inputPerMillion: Double, cachedInputPerMillion: Double? = nil, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.cachedInputPerMillion = cachedInputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    enum CodingKeys: String, CodingKey {
        case inputPerMillion = "input_per_million"
        case cachedInputPerMillion = "cached_input_per_million"
        case outputPerMillion = "output_per_million"
    }

    /// Encodes every key, writing `null` when there is no cached-input price.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(inputPerMillion, forKey: .inputPerMillion)
        try c.encode(cachedInputPerMillion, forKey: .cachedInputPerMillion)
        try c.encode(outputPerMillion, forKey: .outputPerMillion)
    }
}

/// How a model's tokens are counted by tokcost.
public enum TokenCounting: Codable, Sendable, Equatable {
    /// Counted exactly with the named encoding (for example `o200k_base`, `cl100k_base`, `deepseek_v3`).
    case exact(encoding: String)
    /// Estimated: tokens of the `proxy` encoding times `factor`; the true count is
    /// believed to lie within `factor × (1 ± uncertainty)`. `note` says where the factor comes from.
    case estimated(proxy: String, factor: Double, uncertainty: Double, note: String)

    /// The encoding whose tokens must be counted: the exact encoding or the proxy.
    public var encoding: String {
        switch self {
        case .exact(let e): return e
        case .estimated(let p, _, _, _): return p
        }
    }

    /// The multiplier applied to the encoding's count (1 for exact counting).
    public var factor: Double {
        if case .estimated(_, let f, _, _) = self { return f }
        return 1
    }

    /// The relative uncertainty of the factor (0 for exact counting).
    public var uncertainty: Double {
        if case .estimated(_, _, let u, _) = self { return u }
        return 0
    }

    /// `"exact"` or `"estimated"`.
    public var method: String {
        if case .exact = self { return "exact" }
        return "estimated"
    }

    /// The model's token count given the count in ``encoding``, rounded to the nearest whole token.
    public func modelTokens(fromEncodingTokens n: Int) -> Int {
        Int((Double(n) * factor).rounded())
    }

    /// The range `[low, high]` the model's count is believed to lie in, given the encoding's count.
    public func modelTokenRange(fromEncodingTokens n: Int) -> ClosedRange<Int> {
        let low = Int((Double(n) * factor * (1 - uncertainty)).rounded(.down))
        let high = Int((Double(n) * factor * (1 + uncertainty)).rounded(.up))
        return max(0, low)...max(0, high)
    }

    enum CodingKeys: String, CodingKey { case method, encoding, proxy, factor, uncertainty, note }

    /// Decodes `{"method":"exact","encoding":…}` or `{"method":"estimated","proxy":…,"factor":…,"uncertainty":…,"note":…}`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .method) {
        case "exact":
            self = .exact(encoding: try c.decode(String.self, forKey: .encoding))
        case "estimated":
            self = .estimated(proxy: try c.decode(String.self, forKey: .proxy),
                              factor: try c.decode(Double.self, forKey: .factor),
                              uncertainty: try c.decode(Double.self, forKey: .uncertainty),
                              note: try c.decode(String.self, forKey: .note))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .method, in: c,
                debugDescription: "method must be \"exact\" or \"estimated\", not \"\(other)\"")
        }
    }

    /// Encodes in the catalogue's format.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .exact(let e):
            try c.encode("exact", forKey: .method)
            try c.encode(e, forKey: .encoding)
        case let .estimated(p, f, u, n):
            try c.encode("estimated", forKey: .method)
            try c.encode(p, forKey: .proxy)
            try c.encode(f, forKey: .factor)
            try c.encode(u, forKey: .uncertainty)
            try c.encode(n, forKey: .note)
        }
    }
}

/// One model of the catalogue: who serves it, its limits, its prices and how its tokens are counted.
public struct ModelInfo: Codable, Sendable, Equatable {
    /// The catalogue's name of the model, for example `gpt-4o`.
    public var id: String
    /// Who is billed for it, for example `openai`, `anthropic`, `google`, `together_ai`.
    public var provider: String
    /// Other names that resolve to this entry (dated snapshots, litellm keys).
    public var aliases: [String]
    /// litellm's mode: `chat`, `embedding`, `responses`, `completion`, …
    public var mode: String
    /// Maximum input tokens the provider accepts (litellm's `max_input_tokens`, else `max_tokens`).
    public var contextWindow: Int
    /// Maximum output tokens per call, if the model produces output.
    public var maxOutput: Int?
    /// Prices per million tokens.
    public var price: Pricing
    /// How tokens are counted.
    public var tokenization: TokenCounting
    /// How chat messages are wrapped; see ``ChatFormat``.
    public var chatFormat: ChatFormat
    /// Where the facts come from (file, version, entry).
    public var source: String
    /// The date the facts were taken, `YYYY-MM-DD`.
    public var asOf: String

    /// Creates a model entry.
    public init(id: String, provider: String, aliases: [String] = [], mode: String = "chat",
                contextWindow: Int, maxOutput: Int?, price: Pricing, tokenization: TokenCounting,
                chatFormat: ChatFormat = .openAI, source: String, asOf: String) {
        self.id = id
        self.provider = provider
        self.aliases = aliases
        self.mode = mode
        self.contextWindow = contextWindow
        self.maxOutput = maxOutput
        self.price = price
        self.tokenization = tokenization
        self.chatFormat = chatFormat
        self.source = source
        self.asOf = asOf
    }

    enum CodingKeys: String, CodingKey {
        case id, provider, aliases, mode
        case contextWindow = "context_window"
        case maxOutput = "max_output"
        case price, tokenization
        case chatFormat = "chat_format"
        case source
        case asOf = "as_of"
    }

    /// Encodes every key, writing `null` for a missing maximum output or cached price.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(provider, forKey: .provider)
        try c.encode(aliases, forKey: .aliases)
        try c.encode(mode, forKey: .mode)
        try c.encode(contextWindow, forKey: .contextWindow)
        try c.encode(maxOutput, forKey: .maxOutput)
        try c.encode(price, forKey: .price)
        try c.encode(tokenization, forKey: .tokenization)
        try c.encode(chatFormat, forKey: .chatFormat)
        try c.encode(source, forKey: .source)
        try c.encode(asOf, forKey: .asOf)
    }
}
