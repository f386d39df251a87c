import CTokCategories

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A map from byte strings to the ranks they encode to, for one encode call or one
/// ``EncodingSession`` (never shared between threads): natural text repeats its words, so a piece
/// that needed byte-pair merging once, or a whole stretch between space cuts, is looked up the next
/// time instead of encoded again.
///
/// Each entry is one 32-byte slot in an open-addressing table: the key's first 16 bytes
/// (zero-padded), its length, a tag of its hash, the number of ranks, and the ranks themselves when
/// there are at most two, or three for a key of up to 16 bytes. A hit on such a key (most words of
/// prose: 96% of English stretches) reads one cache line; longer keys keep their bytes, and longer
/// values their ranks, in side arenas. The table starts small and grows by doubling; a key that would
/// be one more than ``maxEntries`` empties it first (``removeAll(keepingValuesFrom:)``), so that its
/// memory stays bounded and it keeps serving the text at hand: a long text whose vocabulary changes
/// (a document collection in several languages) is cached as it goes, not only in its first part.
@usableFromInline
package final class PieceCache {
    /// The longest piece cached by ``RankTable/encodePiece(_:_:readable:into:cache:)``.
    @usableFromInline static let maxPieceLength = 128
    /// The longest stretch between space cuts that a session caches whole.
    @usableFromInline static let maxStretchLength = 64
    /// The most keys a cache holds; the next one empties it (``removeAll(keepingValuesFrom:)``).
    @usableFromInline static let maxEntries = 1 << 17

    /// One slot. `info` is `tag << 48 | length << 40 | count << 32 | first`, 0 when empty; `extra`
    /// is `second | keyStart << 32` for a key longer than 16 bytes (`keyStart`: where its bytes start
    /// in ``keys``) and `second | third << 32` for a shorter one. The ranks are inline (`first`,
    /// `second`, `third`) when ``ranksAreInline(count:length:)``, else `first` is where they start in
    /// ``values``.
    @usableFromInline struct Slot {
        @usableFromInline var low: UInt64
        @usableFromInline var high: UInt64
        @usableFromInline var info: UInt64
        @usableFromInline var extra: UInt64
    }

    @exclusivity(unchecked) @usableFromInline var slots: UnsafeMutablePointer<Slot>
    @exclusivity(unchecked) @usableFromInline var mask: Int
    @exclusivity(unchecked) @usableFromInline var count = 0
    @exclusivity(unchecked) @usableFromInline var keys: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var keyCapacity: Int
    @exclusivity(unchecked) @usableFromInline var keyCount = 0
    /// Ranks of values that do not fit in their slot; the value being recorded is appended at the end.
    @exclusivity(unchecked) @usableFromInline var values: UnsafeMutablePointer<UInt32>
    @exclusivity(unchecked) @usableFromInline var valueCapacity: Int
    @exclusivity(unchecked) @usableFromInline var valueCount = 0
    /// Pair lookups of the merges that fill this cache, once it holds ``mergesBeforePairMemo`` keys.
    @exclusivity(unchecked) @usableFromInline var pairs: PairMemo?
    /// Merged pieces recorded before a ``PairMemo`` is made.
    @usableFromInline static let mergesBeforePairMemo = 256
    /// Lookups of merged pieces that missed, and that hit, since the current window began.
    @exclusivity(unchecked) @usableFromInline var windowMisses = 0
    @exclusivity(unchecked) @usableFromInline var windowHits = 0
    /// Whether only one miss in ``sampleEvery`` is recorded: set at the end of a window of
    /// ``window`` lookups with fewer than one hit per ``sampleEvery`` misses (text whose pieces do not
    /// come back, such as base64 or hex, where recording them costs an insert, a growing table and its
    /// cache misses for nothing), cleared at the end of a window with more. A window ends at its first
    /// miss after ``window`` lookups.
    @exclusivity(unchecked) @usableFromInline var sampling = false
    /// The lookups of one window.
    @usableFromInline static let window = 4096
    /// Sampling records one miss in this many.
    @usableFromInline static let sampleEvery = 8

    /// Slots of a new cache (2 KiB; the table doubles as it fills), so that a cache that stays small
    /// costs little to create.
    static let initialCapacity = 64
    /// A one-shot encode creates a cache of merged pieces only while at least this many bytes of text
    /// remain: within a shorter text, merged pieces rarely come back, and creating the cache cost more
    /// than it saved (encoding 200-byte texts one call each: 14–15% faster without it, best of 5
    /// pinned rounds; sessions create theirs up front and keep it across texts).
    @usableFromInline static let minTextForCache = 2048
    /// A one-shot encode of a long text starts its cache with one slot per this many bytes of text.
    static let bytesPerPresizedSlot = 64
    /// The largest capacity a cache starts with (4 MiB of slots); it grows past it as it fills.
    static let maxPresizedCapacity = 1 << 17

    /// The capacity for the cache of a one-shot encode of `length` bytes: one slot per
    /// ``bytesPerPresizedSlot`` bytes, as a power of two from ``initialCapacity`` to
    /// ``maxPresizedCapacity``. English prose has one distinct merged piece per ~200 bytes (20,400 in
    /// 4 MB), Indic text more, and the table keeps at most half its slots full: a cache that started
    /// at 64 slots was rebuilt ten times on 4 MB, each time hashing every key again into fresh memory
    /// (4 MB of English cold: +1% to +9% best of 18 interleaved runs, medians +3% to +10%).
    @usableFromInline
    package static func capacity(forTextLength length: Int) -> Int {
        var capacity = initialCapacity
        while capacity < length / bytesPerPresizedSlot && capacity < maxPresizedCapacity { capacity <<= 1 }
        return capacity
    }

    /// An empty cache of ``initialCapacity`` slots.
    @usableFromInline
    package convenience init() {
        self.init(capacity: PieceCache.initialCapacity)
    }

    /// An empty cache with `capacity` slots (a power of two, at least 2; the table doubles as it fills).
    @usableFromInline
    package init(capacity: Int) {
        precondition(capacity >= 2 && capacity & (capacity - 1) == 0, "a piece cache's capacity is a power of two")
        slots = PieceCache.zeroedSlots(capacity)
        mask = capacity - 1
        keyCapacity = 16 * capacity
        keys = .allocate(capacity: keyCapacity)
        valueCapacity = 4 * capacity
        values = .allocate(capacity: valueCapacity)
    }

    deinit {
        ZeroedMemory.deallocate(slots, byteCount: (mask + 1) * MemoryLayout<Slot>.stride)
        keys.deallocate()
        values.deallocate()
        pairs?.deallocate()
    }

    /// A key's hash and first 16 bytes, as the encoder's stretch loop computes them ahead of the lookup.
    @usableFromInline struct Key {
        @usableFromInline var hash: UInt64
        @usableFromInline var low: UInt64
        @usableFromInline var high: UInt64
        @inlinable init(hash: UInt64, low: UInt64, high: UInt64) {
            self.hash = hash
            self.low = low
            self.high = high
        }
    }

    /// The ``Key`` of `p[0..<length]` (``RankTable/hash(_:_:)`` and ``RankTable/keyWords(_:_:)``, which
    /// it must equal: the table is rebuilt with them). When the key has 1 to 16 bytes and `readable`
    /// (the bytes available from `p`) is at least 16, ``RankTable/hashAndWords(ofShortKey:_:)`` computes
    /// both from whole words; when fewer than 16 bytes are left but `behind` (the bytes available
    /// before `p`) makes up the difference, from the 16 bytes that end where the memory ends.
    @inlinable @inline(__always)
    static func key(_ p: UnsafePointer<UInt8>, _ length: Int, readable: Int, behind: Int = 0) -> Key {
        if length <= 16 && readable >= 16 {
            let short = RankTable.hashAndWords(ofShortKey: p, length)
            return Key(hash: short.hash, low: short.low, high: short.high)
        }
        if length <= 16 && readable &+ behind >= 16 {
            let short = RankTable.hashAndWords(ofShortKey: p, length, readableUntilEnd: readable)
            return Key(hash: short.hash, low: short.low, high: short.high)
        }
        let words = RankTable.keyWords(p, length)
        return Key(hash: RankTable.hash(p, length), low: words.low, high: words.high)
    }

    /// The slots and mask of the table as it is now (they change when it grows), for loops that keep
    /// them in registers between inserts.
    @usableFromInline struct Table {
        @usableFromInline let slots: UnsafeMutablePointer<Slot>
        @usableFromInline let mask: Int
        @inlinable init(slots: UnsafeMutablePointer<Slot>, mask: Int) {
            self.slots = slots
            self.mask = mask
        }

        /// Asks the processor to start loading the slot where the probe for `key` begins, and the slot
        /// after it: a key displaced by one slot (4% of a warm pass over 4 MB of English, against 95% at
        /// the first) is found there, and when the first slot ends its cache line the second is on
        /// the next line, which would otherwise be a wait on memory of its own (warm English +2–4%
        /// best, +3–5% median, interleaved A/B pinned to one core). Past the table's last slot the
        /// second address is outside it: a prefetch never faults, and the probe wraps to slot 0.
        @inlinable @inline(__always)
        func prefetch(_ key: Key) {
            let slot = slots + (Int(truncatingIfNeeded: key.hash) & mask)
            tok_prefetch(slot)
            tok_prefetch(slot + 1)
        }
    }

    /// The current ``Table``.
    @inlinable
    var table: Table { Table(slots: slots, mask: mask) }

    /// The slot holding the key whose ``Key`` is `key`, or `nil`; `table` must be the current one.
    @inlinable @inline(__always)
    func find(_ key: Key, _ p: UnsafePointer<UInt8>, _ length: Int, in table: Table) -> UnsafeMutablePointer<Slot>? {
        let want = (key.hash >> 48) << 48 | UInt64(truncatingIfNeeded: length) << 40
        var index = Int(truncatingIfNeeded: key.hash) & table.mask
        while true {
            let slot = table.slots + index
            let info = slot.pointee.info
            if info == 0 { return nil }
            if info & 0xFFFF_FF00_0000_0000 == want && slot.pointee.low == key.low && slot.pointee.high == key.high
                && (length <= 16 || memcmpEqual(keys + Int(slot.pointee.extra >> 32) + 16, p + 16, length - 16))
            {
                return slot
            }
            index = (index &+ 1) & table.mask
        }
    }

    /// Whether a slot holds its `count` ranks itself: up to two, or three when the key (of `length`
    /// bytes) is short enough to leave the upper half of `extra` free.
    @inlinable @inline(__always)
    static func ranksAreInline(count: Int, length: Int) -> Bool {
        count &+ (length > 16 ? 1 : 0) <= 3
    }

    /// Appends the ranks of the key in `slot` (from ``find(_:_:_:in:)``) to `sink`.
    @inlinable @inline(__always)
    func appendRanks<Sink: TokenSink>(of slot: UnsafeMutablePointer<Slot>, into sink: inout Sink) {
        let info = slot.pointee.info
        let count = Int(truncatingIfNeeded: (info >> 32) & 0xFF)
        let length = Int(truncatingIfNeeded: (info >> 40) & 0xFF)
        let first = UInt32(truncatingIfNeeded: info)
        if PieceCache.ranksAreInline(count: count, length: length) {
            let extra = slot.pointee.extra
            sink.append(first, UInt32(truncatingIfNeeded: extra), UInt32(truncatingIfNeeded: extra >> 32), count: count)
        } else {
            sink.append(ranks: values + Int(first), count: count)
        }
    }

    /// The slot index holding the key whose ``Key`` is `key`, or `-1`.
    @inlinable @inline(__always)
    func lookup(_ key: Key, _ p: UnsafePointer<UInt8>, _ length: Int) -> Int {
        guard let slot = find(key, p, length, in: table) else { return -1 }
        return slot - slots
    }

    /// The slot index holding the key whose ``RankTable/hash(_:_:)`` is `hash`, or `-1`.
    @inlinable @inline(__always)
    package func lookup(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> Int {
        let words = RankTable.keyWords(p, length)
        return lookup(Key(hash: hash, low: words.low, high: words.high), p, length)
    }

    /// Appends the ranks of the key in slot `index` (from ``lookup(_:_:hash:)``) to `sink`.
    @inlinable @inline(__always)
    func appendRanks<Sink: TokenSink>(ofSlot index: Int, into sink: inout Sink) {
        appendRanks(of: slots + index, into: &sink)
    }

    /// Appends the ids of the key in slot `index` (from ``lookup(_:_:hash:)``) to `ids` (for encoders
    /// that collect ids in an array, as the Hugging Face one does).
    package func appendIDs(ofSlot index: Int, to ids: inout [Int]) {
        var sink = IDArraySink(ids: ids)
        ids = []
        appendRanks(ofSlot: index, into: &sink)
        ids = sink.ids
    }

    /// Records a key with these ids (all below 2^32), unless the key is longer than 255 bytes or has
    /// more than 255 ids.
    package func insert(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, ids: ArraySlice<Int>) {
        let start = valueCount
        for id in ids { appendValue(UInt32(truncatingIfNeeded: id)) }
        insert(p, length, hash: hash, valueStart: start)
    }

    /// `true` once the cache holds ``maxEntries`` keys (the next insert empties it).
    @inlinable
    var isFull: Bool { count >= PieceCache.maxEntries }

    /// Empties the cache, keeping its table's capacity and the ranks `values[start..<valueCount]` of the
    /// key being recorded, which move to the start of ``values``. Returns their new start (0).
    @usableFromInline
    func removeAll(keepingValuesFrom start: Int) -> Int {
        memset(slots, 0, (mask + 1) * MemoryLayout<Slot>.stride)
        count = 0
        keyCount = 0
        let pending = valueCount - start
        if pending > 0 && start > 0 { memmove(values, values + start, pending * MemoryLayout<UInt32>.stride) }
        valueCount = pending
        return 0
    }

    /// Appends one rank to the value arena (for the key being recorded).
    @inlinable @inline(__always)
    func appendValue(_ rank: UInt32) {
        if valueCount == valueCapacity { growValues() }
        values[valueCount] = rank
        valueCount &+= 1
    }

    @usableFromInline
    func growValues() {
        let bigger = UnsafeMutablePointer<UInt32>.allocate(capacity: valueCapacity * 2)
        bigger.moveInitialize(from: values, count: valueCount)
        values.deallocate()
        values = bigger
        valueCapacity *= 2
    }

    /// Records a key whose ranks were appended as `values[valueStart..<valueCount]`; ranks that fit in
    /// the slot (``ranksAreInline(count:length:)``) move there and the arena space is given back. Keys
    /// longer than 255 bytes or with more than 255 ranks are not recorded. A full cache is emptied
    /// first (``removeAll(keepingValuesFrom:)``).
    @usableFromInline
    func insert(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, valueStart: Int) {
        var valueStart = valueStart
        let rankCount = valueCount - valueStart
        guard length <= 255, rankCount <= 255 else {
            valueCount = valueStart
            return
        }
        if isFull { valueStart = removeAll(keepingValuesFrom: valueStart) }
        if (count + 1) * 2 > mask + 1 { growTable() }
        var extra: UInt64 = 0
        if length > 16 {
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
            extra = UInt64(keyCount) << 32
            keyCount += length
        }
        var first = UInt32(valueStart)
        if PieceCache.ranksAreInline(count: rankCount, length: length) {
            first = values[valueStart]
            if rankCount >= 2 { extra |= UInt64(values[valueStart + 1]) }
            if rankCount == 3 { extra |= UInt64(values[valueStart + 2]) << 32 }
            valueCount = valueStart
        }
        let words = RankTable.keyWords(p, length)
        let info = (hash >> 48) << 48 | UInt64(length) << 40 | UInt64(rankCount) << 32 | UInt64(first)
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index].info != 0 { index = (index &+ 1) & mask }
        slots[index] = Slot(low: words.low, high: words.high, info: info, extra: extra)
        count += 1
    }

    /// A session's stretch cache, before it encodes `length` bytes of text, grows to one slot per
    /// this many bytes (a power of two, at most enough for ``maxEntries``), so that a long text does
    /// not rebuild it a dozen times as it fills: English has one new stretch per ~40 bytes of its
    /// first 4 MB, and the rebuilds from 64 slots were a quarter of a session's first pass over it.
    static let bytesPerReservedStretchSlot = 16

    /// Grows the table, once, to the capacity a session's stretch cache needs for `length` more
    /// bytes of text (``bytesPerReservedStretchSlot``); does nothing if it is already that large.
    @usableFromInline
    func reserveStretchSlots(forTextLength length: Int) {
        var capacity = mask + 1
        let limit = 2 * PieceCache.maxEntries
        while capacity < length / PieceCache.bytesPerReservedStretchSlot && capacity < limit { capacity <<= 1 }
        if capacity > mask + 1 { growTable(to: capacity) }
    }

    /// Doubles the table, placing every key again (its hash is recomputed from its bytes).
    func growTable() {
        growTable(to: (mask + 1) * 2)
    }

    /// Grows the table to `capacity` slots (a larger power of two), placing every key again.
    func growTable(to capacity: Int) {
        let old = slots, oldCapacity = mask + 1
        slots = PieceCache.zeroedSlots(capacity)
        mask = capacity - 1
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { scratch in
            let raw = UnsafeMutableRawPointer(scratch.baseAddress!)
            for i in 0..<oldCapacity where old[i].info != 0 {
                let slot = old[i]
                let length = Int((slot.info >> 40) & 0xFF)
                let key: UnsafePointer<UInt8>
                if length > 16 {
                    key = UnsafePointer(keys + Int(slot.extra >> 32))
                } else {
                    raw.storeBytes(of: slot.low.littleEndian, as: UInt64.self)
                    raw.storeBytes(of: slot.high.littleEndian, toByteOffset: 8, as: UInt64.self)
                    key = UnsafePointer(scratch.baseAddress!)
                }
                var index = Int(truncatingIfNeeded: RankTable.hash(key, length)) & mask
                while slots[index].info != 0 { index = (index &+ 1) & mask }
                slots[index] = slot
            }
        }
        ZeroedMemory.deallocate(old, byteCount: oldCapacity * MemoryLayout<Slot>.stride)
    }

    /// `count` empty slots (all zero), from ``ZeroedMemory``.
    static func zeroedSlots(_ count: Int) -> UnsafeMutablePointer<Slot> {
        ZeroedMemory.allocate(byteCount: count * MemoryLayout<Slot>.stride).bindMemory(to: Slot.self, capacity: count)
    }
}

