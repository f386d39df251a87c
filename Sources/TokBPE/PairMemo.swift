/// A direct-mapped memo of pair lookups made while merging: the rank of the token that is the
/// concatenation of two tokens, keyed by their ranks (or ``RankTable/absent``).
///
/// Byte-pair merging asks "is part A followed by part B a token?" over and over, and words of the same
/// language share their parts, so the same pairs come back. The rank table answers by hashing the
/// bytes and probing a table of megabytes; the memo answers from 768 KiB that mostly stay in the
/// processor's L2 cache, keyed by two integers the merge already has. Like a processor cache, a pair
/// has one slot and a newcomer replaces what was there. A ``PieceCache`` creates one once it has
/// recorded ``PieceCache/mergesBeforePairMemo`` merged pieces (a short text never pays for it), owns it
/// and frees it (``deallocate()``); it is never shared between threads. A value of two pointers, so
/// that passing it to the merge costs no reference counting.
@usableFromInline
struct PairMemo {
    @usableFromInline static let slotCount = 1 << 16

    /// `keys[i]` is `left << 32 | right` plus one (0: empty); `values[i]` the rank or `absent`.
    @usableFromInline let keys: UnsafeMutablePointer<UInt64>
    @usableFromInline let values: UnsafeMutablePointer<UInt32>

    /// An empty memo; release it with ``deallocate()``.
    @usableFromInline init() {
        keys = ZeroedMemory.allocate(byteCount: PairMemo.slotCount * 8).bindMemory(to: UInt64.self, capacity: PairMemo.slotCount)
        values = .allocate(capacity: PairMemo.slotCount)
    }

    /// Frees the memo's memory (its owner does, once).
    func deallocate() {
        ZeroedMemory.deallocate(keys, byteCount: PairMemo.slotCount * 8)
        values.deallocate()
    }

    /// The rank of the token `p[0..<length]`, which is the token `left` followed by the token `right`,
    /// from the memo or else from `table`. `padded`: 16 bytes can be read from `p` whatever `length`
    /// is (the piece being merged is not among a text's last bytes), so a miss is looked up by
    /// ``fillPadded(_:_:_:_:in:)``.
    @inlinable @inline(__always)
    func rank(
        left: UInt32, right: UInt32, _ p: UnsafePointer<UInt8>, _ length: Int, padded: Bool, in table: RankTable
    ) -> UInt32 {
        let key = (UInt64(left) << 32 | UInt64(right)) &+ 1
        let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> 48)
        if keys[slot] == key { return values[slot] }
        return padded ? fillPadded(slot, key, p, length, in: table) : fill(slot, key, p, length, in: table)
    }

    /// ``fill(_:_:_:_:in:)`` when 16 bytes can be read from `p` whatever `length` is: a key of up to 16
    /// bytes is hashed from two whole-word loads masked to its length, without the branches on the
    /// length that hashing byte by byte takes (their mispredictions were a good part of each fill).
    @usableFromInline @inline(never)
    func fillPadded(_ slot: Int, _ key: UInt64, _ p: UnsafePointer<UInt8>, _ length: Int, in table: RankTable) -> UInt32 {
        let rank: UInt32
        if length <= 16 {
            let words = RankTable.hashAndWords(ofShortKey: p, length)
            rank = table.rank(p, length, hash: words.hash, low: words.low, high: words.high)
        } else {
            rank = table.rank(p, length)
        }
        keys[slot] = key
        values[slot] = rank
        return rank
    }

    /// A miss: looks the pair up in `table` and keeps the answer in `slot`. Out of line, so that
    /// the hit path inlines into the merge loop at both of its call sites.
    @usableFromInline @inline(never)
    func fill(_ slot: Int, _ key: UInt64, _ p: UnsafePointer<UInt8>, _ length: Int, in table: RankTable) -> UInt32 {
        let rank = table.rank(p, length)
        keys[slot] = key
        values[slot] = rank
        return rank
    }
}
