import Foundation

/// Options of a report besides the document and the model.
public struct ReportOptions: Sendable, Equatable {
    /// Output, calls and caching.
    public var cost: CostOptions
    /// Tokens kept for the reply; `nil` means ``ContextBudget/defaultReserve(for:)``.
    public var reserve: Int?
    /// A window that overrides the model's (e.g. from `--window 32k`); `nil` uses the catalogue's.
    public var window: Int?
    /// Tokens the chat wrapping adds (from ``chatTokenCount(messages:family:count:)`` minus the texts),
    /// in the encoding's units; added to the document's tokens before the factor.
    public var chatOverheadTokens: Int
    /// A chunk count measured by ``DocumentAnalyzer`` for this model's ``ChunkPlan``; when set it
    /// replaces the count computed from ``DocumentFigures/sentenceTokens`` or the token total.
    public var measuredChunks: Int?

    /// Creates options.
    public init(cost: CostOptions = CostOptions(), reserve: Int? = nil, window: Int? = nil, chatOverheadTokens: Int = 0,
                measuredChunks: Int? = nil) {
        self.cost = cost
        self.reserve = reserve
        self.window = window
        self.chatOverheadTokens = chatOverheadTokens
        self.measuredChunks = measuredChunks
    }

    /// The window (the override or the model's) and the reserve (given, or the model's default shrunk
    /// to fit a smaller window) a report for `model` uses.
    public func limits(for model: ModelInfo) -> (window: Int, reserve: Int) {
        let window = self.window ?? model.contextWindow
        let reserve = self.reserve ?? min(ContextBudget.defaultReserve(for: model), window - 1)
        return (window, reserve)
    }

    /// The plan a ``DocumentAnalyzer`` needs to measure chunks for `model` under these options
    /// (`nil` when the reserve leaves no room, which the report rejects anyway).
    public func chunkPlan(for model: ModelInfo) -> ChunkPlan? {
        let (window, reserve) = limits(for: model)
        guard reserve >= 0, reserve < window else { return nil }
        return ChunkPlan(budget: window - reserve, factor: model.tokenization.factor)
    }

    /// Checks ranges; ``CostReport/init(figures:model:options:)`` calls this.
    /// - Throws: ``EstimateError`` naming the option.
    public func validate() throws {
        try cost.validate()
        if let r = reserve, r < 0 || r > 1_000_000_000 {
            throw EstimateError.outOfRange(option: "reserve", value: String(r), allowed: "0 to 1,000,000,000")
        }
        if let w = window, w <= 0 || w > 1_000_000_000_000 {
            throw EstimateError.outOfRange(option: "window", value: String(w), allowed: "1 to 10^12")
        }
        if chatOverheadTokens < 0 {
            throw EstimateError.outOfRange(option: "chat overhead", value: String(chatOverheadTokens), allowed: "0 or more")
        }
    }
}

/// One per-script row of a report.
public struct ScriptRow: Codable, Sendable, Equatable {
    /// Script name.
    public var script: String
    /// Tokens of this script's text.
    public var tokens: Int
    /// Unicode scalars.
    public var characters: Int
    /// Words.
    public var words: Int
    /// `characters / tokens`; `nil` when there are no tokens.
    public var charsPerToken: Double?
    /// `tokens / words`; `nil` when there are no words.
    public var tokensPerWord: Double?
    /// This row's share of the tokens of all script rows (0…1; the shares sum to 1).
    public var share: Double

    /// Computes the ratios of one row; `totalTokens` is the sum over all rows.
    public init(_ f: ScriptFigures, totalTokens: Int) {
        script = f.script
        tokens = f.tokens
        characters = f.characters
        words = f.words
        charsPerToken = f.tokens > 0 ? Double(f.characters) / Double(f.tokens) : nil
        tokensPerWord = f.words > 0 ? Double(f.tokens) / Double(f.words) : nil
        share = totalTokens > 0 ? Double(f.tokens) / Double(totalTokens) : 0
    }

    enum CodingKeys: String, CodingKey {
        case script, tokens, characters, words
        case charsPerToken = "chars_per_token"
        case tokensPerWord = "tokens_per_word"
        case share
    }

    /// Encodes every key; undefined ratios are `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(script, forKey: .script)
        try c.encode(tokens, forKey: .tokens)
        try c.encode(characters, forKey: .characters)
        try c.encode(words, forKey: .words)
        try c.encode(charsPerToken, forKey: .charsPerToken)
        try c.encode(tokensPerWord, forKey: .tokensPerWord)
        try c.encode(share, forKey: .share)
    }
}

