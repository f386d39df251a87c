#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The words and pair statistics of a training run, and the merge operation on them.
///
/// Words live in one flat symbol buffer (a ``MallocBuffer`` of `UInt16` when every rank fits in 16 bits,
/// half the memory, `UInt32` otherwise), word `w` being the `wordLength[w]` symbols
/// at `wordStart[w]` (32 bits: the trainer refuses counts of more than `UInt32.max` piece bytes);
/// merges shrink a word in place, and once an eighth of the buffer is unused the words are moved
/// together (in word order, in place) and the buffer's tail is freed. Each pair's word list is a
/// segment of one delta-encoded byte arena (``PairWordLists``).
struct MergeState<Symbol: FixedWidthInteger & UnsignedInteger & BitwiseCopyable, Count: FixedWidthInteger & BitwiseCopyable> {
    /// All words' token ids.
    let symbols: MallocBuffer<Symbol>
    /// Where each word starts in `symbols`.
    private(set) var wordStart: [UInt32] = []
    /// The current length of each word, in tokens.
    private(set) var wordLength: [Int32] = []
    /// The (possibly balanced) count of each word, in 32 bits: `UInt32.max` stands for a larger count,
    /// kept in `heavyWeights` (a word that occurs four billion times is rare; its weight costs a lookup).
    private var narrowWeight: [UInt32] = []
    /// The counts of the words whose `narrowWeight` is `UInt32.max`.
    private var heavyWeights: [Int32: Int64] = [:]
    /// The number of symbols the words hold (the buffer may hold more, unused).
    private(set) var liveSymbols = 0
    /// Token bytes by rank.
    var tokens: [[UInt8]] = (0..<256).map { [UInt8($0)] }
    /// Ranks of merged tokens by their bytes.
    var rankOfBytes: [[UInt8]: UInt32] = [:]
    /// Pair counts and word lists.
    var pairs: PairTable<Symbol, Count>
    /// The current merge's pair-count changes.
    private var deltas = PairDeltas()
    /// The current merge's new word-list entries, by group of `deltas`.
    private let staged = StagedWords()
    /// A part of the words of the list being merged (decoded from ``PairWordLists``), kept between
    /// merges.
    private var list: [Int32] = []
    /// A sum of the symbols loaded ahead of the merge loop, kept so the loads are not optimized away.
    private var touchedSum: UInt32 = 0
    /// How many words of a list are loaded ahead at a time.
    private let prefetchDistance = 32
    /// How many words of the merged pair's list are decoded at a time (lower in tests, to exercise
    /// lists of many parts).
    var listPart = 4096
    /// The symbol buffer is compacted when it has at least this many symbols and no more than 7/8 of
    /// them are live (lower in tests, to exercise it).
    var compactionMinimum = 1 << 16

