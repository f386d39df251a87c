import Foundation
import TokBPE
import TokUnicode

/// The result of training: the tokens by rank (ranks 0–255 are the single bytes, rank `b` the byte `b`;
/// then one token per new merge, in merge order), the merges, and the special tokens (ids after the last
/// rank, in the order given in the settings).
public struct TrainedVocabulary: Sendable {
    /// One learned merge: the ranks of the two tokens, the rank of the result, and the pair's count.
    public struct Merge: Sendable, Equatable {
        /// The left token's rank.
        public let left: Int
        /// The right token's rank.
        public let right: Int
        /// The merged token's rank (an existing rank when the bytes were already a token).
        public let result: Int
        /// The pair's (weighted) count when it was merged.
        public let count: Int
    }

    /// Why training stopped.
    public enum StopReason: String, Sendable {
        /// The vocabulary reached the requested size.
        case reachedSize
        /// No adjacent pair was left to merge: the corpus is too small for the requested size.
        case noPairsLeft
        /// The best pair occurred fewer times than the minimum frequency.
        case belowMinimumFrequency
    }

    /// The settings used.
    public let settings: TrainerSettings
    /// Token bytes by rank.
    public let tokens: [[UInt8]]
    /// The merges in the order learned.
    public let merges: [Merge]
    /// Special tokens and their ids.
    public let specialTokens: [String: Int]
    /// The ranks, ready for an ``Encoding``.
    public let ranks: MergeableRanks
    /// Why training stopped.
    public let stopReason: StopReason

    init(settings: TrainerSettings, tokens: [[UInt8]], merges: [Merge], stopReason: StopReason) throws {
        self.settings = settings
        self.tokens = tokens
        self.merges = merges
        self.stopReason = stopReason
        var specials: [String: Int] = [:]
        for (k, token) in settings.specialTokens.enumerated() { specials[token] = tokens.count + k }
        self.specialTokens = specials
        self.ranks = try MergeableRanks(tokens.enumerated().map { (bytes: $0.element, rank: $0.offset) }, source: "trained vocabulary")
    }

    /// All ids, special tokens included.
    public var vocabularySize: Int { tokens.count + specialTokens.count }

    /// Whether the vocabulary has the size the settings asked for.
    public var reachedRequestedSize: Bool { stopReason == .reachedSize }

    /// The vocabulary as an encoding (ordinary tokens, special tokens, the training pattern). Text must
    /// be normalized as `settings.normalization` says before encoding, as the trainer did.
    public func encoding(name: String = "trained") throws -> Encoding {
        try Encoding(name: name, pattern: settings.pattern, ranks: ranks, specialTokens: specialTokens)
    }

    /// The `.tiktoken` ranks file.
    public func tiktokenData() -> Data { TiktokenFile.serialize(ranks) }

    /// The definition written beside the ranks file.
    public func definition(name: String, ranksFile: String, corpus: [String], date: Date) -> VocabularyDefinition {
        VocabularyDefinition(
            name: name, ranksFile: ranksFile, pattern: settings.pattern, normalization: settings.normalization,
            specialTokens: specialTokens, mergeableRanks: tokens.count,
            training: VocabularyDefinition.Training(
                corpus: corpus, date: VocabularyDefinition.dateString(date), requestedVocabularySize: settings.vocabularySize,
                minimumFrequency: settings.minimumFrequency, maximumTokenLength: settings.maximumTokenLength,
                scriptBalanceTemperature: settings.scriptBalanceTemperature, stopReason: stopReason.rawValue))
    }

    /// Writes the ranks to `url` (a `.tiktoken` file) and the JSON definition beside it
    /// (``VocabularyDefinition/url(besideRanks:)``). `corpus` describes the training inputs.
    public func write(to url: URL, corpus: [String], date: Date = Date()) throws {
        let name = url.deletingPathExtension().lastPathComponent
        let definition = definition(name: name, ranksFile: url.lastPathComponent, corpus: corpus, date: date)
        do {
            try tiktokenData().write(to: url, options: .atomic)
            try definition.jsonData().write(to: VocabularyDefinition.url(besideRanks: url), options: .atomic)
        } catch {
            throw TrainerError.unwritable(path: url.path, reason: error.localizedDescription)
        }
    }
}
