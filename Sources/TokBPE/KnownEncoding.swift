import Foundation
import TokVocabularies

/// The OpenAI encodings that ship with tokcost, defined exactly as tiktoken defines them (pattern,
/// special tokens, ranks file).
public enum KnownEncoding: String, CaseIterable, Sendable, Codable {
    /// GPT-4o, GPT-4.1, GPT-4.5, o1/o3/o4-mini, GPT-5.
    case o200kBase = "o200k_base"
    /// o200k_base with the Harmony chat-format special tokens (gpt-oss).
    case o200kHarmony = "o200k_harmony"
    /// GPT-4, GPT-3.5-turbo, text-embedding-3-*, text-embedding-ada-002.
    case cl100kBase = "cl100k_base"
    /// Codex, text-davinci-002/003.
    case p50kBase = "p50k_base"
    /// p50k_base with fill-in-the-middle tokens (the edit models).
    case p50kEdit = "p50k_edit"
    /// GPT-3 (davinci, curie, babbage, ada).
    case r50kBase = "r50k_base"
    /// GPT-2: the same ranks and pattern as r50k_base.
    case gpt2

    /// The encoding tokcost uses when none is named.
    public static let `default` = KnownEncoding.o200kBase

    /// Looks an encoding up by name (`o200k_base`, `cl100k_base`, …; case-insensitive).
    public init?(name: String) {
        guard let known = KnownEncoding(rawValue: name.lowercased()) else { return nil }
        self = known
    }

    /// The shipped ranks file this encoding uses.
    public var ranksFileName: String {
        switch self {
        case .o200kBase, .o200kHarmony: return "o200k_base.tiktoken"
        case .cl100kBase: return "cl100k_base.tiktoken"
        case .p50kBase, .p50kEdit: return "p50k_base.tiktoken"
        case .r50kBase, .gpt2: return "r50k_base.tiktoken"
        }
    }

    /// The pre-tokenizer pattern.
    public var pattern: PreTokenizerPattern {
        switch self {
        case .o200kBase, .o200kHarmony: return .o200k
        case .cl100kBase: return .cl100k
        case .p50kBase, .p50kEdit, .r50kBase, .gpt2: return .r50k
        }
    }

    /// The special tokens, as in tiktoken's `tiktoken_ext/openai_public.py`.
    public var specialTokens: [String: Int] {
        let endOfText = "<|endoftext|>", fimPrefix = "<|fim_prefix|>", fimMiddle = "<|fim_middle|>"
        let fimSuffix = "<|fim_suffix|>", endOfPrompt = "<|endofprompt|>"
        switch self {
        case .o200kBase:
            return [endOfText: 199_999, endOfPrompt: 200_018]
        case .o200kHarmony:
            var tokens: [String: Int] = [
                endOfPrompt: 200_018, "<|startoftext|>": 199_998, endOfText: 199_999,
                "<|return|>": 200_002, "<|constrain|>": 200_003, "<|channel|>": 200_005,
                "<|start|>": 200_006, "<|end|>": 200_007, "<|message|>": 200_008, "<|call|>": 200_012,
            ]
            for id in [200_000, 200_001, 200_004, 200_009, 200_010, 200_011] { tokens["<|reserved_\(id)|>"] = id }
            for id in 200_013..<201_088 { tokens["<|reserved_\(id)|>"] = id }
            return tokens
        case .cl100kBase:
            return [endOfText: 100_257, fimPrefix: 100_258, fimMiddle: 100_259, fimSuffix: 100_260, endOfPrompt: 100_276]
        case .p50kBase, .r50kBase, .gpt2:
            return [endOfText: 50256]
        case .p50kEdit:
            return [endOfText: 50256, fimPrefix: 50281, fimMiddle: 50282, fimSuffix: 50283]
        }
    }

    /// The URL of the shipped ranks file.
    public var ranksFileURL: URL {
        get throws {
            guard let url = BundledVocabulary.url(forResource: ranksFileName) else {
                throw VocabularyError(source: ranksFileName, reason: "the shipped vocabulary file is missing from the package resources")
            }
            return url
        }
    }

