/// Why a vocabulary could not be loaded.
public struct VocabularyError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (or a description of the source) the vocabulary came from.
    public let source: String
    /// The 1-based line the problem is on, when it is about one line.
    public let line: Int?
    /// What is wrong.
    public let reason: String

    /// Creates an error about `source`, optionally at a 1-based `line`.
    public init(source: String, line: Int? = nil, reason: String) {
        self.source = source
        self.line = line
        self.reason = reason
    }

    /// `file:line: reason`, in the style of compilers.
    public var description: String {
        if let line { return "\(source):\(line): \(reason)" }
        return "\(source): \(reason)"
    }
}

/// Why text could not be encoded or ids could not be decoded.
public enum EncodingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The text contains a special token that the caller did not allow (tiktoken's default policy).
    case disallowedSpecialToken(String)
    /// An id that no token of this encoding has.
    case unknownTokenID(Int)
    /// A special token named by the caller that this encoding does not have.
    case unknownSpecialToken(String)
    /// Bytes that are not valid UTF-8, at this byte offset.
    case invalidUTF8(byteOffset: Int)

    /// A one-line, actionable message.
    public var description: String {
        switch self {
        case .disallowedSpecialToken(let token):
            return "the text contains the special token \(token.debugDescription); encode it as ordinary "
                + "text with encodeOrdinary/count, or allow it (allowedSpecial / --allow-special)"
        case .unknownTokenID(let id):
            return "token id \(id) is not in the vocabulary"
        case .unknownSpecialToken(let token):
            return "\(token.debugDescription) is not a special token of this encoding"
        case .invalidUTF8(let offset):
            return "invalid UTF-8 at byte offset \(offset)"
        }
    }
}
