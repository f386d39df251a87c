import TokBPE

/// Learns byte-level BPE merges from piece counts.
///
/// Each unique piece is a word of token ids, starting as its bytes (the byte `b` is the token of rank `b`).
/// The trainer counts every adjacent pair of ids, weighted by the piece counts, then repeatedly merges
/// the most frequent pair into a new token (the next rank), updating the pair counts incrementally from
/// the words where the pair occurs: the pair counts are never recounted from scratch. The candidates are
/// kept in a max-heap with lazy invalidation (``PairQueue``).
///
/// **Tie-break rule**: among pairs with the same count, the one with the smaller left rank wins, then the
/// one with the smaller right rank. With exact integer counts this makes training deterministic: the same
/// counts and settings always give the same vocabulary, byte for byte.
///
/// Inside a word, occurrences of the pair are merged from left to right (in `aaa`, the pair `a a` becomes
/// `aa a`), as tiktoken's encoder does. A merge whose bytes are already a token (reached by another pair)
/// reuses that token's rank and adds no token; training goes on until the vocabulary has
/// `settings.rankCount` ranks, no pair is left, or the best pair occurs fewer than
/// `settings.minimumFrequency` times.
public struct BPETrainer: Sendable {
    /// The settings to train with.
    public let settings: TrainerSettings

    /// A trainer; throws ``TrainerError`` if the settings cannot work.
    public init(settings: TrainerSettings) throws {
        try settings.validate()
        self.settings = settings
    }

    /// Counts the pieces of `documents` (in parallel) and trains on them.
    public func train(
        documents: [CorpusDocument], progress: (@Sendable (TrainingProgress) -> Void)? = nil
    ) throws -> TrainedVocabulary {
        let counter = try PieceCounter(settings: settings)
        var chunkProgress: (@Sendable (Int, Int) -> Void)?
        if let progress {
            chunkProgress = { done, total in progress(TrainingProgress(phase: .counting, completed: done, total: total)) }
        }
        let counts = try counter.count(documents, progress: chunkProgress)
        return try train(counts, progress: progress)
    }

    /// Trains on piece counts (made with this trainer's pattern and normalization).
    public func train(_ counts: PieceCounts, progress: ((TrainingProgress) -> Void)? = nil) throws -> TrainedVocabulary {
        try run(counts, progress: progress).vocabulary
    }

    /// Training, also returning the final words (for tests that compare them with the encoder).
    func run(_ counts: PieceCounts, progress: ((TrainingProgress) -> Void)? = nil) throws -> (vocabulary: TrainedVocabulary, state: MergeState) {
        guard !counts.isEmpty else { throw TrainerError.emptyCorpus }
        let weights: [Int]
        if let temperature = settings.scriptBalanceTemperature, temperature != 1 {
            weights = ScriptBalancer(temperature: temperature).balancedCounts(counts)
        } else {
            weights = counts.counts
        }
        var state = MergeState(counts: counts, weights: weights)
        let target = settings.rankCount
        let maxLength = settings.maximumTokenLength ?? Int.max
        let minimum = Int64(settings.minimumFrequency)
        var queue = PairQueue(state.pairs.keys.indices.compactMap { i in
            let key = state.pairs.keys[i]
            let count = state.pairs.counts[i]
            return count > 0 && state.mergedLength(key) <= maxLength ? PairQueue.Entry(count: count, key: key) : nil
        })
        var merges: [TrainedVocabulary.Merge] = []
        var stop: TrainedVocabulary.StopReason = .reachedSize
        let reportEvery = max(1, (target - 256) / 500)
        progress?(TrainingProgress(phase: .merging, completed: state.tokens.count, total: target))
        while state.tokens.count < target {
            guard let top = queue.pop() else { stop = .noPairsLeft; break }
            let index = state.pairs.index(top.key)
            let live = state.pairs.counts[index]
            if top.count != live {
                // Stale entry: re-queue the pair with its live count if that count went down.
                if top.count > live && live > 0 { queue.push(PairQueue.Entry(count: live, key: top.key)) }
                continue
            }
            if live < minimum { stop = .belowMinimumFrequency; break }
            let (result, touched) = state.merge(pairIndex: index)
            merges.append(TrainedVocabulary.Merge(left: Int(top.key >> 32), right: Int(top.key & 0xFFFF_FFFF), result: result, count: Int(live)))
            for pair in touched {
                let count = state.pairs.counts[pair]
                let key = state.pairs.keys[pair]
                if count > 0 && state.mergedLength(key) <= maxLength { queue.push(PairQueue.Entry(count: count, key: key)) }
            }
            if merges.count % reportEvery == 0 {
                progress?(TrainingProgress(phase: .merging, completed: state.tokens.count, total: target))
            }
        }
        progress?(TrainingProgress(phase: .merging, completed: state.tokens.count, total: target))
        return (try TrainedVocabulary(settings: settings, tokens: state.tokens, merges: merges, stopReason: stop), state)
    }
}