/// How the report's token count was obtained.
public struct CountingSummary: Codable, Sendable, Equatable {
    /// `exact` or `estimated`.
    public var method: String
    /// The encoding that was run (the exact one, or the proxy).
    public var encoding: String
    /// The correction factor applied (1 for exact).
    public var factor: Double
    /// Relative uncertainty of the factor (0 for exact).
    public var uncertainty: Double
    /// Tokens in ``encoding`` (document plus chat overhead), before the factor.
    public var encodingTokens: Int
    /// Lower end of the model's likely count.
    public var tokensLow: Int
    /// Upper end of the model's likely count.
    public var tokensHigh: Int
    /// Where the factor comes from (`null` for exact counts).
    public var note: String?

    /// Summarises `counting` for `encodingTokens` tokens of its encoding.
    public init(_ counting: TokenCounting, encodingTokens: Int) {
        method = counting.method
        encoding = counting.encoding
        factor = counting.factor
        uncertainty = counting.uncertainty
        self.encodingTokens = encodingTokens
        let range = counting.modelTokenRange(fromEncodingTokens: encodingTokens)
        tokensLow = range.lowerBound
        tokensHigh = range.upperBound
        if case .estimated(_, _, _, let n) = counting { note = n } else { note = nil }
    }

    enum CodingKeys: String, CodingKey {
        case method, encoding, factor, uncertainty
        case encodingTokens = "encoding_tokens"
        case tokensLow = "tokens_low"
        case tokensHigh = "tokens_high"
        case note
    }

    /// Encodes every key; `note` is `null` for exact counts.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
        try c.encode(encoding, forKey: .encoding)
        try c.encode(factor, forKey: .factor)
        try c.encode(uncertainty, forKey: .uncertainty)
        try c.encode(encodingTokens, forKey: .encodingTokens)
        try c.encode(tokensLow, forKey: .tokensLow)
        try c.encode(tokensHigh, forKey: .tokensHigh)
        try c.encode(note, forKey: .note)
    }
}

/// Everything tokcost reports about one document for one model. Encodes to JSON with stable
/// snake_case keys (documented in the README).
public struct CostReport: Codable, Sendable, Equatable {
    /// The document's name.
    public var name: String
    /// The model id.
    public var model: String
    /// The model's provider.
    public var provider: String
    /// The encoding that was run (exact or proxy).
    public var encoding: String
    /// The model's token count: (document + chat overhead) tokens × factor, rounded.
    public var tokens: Int
    /// UTF-8 bytes.
    public var bytes: Int
    /// Unicode scalars.
    public var characters: Int
    /// Grapheme clusters.
    public var graphemes: Int
    /// Words.
    public var words: Int
    /// Lines.
    public var lines: Int
    /// Sentences.
    public var sentences: Int
    /// The rules of thumb, with their errors against the document's token count in ``encoding``.
    public var heuristics: HeuristicEstimate
    /// Per-script rows.
    public var scripts: [ScriptRow]
    /// How ``tokens`` was obtained.
    public var counting: CountingSummary
    /// The price.
    public var cost: CostBreakdown
    /// The fit in the context window.
    public var context: ContextBudget

    /// Builds the report.
    /// - Throws: ``EstimateError`` for invalid options (calls, reserve ≥ window, …).
    public init(figures: DocumentFigures, model: ModelInfo, options: ReportOptions = ReportOptions()) throws {
        try options.validate()
        let counting = model.tokenization
        let encodingTokens = figures.tokens + options.chatOverheadTokens
        let tokens = counting.modelTokens(fromEncodingTokens: encodingTokens)
        name = figures.name
        self.model = model.id
        provider = model.provider
        encoding = counting.encoding
        self.tokens = tokens
        bytes = figures.bytes
        characters = figures.characters
        graphemes = figures.graphemes
        words = figures.words
        lines = figures.lines
        sentences = figures.sentences
        heuristics = HeuristicEstimate(characters: figures.characters, words: figures.words, exactTokens: figures.tokens)
        let scriptTotal = figures.scripts.reduce(0) { $0 + $1.tokens }
        scripts = figures.scripts.map { ScriptRow($0, totalTokens: scriptTotal) }
        self.counting = CountingSummary(counting, encodingTokens: encodingTokens)
        cost = try estimateCost(inputTokens: tokens, price: model.price, options: options.cost)
        let (window, reserve) = options.limits(for: model)
        let sentenceTokens = figures.sentenceTokens.map { $0.map { counting.modelTokens(fromEncodingTokens: $0) } }
        context = try ContextBudget(used: tokens, window: window, reserve: reserve, sentenceTokenCounts: sentenceTokens)
        if let measured = options.measuredChunks {
            // Chat overhead is not part of the sentences; it can only add a chunk when it overflows the last one.
            context.chunks = tokens == 0 ? 0 : max(measured, context.fits ? 1 : 2)
        }
    }
}

