/// Live pair statistics for the merge loop: for every adjacent pair of token ids seen, its count
/// (weighted by piece counts) and the words it has occurred in (``PairWordLists``).
///
/// Pairs are packed as `left << 32 | right` and given a dense index on first sight, through an
/// open-addressing hash table whose slots hold only the dense index (the key is compared in `keys`),
/// four bytes a slot. A word list holds each word once (so a merge visits a word once) and may hold
/// words where the pair no longer occurs (it is checked when the pair is merged) but never misses one
/// where it does. The per-pair arrays are ``MallocBuffer``s, which grow by `realloc` without holding
/// their old and new storage at once (so copies of a table share them: each training run has its own
/// table).
struct PairTable {
    /// Slot value for an empty slot.
    private static let empty: Int32 = -1
    private var slots: [Int32]
    private var mask: Int
    /// The pair of each dense index.
    let keys = MallocBuffer<UInt64>()
    /// The live count of each pair.
    let counts = MallocBuffer<Int64>()
    /// The words (indices) each pair has occurred in.
    var words = PairWordLists()

    init(capacity: Int = 1 << 16) {
        var size = 1024
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: PairTable.empty, count: size)
        mask = size - 1
    }

    /// How many pairs the table's arrays have room for (it changes when they are reallocated).
    var capacity: Int { keys.capacity }

    /// How many pairs have been seen.
    var pairCount: Int { keys.count }

    /// The packed key of `(left, right)`.
    @inline(__always)
    static func key(_ left: UInt32, _ right: UInt32) -> UInt64 { UInt64(left) << 32 | UInt64(right) }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The dense index of `key`, adding the pair (count 0, no words) if it is new.
    @inline(__always)
    mutating func index(_ key: UInt64) -> Int {
        var s = PairTable.slot(key, mask)
        while true {
            let index = slots[s]
            if index == PairTable.empty { break }
            if keys[Int(index)] == key { return Int(index) }
            s = (s + 1) & mask
        }
        let index = keys.count
        slots[s] = Int32(index)
        keys.append(key)
        counts.append(0)
        words.addPair()
        if keys.count * 2 > slots.count { grow() }
        return index
    }

    /// Adds `delta` to the count of `(left, right)` and returns the pair's index.
    @inline(__always) @discardableResult
    mutating func add(_ left: UInt32, _ right: UInt32, _ delta: Int64) -> Int {
        let i = index(PairTable.key(left, right))
        counts[i] += delta
        return i
    }

    private mutating func grow() {
        let size = slots.count * 2
        var newSlots = [Int32](repeating: PairTable.empty, count: size)
        let newMask = size - 1
        for index in keys.indices {
            let key = keys[index]
            var s = PairTable.slot(key, newMask)
            while newSlots[s] != PairTable.empty { s = (s + 1) & newMask }
            newSlots[s] = Int32(index)
        }
        slots = newSlots
        mask = newMask
    }
}
