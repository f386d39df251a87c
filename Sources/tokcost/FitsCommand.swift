import ArgumentParser
import Foundation
import TokEstimate

/// `tokcost fits`: does a document fit a model's context window? Exit status 0 yes, 1 no, 2 bad input.
struct FitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fits",
        abstract: "Say whether a document fits a model's context window (exit 0 yes, 1 no, 2 bad input).",
        discussion: """
        Prints the verdict and the headroom. The budget is the window (--window, or the model's) minus the \
        reserve for the answer (--reserve, default the model's maximum output capped at 4,096). \
        --split DIR writes the document as chunks that each fit (chunk-001.txt, …), cut at sentence \
        boundaries, else word boundaries, never inside a grapheme cluster; each chunk's own token count is \
        checked, and the chunks concatenate back to the document.
        """)

    @Option(name: .long, help: "Model (see 'tokcost models'). Default: gpt-5.")
    var model: String = ModelOptions.defaultModel

    @Option(name: .long, help: "Count with this encoding instead of the model's own.")
    var encoding: String?

    @Option(name: .long, help: "A model catalogue to use instead of the bundled one.")
    var prices: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Context window instead of the model's, e.g. 128k (k = 1,000).", valueName: "N"))
    var window: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Tokens kept for the answer. k/M suffixes.", valueName: "N"))
    var reserve: String?

    @Option(name: .long, help: ArgumentHelp("Write chunks that each fit into this directory.", valueName: "DIR"))
    var split: String?

    @Flag(name: .long, help: "Print the verdict as JSON.")
    var json = false

    @OptionGroup var readingOptions: ReadingOptions

    @Argument(help: "The document; '-' or nothing reads standard input.")
    var file: String = "-"

    func run() throws {
        try readingOptions.validate()
        let options = ReportOptions(
            reserve: try reserve.map { try parseTokenCount($0, allowZero: true) }, window: try window.map { try parseTokenCount($0) })
        try options.validate()
        let modelOptions = try ModelOptions.parse(["--model", model] + (encoding.map { ["--encoding", $0] } ?? [])
                                                  + (prices.map { ["--prices", $0] } ?? []))
        var estimator = try modelOptions.estimator(threads: readingOptions.threads)
        let info = try estimator.model(named: model)
        if let warning = estimator.catalogue.stalenessWarning() { printError("tokcost: warning: \(warning)") }
        let (w, r) = options.limits(for: info)
        if r >= w { throw EstimateError.reserveExceedsWindow(reserve: r, window: w) }

        var chunkFiles: [(name: String, text: Data)] = []
        let report: CostReport
        if let split {
            let document = try DocumentLoader.readWhole(file, lossy: readingOptions.lossy)
            let analyzer = try estimator.analyzer(for: [info], options: options)
            let analysis = try document.bytes.withUnsafeBytes { try analyzer.analyze(utf8: $0.bindMemory(to: UInt8.self), name: file) }
            report = try estimator.report(analysis, model: info, options: options)
            let budget = Int((Double(w - r) / info.tokenization.factor).rounded(.down))
            let splitter = ChunkSplitter(encoding: analyzer.encoding, budget: budget)
            let ranges = try document.bytes.withUnsafeBytes { try splitter.ranges(in: $0.bindMemory(to: UInt8.self)) }
            chunkFiles = ranges.enumerated().map { i, range in
                (String(format: "chunk-%03d.txt", i + 1), document.bytes.subdata(in: range))
            }
            try ChunkWriter.write(chunkFiles, to: split)
        } else {
            let analyzer = try estimator.analyzer(for: [info], options: options)
            let analysis = try DocumentLoader.analyze(file, with: analyzer, lossy: readingOptions.lossy)
            report = try estimator.report(analysis, model: info, options: options)
        }

        let c = report.context
        var out = StandardOutput()
        if json {
            struct Verdict: Encodable {
                let document: String, model: String, encoding: String, method: String, tokens: Int
                let context: ContextBudget
                let chunkFiles: [String]?
                enum CodingKeys: String, CodingKey { case document, model, encoding, method, tokens, context, chunkFiles = "chunk_files" }
            }
            out.write(try ReportRenderer.json(Verdict(
                document: file, model: info.id, encoding: report.encoding, method: report.counting.method, tokens: report.tokens,
                context: c, chunkFiles: split.map { dir in chunkFiles.map { dir + "/" + $0.name } })))
        } else {
            let tokens = (report.counting.method == "exact" ? "" : "~") + Self.int(report.tokens)
            let budget = "\(Self.int(c.window - c.reserve)) (window \(Self.int(c.window)) − reserve \(Self.int(c.reserve)))"
            if c.fits {
                out.write("fits: \(tokens) tokens of \(budget) for \(info.id); headroom \(Self.int(c.headroom)) tokens\n")
            } else {
                out.write("does not fit: \(tokens) tokens, budget \(budget) for \(info.id); over by \(Self.int(-c.headroom)) tokens; "
                          + "needs \(Self.int(c.chunks)) chunks split at sentence boundaries\n")
            }
            if let split { out.write("wrote \(chunkFiles.count) chunk\(chunkFiles.count == 1 ? "" : "s") to \(split)/\n") }
        }
        out.flush()
        if !c.fits { throw ExitCode(1) }
    }

    static func int(_ n: Int) -> String {
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.groupingSeparator = ","
        return f.string(from: NSNumber(value: n)) ?? String(n)
    }
}
