/// The words each pair has occurred in, for ``PairTable``: every pair's list is one segment of a single
/// `Int32` arena (no allocation per pair, no spare capacity per list).
///
/// Lists are written whole: the initial ones in two passes (``reserve(_:)`` with their exact sizes, then
/// ``fill(_:word:)``), and the ones made by a merge in one go at the end of the arena
/// (``extend(_:with:)``). A merged pair's list is dropped (``release(_:)``); the space of dropped and
/// replaced lists is reclaimed by compacting the arena in place once it is a large enough share of it.
struct PairWordLists {
    /// All lists' words.
    private var arena: [Int32] = []
    /// The arena offset of each pair's list.
    private var start: [Int] = []
    /// The length of each pair's list.
    private var length: [Int32] = []
    /// Arena entries no list uses.
    private(set) var garbage = 0
    /// Compaction waits for at least this many unused entries (lower in tests, to exercise it).
    var compactionMinimum = 1 << 20

    /// Adds an empty list for a new pair (index `pairCount`).
    mutating func addPair() {
        start.append(arena.count)
        length.append(0)
    }

    /// The number of pairs.
    var pairCount: Int { start.count }

    /// The number of arena entries in use.
    var liveCount: Int { arena.count - garbage }

    /// The words of `pair`'s list, copied.
    func words(of pair: Int) -> [Int32] {
        let s = start[pair]
        return Array(arena[s..<(s + Int(length[pair]))])
    }

    /// Gives every pair an empty list with room for `sizes[pair]` words (for ``fill(_:word:)``), after
    /// the lists there are.
    mutating func reserve(_ sizes: [Int32]) {
        precondition(sizes.count == pairCount)
        var offset = arena.count
        for pair in 0..<pairCount {
            garbage += Int(length[pair])
            start[pair] = offset
            length[pair] = 0
            offset += Int(sizes[pair])
        }
        arena.reserveCapacity(offset + offset / 4)
        arena.append(contentsOf: repeatElement(0, count: offset - arena.count))
    }

    /// Appends `word` to `pair`'s list, in the room ``reserve(_:)`` made.
    @inline(__always)
    mutating func fill(_ pair: Int, word: Int32) {
        arena[start[pair] + Int(length[pair])] = word
        length[pair] += 1
    }

    /// Drops `pair`'s list.
    mutating func release(_ pair: Int) {
        garbage += Int(length[pair])
        length[pair] = 0
    }

    /// Replaces the list of each pair `pairs[g]` with its old list followed by the words `word` of the
    /// entries with `group == g`, in entry order; then compacts the arena if worth it. Groups whose
    /// pair is negative have no entries and are skipped.
    mutating func extend(_ pairs: [Int], with entries: [(group: Int32, word: Int32)]) {
        guard !pairs.isEmpty else { return }
        var sizes = [Int](repeating: 0, count: pairs.count)
        for entry in entries { sizes[Int(entry.group)] += 1 }
        var total = 0
        for (g, pair) in pairs.enumerated() where pair >= 0 {
            sizes[g] += Int(length[pair])
            total += sizes[g]
        }
        // Reclaim unused entries rather than let the arena reallocate (which briefly doubles it).
        if arena.count + total > arena.capacity && garbage > 0 { compact() }
        var offset = arena.count
        arena.append(contentsOf: repeatElement(0, count: total))
        arena.withUnsafeMutableBufferPointer { buffer in
            for (g, pair) in pairs.enumerated() where pair >= 0 {
                let old = Int(length[pair])
                if old > 0 {
                    let from = start[pair]
                    for k in 0..<old { buffer[offset + k] = buffer[from + k] }
                    garbage += old
                }
                start[pair] = offset
                offset += sizes[g]
            }
            for entry in entries {
                let pair = pairs[Int(entry.group)]
                buffer[start[pair] + Int(length[pair])] = entry.word
                length[pair] += 1
            }
        }
        if garbage >= compactionMinimum && garbage * 2 >= liveCount { compact() }
    }

    /// Moves the lists to the front of the arena, in arena order, dropping unused entries.
    private mutating func compact() {
        let live = (0..<pairCount).filter { length[$0] > 0 }.sorted { start[$0] < start[$1] }
        var write = 0
        arena.withUnsafeMutableBufferPointer { buffer in
            for pair in live {
                let from = start[pair]
                let n = Int(length[pair])
                if from != write {
                    for k in 0..<n { buffer[write + k] = buffer[from + k] }
                }
                start[pair] = write
                write += n
            }
        }
        arena.removeLast(arena.count - write)
        garbage = 0
    }
}
