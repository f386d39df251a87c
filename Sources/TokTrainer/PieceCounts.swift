#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Unique pre-tokenizer pieces and how often each occurs: a hash map keyed on byte strings, whose keys
/// live in one contiguous arena (no per-piece allocation).
///
/// Merging two `PieceCounts` adds counts exactly, so counts made separately (per thread, per shard, on
/// other machines) and merged give the same result as counting everything at once.
public struct PieceCounts: Sendable, Equatable {
    /// All piece bytes, concatenated in insertion order.
    private(set) var arena = ByteArena()
    /// Entry `i` is `arena[ends[i - 1] ..< ends[i]]` (with `ends[-1] = 0`).
    private(set) var ends: [Int] = []
    /// The count of entry `i`.
    private(set) var counts: [Int] = []
    /// The low 32 bits of the hash of entry `i` (kept for rehashing and to skip most byte
    /// comparisons; slot indices use only those bits).
    private var hashes: [UInt32] = []
    /// Open-addressing slots holding `entry + 1` (0: empty).
    private var slots: [Int32] = [Int32](repeating: 0, count: 1024)

    /// An empty table.
    public init() {}

    /// How many distinct pieces there are.
    public var uniqueCount: Int { ends.count }

    /// The sum of all counts.
    public var totalCount: Int { counts.reduce(0, +) }

    /// Whether there are no pieces.
    public var isEmpty: Bool { ends.isEmpty }

    /// Two tables are equal when they hold the same pieces with the same counts (in any order).
    public static func == (a: PieceCounts, b: PieceCounts) -> Bool {
        guard a.uniqueCount == b.uniqueCount else { return false }
        for i in 0..<a.uniqueCount {
            let found = a.withEntry(i) { bytes, count in b.count(of: bytes) == count }
            if !found { return false }
        }
        return true
    }

    /// Adds `count` occurrences of the piece `bytes` (which must not be empty). A count of 0 or less
    /// adds nothing (the trainer relies on every counted piece occurring at least once).
    public mutating func add(_ bytes: [UInt8], count: Int = 1) {
        bytes.withUnsafeBufferPointer { add($0, count: count) }
    }

