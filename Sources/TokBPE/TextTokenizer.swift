/// What the cost report and the CLI need from any tokenizer — a tiktoken-style ``Encoding`` or a
/// Hugging Face tokenizer: counting, and where each token starts in the input, for valid UTF-8 read as
/// ordinary text (special-token text is not special).
public protocol TextTokenizer: Sendable {
    /// The name shown in reports, e.g. `o200k_base` or `deepseek_v3`.
    var name: String { get }
    /// The number of tokens in valid UTF-8.
    func count(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>) -> Int
    /// The number of tokens, on up to `threads` threads; the same for any number of threads.
    func count(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, threads: Int) -> Int
    /// The byte offset in `buffer` where each token starts, in order (the count is the token count).
    /// Tokenizers that normalize text first map offsets back to the input approximately.
    func tokenStarts(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, threads: Int) -> [Int]
}

extension TextTokenizer {
    /// The number of tokens in a string.
    public func count(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { count(validatedUTF8: $0) }
    }
}

extension Encoding: TextTokenizer {}
