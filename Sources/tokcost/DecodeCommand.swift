import ArgumentParser
import Foundation
import TokBPE
import TokHuggingFace

/// `tokcost decode`: the text of token ids.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Write the text of token ids given as arguments or on standard input.",
        discussion: "Ids may be separated by spaces, commas or newlines, or given as a JSON array. The bytes are written as they are; a warning goes to stderr if they end inside a UTF-8 character.")

    @OptionGroup var encodingOptions: EncodingOptions

    @Argument(help: "Token ids; if none are given they are read from standard input.")
    var ids: [String] = []

    func run() throws {
        let encoding = try encodingOptions.load()
        let words: [Substring]
        if ids.isEmpty {
            let input = try InputReader.read("-", lossy: true)
            let text = String(decoding: input.bytes, as: UTF8.self)
            words = text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "[" || $0 == "]" })
        } else {
            words = ids.flatMap { $0.split(whereSeparator: { " ,[]".contains($0) }) }
        }
        var parsed: [Int] = []
        parsed.reserveCapacity(words.count)
        for (position, word) in words.enumerated() {
            guard let id = Int(word) else {
                throw CLIError("'\(word)' (id number \(position + 1)) is not a token id")
            }
            parsed.append(id)
        }
        let decoded: DecodedText
        do {
            decoded = try encoding.decode(ids: parsed)
        } catch let error as HFTokenizerError {
            throw CLIError(error.description)
        } catch let error as EncodingError {
            if case .unknownTokenID(let id) = error {
                throw CLIError("token id \(id) is out of range for \(encoding.name) (ids are 0..<\(encoding.vocabularySize), with gaps)")
            }
            throw CLIError(error.description)
        }
        var out = StandardOutput()
        out.write(bytes: decoded.bytes)
        out.flush()
        if decoded.endsMidCharacter {
            printError("tokcost: warning: the bytes end inside a UTF-8 character (\(decoded.incompleteSuffixLength) byte(s) of an unfinished character)")
        }
    }
}
