/// Why a Hugging Face `tokenizer.json` could not be loaded or used: the file, the key path in the
/// JSON (e.g. `pre_tokenizer.pretokenizers[2].pattern.Regex`) and what is wrong.
public struct HFTokenizerError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (or a description of the source) the tokenizer came from.
    public let source: String
    /// Where in the JSON the problem is, as a dotted key path with `[index]` for arrays; empty for
    /// the whole file.
    public let keyPath: String
    /// What is wrong.
    public let reason: String

    /// Creates an error about `source` at `keyPath`.
    public init(source: String, keyPath: String, reason: String) {
        self.source = source
        self.keyPath = keyPath
        self.reason = reason
    }

    /// `file: key.path: reason`, on one line.
    public var description: String {
        keyPath.isEmpty ? "\(source): \(reason)" : "\(source): \(keyPath): \(reason)"
    }
}

/// An error raised while building a component, before the file name is known; the loader adds the
/// source and prefixes the key path.
struct ComponentError: Error {
    var keyPath: String
    var reason: String

    init(_ keyPath: String, _ reason: String) {
        self.keyPath = keyPath
        self.reason = reason
    }

    func at(_ prefix: String) -> ComponentError {
        ComponentError(keyPath.isEmpty ? prefix : prefix + (keyPath.hasPrefix("[") ? "" : ".") + keyPath, reason)
    }
}

extension Array where Element == any CodingKey {
    /// `a.b[2].c` from a Codable coding path.
    var keyPathString: String {
        var out = ""
        for key in self {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }
}
