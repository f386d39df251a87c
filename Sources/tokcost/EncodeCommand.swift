import ArgumentParser
import Foundation
import TokBPE
import TokHuggingFace

/// `tokcost encode`: the token ids of a document.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Print the token ids of a file (or standard input), separated by spaces.")

    @OptionGroup var encodingOptions: EncodingOptions
    @OptionGroup var textOptions: TextOptions

    @Flag(name: .long, help: "Print a JSON array.")
    var json = false

    @Flag(name: .long, help: "Encode each line separately (without its line break) and print one line of ids per input line.")
    var lines = false

    @Argument(help: "The file to encode; '-' or nothing reads standard input.")
    var file: String?

    func run() throws {
        let encoding = try encodingOptions.load()
        let allowed = try textOptions.allowed(in: encoding)
        let document = try InputReader.read(file ?? "-", lossy: textOptions.lossy).normalized(by: try encodingOptions.normalizer())
        var out = StandardOutput()
        let segments: [Data]
        if lines {
            // Lines without their line break: LF, or CR LF.
            var parts = document.bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
                Data(line.last == 0x0D ? line.dropLast() : line)
            }
            if parts.last?.isEmpty == true { parts.removeLast() }
            segments = parts
        } else {
            segments = [document.bytes]
        }
        // Line by line, words repeat from line to line: one session keeps what it has encoded.
        let session = lines && allowed == nil ? (encoding as? Encoding).map { EncodingSession($0) } : nil
        for segment in segments {
            let ids: [Int]
            do {
                if let session {
                    ids = segment.withUnsafeBytes { session.encodeOrdinary(validatedUTF8: $0.bindMemory(to: UInt8.self)) }
                } else {
                    ids = try encoding.encode(document: segment, allowedSpecial: allowed)
                }
            } catch let error as HFTokenizerError {
                throw CLIError(error.description)
            }
            if json {
                out.write("[")
                out.write(decimals: ids, separator: UInt8(ascii: ","))
                out.write("]\n")
            } else {
                out.write(decimals: ids, separator: UInt8(ascii: " "))
                out.write("\n")
            }
        }
        out.flush()
    }
}
