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
        let parsed: [Int]
        if ids.isEmpty {
            let input = try InputReader.read("-", lossy: true)
            parsed = try input.bytes.withUnsafeBytes { try DecodeCommand.parseIDs($0.bindMemory(to: UInt8.self)) }
        } else {
            parsed = try DecodeCommand.parseIDs(words: ids.flatMap { $0.split(whereSeparator: { " ,[]".contains($0) }) })
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

    /// The ids in `words`; a word that is not an integer is an error naming it and its position.
    static func parseIDs(words: [Substring]) throws -> [Int] {
        var parsed: [Int] = []
        parsed.reserveCapacity(words.count)
        for (position, word) in words.enumerated() {
            guard let id = Int(word) else {
                throw CLIError("'\(word)' (id number \(position + 1)) is not a token id")
            }
            parsed.append(id)
        }
        return parsed
    }

    /// Whether an ASCII byte separates ids: the ASCII whitespace of `Character.isWhitespace` (space,
    /// tab, LF, VT, FF, CR), commas and brackets.
    @inline(__always)
    static func isSeparator(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || byte == 0x2C || byte == 0x5B || byte == 0x5D
    }

    /// The ids in standard input's bytes, separated by whitespace, commas or brackets. ASCII input is
    /// read byte by byte, a run of up to 18 digits as a number directly (a `String` per id made decoding
    /// 1.3 million ids take 0.79 s); other words go through `Int(_:)`, and input with any non-ASCII
    /// byte is split on Unicode whitespace as text, as before.
    static func parseIDs(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [Int] {
        if bytes.contains(where: { $0 >= 0x80 }) {
            let text = String(decoding: bytes, as: UTF8.self)
            return try parseIDs(words: text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "[" || $0 == "]" }))
        }
        var parsed: [Int] = []
        parsed.reserveCapacity(bytes.count / 4)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if isSeparator(b) {
                i += 1
                continue
            }
            var end = i
            var value = 0
            var digitsOnly = true
            while end < n {
                let c = bytes[end]
                if isSeparator(c) { break }
                if c >= 0x30 && c <= 0x39 && end - i < 18 { value = value &* 10 &+ Int(c &- 0x30) } else { digitsOnly = false }
                end += 1
            }
            if digitsOnly {
                parsed.append(value)
            } else {
                let word = Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self))
                guard let id = Int(word) else {
                    throw CLIError("'\(word)' (id number \(parsed.count + 1)) is not a token id")
                }
                parsed.append(id)
            }
            i = end
        }
        return parsed
    }
}
