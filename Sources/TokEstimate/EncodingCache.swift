import TokBPE
import TokHuggingFace

/// The encodings tokcost can load, by name: the tiktoken ones and the bundled Hugging Face tokenizers.
enum KnownEncodingNames {
    static var all: [String] { KnownEncoding.allCases.map(\.rawValue) + HFTokenizer.bundledNames }

    /// `true` if tokcost can load an encoding or bundled tokenizer of this name.
    static func contains(_ name: String) -> Bool {
        KnownEncoding(name: name) != nil || HFTokenizer.bundledNames.contains(name.lowercased())
    }
}

/// Encodings loaded once and reused (a run that prices five models on `o200k_base` loads it once).
/// A value type: copy it and the copies share nothing mutable; each load is kept by the copy that made it.
public struct EncodingCache: Sendable {
    private var loaded: [String: any TextTokenizer] = [:]

    /// An empty cache.
    public init() {}

    /// Names of the encodings loaded so far.
    public var loadedNames: [String] { loaded.keys.sorted() }

    /// The encoding called `name` (`o200k_base`, `cl100k_base`, …), loaded on first use.
    /// - Parameter model: the model that asked for it, named in the error when it cannot be loaded.
    /// - Throws: ``AnalysisError/encodingUnavailable(encoding:model:)`` for a model whose encoding tokcost
    ///   cannot load, ``AnalysisError/unknownEncoding(_:)`` for an unknown name asked for directly.
    public mutating func encoding(named name: String, model: String? = nil) throws -> any TextTokenizer {
        if let e = loaded[name] { return e }
        let e: any TextTokenizer
        if let known = KnownEncoding(name: name) {
            e = try Encoding.load(known)
        } else if HFTokenizer.bundledNames.contains(name.lowercased()) {
            e = try HFTokenizer.bundled(name.lowercased())
        } else {
            if model != nil { throw AnalysisError.encodingUnavailable(encoding: name, model: model) }
            throw AnalysisError.unknownEncoding(name)
        }
        loaded[name] = e
        return e
    }

    /// The encoding that counts `model`'s tokens (its exact encoding or its proxy).
    public mutating func encoding(for model: ModelInfo) throws -> any TextTokenizer {
        try encoding(named: model.tokenization.encoding, model: model.id)
    }
}
