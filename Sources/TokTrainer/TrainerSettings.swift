import Foundation
import TokBPE
import TokUnicode

/// What to train: vocabulary size, pre-tokenizer, normalization, special tokens and limits.
///
/// The vocabulary size counts every id: the 256 single-byte tokens, one token per merge, and the special
/// tokens (which get the ids after the last rank). So `vocabularySize - 256 - specialTokens.count` merges
/// are learned.
public struct TrainerSettings: Sendable, Equatable {
    /// The total number of ids wanted, special tokens included (at least 256 + `specialTokens.count`).
    public var vocabularySize: Int
    /// A pair is merged only if it occurs at least this many times (weighted by piece counts). Default 2.
    public var minimumFrequency: Int
    /// The pre-tokenizer that splits text into pieces before counting. Default `.o200k`.
    public var pattern: PreTokenizerPattern
    /// The Unicode normalization applied to text before pre-tokenization (`nil`: none). Default NFC.
    public var normalization: NormalizationForm?
    /// Special tokens to reserve, in order: they get ids `ranks.count`, `ranks.count + 1`, …
    public var specialTokens: [String]
    /// No token longer than this many bytes is made (`nil`: no limit).
    public var maximumTokenLength: Int?
    /// Temperature for per-script balancing of piece counts (`nil` or 1: none); see ``ScriptBalancer``.
    public var scriptBalanceTemperature: Double?
    /// Worker threads for counting pieces. The result never depends on it.
    public var threads: Int

    /// Settings with the defaults above; `threads` defaults to the number of active processors.
    public init(
        vocabularySize: Int,
        minimumFrequency: Int = 2,
        pattern: PreTokenizerPattern = .o200k,
        normalization: NormalizationForm? = .nfc,
        specialTokens: [String] = [],
        maximumTokenLength: Int? = nil,
        scriptBalanceTemperature: Double? = nil,
        threads: Int = ProcessInfoThreads.available
    ) {
        self.vocabularySize = vocabularySize
        self.minimumFrequency = minimumFrequency
        self.pattern = pattern
        self.normalization = normalization
        self.specialTokens = specialTokens
        self.maximumTokenLength = maximumTokenLength
        self.scriptBalanceTemperature = scriptBalanceTemperature
        self.threads = threads
    }

    /// The number of mergeable ranks (byte tokens plus merges) the settings ask for.
    public var rankCount: Int { vocabularySize - specialTokens.count }

    /// Checks the settings, throwing ``TrainerError`` for values that cannot work.
    public func validate() throws {
        let minimum = 256 + specialTokens.count
        if vocabularySize < minimum { throw TrainerError.vocabularyTooSmall(requested: vocabularySize, minimum: minimum) }
        if minimumFrequency < 1 { throw TrainerError.invalidSetting("the minimum frequency must be at least 1 (got \(minimumFrequency))") }
        if let length = maximumTokenLength, length < 2 {
            throw TrainerError.invalidSetting("the maximum token length must be at least 2 bytes (got \(length))")
        }
        if let t = scriptBalanceTemperature, !(t > 0) || !t.isFinite {
            throw TrainerError.invalidSetting("the script-balancing temperature must be a positive number (got \(t))")
        }
        if threads < 1 { throw TrainerError.invalidSetting("the number of threads must be at least 1 (got \(threads))") }
        var seen = Set<String>()
        for token in specialTokens {
            if token.isEmpty { throw TrainerError.invalidSetting("a special token has no text") }
            if !seen.insert(token).inserted { throw TrainerError.invalidSetting("special token \(token.debugDescription) is given twice") }
        }
    }
}

/// The default number of worker threads.
public enum ProcessInfoThreads {
    /// The number of active processors (at least 1).
    public static var available: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
