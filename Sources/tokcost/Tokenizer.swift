import Foundation
import TokBPE
import TokHuggingFace

/// What the subcommands need from a tokenizer. tiktoken-style encodings (`--encoding`, `--model`,
/// `--vocab`) and Hugging Face `tokenizer.json` files (`--tokenizer`) both provide it.
protocol Tokenizer {
    /// The name shown in messages and JSON output.
    var name: String { get }
    /// Special tokens by text.
    var specialTokens: [String: Int] { get }
    /// One past the highest id.
    var vocabularySize: Int { get }
    /// Counts the tokens of validated UTF-8, special-token text counted as ordinary text.
    func count(document: Data) throws -> Int
    /// Encodes validated UTF-8, special-token text as ordinary text.
    func encodeOrdinary(document: Data) throws -> [Int]
    /// Encodes validated UTF-8 with these special tokens recognised (others are ordinary text).
    func encode(document: Data, allowed: SpecialTokenSet) throws -> [Int]
    /// Decodes ids; throws `EncodingError.unknownTokenID` for an id the tokenizer does not have.
    func decode(ids: [Int]) throws -> DecodedText
}

extension Tokenizer {
    /// Encodes a document for the CLI: ordinary text unless some special tokens are allowed.
    func encodeDocument(_ data: Data, allowed: SpecialTokenSet?) throws -> [Int] {
        guard let allowed else { return try encodeOrdinary(document: data) }
        return try encode(document: data, allowed: allowed)
    }
}

extension Encoding: Tokenizer {
    func count(document: Data) throws -> Int {
        document.withUnsafeBytes { count(validatedUTF8: $0.bindMemory(to: UInt8.self)) }
    }

    func encodeOrdinary(document: Data) throws -> [Int] { try encodeOrdinary(utf8: document) }

    func encode(document: Data, allowed: SpecialTokenSet) throws -> [Int] {
        try encode(utf8: document, allowedSpecial: allowed, disallowedSpecial: .none)
    }

    func decode(ids: [Int]) throws -> DecodedText { try decode(ids) }
}

extension HFTokenizer: Tokenizer {
    func count(document: Data) throws -> Int { try count(utf8: document) }

    func encodeOrdinary(document: Data) throws -> [Int] { try encodeOrdinary(utf8: document) }

    func encode(document: Data, allowed: SpecialTokenSet) throws -> [Int] {
        try encode(utf8: document, allowedSpecial: allowed, disallowedSpecial: .none)
    }

    func decode(ids: [Int]) throws -> DecodedText { try decode(ids) }
}