/// The caches of one encode call, or of one ``EncodingSession`` across calls: ranks of pieces that
/// needed byte-pair merging (a session creates it up front; a one-shot call on its first merge with
/// at least ``PieceCache/minTextForCache`` bytes of text left, sized for the text that remains), and,
/// in a session, ranks of whole stretches between space cuts.
///
/// Only sessions cache stretches: filling the table costs about as much as it saves within one pass
/// over a text (most of the misses are words seen for the first time), and it pays off from the next
/// text on (measured in BENCHMARKS.md: warm sessions run 1.3–2.2× faster than the piece-by-piece path).
@usableFromInline
struct EncoderCaches {
    @usableFromInline var stretches: PieceCache?
    @usableFromInline var pieces: PieceCache?
    /// Stretches longer than ``PieceCache/maxStretchLength`` (sessions only, with `stretches`).
    @usableFromInline var longStretches: LongStretchCache?

    @inlinable init(stretches: PieceCache? = nil, pieces: PieceCache? = nil, longStretches: LongStretchCache? = nil) {
        self.stretches = stretches
        self.pieces = pieces
        self.longStretches = longStretches
    }
}

/// Appends ranks to an array of ids.
@usableFromInline
struct IDArraySink: TokenSink {
    @usableFromInline var ids: [Int]
    @inlinable init(ids: [Int]) { self.ids = ids }
    @inlinable @inline(__always) mutating func append(_ rank: UInt32) { ids.append(Int(rank)) }
}

