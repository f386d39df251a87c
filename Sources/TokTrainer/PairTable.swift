/// Live pair statistics for the merge loop: for every adjacent pair of token ids seen, its count
/// (weighted by piece counts) and the words it has occurred in.
///
/// Pairs are packed as `left << 32 | right` and given a dense index on first sight, through an
/// open-addressing hash table. A word list may hold words where the pair no longer occurs (it is
/// checked when the pair is merged) but never misses one where it does.
struct PairTable {
    private static let empty = UInt64.max
    private var slotKeys: [UInt64]
    private var slotIndex: [Int32]
    private var mask: Int
    /// The pair of each dense index.
    private(set) var keys: [UInt64] = []
    /// The live count of each pair.
    var counts: [Int64] = []
    /// The words (indices) each pair has occurred in, in the order first seen.
    var words: [[Int32]] = []

    init(capacity: Int = 1 << 16) {
        var size = 1024
        while size < capacity * 2 { size <<= 1 }
        slotKeys = [UInt64](repeating: PairTable.empty, count: size)
        slotIndex = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// How many pairs have been seen.
    var pairCount: Int { keys.count }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    /// The dense index of `key`, adding the pair (count 0, no words) if it is new.
    @inline(__always)
    mutating func index(_ key: UInt64) -> Int {
        var s = PairTable.slot(key, mask)
        while true {
            let k = slotKeys[s]
            if k == key { return Int(slotIndex[s]) }
            if k == PairTable.empty { break }
            s = (s + 1) & mask
        }
        let index = keys.count
        slotKeys[s] = key
        slotIndex[s] = Int32(index)
        keys.append(key)
        counts.append(0)
        words.append([])
        if keys.count * 2 > slotKeys.count { grow() }
        return index
    }

    /// Adds `delta` to the count of `(left, right)`; when `delta` is positive, also records `word`.
    /// Returns the pair's index.
    @inline(__always) @discardableResult
    mutating func add(_ left: UInt32, _ right: UInt32, _ delta: Int64, word: Int32) -> Int {
        let i = index(UInt64(left) << 32 | UInt64(right))
        counts[i] += delta
        if delta > 0 && words[i].last != word { words[i].append(word) }
        return i
    }

    private mutating func grow() {
        let size = slotKeys.count * 2
        var newKeys = [UInt64](repeating: PairTable.empty, count: size)
        var newIndex = [Int32](repeating: -1, count: size)
        let newMask = size - 1
        for (index, key) in keys.enumerated() {
            var s = PairTable.slot(key, newMask)
            while newKeys[s] != PairTable.empty { s = (s + 1) & newMask }
            newKeys[s] = key
            newIndex[s] = Int32(index)
        }
        slotKeys = newKeys
        slotIndex = newIndex
        mask = newMask
    }
}
