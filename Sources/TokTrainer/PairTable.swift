/// Live pair statistics for the merge loop: for every adjacent pair of token ids seen, its count
/// (weighted by piece counts) and the words it has occurred in (``PairWordLists``).
///
/// Pairs are given a dense index on first sight, through an open-addressing hash table whose slots
/// hold only the dense index (the pair is compared in `lefts` and `rights`, which hold its two tokens
/// as `Symbol`s: four bytes a pair when ranks fit in 16 bits), four bytes a slot, filled up to three
/// quarters (linear probing with a multiplicative hash of the pair stays short at that load). A word list holds
/// each word once (so a merge visits a word once) and may hold words where the pair no longer occurs
/// (it is checked when the pair is merged) but never misses one where it does. The per-pair arrays are
/// ``MallocBuffer``s, which grow by `realloc` without holding their old and new storage at once (so
/// copies of a table share them: each training run has its own table).
///
/// Pairs whose count has fallen to 0 (a quarter of all pairs by the end of a 32k run) are dropped
/// between merges by ``dropDeadPairsIfWorthIt()``, which renumbers the live ones: indices are only
/// stable from one call of it to the next.
struct PairTable<Symbol: FixedWidthInteger & UnsignedInteger & BitwiseCopyable, Count: FixedWidthInteger & BitwiseCopyable> {
    /// Slot value for an empty slot.
    private static var empty: Int32 { -1 }
    private var slots: [Int32]
    private var mask: Int
    /// The left token of each dense index.
    let lefts = MallocBuffer<Symbol>()
    /// The right token of each dense index.
    let rights = MallocBuffer<Symbol>()
    /// The live count of each pair, as a `Count` (`UInt32` when the trainer knows that no count can
    /// exceed it, `Int64` otherwise); read and written as `Int64`.
    private let counts = MallocBuffer<Count>()
    /// The words (indices) each pair has occurred in.
    var words = PairWordLists()
    /// ``dropDeadPairsIfWorthIt()`` looks for dead pairs again once there are this many pairs.
    private var nextDeadCheck = 1 << 12
    /// Dead pairs are dropped once they are at least this share of all pairs (lower in tests).
    var deadShareToDrop = 0.0625

    init(capacity: Int = 1 << 16) {
        var size = 1024
        while size * 3 < capacity * 4 { size <<= 1 }
        slots = [Int32](repeating: PairTable.empty, count: size)
        mask = size - 1
    }

    /// How many pairs the table's arrays have room for (it changes when they are reallocated).
    var capacity: Int { counts.capacity }

    /// How many pairs the table holds (live and dead).
    var pairCount: Int { counts.count }

    /// The valid indices, `0..<pairCount`.
    var indices: Range<Int> { 0..<pairCount }

    /// The live count of the pair at `index`.
    @inline(__always)
    func count(at index: Int) -> Int64 { Int64(counts[index]) }

    /// Sets the live count of the pair at `index` (it must fit in `Count`).
    @inline(__always)
    func setCount(_ count: Int64, at index: Int) { counts[index] = Count(truncatingIfNeeded: count) }

    /// Adds `delta` to the live count of the pair at `index` (the sum must fit in `Count`).
    @inline(__always)
    func addCount(_ delta: Int64, at index: Int) { counts[index] = Count(truncatingIfNeeded: Int64(counts[index]) &+ delta) }

    /// The packed key `left << 32 | right` of `(left, right)`.
    @inline(__always)
    static func key(_ left: UInt32, _ right: UInt32) -> UInt64 { UInt64(left) << 32 | UInt64(right) }

    /// The packed key of the pair at `index`.
    @inline(__always)
    func key(at index: Int) -> UInt64 { UInt64(lefts[index]) << 32 | UInt64(rights[index]) }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The dense index of `key`, or `nil` if the table does not hold it.
    @inline(__always)
    func find(_ key: UInt64) -> Int? {
        let left = Symbol(truncatingIfNeeded: key >> 32), right = Symbol(truncatingIfNeeded: key)
        var s = PairTable.slot(key, mask)
        while true {
            let index = slots[s]
            if index == PairTable.empty { return nil }
            if lefts[Int(index)] == left && rights[Int(index)] == right { return Int(index) }
            s = (s + 1) & mask
        }
    }

    /// The dense index of `key`, adding the pair (count 0, no words) if it is new.
    @inline(__always)
    mutating func index(_ key: UInt64) -> Int {
        let left = Symbol(truncatingIfNeeded: key >> 32), right = Symbol(truncatingIfNeeded: key)
        var s = PairTable.slot(key, mask)
        while true {
            let index = slots[s]
            if index == PairTable.empty { break }
            if lefts[Int(index)] == left && rights[Int(index)] == right { return Int(index) }
            s = (s + 1) & mask
        }
        let index = counts.count
        slots[s] = Int32(index)
        lefts.append(left)
        rights.append(right)
        counts.append(0)
        words.addPair()
        if counts.count * 4 > slots.count * 3 { grow() }
        return index
    }

    /// Adds `delta` to the count of `(left, right)` and returns the pair's index.
    @inline(__always) @discardableResult
    mutating func add(_ left: UInt32, _ right: UInt32, _ delta: Int64) -> Int {
        let i = index(PairTable.key(left, right))
        addCount(delta, at: i)
        return i
    }

    /// Drops the pairs whose count is 0 (their word lists must be released already) when enough of
    /// them have piled up, renumbering the others in order; returns whether it did. Checks at most once
    /// for every eighth more pairs, so the table's arrays stop growing once dead pairs are a steady share.
    @discardableResult
    mutating func dropDeadPairsIfWorthIt() -> Bool {
        guard pairCount >= nextDeadCheck else { return false }
        var dead = 0
        for index in indices where counts[index] == 0 { dead += 1 }
        let drop = Double(dead) >= deadShareToDrop * Double(pairCount)
        if drop { dropDeadPairs() }
        nextDeadCheck = pairCount + max(pairCount / 8, 1 << 12)
        return drop
    }

    /// Drops the pairs whose count is 0, renumbering the others in order.
    mutating func dropDeadPairs() {
        var write = 0
        for read in indices where counts[read] != 0 {
            if read != write {
                lefts[write] = lefts[read]
                rights[write] = rights[read]
                counts[write] = counts[read]
                words.movePair(read, to: write)
            }
            write += 1
        }
        lefts.truncate(to: write)
        rights.truncate(to: write)
        counts.truncate(to: write)
        words.truncatePairs(to: write)
        rehash(slots.count)
    }

    private mutating func grow() { rehash(slots.count * 2) }

    /// Rebuilds the slots at `size` (a power of two), reusing their storage when the size is the same.
    private mutating func rehash(_ size: Int) {
        if size == slots.count {
            for s in slots.indices { slots[s] = PairTable.empty }
        } else {
            slots = []
            slots = [Int32](repeating: PairTable.empty, count: size)
        }
        mask = size - 1
        for index in indices {
            var s = PairTable.slot(key(at: index), mask)
            while slots[s] != PairTable.empty { s = (s + 1) & mask }
            slots[s] = Int32(index)
        }
    }
}
