/// The words each pair has occurred in, for ``PairTable``: every pair's list is one segment of a single
/// byte arena (no allocation per pair, no spare capacity per list), a ``MallocBuffer`` that grows with
/// `realloc` (so it is shared, not copied, by copies of this value: each training run has its own).
///
/// A list holds word indices in ascending order without repeats, delta-encoded: each entry is the gap
/// from the previous word (the first entry: the word itself) as a LEB128 varint, 7 bits a byte. Words of
/// a list are close together (they share a pair, and words are in order of their pieces' first bytes),
/// so most gaps take one byte instead of four.
///
/// Lists are written whole: the initial ones in two passes (``reserve(_:)`` with their exact sizes in
/// bytes, then ``fill(_:gap:)``), and the ones made by a merge in one go at the end of the arena
/// (``extend(_:with:)``, which merges a pair's old list with its new words). A list that is no longer
/// needed (its pair was merged, or its count fell to 0) is dropped (``release(_:)``); the space of
/// dropped and replaced lists is reclaimed by compacting the arena in place once it is a large enough
/// share of it.
struct PairWordLists {
    /// All lists' bytes.
    private let arena = MallocBuffer<UInt8>()
    /// The arena offset of each pair's list.
    private let start = MallocBuffer<Int>()
    /// The length in bytes of each pair's list.
    private let length = MallocBuffer<Int32>()
    /// Arena bytes no list uses.
    private(set) var garbage = 0
    /// Compaction waits for at least this many unused bytes (lower in tests, to exercise it).
    var compactionMinimum = 1 << 20

    /// Adds an empty list for a new pair (index `pairCount`).
    mutating func addPair() {
        start.append(arena.count)
        length.append(0)
    }

    /// The number of pairs.
    var pairCount: Int { start.count }

    /// Moves the list of pair `from` to pair `to` (whose list must be released), for renumbering.
    mutating func movePair(_ from: Int, to: Int) {
        precondition(length[to] == 0, "a pair's list is overwritten")
        start[to] = start[from]
        length[to] = length[from]
        length[from] = 0
    }

    /// Drops the pairs from `pairCount` on (their lists must be released), for renumbering.
    mutating func truncatePairs(to pairCount: Int) {
        for pair in pairCount..<self.pairCount { precondition(length[pair] == 0, "a dropped pair kept its list") }
        start.truncate(to: pairCount)
        length.truncate(to: pairCount)
    }

    /// The number of arena bytes in use.
    var liveCount: Int { arena.count - garbage }

    /// The arena's size in bytes, unused bytes included.
    var arenaCount: Int { arena.count }

    /// The number of bytes a gap takes as a varint.
    @inline(__always)
    static func encodedLength(_ gap: UInt32) -> Int {
        gap < 1 << 7 ? 1 : gap < 1 << 14 ? 2 : gap < 1 << 21 ? 3 : gap < 1 << 28 ? 4 : 5
    }

    /// Appends `gap` as a varint to `bytes`.
    @inline(__always)
    static func append(_ gap: UInt32, to bytes: inout [UInt8]) {
        var v = gap
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// The words of `pair`'s list, in ascending order.
    func words(of pair: Int) -> [Int32] {
        var out: [Int32] = []
        decode(pair, into: &out)
        return out
    }

    /// A reader of `pair`'s list, word by word, straight from the arena: valid until the arena next
    /// changes (``extend(_:with:)``, ``reserve(_:)``, ``fill(_:gap:)``); ``release(_:)`` leaves the
    /// bytes in place, so a list can be read after it is released.
    func reader(_ pair: Int) -> GapReader {
        GapReader(arena.base + start[pair], Int(length[pair]))
    }

    /// Replaces the contents of `out` with the words of `pair`'s list, in ascending order.
    func decode(_ pair: Int, into out: inout [Int32]) {
        out.removeAll(keepingCapacity: true)
        // At most one word a byte: room for all at once, rather than doubling (and copying) the array.
        out.reserveCapacity(Int(length[pair]))
        var words = reader(pair)
        while true {
            let word = words.next()
            if word < 0 { return }
            out.append(word)
        }
    }

    /// Gives every pair an empty list with room for `sizes[pair]` bytes (for ``fill(_:gap:)``), after
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
        arena.reserve(offset + offset / 4)
        arena.appendZeros(offset - arena.count)
    }

    /// Appends a word to `pair`'s list, in the room ``reserve(_:)`` made: `gap` is the word minus the
    /// list's previous word (the word itself for the first). Words must come in ascending order.
    @inline(__always)
    mutating func fill(_ pair: Int, gap: UInt32) {
        var k = start[pair] + Int(length[pair])
        var v = gap
        while v >= 0x80 {
            arena[k] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            k += 1
        }
        arena[k] = UInt8(v)
        length[pair] = Int32(k + 1 - start[pair])
    }

