import ArgumentParser
import Foundation
import TokBPE

/// `tokcost count`: the number of tokens in each file, and a total when there are several.
struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Count the tokens of files (or standard input).",
        discussion: "Special-token text in a document is counted as ordinary text unless --allow-special names it.")

    @OptionGroup var encodingOptions: EncodingOptions
    @OptionGroup var textOptions: TextOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Argument(help: "Files to count; '-' or nothing reads standard input.")
    var files: [String] = []

    func run() throws {
        let encoding = try encodingOptions.load()
        let allowed = try textOptions.allowed(in: encoding)
        let normalizer = try encodingOptions.normalizer()
        var rows: [(name: String, tokens: Int)] = []
        for path in files.isEmpty ? ["-"] : files {
            let document = try InputReader.read(path, lossy: textOptions.lossy).normalized(by: normalizer)
            let tokens: Int
            if let allowed {
                tokens = try encoding.encodeDocument(document.bytes, allowed: allowed).count
            } else {
                tokens = document.bytes.withUnsafeBytes { encoding.count(validatedUTF8: $0.bindMemory(to: UInt8.self)) }
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
