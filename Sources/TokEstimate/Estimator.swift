import Foundation
import TokBPE

/// Prices documents for models: picks the encoding each model is counted with (loading each encoding
/// once), analyses documents with ``DocumentAnalyzer`` and builds ``CostReport``s.
///
/// ```swift
/// var estimator = try Estimator()
/// let report = try estimator.report(text: "hello world", model: "gpt-5")
/// ```
public struct Estimator {
    /// The model catalogue (bundled unless another one is given).
    public let catalogue: ModelCatalogue
    /// Threads for the encoder.
    public var threads: Int
    /// Count every model with this encoding instead of its own (`--encoding`); prices stay the model's.
    public var encodingOverride: String?
    private var cache = EncodingCache()

    /// An estimator over `catalogue` (the bundled one by default).
    public init(catalogue: ModelCatalogue? = nil, threads: Int = 1, encodingOverride: String? = nil) throws {
        self.catalogue = try catalogue ?? ModelCatalogue.bundled()
        self.threads = max(1, threads)
        self.encodingOverride = encodingOverride
    }

    /// The catalogue entry for `name`, with its counting replaced when ``encodingOverride`` names
    /// another encoding: then the report says "estimated" with the override as the proxy (factor 1 for
    /// models counted exactly, the model's own factor otherwise) and a note saying why.
    /// - Throws: ``CatalogueError/unknownModel(name:suggestions:)``, ``AnalysisError/unknownEncoding(_:)``.
    public func model(named name: String) throws -> ModelInfo {
        var model = try catalogue.model(named: name)
        if let e = encodingOverride {
            guard KnownEncodingNames.contains(e) else { throw AnalysisError.unknownEncoding(e) }
            let own = model.tokenization
            if own.encoding.lowercased() != e.lowercased() {
                let note = "counted with \(e) as asked (--encoding); \(model.id)'s own count is "
                    + (own.method == "exact" ? "\(own.encoding), which can differ a lot" : "estimated from \(own.encoding)")
                model.tokenization = .estimated(proxy: e.lowercased(), factor: own.factor,
                                                uncertainty: max(own.uncertainty, 0.25), note: note)
            }
        }
        return model
    }

    /// The loaded encoding that counts `model`.
    /// - Throws: ``AnalysisError/encodingUnavailable(encoding:model:)`` when tokcost cannot load it.
    public mutating func encoding(for model: ModelInfo) throws -> any TextTokenizer {
        try cache.encoding(for: model)
    }

    /// An analyser for `model`'s encoding that measures chunks for every model in `models` counted with
    /// the same encoding (so one pass serves them all).
    public mutating func analyzer(for models: [ModelInfo], options: ReportOptions) throws -> DocumentAnalyzer {
        guard let first = models.first else { throw EstimateError.conflictingOptions("no model given") }
        let encoding = try cache.encoding(for: first)
        let plans = models.compactMap { options.chunkPlan(for: $0) }
        return DocumentAnalyzer(encoding: encoding, threads: threads, plans: Array(Set(plans)))
    }

    /// Builds the report of an analysed document for `model` (which must be counted with the encoding
    /// the analysis used).
    public func report(_ analysis: DocumentAnalysis, model: ModelInfo, options: ReportOptions = ReportOptions()) throws -> CostReport {
        var options = options
        if options.measuredChunks == nil, let plan = options.chunkPlan(for: model) { options.measuredChunks = analysis.chunks[plan] }
        return try CostReport(figures: analysis.figures, model: model, options: options)
    }

    /// Counts and prices `text` for the model called `model`.
    public mutating func report(text: String, name: String = "-", model: String, options: ReportOptions = ReportOptions()) throws -> CostReport {
        let info = try self.model(named: model)
        try options.validate()
        let analysis = try analyzer(for: [info], options: options).analyze(text, name: name)
        return try report(analysis, model: info, options: options)
    }
}

/// The cost report of `text` for one model: exact tokens (or the model's estimate), cost, context fit.
///
/// ```swift
/// let report = try estimate("नमस्ते दुनिया", model: "gpt-5")
/// report.tokens; report.cost.totalUSD; report.context.fits
/// ```
/// - Throws: ``CatalogueError`` for an unknown model, ``AnalysisError`` when its encoding cannot be
///   loaded, ``EstimateError`` for invalid options.
public func estimate(_ text: String, model: String, options: ReportOptions = ReportOptions(),
                     catalogue: ModelCatalogue? = nil) throws -> CostReport {
    var estimator = try Estimator(catalogue: catalogue)
    return try estimator.report(text: text, model: model, options: options)
}

/// Whether `text` fits `model`'s context window (or `window`) leaving `reserve` tokens for the answer.
/// - Throws: as ``estimate(_:model:options:catalogue:)``; ``EstimateError/reserveExceedsWindow(reserve:window:)``.
public func fits(_ text: String, model: String, reserve: Int? = nil, window: Int? = nil,
                 catalogue: ModelCatalogue? = nil) throws -> ContextBudget {
    try estimate(text, model: model, options: ReportOptions(reserve: reserve, window: window), catalogue: catalogue).context
}
