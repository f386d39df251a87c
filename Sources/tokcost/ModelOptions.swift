import ArgumentParser
import Foundation
import TokEstimate

/// `--model`, `--models`, `--encoding`, `--prices`: which models to price and how to count them.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model to price (see 'tokcost models'). Default: gpt-5.")
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Several models side by side, comma-separated.", valueName: "a,b,c"))
    var models: String?

    @Option(name: .long, help: ArgumentHelp("Count with this encoding (o200k_base, cl100k_base, …) instead of the model's own; prices stay the model's.", valueName: "NAME"))
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp("A model catalogue to use instead of the bundled one: tokcost's format or litellm's JSON as it is.", valueName: "FILE"))
    var prices: String?

    /// The default model.
    static let defaultModel = "gpt-5"

    /// Whether a model was named on the command line.
    var modelGiven: Bool { model != nil || models != nil }

    /// The model names asked for, in order (`--models` wins over `--model`).
    func modelNames() throws -> [String] {
        if model != nil && models != nil { throw CLIError("give --model or --models, not both") }
        if let models {
            let names = models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw CLIError("--models needs at least one model name") }
            return names
        }
        return [model ?? Self.defaultModel]
    }

    /// The catalogue: `--prices FILE` or the bundled one.
    func catalogue() throws -> ModelCatalogue {
        guard let prices else { return try ModelCatalogue.bundled() }
        try InputReader.checkIsFile(prices)
        return try ModelCatalogue(contentsOf: URL(fileURLWithPath: prices))
    }

    /// An estimator over the chosen catalogue with the chosen encoding override.
    func estimator(threads: Int) throws -> Estimator {
        try Estimator(catalogue: catalogue(), threads: threads, encodingOverride: encoding)
    }
}

/// `--output-tokens`, `--output-ratio`, `--calls`, `--cached`, `--reserve`, `--window`: spend and budget.
struct SpendOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Output tokens per call, priced at the output rate.", valueName: "N"))
    var outputTokens: Int?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Output tokens per call as a multiple of the input tokens (e.g. 0.25).", valueName: "R"))
    var outputRatio: Double?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Number of calls (the document is sent this many times).", valueName: "N"))
    var calls: Int = 1

    @Flag(name: .long, help: "Price the input at the cached-input rate (a prompt-cache hit).")
    var cached = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Tokens kept for the answer (default: the model's maximum output, at most 4,096). k/M suffixes.", valueName: "N"))
    var reserve: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Context window instead of the model's, e.g. 128k, 1M (k = 1,000).", valueName: "N"))
    var window: String?

    /// The report options these flags describe.
    func reportOptions() throws -> ReportOptions {
        if outputTokens != nil && outputRatio != nil { throw CLIError("give --output-tokens or --output-ratio, not both") }
        let cost = CostOptions(outputTokens: outputTokens, outputRatio: outputRatio, calls: calls, cached: cached)
        let options = ReportOptions(
            cost: cost, reserve: try reserve.map { try parseTokenCount($0, allowZero: true) },
            window: try window.map { try parseTokenCount($0) })
        try options.validate()
        return options
    }
}

/// `--json`, `--csv`, `--markdown`: the output format (a table by default).
struct FormatOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (documented schema, stable keys).")
    var json = false

    @Flag(name: .long, help: "Print CSV.")
    var csv = false

    @Flag(name: .long, help: "Print Markdown tables.")
    var markdown = false

    /// The chosen format.
    func format() throws -> ReportFormat {
        let chosen = [(json, ReportFormat.json), (csv, .csv), (markdown, .markdown)].filter(\.0)
        if chosen.count > 1 { throw CLIError("give only one of --json, --csv and --markdown") }
        return chosen.first?.1 ?? .table
    }
}

/// `--lossy` and `--threads`: how documents are read and counted.
struct ReadingOptions: ParsableArguments {
    @Flag(name: .long, help: "Replace invalid UTF-8 with U+FFFD instead of failing.")
    var lossy = false

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Threads to count with (default: all cores). Results are the same for any number.", valueName: "N"))
    var threads: Int = min(ProcessInfo.processInfo.activeProcessorCount, 1024)

    func validate() throws {
        guard threads >= 1 && threads <= 1024 else { throw CLIError("--threads must be between 1 and 1024, not \(threads)") }
    }
}
