/// The pair-count changes of one merge, gathered in a small hash table before they are applied to the
/// large ``PairTable`` once per distinct pair: a merge changes few distinct pairs, many times over, and
/// the small table stays in cache.
///
/// Each pair gets a dense group number in order of first sight (`keys[group]`), with its summed change
/// (`deltas[group]`) and whether any change was positive (`raised[group]`).
struct PairDeltas {
    private var slots = [Int32](repeating: -1, count: 256)
    private var mask = 255
    /// The pair of each group.
    private(set) var keys: [UInt64] = []
    /// The summed change of each group's count.
    private(set) var deltas: [Int64] = []
    /// Whether each group's count got a positive change.
    private(set) var raised: [Bool] = []

    /// The number of groups.
    var count: Int { keys.count }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Adds `delta` to the change of `key`'s count; returns the pair's group.
    @inline(__always) @discardableResult
    mutating func add(_ key: UInt64, _ delta: Int64) -> Int32 {
        var s = PairDeltas.slot(key, mask)
        while true {
            let group = slots[s]
            if group < 0 { break }
            if keys[Int(group)] == key {
                deltas[Int(group)] += delta
                if delta > 0 { raised[Int(group)] = true }
                return group
            }
            s = (s + 1) & mask
        }
        let group = Int32(keys.count)
        slots[s] = group
        keys.append(key)
        deltas.append(delta)
        raised.append(delta > 0)
        if keys.count * 2 > slots.count { rehash(slots.count * 2) }
        return group
    }

    /// Empties the table, keeping its storage.
    mutating func removeAll() {
        if keys.count * 8 < slots.count && slots.count > 256 {
            // The last merge was large; shrink so that clearing stays cheap.
            keys.removeAll(keepingCapacity: true)
            rehash(256)
        } else {
            for key in keys {
                var s = PairDeltas.slot(key, mask)
                while slots[s] >= 0 { slots[s] = -1; s = (s + 1) & mask }
            }
            keys.removeAll(keepingCapacity: true)
        }
        deltas.removeAll(keepingCapacity: true)
        raised.removeAll(keepingCapacity: true)
    }

    private mutating func rehash(_ size: Int) {
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (group, key) in keys.enumerated() {
            var s = PairDeltas.slot(key, mask)
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(group)
        }
    }
}
