import Foundation

/// Why a document could not be analysed or counted for a model.
public enum AnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model's catalogue entry names an encoding tokcost cannot load (e.g. from a user's prices file).
    case encodingUnavailable(encoding: String, model: String?)
    /// An encoding name that is not known at all.
    case unknownEncoding(String)
    /// The document is not valid UTF-8.
    case invalidUTF8(document: String, byteOffset: Int)
    /// A file could not be read.
    case unreadable(path: String, reason: String)

    /// One line naming the encoding, model or document.
    public var description: String {
        switch self {
        case let .encodingUnavailable(encoding, model):
            let whose = model.map { "model \"\($0)\" is counted with" } ?? "encoding"
            return "\(whose) the encoding \"\(encoding)\", which tokcost cannot load; "
                + "pass --encoding o200k_base (or another encoding) to count with a stand-in"
        case let .unknownEncoding(name):
            return "unknown encoding \"\(name)\"; known encodings: \(KnownEncodingNames.all.joined(separator: ", "))"
        case let .invalidUTF8(document, offset):
            return "\(document): invalid UTF-8 at byte offset \(offset) (use --lossy to replace invalid bytes with U+FFFD)"
        case let .unreadable(path, reason):
            return "\(path): cannot read (\(reason))"
        }
    }
}

extension AnalysisError: LocalizedError {
    /// Same as ``description``.
    public var errorDescription: String? { description }
}