/// Records ranks into the cache's value arena.
@usableFromInline
struct CacheRecordingSink: TokenSink {
    /// Not retained: the sink lives only while its cache's owner (an encode call or a session) holds it.
    @usableFromInline let cache: Unmanaged<PieceCache>
    @inlinable init(cache: PieceCache) { self.cache = .passUnretained(cache) }
    @inlinable @inline(__always) mutating func append(_ rank: UInt32) {
        cache._withUnsafeGuaranteedRef { $0.appendValue(rank) }
    }
}

extension RankTable {
    /// ``encodePiece(_:_:into:)`` with a cache for pieces that need merging. `readable` is how many
    /// bytes can be read from `p` (the piece and the text after it): with 16 or more, a piece of up to
    /// 16 bytes is hashed from whole-word loads, without branching on its length.
    @inlinable @inline(__always)
    func encodePiece<Sink: TokenSink>(
        _ p: UnsafePointer<UInt8>, _ length: Int, readable: Int, into sink: inout Sink, cache: inout PieceCache?
    ) {
        if length <= 2 {
            // One or two bytes (a third of the pieces of English, two thirds of base64): one load
            // from the direct tables, inline; the call only for a pair that is not a token.
            let whole = length == 2 ? pairRanks[Int(p[0]) &<< 8 | Int(p[1])] : byteRanks[Int(p[0])]
            if whole != RankTable.absent {
                sink.append(whole)
            } else {
                encodePiece(p, length, into: &sink)
            }
            return
        }
        if length > PieceCache.maxPieceLength {
            encodePiece(p, length, into: &sink)
            return
        }
        let hash: UInt64, whole: UInt32
        if length <= 16 && readable >= 16 {
            let key = RankTable.hashAndWords(ofShortKey: p, length)
            hash = key.hash
            whole = rank(p, length, hash: hash, low: key.low, high: key.high)
        } else {
            hash = RankTable.hash(p, length)
            whole = rank(p, length, hash: hash)
        }
        if whole != RankTable.absent {
            sink.append(whole)
            return
        }
        if length == 3 {
            // Three bytes that are not a token: one merge at most (its result and the third byte
            // would make the whole piece), the lower-ranked pair, the left one on a tie.
            let left = pairRanks[Int(p[0]) &<< 8 | Int(p[1])], right = pairRanks[Int(p[1]) &<< 8 | Int(p[2])]
            if left == RankTable.absent && right == RankTable.absent {
                sink.append(byteRanks[Int(p[0])])
                sink.append(byteRanks[Int(p[1])])
                sink.append(byteRanks[Int(p[2])])
            } else if left <= right {
                sink.append(left)
                sink.append(byteRanks[Int(p[2])])
            } else {
                sink.append(byteRanks[Int(p[0])])
                sink.append(right)
            }
            return
        }
        if cache == nil {
            if readable < PieceCache.minTextForCache {
                mergeUncached(p, length, into: &sink)
                return
            }
            cache = PieceCache(capacity: PieceCache.capacity(forTextLength: readable))
        }
        // Borrowed, not retained: `cache` holds the object for the whole call.
        Unmanaged.passUnretained(cache.unsafelyUnwrapped)._withUnsafeGuaranteedRef {
            $0.encodeMerged(p, length, hash: hash, padded: readable &- length >= 16, table: self, into: &sink)
        }
    }
}