    /// Words from the pieces of `counts` with the given weights (pieces of one byte have no pairs and
    /// are left out), and the initial pair counts and word lists. Every token id must fit in `Symbol`,
    /// and the pair occurrences (``pairOccurrences(_:weights:)``) in `Count`. The counts and weights
    /// are consumed: they are freed (unless the caller holds copies) as soon as the words are laid out,
    /// before the pair lists are built; their hash index even before that.
    init(counts: consuming PieceCounts, weights: consuming [Int]) {
        assert(Int64(clamping: Count.max) >= MergeState.pairOccurrences(counts, weights: weights), "pair counts may not fit in Count")
        counts.dropLookupIndex()
        // Words in order of their pieces' first eight bytes: words that share pairs sit together, so
        // walking a pair's word list touches nearby memory. (The order cannot change the result.)
        var order = counts.indicesByPrefix()
        var wordTotal = 0
        var symbolTotal = 0
        for entry in order where counts.range(of: Int(entry)).count >= 2 {
            wordTotal += 1
            symbolTotal += counts.range(of: Int(entry)).count
        }
        // The words' bytes are copied out first, one byte a symbol, and widened to `Symbol` in place
        // once the counts are freed: the counts' arena and the wider symbols are never held at once.
        let bytes = MallocBuffer<UInt8>(capacity: symbolTotal)
        bytes.appendUninitialized(symbolTotal)
        var wordStart: [UInt32] = []
        var wordLength: [Int32] = []
        var narrowWeight: [UInt32] = []
        var heavyWeights: [Int32: Int64] = [:]
        wordStart.reserveCapacity(wordTotal)
        wordLength.reserveCapacity(wordTotal)
        narrowWeight.reserveCapacity(wordTotal)
        var filled = 0
        counts.arena.withUnsafeBufferPointer { arena in
            for entry in order {
                let range = counts.range(of: Int(entry))
                guard range.count >= 2 else { continue }
                wordStart.append(UInt32(filled))
                wordLength.append(Int32(range.count))
                let weight = weights[Int(entry)]
                if weight >= Int(UInt32.max) { heavyWeights[Int32(wordLength.count - 1)] = Int64(weight) }
                narrowWeight.append(UInt32(min(weight, Int(UInt32.max))))
                (bytes.base + filled).update(from: arena.baseAddress! + range.lowerBound, count: range.count)
                filled += range.count
            }
        }
        order = []
        counts = PieceCounts()
        weights = []
        let symbols = MallocBuffer<Symbol>(widening: bytes)
        let p = symbols.base
        // Pass 1: pair counts, and the size in bytes of each pair's word list.
        var pairs = PairTable<Symbol, Count>()
        var lastWord: [Int32] = []
        var sizes: [Int32] = []
        for word in 0..<wordStart.count {
            let start = Int(wordStart[word])
            let weight = MergeState.weight(word, narrowWeight, heavyWeights)
            for k in start..<(start + Int(wordLength[word]) - 1) {
                let pair = pairs.add(UInt32(p[k]), UInt32(p[k + 1]), weight)
                if pair == lastWord.count {
                    lastWord.append(-1)
                    sizes.append(0)
                }
                let last = lastWord[pair]
                if last != Int32(word) {
                    sizes[pair] += Int32(PairWordLists.encodedLength(UInt32(word) &- UInt32(max(last, 0))))
                    lastWord[pair] = Int32(word)
                }
            }
        }
        // Pass 2: the word lists, with their exact sizes.
        pairs.words.reserve(sizes)
        sizes = []
        for pair in lastWord.indices { lastWord[pair] = -1 }
        for word in 0..<wordStart.count {
            let start = Int(wordStart[word])
            for k in start..<(start + Int(wordLength[word]) - 1) {
                let pair = pairs.index(PairTable<Symbol, Count>.key(UInt32(p[k]), UInt32(p[k + 1])))
                let last = lastWord[pair]
                if last != Int32(word) {
                    pairs.words.fill(pair, gap: UInt32(word) &- UInt32(max(last, 0)))
                    lastWord[pair] = Int32(word)
                }
            }
        }
        self.symbols = symbols
        self.liveSymbols = symbolTotal
        self.wordStart = wordStart
        self.wordLength = wordLength
        self.narrowWeight = narrowWeight
        self.heavyWeights = heavyWeights
        self.pairs = pairs
    }

    /// The number of words.
    var wordCount: Int { wordStart.count }

    /// The weighted number of adjacent-pair occurrences in the words of `counts`: no pair count can
    /// exceed it, then or after any merge (a merge only removes occurrences).
    static func pairOccurrences(_ counts: PieceCounts, weights: [Int]) -> Int64 {
        var total: Int64 = 0
        for entry in 0..<counts.uniqueCount {
            let pairs = Int64(counts.range(of: entry).count - 1)
            let (product, overflow) = pairs.multipliedReportingOverflow(by: Int64(weights[entry]))
            if overflow { return .max }
            let (sum, overflowSum) = total.addingReportingOverflow(product)
            if overflowSum { return .max }
            total = sum
        }
        return total
    }

    /// The weight of word `w`.
    func wordWeight(_ w: Int) -> Int64 { MergeState.weight(w, narrowWeight, heavyWeights) }

    @inline(__always)
    private static func weight(_ word: Int, _ narrow: [UInt32], _ heavy: [Int32: Int64]) -> Int64 {
        let weight = narrow[word]
        return weight != UInt32.max ? Int64(weight) : heavy[Int32(word)]!
    }

    /// The token ids of word `w`.
    func word(_ w: Int) -> [Int] {
        (0..<Int(wordLength[w])).map { Int(symbols.base[Int(wordStart[w]) + $0]) }
    }

    /// The length in bytes of the token a pair would make.
    func mergedLength(_ key: UInt64) -> Int {
        tokens[Int(key >> 32)].count + tokens[Int(key & 0xFFFF_FFFF)].count
    }

