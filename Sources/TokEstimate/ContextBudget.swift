import Foundation

/// How a document fits a model's context window.
public struct ContextBudget: Codable, Sendable, Equatable {
    /// The model's input window in tokens.
    public var window: Int
    /// Tokens kept free for the reply.
    public var reserve: Int
    /// Tokens the input uses.
    public var used: Int
    /// `100 × used / window`.
    public var usedPercent: Double
    /// `window − reserve − used`; negative when the input does not fit.
    public var headroom: Int
    /// `used ≤ window − reserve`.
    public var fits: Bool
    /// How many requests of at most `window − reserve` tokens the input needs when split at sentence
    /// boundaries (0 for empty input, 1 when it fits); see ``chunkCount(sentenceTokenCounts:budget:)``.
    public var chunks: Int

    /// The cap on the default reserve: the default is `min(maxOutput, 4096)`.
    public static let defaultReserveCap = 4096

    /// The reserve used when none is given: the model's maximum output capped at ``defaultReserveCap``
    /// (4,096 tokens, a generous answer that does not eat a large share of small windows);
    /// 0 for models without output (embeddings).
    public static func defaultReserve(for model: ModelInfo) -> Int {
        guard model.mode != "embedding", let out = model.maxOutput else { return 0 }
        return min(out, defaultReserveCap)
    }

    /// Computes the budget.
    /// - Parameters:
    ///   - used: input tokens.
    ///   - window: the context window (> 0).
    ///   - reserve: tokens kept for the reply (0 ≤ reserve < window).
    ///   - sentenceTokenCounts: tokens of each sentence, if known, for an exact greedy split;
    ///     otherwise the chunk count is `ceil(used / (window − reserve))`.
    /// - Throws: ``EstimateError`` for a non-positive window, a negative reserve or one that leaves no room.
    public init(used: Int, window: Int, reserve: Int, sentenceTokenCounts: [Int]? = nil) throws {
        guard window > 0 else {
            throw EstimateError.outOfRange(option: "window", value: String(window), allowed: "greater than 0")
        }
        guard reserve >= 0 else {
            throw EstimateError.outOfRange(option: "reserve", value: String(reserve), allowed: "0 or more")
        }
        guard reserve < window else { throw EstimateError.reserveExceedsWindow(reserve: reserve, window: window) }
        guard used >= 0 else {
            throw EstimateError.outOfRange(option: "used tokens", value: String(used), allowed: "0 or more")
        }
        let budget = window - reserve
        self.window = window
        self.reserve = reserve
        self.used = used
        self.usedPercent = 100 * Double(used) / Double(window)
        self.headroom = budget - used
        self.fits = used <= budget
        if let counts = sentenceTokenCounts {
            self.chunks = chunkCount(sentenceTokenCounts: counts, budget: budget)
        } else {
            self.chunks = used == 0 ? 0 : (used + budget - 1) / budget
        }
    }

    enum CodingKeys: String, CodingKey {
        case window, reserve, used
        case usedPercent = "used_percent"
        case headroom, fits, chunks
    }
}

/// The number of chunks a greedy split at sentence boundaries needs so that no chunk exceeds `budget` tokens.
///
/// Sentences are packed in order into the current chunk while they fit; a sentence that does not fit
/// starts a new chunk. A sentence larger than `budget` on its own is split by words and is counted as
/// `ceil(tokens / budget)` chunks of its own (the pieces are not packed with neighbouring sentences, so
/// the count may exceed the optimum by one per oversized sentence). Sentences of 0 tokens are ignored.
/// A `budget` below 1 is treated as 1.
public func chunkCount(sentenceTokenCounts: [Int], budget: Int) -> Int {
    let budget = max(1, budget)
    var chunks = 0
    var current = 0
    for raw in sentenceTokenCounts {
        let n = max(0, raw)
        if n == 0 { continue }
        if n > budget {
            if current > 0 { chunks += 1; current = 0 }
            chunks += (n + budget - 1) / budget
            continue
        }
        if current + n > budget {
            chunks += 1
            current = 0
        }
        current += n
    }
    if current > 0 { chunks += 1 }
    return chunks
}

/// Parses a token count such as a window size: `200000`, `200_000`, `200,000`, `128k`, `1.5k`, `1M`.
///
/// Suffixes are decimal, as providers use them: `k`/`K` = 1,000 and `m`/`M` = 1,000,000
/// (OpenAI's "128k" window is 128,000 tokens, not 131,072). The result must be a whole number,
/// greater than 0 (or ≥ 0 with `allowZero`) and at most 10^12.
/// - Throws: ``EstimateError/badTokenCount(input:reason:)``.
public func parseTokenCount(_ text: String, allowZero: Bool = false) throws -> Int {
    let s = text.trimmingCharacters(in: .whitespaces)
    func bad(_ reason: String) -> EstimateError { .badTokenCount(input: text, reason: reason) }
    guard !s.isEmpty else { throw bad("it is empty") }
    if s.hasPrefix("-") { throw bad("it is negative") }
    var body = Substring(s)
    var multiplier = 1.0
    switch body.last {
    case "k", "K": multiplier = 1_000; body = body.dropLast()
    case "m", "M": multiplier = 1_000_000; body = body.dropLast()
    default: break
    }
    if body.contains(where: { $0 == "_" || $0 == "," }) {
        // Separators must group thousands: 200_000, 1,000,000 (so "1,5k" is not read as 15k).
        let whole = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let groups = whole.split(whereSeparator: { $0 == "_" || $0 == "," }).map(String.init)
        let separators = whole.filter { $0 == "_" || $0 == "," }.count
        guard groups.count == separators + 1, let first = groups.first, (1...3).contains(first.count),
              groups.dropFirst().allSatisfy({ $0.count == 3 }),
              !body.drop(while: { $0 != "." }).contains(where: { $0 == "_" || $0 == "," }) else {
            throw bad("digit separators must group thousands (200_000, 1,000,000)")
        }
    }
    let digits = body.filter { $0 != "_" && $0 != "," }
    guard !digits.isEmpty else { throw bad("there is no number") }
    guard digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
          digits.filter({ $0 == "." }).count <= 1, digits.contains(where: \.isNumber) else {
        throw bad("expected digits with an optional k or M suffix")
    }
    if digits.contains(".") && multiplier == 1 { throw bad("a token count is a whole number") }
    guard let base = Double(digits) else { throw bad("expected digits with an optional k or M suffix") }
    let value = base * multiplier
    guard value <= 1e12 else { throw bad("it is larger than 10^12") }
    guard value == value.rounded() else { throw bad("it is not a whole number of tokens") }
    guard value > 0 || (allowZero && value == 0) else { throw bad(allowZero ? "it is negative" : "it must be greater than 0") }
    return Int(value)
}