    /// The encoding a model uses, like tiktoken's `encoding_name_for_model`: exact names first, then
    /// prefixes (so `gpt-4o-2024-08-06` and `gpt-5-mini` resolve). `nil` if the model is unknown.
    public static func forModel(_ model: String) -> KnownEncoding? {
        let name = model.lowercased()
        if let exact = modelToEncoding[name] { return exact }
        for (prefix, encoding) in modelPrefixToEncoding where name.hasPrefix(prefix) { return encoding }
        return nil
    }

    /// Model names mapped exactly (tiktoken 0.12's `MODEL_TO_ENCODING`).
    public static let modelToEncoding: [String: KnownEncoding] = [
        "o1": .o200kBase, "o3": .o200kBase, "o4-mini": .o200kBase,
        "gpt-5": .o200kBase, "gpt-4.1": .o200kBase, "gpt-4o": .o200kBase,
        "gpt-4": .cl100kBase, "gpt-3.5-turbo": .cl100kBase, "gpt-3.5": .cl100kBase, "gpt-35-turbo": .cl100kBase,
        "davinci-002": .cl100kBase, "babbage-002": .cl100kBase,
        "text-embedding-ada-002": .cl100kBase, "text-embedding-3-small": .cl100kBase,
        "text-embedding-3-large": .cl100kBase,
        "text-davinci-003": .p50kBase, "text-davinci-002": .p50kBase,
        "text-davinci-001": .r50kBase, "text-curie-001": .r50kBase, "text-babbage-001": .r50kBase,
        "text-ada-001": .r50kBase, "davinci": .r50kBase, "curie": .r50kBase, "babbage": .r50kBase, "ada": .r50kBase,
        "code-davinci-002": .p50kBase, "code-davinci-001": .p50kBase, "code-cushman-002": .p50kBase,
        "code-cushman-001": .p50kBase, "davinci-codex": .p50kBase, "cushman-codex": .p50kBase,
        "text-davinci-edit-001": .p50kEdit, "code-davinci-edit-001": .p50kEdit,
        "text-similarity-davinci-001": .r50kBase, "text-similarity-curie-001": .r50kBase,
        "text-similarity-babbage-001": .r50kBase, "text-similarity-ada-001": .r50kBase,
        "text-search-davinci-doc-001": .r50kBase, "text-search-curie-doc-001": .r50kBase,
        "text-search-babbage-doc-001": .r50kBase, "text-search-ada-doc-001": .r50kBase,
        "code-search-babbage-code-001": .r50kBase, "code-search-ada-code-001": .r50kBase,
        "gpt2": .gpt2, "gpt-2": .gpt2,
    ]

    /// Model-name prefixes, tried in this order (tiktoken 0.12's `MODEL_PREFIX_TO_ENCODING`).
    public static let modelPrefixToEncoding: [(String, KnownEncoding)] = [
        ("o1-", .o200kBase), ("o3-", .o200kBase), ("o4-mini-", .o200kBase),
        ("gpt-5", .o200kBase), ("gpt-4.5-", .o200kBase), ("gpt-4.1-", .o200kBase),
        ("chatgpt-4o-", .o200kBase), ("gpt-4o-", .o200kBase),
        ("gpt-4-", .cl100kBase), ("gpt-3.5-turbo-", .cl100kBase), ("gpt-35-turbo-", .cl100kBase),
        ("gpt-oss-", .o200kHarmony),
        ("ft:gpt-4o", .o200kBase), ("ft:gpt-4", .cl100kBase), ("ft:gpt-3.5-turbo", .cl100kBase),
        ("ft:davinci-002", .cl100kBase), ("ft:babbage-002", .cl100kBase),
    ]
}

extension Encoding {
    /// Loads one of the shipped encodings (no network, no Python).
    public static func load(_ known: KnownEncoding) throws -> Encoding {
        let ranks = try TiktokenFile.load(contentsOf: try known.ranksFileURL)
        return try Encoding(name: known.rawValue, pattern: known.pattern, ranks: ranks, specialTokens: known.specialTokens)
    }

    /// Loads the encoding a model uses (see ``KnownEncoding/forModel(_:)``), or throws if the model
    /// is unknown.
    public static func load(forModel model: String) throws -> Encoding {
        guard let known = KnownEncoding.forModel(model) else {
            throw VocabularyError(source: model, reason: "unknown model; known encodings: \(KnownEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return try load(known)
    }
}