/// The words and pair statistics of a training run, and the merge operation on them.
struct MergeState {
    /// All words' token ids, each word a slice that shrinks in place as merges apply.
    var symbols: [UInt32] = []
    var wordStart: [Int] = []
    var wordLength: [Int32] = []
    var wordWeight: [Int64] = []
    /// Token bytes by rank.
    var tokens: [[UInt8]] = (0..<256).map { [UInt8($0)] }
    /// Ranks of merged tokens by their bytes.
    var rankOfBytes: [[UInt8]: UInt32] = [:]
    var pairs: PairTable
    /// For each word, the last merge that visited it.
    private var visited: [Int32]
    /// For each pair, the last merge that raised its count.
    private var touchedStamp: [Int32] = []
    private var mergeNumber: Int32 = 0

    /// Words from the pieces of `counts` with the given weights (pieces of one byte have no pairs and
    /// are left out), and the initial pair counts.
    init(counts: PieceCounts, weights: [Int]) {
        var symbols: [UInt32] = []
        var wordStart: [Int] = []
        var wordLength: [Int32] = []
        var wordWeight: [Int64] = []
        symbols.reserveCapacity(counts.arena.count)
        counts.arena.withUnsafeBufferPointer { arena in
            for entry in 0..<counts.uniqueCount {
                let range = counts.range(of: entry)
                guard range.count >= 2 else { continue }
                wordStart.append(symbols.count)
                wordLength.append(Int32(range.count))
                wordWeight.append(Int64(weights[entry]))
                for k in range { symbols.append(UInt32(arena[k])) }
            }
        }
        var pairs = PairTable(capacity: max(1024, symbols.count / 8))
        for word in 0..<wordStart.count {
            let start = wordStart[word]
            let weight = wordWeight[word]
            for k in start..<(start + Int(wordLength[word]) - 1) {
                pairs.add(symbols[k], symbols[k + 1], weight, word: Int32(word))
            }
        }
        self.symbols = symbols
        self.wordStart = wordStart
        self.wordLength = wordLength
        self.wordWeight = wordWeight
        self.pairs = pairs
        self.visited = [Int32](repeating: -1, count: wordStart.count)
    }

    /// The length in bytes of the token a pair would make.
    func mergedLength(_ key: UInt64) -> Int {
        tokens[Int(key >> 32)].count + tokens[Int(key & 0xFFFF_FFFF)].count
    }

    /// Merges the pair with index `pairIndex` in every word where it occurs, updating the pair counts.
    /// Returns the rank of the merged token (new, or existing when its bytes are already a token) and
    /// the pairs whose counts went up.
    mutating func merge(pairIndex: Int) -> (result: Int, touched: [Int]) {
        let key = pairs.keys[pairIndex]
        let a = UInt32(key >> 32), b = UInt32(key & 0xFFFF_FFFF)
        let bytes = tokens[Int(a)] + tokens[Int(b)]
        let n: UInt32
        if let existing = rankOfBytes[bytes] {
            n = existing
        } else {
            n = UInt32(tokens.count)
            tokens.append(bytes)
            rankOfBytes[bytes] = n
        }
        mergeNumber += 1
        let stamp = mergeNumber
        var touched: [Int] = []
        let list = pairs.words[pairIndex]
        pairs.words[pairIndex] = []
        func touch(_ pair: Int) {
            while touchedStamp.count <= pair { touchedStamp.append(0) }
            if touchedStamp[pair] != stamp {
                touchedStamp[pair] = stamp
                touched.append(pair)
            }
        }
        for w in list {
            let word = Int(w)
            if visited[word] == stamp { continue }
            visited[word] = stamp
            let start = wordStart[word]
            let length = Int(wordLength[word])
            let weight = wordWeight[word]
            var r = 0
            var o = 0
            var changed = false
            while r < length {
                let s = symbols[start + r]
                if s == a && r + 1 < length && symbols[start + r + 1] == b {
                    changed = true
                    if o > 0 {
                        let previous = symbols[start + o - 1]
                        pairs.add(previous, a, -weight, word: w)
                        touch(pairs.add(previous, n, weight, word: w))
                    }
                    if r + 2 < length {
                        let next = symbols[start + r + 2]
                        pairs.add(b, next, -weight, word: w)
                        touch(pairs.add(n, next, weight, word: w))
                    }
                    pairs.counts[pairIndex] -= weight
                    symbols[start + o] = n
                    o += 1
                    r += 2
                } else {
                    symbols[start + o] = s
                    o += 1
                    r += 1
                }
            }
            if changed { wordLength[word] = Int32(o) }
        }
        assert(pairs.counts[pairIndex] == 0, "a merged pair kept a count")
        pairs.counts[pairIndex] = 0
        return (Int(n), touched)
    }
}