    /// Drops `pair`'s list.
    mutating func release(_ pair: Int) {
        garbage += Int(length[pair])
        length[pair] = 0
    }

    /// Replaces the list of each pair `pairs[g]` with the union of its old list and the words staged for
    /// group `g`; then compacts the arena if worth it. Groups whose pair is negative are skipped.
    mutating func extend(_ pairs: [Int], with staged: StagedWords) {
        // The bytes the new lists take at most: a merged list's gaps are no longer than those of either
        // list, so its size is at most the sum of both sizes. The arena then grows at most once.
        var bound = 0
        for (g, pair) in pairs.enumerated() where pair >= 0 {
            bound += Int(length[pair]) + staged.bytes(of: g)
        }
        guard bound > 0 else { return }
        if arena.count + bound > arena.capacity {
            // Reclaim unused bytes rather than let the arena reallocate (which briefly doubles it), when
            // there are enough of them.
            if garbage >= bound || garbage * 8 >= arena.count { compact() }
            if arena.count + bound > arena.capacity {
                arena.reserve(max(arena.count + bound, arena.capacity + arena.capacity / 4))
            }
        }
        for (g, pair) in pairs.enumerated() where pair >= 0 {
            // Merge the old words and the new ones, both ascending and read word by word (no decoded
            // copies), dropping repeats, straight into the room reserved at the end of the arena (the
            // old list lies before it).
            var old = reader(pair)
            var new = staged.reader(g)
            let out = arena.base + arena.count
            var a = old.next(), b = new.next()
            var k = 0
            var previous: Int32 = 0
            var any = false
            while a >= 0 || b >= 0 {
                let word: Int32
                if b < 0 || (a >= 0 && a <= b) {
                    word = a
                    a = old.next()
                } else {
                    word = b
                    b = new.next()
                }
                if any && word == previous { continue }
                var v = UInt32(bitPattern: word &- previous)
                while v >= 0x80 {
                    out[k] = UInt8(truncatingIfNeeded: v) | 0x80
                    v >>= 7
                    k += 1
                }
                out[k] = UInt8(v)
                k += 1
                previous = word
                any = true
            }
            let size = k
            garbage += Int(length[pair])
            start[pair] = arena.count
            length[pair] = Int32(size)
            arena.appendUninitialized(size)
        }
        if garbage >= compactionMinimum && garbage * 4 >= liveCount { compact() }
    }

    /// Moves the lists to the front of the arena, in arena order, dropping unused bytes.
    private mutating func compact() {
        // The live pairs in arena order, as 32-bit indices in an array of the exact size (this runs at
        // the trainer's largest, so it allocates as little as it can).
        var liveCount = 0
        for pair in 0..<pairCount where length[pair] > 0 { liveCount += 1 }
        var live: [Int32] = []
        live.reserveCapacity(liveCount)
        for pair in 0..<pairCount where length[pair] > 0 { live.append(Int32(pair)) }
        let start = self.start
        live.sort { start[Int($0)] < start[Int($1)] }
        var write = 0
        do {
            let buffer = arena.base
            for p in live {
                let pair = Int(p)
                let from = start[pair]
                let n = Int(length[pair])
                if from != write {
                    for k in 0..<n { buffer[write + k] = buffer[from + k] }
                }
                start[pair] = write
                write += n
            }
        }
        arena.truncate(to: write)
        // Give back room the arena is unlikely to need again.
        if arena.capacity > write + write / 2 { arena.limitCapacity(write + write / 4) }
        for pair in 0..<pairCount where length[pair] == 0 { start[pair] = 0 }
        garbage = 0
    }
}

/// Reads the words of a list of varint gaps (``PairWordLists``) one at a time, from its bytes.
struct GapReader {
    private var p: UnsafePointer<UInt8>
    private let end: UnsafePointer<UInt8>
    private var word: UInt32 = 0

    /// A reader of the `count` bytes at `bytes`.
    init(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        p = bytes
        end = bytes + count
    }

    /// The next word, or -1 after the last (words are never negative).
    @inline(__always)
    mutating func next() -> Int32 {
        guard p < end else { return -1 }
        var byte = p.pointee
        var gap = UInt32(byte & 0x7F)
        var shift: UInt32 = 7
        p += 1
        while byte & 0x80 != 0 {
            byte = p.pointee
            gap |= UInt32(byte & 0x7F) << shift
            shift += 7
            p += 1
        }
        word &+= gap
        return Int32(bitPattern: word)
    }
}
