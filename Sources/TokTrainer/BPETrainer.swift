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
        return try train(consume counts, progress: progress)
    }

    /// Trains on piece counts (made with this trainer's pattern and normalization).
    ///
    /// The counts are consumed: once the words are built from them, their memory is freed, unless the
    /// caller still holds a copy (pass `consume counts` to let it go). On glibc, training trims the
    /// heap at phase boundaries (`malloc_trim`); see also ``preferMappedLargeAllocations()``.
    public func train(_ counts: consuming PieceCounts, progress: ((TrainingProgress) -> Void)? = nil) throws -> TrainedVocabulary {
        try run(consume counts, progress: progress).vocabulary
    }

    /// Makes glibc serve allocations of 256 KiB and more from mappings of their own for the rest of
    /// the process (`mallopt(M_MMAP_THRESHOLD)`, which also stops glibc from raising that threshold),
    /// so that the trainer's large buffers grow by remapping instead of copying and go back to the
    /// system as soon as they are freed: about 10% lower peak memory on the benchmark corpus. It is
    /// process-wide, so training never does it by itself; `tokcost train` calls it. Does nothing on
    /// other C libraries.
    public static func preferMappedLargeAllocations() {
        MemoryRelease.preferMappedLargeBlocks()
    }

    /// The largest number of ranks whose ids fit in 16-bit symbols.
    static let narrowRankLimit = 1 << 16

    /// Training, also returning the final words when `keepWords` is set (for tests that compare them
    /// with the encoder). Words hold 16-bit symbols when the ranks fit, and pair counts are 32 bits when
    /// no count can exceed that (queue entries are then 8 bytes); `wideSymbols` and `wideCounts` force
    /// the wider form, for tests.
    func run(
        _ counts: consuming PieceCounts, progress: ((TrainingProgress) -> Void)? = nil, keepWords: Bool = false,
        wideSymbols: Bool = false, wideCounts: Bool = false
    ) throws -> (vocabulary: TrainedVocabulary, words: [[Int]]) {
        guard !counts.isEmpty else { throw TrainerError.emptyCorpus }
        try BPETrainer.checkAddressable(uniquePieces: counts.uniqueCount, pieceBytes: counts.arena.count)
        let weights: [Int]
        if let temperature = settings.scriptBalanceTemperature, temperature != 1 {
            weights = ScriptBalancer(temperature: temperature).balancedCounts(counts)
        } else {
            weights = counts.counts
        }
        let narrowSymbols = settings.rankCount <= BPETrainer.narrowRankLimit && !wideSymbols
        let narrowCounts = !wideCounts && MergeState<UInt16, UInt32>.pairOccurrences(counts, weights: weights) <= Int64(UInt32.max)
        // The merge state and queue are freed (at the end of their scope) before the vocabulary builds
        // its own tables.
        let outcome: MergeOutcome
        switch (narrowSymbols, narrowCounts) {
        case (true, true):
            outcome = merge(consume counts, consume weights, UInt16.self, UInt32.self, PackedPairEntry.self, progress, keepWords)
        case (true, false):
            outcome = merge(consume counts, consume weights, UInt16.self, Int64.self, WidePairEntry.self, progress, keepWords)
        case (false, true):
            outcome = merge(consume counts, consume weights, UInt32.self, UInt32.self, WidePairEntry.self, progress, keepWords)
        case (false, false):
            outcome = merge(consume counts, consume weights, UInt32.self, Int64.self, WidePairEntry.self, progress, keepWords)
        }
        MemoryRelease.trim()
        let vocabulary = try TrainedVocabulary(settings: settings, tokens: outcome.tokens, merges: outcome.merges, stopReason: outcome.stop)
        return (vocabulary, outcome.words)
    }

    /// Throws ``TrainerError/corpusTooLarge(_:)`` unless the words can be numbered in 31 bits and their
    /// symbols addressed in 32 (the merge state's word indices and word starts).
    static func checkAddressable(uniquePieces: Int, pieceBytes: Int) throws {
        if uniquePieces > Int(Int32.max) {
            throw TrainerError.corpusTooLarge("the corpus has \(uniquePieces) distinct pieces; the trainer handles at most \(Int32.max): train on a sample of it")
        }
        if pieceBytes > Int(UInt32.max) {
            throw TrainerError.corpusTooLarge("the corpus's distinct pieces take \(pieceBytes) bytes; the trainer handles at most \(UInt32.max): train on a sample of it")
        }
    }

    /// What the merge loop learned: the tokens by rank, the merges, why it stopped, and the final words
    /// if asked for.
    private struct MergeOutcome {
        var tokens: [[UInt8]]
        var merges: [TrainedVocabulary.Merge]
        var stop: TrainedVocabulary.StopReason
        var words: [[Int]]
    }

    /// Builds the merge state from `counts` and `weights` (consumed: freed once the words are laid
    /// out), gives freed memory back to the system, and runs the merge loop with the given symbol,
    /// count and queue-entry types.
    private func merge<
        Symbol: FixedWidthInteger & UnsignedInteger & BitwiseCopyable, Count: FixedWidthInteger & BitwiseCopyable, Entry: PairQueueEntry
    >(
        _ counts: consuming PieceCounts, _ weights: consuming [Int], _: Symbol.Type, _: Count.Type, _ entries: Entry.Type,
        _ progress: ((TrainingProgress) -> Void)?, _ keepWords: Bool
    ) -> MergeOutcome {
        var state = MergeState<Symbol, Count>(counts: consume counts, weights: consume weights)
        MemoryRelease.trim()
        return mergeLoop(&state, entries: entries, progress: progress, keepWords: keepWords)
    }

    /// Merges the best pair until the vocabulary is full or no pair qualifies.
    private func mergeLoop<Symbol, Count, Entry: PairQueueEntry>(
        _ state: inout MergeState<Symbol, Count>, entries: Entry.Type, progress: ((TrainingProgress) -> Void)?,
        keepWords: Bool
    ) -> MergeOutcome {
        let target = settings.rankCount
        let maxLength = settings.maximumTokenLength ?? Int.max
        let minimum = Int64(settings.minimumFrequency)
        // Pairs rarer than the minimum are never queued: counts only fall until a pair is raised (and
        // then pushed again), and no merge can follow a pair below the minimum.
        let queueable = max(minimum, 1)
        var queue = PairQueue<Entry>(state.pairs.indices.compactMap { i in
            let key = state.pairs.key(at: i)
            let count = state.pairs.count(at: i)
            return count >= queueable && state.mergedLength(key) <= maxLength ? Entry(count: count, key: key) : nil
        })
        var merges: [TrainedVocabulary.Merge] = []
        var pairCapacity = state.pairs.capacity
        var stop: TrainedVocabulary.StopReason = .reachedSize
        let reportEvery = max(1, (target - 256) / 500)
        progress?(TrainingProgress(phase: .merging, completed: state.tokens.count, total: target))
        while state.tokens.count < target {
            guard let top = queue.pop() else {
                // Out of queued pairs: below the minimum if a rare pair is left, else none is left.
                let rareLeft = state.pairs.indices.contains { i in
                    state.pairs.count(at: i) > 0 && state.mergedLength(state.pairs.key(at: i)) <= maxLength
                }
                stop = rareLeft ? .belowMinimumFrequency : .noPairsLeft
                break
            }
            // A pair the table no longer holds has a count of 0 (it was dropped as dead).
            guard let index = state.pairs.find(top.key) else { continue }
            let live = state.pairs.count(at: index)
            if top.count != live {
                // Stale entry: re-queue the pair with its live count if that count went down.
                if top.count > live && live >= queueable {
                    queue.dropStaleEntriesIfFull(state.pairs, queueable: queueable)
                    queue.push(Entry(count: live, key: top.key))
                }
                continue
            }
            // Only pairs at or above the minimum are queued (the stop reason is decided when the queue runs dry).
            assert(live >= minimum)
            let (result, touched) = state.merge(pairIndex: index)
            if state.pairs.capacity != pairCapacity {
                // The pair table's arrays have just been reallocated, leaving their old buffers free:
                // give them back rather than keep them resident to the end.
                pairCapacity = state.pairs.capacity
                MemoryRelease.trim()
            }
            merges.append(TrainedVocabulary.Merge(left: Int(top.key >> 32), right: Int(top.key & 0xFFFF_FFFF), result: result, count: Int(live)))
            for pair in touched {
                let count = state.pairs.count(at: pair)
                let key = state.pairs.key(at: pair)
                if count >= queueable && state.mergedLength(key) <= maxLength {
                    queue.dropStaleEntriesIfFull(state.pairs, queueable: queueable)
                    queue.push(Entry(count: count, key: key))
                }
            }
            // Between merges no pair index is held: dead pairs can be dropped and the others renumbered.
            state.pairs.dropDeadPairsIfWorthIt()
            if merges.count % reportEvery == 0 {
                progress?(TrainingProgress(phase: .merging, completed: state.tokens.count, total: target))
            }
        }
        progress?(TrainingProgress(phase: .merging, completed: state.tokens.count, total: target))
        let words = keepWords ? (0..<state.wordCount).map { state.word($0) } : []
        return MergeOutcome(tokens: state.tokens, merges: merges, stop: stop, words: words)
    }
}