    /// Adds `count` occurrences of the piece in `bytes` (which must not be empty). A count of 0 or
    /// less adds nothing.
    public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, count: Int = 1) {
        guard let base = bytes.baseAddress, !bytes.isEmpty, count > 0 else { return }
        let hash = UInt32(truncatingIfNeeded: PieceCounts.hash(base, bytes.count))
        let mask = slots.count - 1
        var index = Int(hash) & mask
        while true {
            let slot = Int(slots[index])
            if slot == 0 { break }
            let entry = slot - 1
            if hashes[entry] == hash && equals(entry, base, bytes.count) {
                counts[entry] += count
                return
            }
            index = (index + 1) & mask
        }
        let entry = ends.count
        arena.append(contentsOf: bytes)
        ends.append(arena.count)
        counts.append(count)
        hashes.append(hash)
        slots[index] = Int32(entry + 1)
        if ends.count * 2 > slots.count { grow() }
    }

    /// Adds all the counts of `other`.
    public mutating func merge(_ other: PieceCounts) {
        for i in 0..<other.uniqueCount {
            other.withEntry(i) { bytes, count in add(bytes, count: count) }
        }
    }

    /// The count of the piece `bytes` (0 if absent).
    public func count(of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        let hash = UInt32(truncatingIfNeeded: PieceCounts.hash(base, bytes.count))
        let mask = slots.count - 1
        var index = Int(hash) & mask
        while true {
            let slot = Int(slots[index])
            if slot == 0 { return 0 }
            let entry = slot - 1
            if hashes[entry] == hash && equals(entry, base, bytes.count) { return counts[entry] }
            index = (index + 1) & mask
        }
    }

    /// The count of the piece `bytes` (0 if absent).
    public func count(of bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { count(of: $0) }
    }

    /// Calls `body` with the bytes and count of entry `index` (insertion order).
    func withEntry<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> R) rethrows -> R {
        let start = index == 0 ? 0 : ends[index - 1]
        return try arena.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[start..<ends[index]]), counts[index])
        }
    }

    /// Frees the hash index, for a table that is only read entry by entry from now on (the trainer's,
    /// once it owns it): lookups (`count(of:)`, `add(_:count:)`, `==`) must not follow, except
    /// on a copy made before.
    mutating func dropLookupIndex() {
        hashes = []
        slots = [0]
    }

    /// The byte range of entry `index` in the arena.
    func range(of index: Int) -> Range<Int> { (index == 0 ? 0 : ends[index - 1])..<ends[index] }

    /// All pieces with their counts, sorted by their bytes (unsigned lexicographic order): the
    /// canonical order, used for counts files.
    public func sortedEntries() -> [(bytes: [UInt8], count: Int)] {
        sortedIndices().map { index in (arena[range(of: Int(index))], counts[Int(index)]) }
    }

    /// Entry indices sorted by their bytes. Entries are compared by their first eight bytes as one
    /// big-endian integer (zero-padded) first, and only on a tie by the rest and then by length: the
    /// same order as comparing whole byte strings, in about 60% of the time.
    func sortedIndices() -> [Int32] {
        arena.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            var keys = prefixKeys(base)
            keys.sort { a, b in
                if a.prefix != b.prefix { return a.prefix < b.prefix }
                let ra = range(of: Int(a.entry)), rb = range(of: Int(b.entry))
                let n = min(ra.count, rb.count)
                if n > 8 {
                    let c = memcmp(base + ra.lowerBound + 8, base + rb.lowerBound + 8, n - 8)
                    if c != 0 { return c < 0 }
                }
                return ra.count < rb.count
            }
            return keys.map(\.entry)
        }
    }

    /// Entry indices ordered by their first eight bytes, entries that share those in insertion order:
    /// pieces that share their start (and so most of their pairs) end up together, which is all the
    /// trainer's word layout asks of the order (any order gives the same vocabulary), at a quarter of
    /// the cost of ``sortedIndices()``. 32 bits each: the trainer holds them beside the table.
    func indicesByPrefix() -> [Int32] {
        arena.withUnsafeBufferPointer { buffer in
            var keys = prefixKeys(buffer.baseAddress!)
            keys.sort { a, b in a.prefix != b.prefix ? a.prefix < b.prefix : a.entry < b.entry }
            return keys.map(\.entry)
        }
    }

    /// Each entry's first eight bytes as a big-endian integer (zero-padded), with the entry.
    private func prefixKeys(_ base: UnsafePointer<UInt8>) -> [(prefix: UInt64, entry: Int32)] {
        var keys: [(prefix: UInt64, entry: Int32)] = []
        keys.reserveCapacity(uniqueCount)
        for entry in 0..<uniqueCount {
            let r = range(of: entry)
            var prefix: UInt64 = 0
            for k in 0..<min(8, r.count) { prefix |= UInt64(base[r.lowerBound + k]) << (56 - 8 * k) }
            keys.append((prefix, Int32(entry)))
        }
        return keys
    }

    private func equals(_ entry: Int, _ p: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let r = range(of: entry)
        guard r.count == length else { return false }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + r.lowerBound, p, length) == 0 }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var newSlots = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (entry, hash) in hashes.enumerated() {
            var index = Int(hash) & mask
            while newSlots[index] != 0 { index = (index + 1) & mask }
            newSlots[index] = Int32(entry + 1)
        }
        slots = newSlots
    }

    /// A 64-bit hash of a byte string, eight bytes at a time (multiply and xor-shift mixing).
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ (UInt64(truncatingIfNeeded: length) &* 0x9E37_79B9_7F4A_7C15)
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i + 8 <= length {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < length {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}