/// Sums over several documents reported for the same model.
public struct ReportTotal: Codable, Sendable, Equatable {
    /// Number of documents.
    public var documents: Int
    /// Sum of the reports' tokens.
    public var tokens: Int
    /// Sum of bytes.
    public var bytes: Int
    /// Sum of Unicode scalars.
    public var characters: Int
    /// Sum of graphemes.
    public var graphemes: Int
    /// Sum of words.
    public var words: Int
    /// Sum of lines.
    public var lines: Int
    /// Sum of sentences.
    public var sentences: Int
    /// Sum of the costs (input tokens and output tokens are per call, summed over documents).
    public var cost: CostBreakdown
    /// Whether every document fits the window on its own.
    public var fitsAll: Bool
    /// Sum of the documents' chunk counts.
    public var chunks: Int

    /// Sums `reports` (all zero for an empty list).
    public init(_ reports: [CostReport]) {
        documents = reports.count
        tokens = reports.reduce(0) { $0 + $1.tokens }
        bytes = reports.reduce(0) { $0 + $1.bytes }
        characters = reports.reduce(0) { $0 + $1.characters }
        graphemes = reports.reduce(0) { $0 + $1.graphemes }
        words = reports.reduce(0) { $0 + $1.words }
        lines = reports.reduce(0) { $0 + $1.lines }
        sentences = reports.reduce(0) { $0 + $1.sentences }
        let zero = CostBreakdown(inputTokens: 0, outputTokens: 0, calls: 0, cached: false, inputPricePerMillion: 0,
                                 outputPricePerMillion: 0, inputUSD: 0, outputUSD: 0, totalUSD: 0)
        cost = reports.dropFirst().reduce(reports.first?.cost ?? zero) { $0 + $1.cost }
        fitsAll = reports.allSatisfy { $0.context.fits }
        chunks = reports.reduce(0) { $0 + $1.context.chunks }
    }

    enum CodingKeys: String, CodingKey {
        case documents, tokens, bytes, characters, graphemes, words, lines, sentences, cost
        case fitsAll = "fits_all"
        case chunks
    }
}

/// The reports of several documents for one model, with their total. This is what `--json` prints.
public struct CostReportSet: Codable, Sendable, Equatable {
    /// The model id.
    public var model: String
    /// The catalogue date the prices come from.
    public var pricesAsOf: String
    /// One report per document, in input order.
    public var documents: [CostReport]
    /// The sums.
    public var total: ReportTotal

    /// Groups reports (which should all be for `model`).
    public init(model: ModelInfo, documents: [CostReport]) {
        self.model = model.id
        pricesAsOf = model.asOf
        self.documents = documents
        total = ReportTotal(documents)
    }

    enum CodingKeys: String, CodingKey {
        case model
        case pricesAsOf = "prices_as_of"
        case documents, total
    }
}

/// One row of a side-by-side comparison of models for the same document.
public struct ComparisonRow: Codable, Sendable, Equatable {
    /// Model id.
    public var model: String
    /// Provider.
    public var provider: String
    /// `exact` or `estimated`.
    public var method: String
    /// Encoding run (exact or proxy).
    public var encoding: String
    /// The model's tokens.
    public var tokens: Int
    /// Likely range of the model's tokens.
    public var tokensLow: Int
    /// Likely range of the model's tokens.
    public var tokensHigh: Int
    /// Input cost.
    public var inputUSD: Double
    /// Output cost.
    public var outputUSD: Double
    /// Total cost.
    public var totalUSD: Double
    /// Context window.
    public var window: Int
    /// Reserve.
    public var reserve: Int
    /// `100 × tokens / window`.
    public var usedPercent: Double
    /// Whether it fits.
    public var fits: Bool
    /// Chunks needed.
    public var chunks: Int

    /// Extracts the comparison columns from a report.
    public init(report r: CostReport) {
        model = r.model
        provider = r.provider
        method = r.counting.method
        encoding = r.encoding
        tokens = r.tokens
        tokensLow = r.counting.tokensLow
        tokensHigh = r.counting.tokensHigh
        inputUSD = r.cost.inputUSD
        outputUSD = r.cost.outputUSD
        totalUSD = r.cost.totalUSD
        window = r.context.window
        reserve = r.context.reserve
        usedPercent = r.context.usedPercent
        fits = r.context.fits
        chunks = r.context.chunks
    }

    enum CodingKeys: String, CodingKey {
        case model, provider, method, encoding, tokens
        case tokensLow = "tokens_low"
        case tokensHigh = "tokens_high"
        case inputUSD = "input_usd"
        case outputUSD = "output_usd"
        case totalUSD = "total_usd"
        case window, reserve
        case usedPercent = "used_percent"
        case fits, chunks
    }
}

/// The same document priced for several models.
public struct ModelComparison: Codable, Sendable, Equatable {
    /// The document's name.
    public var document: String
    /// One row per model, in the order given.
    public var rows: [ComparisonRow]

    /// Builds the comparison from one report per model (each built with figures counted in that model's encoding).
    public init(document: String, reports: [CostReport]) {
        self.document = document
        rows = reports.map(ComparisonRow.init(report:))
    }
}
