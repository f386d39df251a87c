import Foundation

/// What the CLI and the cost report need from any tokenizer — a tiktoken-style ``Encoding`` or a
/// Hugging Face tokenizer: count, encode and decode valid UTF-8, and say where each token starts.
/// Special-token text is ordinary text unless a call allows it.
public protocol TextTokenizer: Sendable {
    /// The name shown in reports, e.g. `o200k_base` or `deepseek_v3`.
    var name: String { get }
    /// Special tokens by text.
    var specialTokens: [String: Int] { get }
    /// One past the highest id.
    var vocabularySize: Int { get }
    /// The number of tokens in valid UTF-8.
    func count(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>) throws -> Int
    /// The number of tokens, on up to `threads` threads; the same for any number of threads.
    func count(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, threads: Int) throws -> Int
    /// The ids of valid UTF-8, special-token text as ordinary text.
    func encodeOrdinary(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>) throws -> [Int]
    /// The ids of valid UTF-8 with the `allowed` special tokens recognised (others are ordinary text).
    func encode(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, allowedSpecial allowed: SpecialTokenSet) throws -> [Int]
    /// The text of ids; throws ``EncodingError/unknownTokenID(_:)`` for an id the tokenizer lacks.
    func decode(ids: [Int]) throws -> DecodedText
    /// The byte offset in `buffer` where each token starts, in order (the count is the token count).
    func tokenStarts(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, threads: Int) throws -> [Int]
}

extension TextTokenizer {
    /// Counts on one thread unless the tokenizer can do better.
    public func count(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, threads: Int) throws -> Int {
        try count(validatedUTF8: buffer)
    }

    /// Token starts from the byte length of each decoded token. When the tokenizer normalizes text
    /// first, the decoded bytes need not add up to the input; the offsets are then scaled to the input
    /// (exact totals, approximate positions — used only to attribute tokens to scripts and sentences).
    public func tokenStarts(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, threads: Int) throws -> [Int] {
        let ids = try encodeOrdinary(validatedUTF8: buffer)
        var starts: [Int] = []
        starts.reserveCapacity(ids.count)
        var offset = 0
        for id in ids {
            starts.append(offset)
            offset += try decode(ids: [id]).bytes.count
        }
        if offset != buffer.count && offset > 0 {
            let scale = Double(buffer.count) / Double(offset)
            starts = starts.map { min(buffer.count, Int((Double($0) * scale).rounded(.down))) }
        }
        return starts
    }

    /// The number of tokens in a string.
    public func count(_ text: String) throws -> Int {
        try text.withUTF8Bytes { try count(validatedUTF8: $0) }
    }

    /// Counts valid UTF-8 held in `data`.
    public func count(document data: Data, threads: Int = 1) throws -> Int {
        try data.withUnsafeBytes { try count(validatedUTF8: $0.bindMemory(to: UInt8.self), threads: threads) }
    }

    /// Encodes valid UTF-8 held in `data`: ordinary text unless some special tokens are `allowed`.
    public func encode(document data: Data, allowedSpecial allowed: SpecialTokenSet?) throws -> [Int] {
        try data.withUnsafeBytes { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            guard let allowed else { return try encodeOrdinary(validatedUTF8: buffer) }
            return try encode(validatedUTF8: buffer, allowedSpecial: allowed)
        }
    }
}

extension Encoding: TextTokenizer {
    /// ``encodeOrdinary(_:)`` on bytes known to be valid UTF-8.
    public func encodeOrdinary(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>) -> [Int] {
        encodeOrdinaryValidated(buffer)
    }

    /// Encodes valid UTF-8 with the `allowed` special tokens recognised; other special-token text is
    /// ordinary text.
    public func encode(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, allowedSpecial allowed: SpecialTokenSet) throws -> [Int] {
        try encodeValidated(buffer, allowedSpecial: allowed, disallowedSpecial: .none)
    }

    /// ``decode(_:)`` for the protocol.
    public func decode(ids: [Int]) throws -> DecodedText { try decode(ids) }
}
