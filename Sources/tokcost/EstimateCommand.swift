import ArgumentParser
import Foundation
import TokEstimate

/// `tokcost [estimate]`: the cost report of documents for one or several models.
struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Show what documents cost to send to a model: tokens, rules of thumb, scripts, spend, context fit.",
        discussion: """
        For each input and a total: bytes, characters (Unicode scalars), grapheme clusters, words, lines and \
        sentences; the exact token count for the model (default gpt-5, o200k_base); the rules of thumb \
        characters/4 and words/0.75 with their signed error; tokens per script; input and output cost; \
        and the context budget (window, reserve, used, headroom, fits, chunks at sentence boundaries).

        Inputs: files, '-' (or nothing) for standard input, and directories, searched recursively for regular \
        files named *.txt or *.md (change with --glob; hidden files and folders are skipped).

        Chat and batch inputs: --messages FILE.json (a list of {role, content} messages; adds each model \
        family's per-message overhead) or --batch FILE.jsonl (one request body per line; one row per request).
        """)

    @OptionGroup var modelOptions: ModelOptions
    @OptionGroup var spendOptions: SpendOptions
    @OptionGroup var formatOptions: FormatOptions
    @OptionGroup var readingOptions: ReadingOptions

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("File-name pattern for files in directories (repeatable). Default: *.txt and *.md.", valueName: "PATTERN"))
    var glob: [String] = []

    @Option(name: .long, help: ArgumentHelp("A JSON list of chat messages ({role, content}) to price as one request.", valueName: "FILE.json"))
    var messages: String?

    @Option(name: .long, help: ArgumentHelp("A JSONL file of requests, one request body per line (as batch APIs take them).", valueName: "FILE.jsonl"))
    var batch: String?

    @Argument(help: "Files or directories; '-' or nothing reads standard input.")
    var files: [String] = []

    func run() throws {
        try readingOptions.validate()
        let format = try formatOptions.format()
        let options = try spendOptions.reportOptions()
        var estimator = try modelOptions.estimator(threads: readingOptions.threads)
        var models: [ModelInfo] = []
        for name in try modelOptions.modelNames() {
            let m = try estimator.model(named: name)
            if !models.contains(where: { $0.id == m.id }) { models.append(m) }  // aliases of one model count once
        }
        if messages != nil || batch != nil {
            guard files.isEmpty else { throw CLIError("--messages and --batch take the place of file arguments") }
            guard messages == nil || batch == nil else { throw CLIError("give --messages or --batch, not both") }
            let chat = ChatEstimate(models: models, options: options, modelsGiven: modelOptions.modelGiven)
            let text = try messages.map { try chat.messages(file: $0, estimator: &estimator, format: format) }
                ?? chat.batch(file: batch!, estimator: &estimator, format: format)
            if let warning = estimator.catalogue.stalenessWarning() { printError("tokcost: warning: \(warning)") }
            write(text)
            return
        }
        let paths = try InputCollector.expand(files, patterns: glob.isEmpty ? InputCollector.defaultPatterns : glob)

        // One pass per distinct encoding serves every model counted with it.
        var encodings: [String] = []
        for m in models where !encodings.contains(m.tokenization.encoding) { encodings.append(m.tokenization.encoding) }
        var reports: [String: [CostReport]] = [:]  // model id -> one report per path
        // Standard input can be read once: keep it when several encodings must each read it.
        let stdinDocument = encodings.count > 1 && paths.contains("-")
            ? try DocumentLoader.readWhole("-", lossy: readingOptions.lossy) : nil
        for encodingName in encodings {
            let group = models.filter { $0.tokenization.encoding == encodingName }
            let analyzer = try estimator.analyzer(for: group, options: options)
            for path in paths {
                let analysis: DocumentAnalysis
                if path == "-", let stdinDocument {
                    analysis = try stdinDocument.bytes.withUnsafeBytes {
                        try analyzer.analyze(utf8: $0.bindMemory(to: UInt8.self), name: path)
                    }
                } else {
                    analysis = try DocumentLoader.analyze(path, with: analyzer, lossy: readingOptions.lossy)
                }
                for m in group { reports[m.id, default: []].append(try estimator.report(analysis, model: m, options: options)) }
            }
        }
        let sets = models.map { CostReportSet(model: $0, documents: reports[$0.id] ?? []) }
        var text: String
        if sets.count == 1 {
            text = try ReportRenderer.render(sets[0], as: format)
        } else {
            let comparisons = paths.indices.map { i in
                ModelComparison(document: paths[i], reports: sets.map { $0.documents[i] })
            }
            text = try MultiModelReport(comparisons: comparisons, reports: sets).render(as: format)
        }
        if let warning = estimator.catalogue.stalenessWarning() { printError("tokcost: warning: \(warning)") }
        write(text)
    }

    private func write(_ text: String) {
        var out = StandardOutput()
        out.write(text)
        out.flush()
    }
}
