import Foundation
import TokBPE
import TokUnicode
import TokVocabularies

/// The small JSON file written beside a trained `.tiktoken` ranks file (same name, extension `.json`):
/// everything besides the ranks needed to use the vocabulary as an encoding, and how it was made.
///
/// ```json
/// { "format": "tokcost-vocabulary", "version": 1, "name": "tokcost_indic_4k",
///   "ranks_file": "tokcost_indic_4k.tiktoken", "pattern": "o200k", "regex": "…",
///   "normalization": "nfc", "special_tokens": { "<|endoftext|>": 4095 },
///   "mergeable_ranks": 4095, "vocabulary_size": 4096, "training": { … } }
/// ```
public struct VocabularyDefinition: Codable, Sendable, Equatable {
    /// How the vocabulary was trained.
    public struct Training: Codable, Sendable, Equatable {
        /// The training inputs as given (paths, or counts files).
        public var corpus: [String]
        /// When training finished, ISO 8601 in UTC.
        public var date: String
        /// The vocabulary size asked for.
        public var requestedVocabularySize: Int
        /// The minimum pair frequency.
        public var minimumFrequency: Int
        /// The maximum token length in bytes, if any.
        public var maximumTokenLength: Int?
        /// The script-balancing temperature, if any.
        public var scriptBalanceTemperature: Double?
        /// Why training stopped (`reachedSize`, `noPairsLeft`, `belowMinimumFrequency`).
        public var stopReason: String
        /// The tool that trained it.
        public var tool: String = "tokcost"

        enum CodingKeys: String, CodingKey {
            case corpus, date, tool
            case requestedVocabularySize = "requested_vocabulary_size"
            case minimumFrequency = "minimum_frequency"
            case maximumTokenLength = "maximum_token_length"
            case scriptBalanceTemperature = "script_balance_temperature"
            case stopReason = "stop_reason"
        }
    }

    /// Always `tokcost-vocabulary`.
    public var format: String = "tokcost-vocabulary"
    /// The format version (1).
    public var version: Int = 1
    /// The encoding's name.
    public var name: String
    /// The ranks file's name (in the same directory).
    public var ranksFile: String
    /// The pre-tokenizer pattern name (`r50k`, `cl100k`, `o200k`).
    public var pattern: String
    /// The pattern's regular expression, for other tools (tiktoken, Hugging Face).
    public var regex: String
    /// The normalization form (`nfc`, `nfkc`, … or `none`).
    public var normalization: String
    /// Special tokens and their ids.
    public var specialTokens: [String: Int]
    /// The number of mergeable ranks (ordinary tokens).
    public var mergeableRanks: Int
    /// All ids, special tokens included.
    public var vocabularySize: Int
    /// How it was trained (absent for hand-written definitions).
    public var training: Training?

    enum CodingKeys: String, CodingKey {
        case format, version, name, pattern, regex, normalization, training
        case ranksFile = "ranks_file"
        case specialTokens = "special_tokens"
        case mergeableRanks = "mergeable_ranks"
        case vocabularySize = "vocabulary_size"
    }

    /// A definition from its parts.
    public init(
        name: String, ranksFile: String, pattern: PreTokenizerPattern, normalization: NormalizationForm?,
        specialTokens: [String: Int], mergeableRanks: Int, training: Training?
    ) {
        self.name = name
        self.ranksFile = ranksFile
        self.pattern = pattern.rawValue
        self.regex = pattern.regex
        self.normalization = normalization?.rawValue ?? "none"
        self.specialTokens = specialTokens
        self.mergeableRanks = mergeableRanks
        self.vocabularySize = mergeableRanks + specialTokens.count
        self.training = training
    }

    /// The definition's path for a ranks file: the same name with the extension `.json`.
    public static func url(besideRanks ranksURL: URL) -> URL {
        ranksURL.deletingPathExtension().appendingPathExtension("json")
    }

    /// The pre-tokenizer, or `nil` if the name is unknown.
    public var preTokenizer: PreTokenizerPattern? { PreTokenizerPattern(name: pattern) }

    /// The normalization form (`nil` for none). Throws for an unknown name.
    public func normalizationForm() throws -> NormalizationForm? {
        if normalization == "none" { return nil }
        guard let form = NormalizationForm(rawValue: normalization) else {
            throw TrainerError.invalidDefinition(source: name, reason: "unknown normalization '\(normalization)'")
        }
        return form
    }

    /// Reads a definition file.
    public static func load(contentsOf url: URL) throws -> VocabularyDefinition {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TrainerError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        let definition: VocabularyDefinition
        do { definition = try JSONDecoder().decode(VocabularyDefinition.self, from: data) } catch {
            throw TrainerError.invalidDefinition(source: url.path, reason: "not a vocabulary definition (\(error))")
        }
        guard definition.format == "tokcost-vocabulary" else {
            throw TrainerError.invalidDefinition(source: url.path, reason: "format is '\(definition.format)', not 'tokcost-vocabulary'")
        }
        guard definition.preTokenizer != nil else {
            throw TrainerError.invalidDefinition(source: url.path, reason: "unknown pattern '\(definition.pattern)'")
        }
        _ = try definition.normalizationForm()
        return definition
    }

    /// The encoding made of this definition and the ranks file at `ranksURL`.
    public func encoding(ranksURL: URL) throws -> Encoding {
        guard let pattern = preTokenizer else {
            throw TrainerError.invalidDefinition(source: name, reason: "unknown pattern '\(self.pattern)'")
        }
        return try Encoding(contentsOf: ranksURL, name: name, pattern: pattern, specialTokens: specialTokens)
    }

    /// Loads a trained vocabulary: the ranks at `ranksURL` with the definition beside them.
    public static func loadEncoding(ranksURL: URL) throws -> (encoding: Encoding, definition: VocabularyDefinition) {
        let definition = try load(contentsOf: url(besideRanks: ranksURL))
        return (try definition.encoding(ranksURL: ranksURL), definition)
    }

    /// The definition as pretty-printed JSON with sorted keys (and a final line feed).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// `date` as ISO 8601 in UTC, to the second.
    static func dateString(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

extension VocabularyDefinition {
    /// The names of the vocabularies trained by tokcost that ship with the package.
    public static let shippedNames = ["tokcost_indic_4k"]

    /// Loads a vocabulary trained by tokcost and shipped with the package (see `Vocabularies/PROVENANCE.md`),
    /// e.g. `tokcost_indic_4k`, with its definition.
    public static func loadShipped(_ name: String) throws -> (encoding: Encoding, definition: VocabularyDefinition) {
        guard let url = BundledVocabulary.url(forResource: "\(name).tiktoken") else {
            throw TrainerError.unreadable(path: "\(name).tiktoken", reason: "not a vocabulary shipped with tokcost (shipped: \(shippedNames.joined(separator: ", ")))")
        }
        return try loadEncoding(ranksURL: url)
    }
}
