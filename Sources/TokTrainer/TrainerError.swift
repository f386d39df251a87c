/// Errors of the BPE trainer. Each one says what was wrong and, for input files, where.
public enum TrainerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The corpus (or the piece counts) held no text at all.
    case emptyCorpus
    /// The requested vocabulary size leaves no room for the 256 byte tokens and the special tokens.
    case vocabularyTooSmall(requested: Int, minimum: Int)
    /// A setting is out of range (e.g. a temperature of 0, a maximum token length of 0).
    case invalidSetting(String)
    /// A line of a piece-counts file is malformed; `line` is 1-based.
    case malformedCounts(source: String, line: Int, reason: String)
    /// A file or directory could not be read.
    case unreadable(path: String, reason: String)
    /// A file could not be written.
    case unwritable(path: String, reason: String)
    /// An input is not valid UTF-8; `byteOffset` is the offset of the first ill-formed byte in that input.
    case invalidUTF8(source: String, byteOffset: Int)
    /// Normalization failed (an ICU error), for the named input.
    case normalizationFailed(source: String, reason: String)
    /// A vocabulary definition file is malformed or does not match its ranks.
    case invalidDefinition(source: String, reason: String)
    /// A feature cannot be expressed in the requested export format.
    case unsupportedExport(String)
    /// Piece-count files were made with different pre-tokenizer patterns or normalization forms.
    case inconsistentCounts(String)
    /// The unique pieces exceed what the trainer's 32-bit word indices and offsets can address.
    case corpusTooLarge(String)

    /// A one-line message for users.
    public var description: String {
        switch self {
        case .emptyCorpus:
            return "the corpus is empty: there is no text to train on"
        case .vocabularyTooSmall(let requested, let minimum):
            return "vocabulary size \(requested) is too small: it must be at least \(minimum) (the 256 byte tokens plus the special tokens)"
        case .invalidSetting(let message):
            return message
        case .malformedCounts(let source, let line, let reason):
            return "\(source):\(line): \(reason)"
        case .unreadable(let path, let reason):
            return "\(path): cannot read (\(reason))"
        case .unwritable(let path, let reason):
            return "\(path): cannot write (\(reason))"
        case .invalidUTF8(let source, let offset):
            return "\(source): invalid UTF-8 at byte offset \(offset)"
        case .normalizationFailed(let source, let reason):
            return "\(source): cannot normalize (\(reason))"
        case .invalidDefinition(let source, let reason):
            return "\(source): \(reason)"
        case .unsupportedExport(let message):
            return message
        case .inconsistentCounts(let message):
            return message
        case .corpusTooLarge(let message):
            return message
        }
    }
}
