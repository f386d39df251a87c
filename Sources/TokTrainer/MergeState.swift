/// The words and pair statistics of a training run, and the merge operation on them.
///
/// Words live in one flat symbol arena (`symbols`), word `w` being `symbols[wordStart[w] ..<
/// wordStart[w] + wordLength[w]]`; merges shrink a word in place. Each pair's word list is a segment of
/// one `Int32` arena (``PairWordLists``).
struct MergeState {
    /// All words' token ids, each word a slice that shrinks in place as merges apply.
    var symbols: [UInt32] = []
    /// Where each word starts in `symbols`.
    var wordStart: [Int] = []
    /// The current length of each word, in tokens.
    var wordLength: [Int32] = []
    /// The (possibly balanced) count of each word.
    var wordWeight: [Int64] = []
    /// Token bytes by rank.
    var tokens: [[UInt8]] = (0..<256).map { [UInt8($0)] }
    /// Ranks of merged tokens by their bytes.
    var rankOfBytes: [[UInt8]: UInt32] = [:]
    /// Pair counts and word lists.
    var pairs: PairTable
    /// For each word, the last merge that visited it.
    private var visited: [Int32]
    /// The current merge's pair-count changes.
    private var deltas = PairDeltas()
    /// The current merge's new word-list entries: (group in `deltas`, word).
    private var staged: [(group: Int32, word: Int32)] = []
    private var mergeNumber: Int32 = 0
    /// A sum of the symbols loaded ahead of the merge loop, kept so the loads are not optimized away.
    private var touchedSum: UInt32 = 0
    /// How many words of a list are loaded ahead at a time.
    private let prefetchDistance = 32

    /// Words from the pieces of `counts` with the given weights (pieces of one byte have no pairs and
    /// are left out), and the initial pair counts and word lists.
    init(counts: PieceCounts, weights: [Int]) {
        var symbols: [UInt32] = []
        var wordStart: [Int] = []
        var wordLength: [Int32] = []
        var wordWeight: [Int64] = []
        var wordTotal = 0
        var symbolTotal = 0
        for entry in 0..<counts.uniqueCount where counts.range(of: entry).count >= 2 {
            wordTotal += 1
            symbolTotal += counts.range(of: entry).count
        }
        symbols.reserveCapacity(symbolTotal)
        wordStart.reserveCapacity(wordTotal)
        wordLength.reserveCapacity(wordTotal)
        wordWeight.reserveCapacity(wordTotal)
        counts.arena.withUnsafeBufferPointer { arena in
            // Words in byte order of their pieces: words that share pairs sit together, so walking a
            // pair's word list touches nearby memory. (The order cannot change the result.)
            for entry in counts.sortedIndices() {
                let range = counts.range(of: entry)
                guard range.count >= 2 else { continue }
                wordStart.append(symbols.count)
                wordLength.append(Int32(range.count))
                wordWeight.append(Int64(weights[entry]))
                for k in range { symbols.append(UInt32(arena[k])) }
            }
        }
        // Pass 1: pair counts, and the number of words each pair occurs in.
        var pairs = PairTable()
        var lastWord: [Int32] = []
        var sizes: [Int32] = []
        for word in 0..<wordStart.count {
            let start = wordStart[word]
            let weight = wordWeight[word]
            for k in start..<(start + Int(wordLength[word]) - 1) {
                let pair = pairs.add(symbols[k], symbols[k + 1], weight)
                if pair == lastWord.count {
                    lastWord.append(-1)
                    sizes.append(0)
                }
                if lastWord[pair] != Int32(word) {
                    lastWord[pair] = Int32(word)
                    sizes[pair] += 1
                }
            }
        }
        // Pass 2: the word lists, with their exact sizes.
        pairs.words.reserve(sizes)
        for pair in lastWord.indices { lastWord[pair] = -1 }
        for word in 0..<wordStart.count {
            let start = wordStart[word]
            for k in start..<(start + Int(wordLength[word]) - 1) {
                let pair = pairs.index(PairTable.key(symbols[k], symbols[k + 1]))
                if lastWord[pair] != Int32(word) {
                    lastWord[pair] = Int32(word)
                    pairs.words.fill(pair, word: Int32(word))
                }
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

    /// Merges the pair with index `pairIndex` in every word where it occurs, updating the pair counts
    /// and word lists. Returns the rank of the merged token (new, or existing when its bytes are already
    /// a token) and the pairs whose counts went up.
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
        let list = pairs.words.words(of: pairIndex)
        pairs.words.release(pairIndex)

        // Work on local copies (moved out of `self`, not copied), so that the loop needs no dynamic
        // exclusivity checks.
        var symbols = self.symbols; self.symbols = []
        var wordLength = self.wordLength; self.wordLength = []
        var visited = self.visited; self.visited = []
        var deltas = self.deltas; self.deltas = PairDeltas()
        var staged = self.staged; self.staged = []
        deltas.removeAll()
        staged.removeAll(keepingCapacity: true)
        let wordStart = self.wordStart
        let wordWeight = self.wordWeight
        var removed: Int64 = 0

        var touchedSum: UInt32 = 0
        for (position, w) in list.enumerated() {
            if position % prefetchDistance == 0 {
                // Load the next words' first symbols and flags with independent loads, so their cache
                // misses overlap instead of stalling the merge loop one word at a time.
                for ahead in list[position..<min(position + prefetchDistance, list.count)] {
                    touchedSum &+= symbols[wordStart[Int(ahead)]] &+ UInt32(bitPattern: visited[Int(ahead)])
                }
            }
            let word = Int(w)
            if visited[word] == stamp { continue }
            visited[word] = stamp
            let start = wordStart[word]
            let length = Int(wordLength[word])
            let weight = wordWeight[word]
            let wordBegin = staged.count
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
                // Up to two raised pairs, (previous, n) and (n, next), each recorded once per word.
                var groups: (Int32, Int32) = (-1, -1)
                if o > 0 {
                    let previous = symbols[start + o - 1]
                    deltas.add(PairTable.key(previous, a), -weight)
                    groups.0 = deltas.add(PairTable.key(previous, n), weight)
                }
                if r + 2 < length {
                    let next = symbols[start + r + 2]
                    deltas.add(PairTable.key(b, next), -weight)
                    groups.1 = deltas.add(PairTable.key(n, next), weight)
                }
                for group in [groups.0, groups.1] where group >= 0 {
                    var k = wordBegin
                    while k < staged.count && staged[k].group != group { k += 1 }
                    if k == staged.count { staged.append((group, w)) }
                }
                removed += weight
                symbols[start + o] = n
                o += 1
                r += 2
            }
            wordLength[word] = Int32(o)
        }
        self.symbols = symbols
        self.wordLength = wordLength
        self.visited = visited
        self.touchedSum = touchedSum

        // Apply the changes to the pair table, once per distinct pair.
        var groupPair = [Int](repeating: -1, count: deltas.count)
        var raised: [Int] = []
        for group in 0..<deltas.count {
            let pair = pairs.index(deltas.keys[group])
            pairs.counts[pair] += deltas.deltas[group]
            if deltas.raised[group] {
                groupPair[group] = pair
                raised.append(pair)
            }
        }
        pairs.counts[pairIndex] -= removed
        assert(pairs.counts[pairIndex] == 0, "a merged pair kept a count")
        pairs.counts[pairIndex] = 0
        pairs.words.extend(groupPair, with: staged)
        self.deltas = deltas
        self.staged = staged
        return (Int(n), raised)
    }
}