    /// Merges the pair with index `pairIndex` in every word where it occurs, updating the pair counts
    /// and word lists. Returns the rank of the merged token (new, or existing when its bytes are already
    /// a token) and the pairs whose counts went up.
    mutating func merge(pairIndex: Int) -> (result: Int, touched: [Int]) {
        let key = pairs.key(at: pairIndex)
        let a = Symbol(truncatingIfNeeded: key >> 32), b = Symbol(truncatingIfNeeded: key & 0xFFFF_FFFF)
        let bytes = tokens[Int(a)] + tokens[Int(b)]
        let n: Symbol
        if let existing = rankOfBytes[bytes] {
            n = Symbol(existing)
        } else {
            n = Symbol(tokens.count)
            rankOfBytes[bytes] = UInt32(tokens.count)
            tokens.append(bytes)
        }
        let a32 = UInt32(a), b32 = UInt32(b), n32 = UInt32(n)
        // The pair's words are read from its list a part at a time (the list stays in the arena, which
        // does not change before the lists are extended), so that a large merge needs no decoded copy.
        var list = self.list; self.list = []
        var reader = pairs.words.reader(pairIndex)
        pairs.words.release(pairIndex)

        // Work on local copies (moved out of `self`, not copied), so that the loop needs no dynamic
        // exclusivity checks.
        var symbols = self.symbols.base
        var wordLength = self.wordLength; self.wordLength = []
        var deltas = self.deltas; self.deltas = PairDeltas()
        let staged = self.staged
        deltas.removeAll()
        staged.removeAll()
        var wordStart = self.wordStart; self.wordStart = []
        let narrowWeight = self.narrowWeight
        let heavyWeights = self.heavyWeights
        var removed: Int64 = 0
        var removedSymbols = 0

        var touchedSum: UInt32 = 0
        while true {
            list.removeAll(keepingCapacity: true)
            while list.count < listPart {
                let w = reader.next()
                if w < 0 { break }
                list.append(w)
            }
            if list.isEmpty { break }
            for (position, w) in list.enumerated() {
                if position % prefetchDistance == 0 {
                    // Load the next words' first symbols with independent loads, so their cache
                    // misses overlap instead of stalling the merge loop one word at a time.
                    for ahead in list[position..<min(position + prefetchDistance, list.count)] {
                        touchedSum &+= UInt32(symbols[Int(wordStart[Int(ahead)])])
                    }
                }
                let word = Int(w)
                let start = Int(wordStart[word])
                let length = Int(wordLength[word])
                let weight = MergeState.weight(word, narrowWeight, heavyWeights)
                var r = 0
                var o = 0
                while r < length {
                    let s = symbols[start + r]
                    guard s == a && r + 1 < length && symbols[start + r + 1] == b else {
                        symbols[start + o] = s
                        o += 1
                        r += 1
                        continue
                    }
                    // Up to two raised pairs, (previous, n) and (n, next), each staged once per word.
                    if o > 0 {
                        let previous = UInt32(symbols[start + o - 1])
                        deltas.add(PairTable<Symbol, Count>.key(previous, a32), -weight)
                        let group = deltas.add(PairTable<Symbol, Count>.key(previous, n32), weight)
                        staged.add(group: group, word: w)
                    }
                    if r + 2 < length {
                        let next = UInt32(symbols[start + r + 2])
                        deltas.add(PairTable<Symbol, Count>.key(b32, next), -weight)
                        let group = deltas.add(PairTable<Symbol, Count>.key(n32, next), weight)
                        staged.add(group: group, word: w)
                    }
                    removed += weight
                    symbols[start + o] = n
                    o += 1
                    r += 2
                }
                removedSymbols += length - o
                wordLength[word] = Int32(o)
            }
            // Between parts (and after the last), compact once an eighth of the symbols is unused: before
            // the staged entries and the word lists grow further, so that they never peak together with
            // the symbols (the first merges free an eighth of the symbols in a few steps, while their new
            // pairs' lists are the largest).
            let live = liveSymbols - removedSymbols
            if self.symbols.count >= compactionMinimum && live * 8 <= self.symbols.count * 7 {
                MergeState.compact(self.symbols, &wordStart, wordLength)
                symbols = self.symbols.base
            }
        }
        self.wordStart = wordStart
        self.wordLength = wordLength
        self.touchedSum = touchedSum
        self.list = list
        liveSymbols -= removedSymbols

        // Apply the changes to the pair table, once per distinct pair. A pair whose count falls to 0
        // occurs in no word any more: its list is dropped.
        var groupPair = [Int](repeating: -1, count: deltas.count)
        var raised: [Int] = []
        for group in 0..<deltas.count {
            let pair = pairs.index(deltas.keys[group])
            pairs.addCount(deltas.deltas[group], at: pair)
            if pairs.count(at: pair) == 0 {
                pairs.words.release(pair)
            } else if deltas.raised[group] {
                groupPair[group] = pair
                raised.append(pair)
            }
        }
        pairs.addCount(-removed, at: pairIndex)
        assert(pairs.count(at: pairIndex) == 0, "a merged pair kept a count")
        pairs.setCount(0, at: pairIndex)
        pairs.words.extend(groupPair, with: staged)
        self.deltas = deltas
        return (Int(n), raised)
    }

    /// Moves the words together at the front of `symbols` (words are laid out in word order, so each
    /// moves down or stays), updating their starts, and frees the rest of the buffer.
    private static func compact(_ symbols: MallocBuffer<Symbol>, _ wordStart: inout [UInt32], _ wordLength: [Int32]) {
        let p = symbols.base
        var write = 0
        for w in 0..<wordStart.count {
            let from = Int(wordStart[w])
            let n = Int(wordLength[w])
            if from != write { memmove(p + write, p + from, n * MemoryLayout<Symbol>.stride) }
            wordStart[w] = UInt32(write)
            write += n
        }
        symbols.shrink(to: write)
    }
}
