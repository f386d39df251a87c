import ArgumentParser
import Foundation
import TokBPE
import TokEstimate

/// `tokcost compare`: parallel texts in several languages, counted with several encodings.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare parallel texts (the same content in several languages) across encodings.",
        discussion: """
        Per file and encoding: tokens, characters per token, tokens per word (fertility), the premium over \
        the baseline file (tokens ÷ baseline tokens, same encoding) and the error of both rules of thumb. \
        The baseline is --baseline, else a file named eng.txt, else the first file. Files named after the \
        shipped languages (hin.txt, tam.txt, …) are labelled with the language. Example: \
        tokcost compare Corpora/parallel/*.txt --svg premium.svg
        """)

    @Option(name: .long, help: ArgumentHelp("Encodings to compare. Default: o200k_base,cl100k_base,r50k_base.", valueName: "a,b,c"))
    var encodings: String = "o200k_base,cl100k_base,r50k_base"

    @Option(name: .long, help: ArgumentHelp("The file the others are compared with (default: eng.txt if given, else the first file).", valueName: "FILE"))
    var baseline: String?

    @Option(name: .long, help: ArgumentHelp("Also draw the premiums as an SVG bar chart into this file.", valueName: "FILE"))
    var svg: String?

    @OptionGroup var formatOptions: FormatOptions
    @OptionGroup var readingOptions: ReadingOptions

    @Argument(help: "The parallel text files.")
    var files: [String] = []

    func run() throws {
        try readingOptions.validate()
        let format = try formatOptions.format()
        guard !files.isEmpty else { throw CLIError("give the parallel text files to compare, e.g. Corpora/parallel/*.txt") }
        let names = encodings.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw CLIError("--encodings needs at least one encoding") }
        var cache = EncodingCache()
        let loaded = try names.map { try cache.encoding(named: $0) }

        // The baseline comes first in the table and the chart.
        var paths = files
        let base = baseline ?? paths.first { ($0.split(separator: "/").last.map(String.init) ?? $0) == "eng.txt" } ?? paths[0]
        paths.removeAll { $0 == base }
        paths.insert(base, at: 0)
        let baselineIndex = 0

        // Characters and words once per file (first encoding's pass); tokens per encoding.
        var figures: [DocumentFigures] = []
        var tokens = [[Int]](repeating: [], count: loaded.count)
        for path in paths {
            let document = try DocumentLoader.readWhole(path, lossy: readingOptions.lossy)
            let analyzer = DocumentAnalyzer(encoding: loaded[0], threads: readingOptions.threads)
            let analysis = try document.bytes.withUnsafeBytes { try analyzer.analyze(utf8: $0.bindMemory(to: UInt8.self), name: path) }
            figures.append(analysis.figures)
            for (e, encoding) in loaded.enumerated() {
                tokens[e].append(e == 0 ? analysis.figures.tokens : try encoding.count(document: document.bytes, threads: readingOptions.threads))
            }
        }
        let comparison = LanguageComparison(
            figures: figures, labels: paths.map(LanguageNames.label(forPath:)), encodings: loaded.map(\.name),
            tokens: tokens, baselineIndex: baselineIndex)
        let text = try comparison.render(as: format)
        if let svg { try Self.writeAtomically(PremiumChart(comparison).svg(), to: svg) }
        var out = StandardOutput()
        out.write(text)
        out.flush()
    }

    static func writeAtomically(_ text: String, to path: String) throws {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CLIError("--svg \(path): cannot write (\(error.localizedDescription))")
        }
    }
}
