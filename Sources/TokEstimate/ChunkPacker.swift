/// What a chunk count is measured against: a token budget per chunk (the window minus the reserve, in
/// the model's tokens) and the factor that turns the encoding's tokens into the model's.
public struct ChunkPlan: Hashable, Sendable {
    /// Most model tokens per chunk (at least 1).
    public var budget: Int
    /// Model tokens per encoding token (1 for exact counting).
    public var factor: Double

    /// A plan for chunks of at most `budget` model tokens, with `factor` model tokens per encoding token.
    public init(budget: Int, factor: Double = 1) {
        self.budget = max(1, budget)
        self.factor = factor
    }
}

/// ``chunkCount(sentenceTokenCounts:budget:)`` done incrementally, one sentence at a time, so that a
/// document's sentence counts never need to be kept: the same greedy rule, the same result.
public struct ChunkPacker: Sendable, Equatable {
    /// The budget and factor.
    public let plan: ChunkPlan
    private var closed = 0
    private var current = 0

    /// An empty packer for `plan`.
    public init(plan: ChunkPlan) { self.plan = plan }

    /// Model tokens for `encodingTokens` tokens of the encoding.
    func scaled(_ encodingTokens: Int) -> Int {
        plan.factor == 1 ? encodingTokens : Int((Double(encodingTokens) * plan.factor).rounded())
    }

    /// Adds the next sentence, given in the encoding's tokens.
    public mutating func add(sentenceTokens: Int) {
        let n = max(0, scaled(sentenceTokens))
        let budget = plan.budget
        if n == 0 { return }
        if n > budget {
            if current > 0 { closed += 1; current = 0 }
            closed += (n + budget - 1) / budget
            return
        }
        if current + n > budget {
            closed += 1
            current = 0
        }
        current += n
    }

    /// Whether a stretch of `encodingTokens` tokens fits into the current chunk as it is, so that
    /// greedy packing would put every sentence in it there (no need to find its sentences).
    public func canAbsorb(encodingTokens: Int) -> Bool {
        current + scaled(encodingTokens) <= plan.budget
    }

    /// Puts a stretch that ``canAbsorb(encodingTokens:)`` into the current chunk.
    public mutating func absorb(encodingTokens: Int) {
        current += max(0, scaled(encodingTokens))
    }

    /// Chunks so far, counting a partly filled last chunk.
    public var chunks: Int { closed + (current > 0 ? 1 : 0) }
}
