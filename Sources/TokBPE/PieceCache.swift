/// A cache of merged pieces for one encode call: natural text repeats its words, so a piece that
/// needed byte-pair merging once is looked up the next time instead of merged again.
///
/// It belongs to one encode call, or to one ``EncodingSession`` across calls (never shared between
/// threads), starts small, grows by
/// doubling, and stops taking new pieces after ``maxEntries``. Only pieces that are not whole tokens and
/// are at most ``maxPieceLength`` bytes are cached.
@usableFromInline
final class PieceCache {
    @usableFromInline static let maxPieceLength = 128
    @usableFromInline static let maxEntries = 1 << 17

    @usableFromInline struct Entry {
        @usableFromInline var hash: UInt64
        @usableFromInline var keyStart: Int
        @usableFromInline var keyLength: Int
        @usableFromInline var valueStart: Int
        @usableFromInline var valueCount: Int
    }

    @exclusivity(unchecked) @usableFromInline var slots: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) @usableFromInline var mask: Int
    @exclusivity(unchecked) @usableFromInline var entries: UnsafeMutablePointer<Entry>
    @exclusivity(unchecked) @usableFromInline var entryCapacity: Int
    @exclusivity(unchecked) @usableFromInline var count = 0
    @exclusivity(unchecked) @usableFromInline var keys: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var keyCapacity: Int
    @exclusivity(unchecked) @usableFromInline var keyCount = 0
    @exclusivity(unchecked) @usableFromInline var values: UnsafeMutablePointer<UInt32>
    @exclusivity(unchecked) @usableFromInline var valueCapacity: Int
    @exclusivity(unchecked) @usableFromInline var valueCount = 0

    @usableFromInline
    init() {
        let capacity = 1024
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: -1, count: capacity)
        mask = capacity - 1
        entryCapacity = capacity / 2
        entries = .allocate(capacity: entryCapacity)
        keyCapacity = 8192
        keys = .allocate(capacity: keyCapacity)
        valueCapacity = 4096
        values = .allocate(capacity: valueCapacity)
    }

    deinit {
        slots.deallocate()
        entries.deallocate()
        keys.deallocate()
        values.deallocate()
    }

    /// The cached ranks of the piece, as a range into ``values``, or `nil`.
    @inlinable @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> Range<Int>? {
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = Int(slots[index])
            if slot < 0 { return nil }
            let entry = entries[slot]
            if entry.hash == hash && entry.keyLength == length && memcmpEqual(keys + entry.keyStart, p, length) {
                return entry.valueStart..<(entry.valueStart + entry.valueCount)
            }
            index = (index + 1) & mask
        }
    }

    /// `true` once the cache holds ``maxEntries`` pieces (it then stops taking new ones).
    @inlinable
    var isFull: Bool { count >= PieceCache.maxEntries }

    /// Appends one rank to the value arena (for the piece being recorded).
    @inlinable @inline(__always)
    func appendValue(_ rank: UInt32) {
        if valueCount == valueCapacity { growValues() }
        values[valueCount] = rank
        valueCount += 1
    }

    @usableFromInline
    func growValues() {
        let bigger = UnsafeMutablePointer<UInt32>.allocate(capacity: valueCapacity * 2)
        bigger.moveInitialize(from: values, count: valueCount)
        values.deallocate()
        values = bigger
        valueCapacity *= 2
    }

    /// Records a piece whose ranks are `values[valueStart..<valueCount]`.
    @usableFromInline
    func insert(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, valueStart: Int) {
        if keyCount + length > keyCapacity {
            var capacity = keyCapacity * 2
            while capacity < keyCount + length { capacity *= 2 }
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            bigger.moveInitialize(from: keys, count: keyCount)
            keys.deallocate()
            keys = bigger
            keyCapacity = capacity
        }
        (keys + keyCount).update(from: p, count: length)
        if count == entryCapacity { growTable() }
        entries[count] = Entry(hash: hash, keyStart: keyCount, keyLength: length, valueStart: valueStart, valueCount: valueCount - valueStart)
        keyCount += length
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index] >= 0 { index = (index + 1) & mask }
        slots[index] = Int32(count)
        count += 1
    }

    func growTable() {
        let newCapacity = (mask + 1) * 2
        let biggerEntries = UnsafeMutablePointer<Entry>.allocate(capacity: newCapacity / 2)
        biggerEntries.moveInitialize(from: entries, count: count)
        entries.deallocate()
        entries = biggerEntries
        entryCapacity = newCapacity / 2
        slots.deallocate()
        slots = .allocate(capacity: newCapacity)
        slots.initialize(repeating: -1, count: newCapacity)
        mask = newCapacity - 1
        for i in 0..<count {
            var index = Int(truncatingIfNeeded: entries[i].hash) & mask
            while slots[index] >= 0 { index = (index + 1) & mask }
            slots[index] = Int32(i)
        }
    }
}

/// Records ranks into the cache's value arena.
@usableFromInline
struct CacheRecordingSink: TokenSink {
    @usableFromInline let cache: PieceCache
    @inlinable init(cache: PieceCache) { self.cache = cache }
    @inlinable @inline(__always) mutating func append(_ rank: UInt32) { cache.appendValue(rank) }
}

extension RankTable {
    /// ``encodePiece(_:_:into:)`` with a cache for pieces that need merging.
    @inlinable
    func encodePiece<Sink: TokenSink>(
        _ p: UnsafePointer<UInt8>, _ length: Int, into sink: inout Sink, cache: inout PieceCache?
    ) {
        if length <= 2 || length > PieceCache.maxPieceLength {
            encodePiece(p, length, into: &sink)
            return
        }
        let hash = RankTable.hash(p, length)
        let whole = rank(p, length, hash: hash)
        if whole != RankTable.absent {
            sink.append(whole)
            return
        }
        let store = cache ?? { let c = PieceCache(); cache = c; return c }()
        if let cached = store.lookup(p, length, hash: hash) {
            for i in cached { sink.append(store.values[i]) }
            return
        }
        if store.isFull {
            mergeByScan(p, length, into: &sink)
            return
        }
        let start = store.valueCount
        var recorder = CacheRecordingSink(cache: store)
        mergeByScan(p, length, into: &recorder)
        store.insert(p, length, hash: hash, valueStart: start)
        for i in start..<store.valueCount { sink.append(store.values[i]) }
    }
}