extension RankTable {
    /// Merges a piece of 4 to ``PieceCache/maxPieceLength`` bytes that is not a token, with no cache
    /// (near the end of a text). Out of line, so that the encoder's loop does not carry its code.
    @usableFromInline @inline(never)
    func mergeUncached<Sink: TokenSink>(_ p: UnsafePointer<UInt8>, _ length: Int, into sink: inout Sink) {
        if length == 4 { mergeFourBytes(p, into: &sink) } else { mergeByScan(p, length, into: &sink) }
    }
}

extension PieceCache {
    /// Appends the ranks of a piece that is not a token: from this cache, else merged (and recorded,
    /// while the cache has room). A method, so that the cache is used without reference counting.
    /// `padded`: 16 bytes past the piece's end can be read (see ``PairMemo/fillPadded(_:_:_:_:in:)``).
    @inlinable @inline(__always)
    func encodeMerged<Sink: TokenSink>(
        _ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, padded: Bool, table: RankTable, into sink: inout Sink
    ) {
        let hit = lookup(p, length, hash: hash)
        if hit >= 0 {
            windowHits &+= 1
            appendRanks(ofSlot: hit, into: &sink)
            return
        }
        windowMisses &+= 1
        if windowMisses &+ windowHits >= PieceCache.window {
            sampling = windowHits &* PieceCache.sampleEvery < windowMisses
            windowMisses = 0
            windowHits = 0
        }
        if pairs == nil && count >= PieceCache.mergesBeforePairMemo { pairs = PairMemo() }
        if sampling && windowMisses % PieceCache.sampleEvery != 0 {
            if length == 4 { table.mergeFourBytes(p, into: &sink) } else { table.mergeByScan(p, length, into: &sink, memo: pairs, padded: padded) }
            return
        }
        let start = valueCount
        var recorder = CacheRecordingSink(cache: self)
        if length == 4 { table.mergeFourBytes(p, into: &recorder) } else { table.mergeByScan(p, length, into: &recorder, memo: pairs, padded: padded) }
        sink.append(ranks: values + start, count: valueCount - start)
        insert(p, length, hash: hash, valueStart: start)
    }
}
