import ArgumentParser
import Foundation
import TokBPE
import TokHuggingFace

/// `tokcost count`: the number of tokens in each file, and a total when there are several.
struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count the tokens of files (or standard input).",
        discussion: """
        Special-token text in a document is counted as ordinary text unless --allow-special names it. \
        A directory stands for its files named *.txt or *.md, recursively (change with --glob; hidden \
        files and folders are skipped): give a collection as its folder rather than as thousands of \
        file names, which the argument parser takes time to read (12,000 names: 4.7 s).
        """)

    @OptionGroup var encodingOptions: EncodingOptions
    @OptionGroup var textOptions: TextOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Option(name: .long, help: "Threads to count with (default: all cores). The count is the same for any number.")
    var threads: Int = min(ProcessInfo.processInfo.activeProcessorCount, 1024)

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("File-name pattern for files in directories (repeatable). Default: *.txt and *.md.", valueName: "PATTERN"))
    var glob: [String] = []

    @Argument(help: "Files or directories to count; '-' or nothing reads standard input.")
    var files: [String] = []

    func run() throws {
        let encoding = try encodingOptions.load()
        let allowed = try textOptions.allowed(in: encoding)
        let normalizer = try encodingOptions.normalizer()
        var rows: [(name: String, tokens: Int)] = []
        guard threads >= 1 && threads <= 1024 else { throw CLIError("--threads must be between 1 and 1024, not \(threads)") }
        // One session per thread for all the files: words merged in one file are looked up in the
        // next. Pieces only: documents are new text, which such sessions count faster.
        let sessions = (encoding as? Encoding).map { tiktoken in
            (0..<threads).map { _ in EncodingSession(tiktoken, cachesStretches: false) }
        }
        for path in try InputCollector.expand(files, patterns: glob.isEmpty ? InputCollector.defaultPatterns : glob) {
            if allowed == nil && !textOptions.lossy && normalizer == nil, let sessions {
                // Streamed in bounded memory, cut only where the pre-tokenizer splits anyway.
                var counter = StreamingTokenCounter(sessions: sessions)
                do {
                    try InputReader.stream(path) { try counter.append($0) }
                    rows.append((path, try counter.finish()))
                } catch EncodingError.invalidUTF8(let offset) {
                    throw CLIError("\(path): invalid UTF-8 at byte offset \(offset) (use --lossy to replace invalid bytes with U+FFFD)")
                }
                continue
            }
            let document = try InputReader.read(path, lossy: textOptions.lossy).normalized(by: normalizer)
            let tokens: Int
            do {
                if let allowed {
                    tokens = try encoding.encode(document: document.bytes, allowedSpecial: allowed).count
                } else {
                    tokens = try encoding.count(document: document.bytes, threads: threads)
                }
            } catch let error as HFTokenizerError {
                throw CLIError(error.description)
            }
            rows.append((document.name, tokens))
        }
        let total = rows.reduce(0) { $0 + $1.tokens }
        var out = StandardOutput()
        if json {
            let items = rows.map { "{\"file\":\(jsonString($0.name)),\"tokens\":\($0.tokens)}" }
            out.write("{\"encoding\":\(jsonString(encoding.name)),\"files\":[\(items.joined(separator: ","))],\"total\":\(total)}\n")
        } else if rows.count == 1 {
            out.write("\(total)\n")
        } else {
            let width = String(total).count
            for row in rows { out.write(String(repeating: " ", count: width - String(row.tokens).count) + "\(row.tokens) \(row.name)\n") }
            out.write("\(total) total\n")
        }
        out.flush()
    }
}

/// A JSON string literal.
func jsonString(_ value: String) -> String {
    let data = try! JSONSerialization.data(withJSONObject: [value], options: [.withoutEscapingSlashes])
    let text = String(decoding: data, as: UTF8.self)
    return String(text.dropFirst().dropLast())
}
