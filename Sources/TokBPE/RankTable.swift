import CTokCategories

/// The mergeable ranks of a byte-level BPE vocabulary: every token's bytes and its rank, in flat
/// buffers built once, with an open-addressing hash table keyed on byte slices.
///
/// Lookups never allocate: a key is a pointer and a length into the caller's text. Ranks may have
/// gaps (a rank that no token has is simply absent).
@usableFromInline
package final class RankTable: @unchecked Sendable {
    /// Marks a rank that is not in the table.
    @usableFromInline package static let absent: UInt32 = .max

    /// All token bytes, concatenated in rank order.
    @usableFromInline let arena: UnsafeMutablePointer<UInt8>
    /// `tokenStart[rank]`, `tokenLength[rank]` (length 0: no token has this rank).
    @usableFromInline let tokenStart: UnsafeMutablePointer<UInt32>
    @usableFromInline let tokenLength: UnsafeMutablePointer<UInt32>
    /// Hash slots of 32 bytes (two to a cache line): the token's first 16 bytes (zero-padded), then
    /// `rank | length << 32 | tag << 48` (a tag of 16 bits from the hash; an `info` of 0 is an empty
    /// slot), then where the token starts in the arena. Tokens of up to 16 bytes (nearly all) are
    /// matched with one memory access; the arena is read only to check the rest of longer ones.
    @usableFromInline let slots: UnsafeMutablePointer<Slot>
    @usableFromInline let slotMask: Int
    /// A presence filter: ``filterBitsPerSlot`` bits per slot (128 KiB for cl100k_base, 256 KiB for
    /// o200k_base), each token's bit chosen by bits 24 and up of its hash. A key whose bit is clear is
    /// not a token: most lookups of byte strings that are not tokens (a word that needs merging, 73%
    /// of the pairs a merge asks about) are answered from this filter, which stays in the processor's
    /// cache, without waiting for a slot in megabytes of table. With four bits per slot about one
    /// such key in ten finds its bit set (one bit per slot, the slots' occupancy, let four in ten
    /// through: 4 MB of cold English +4-5%, cl100k_base Hindi +9-14%, random base64 +25%).
    @usableFromInline let filter: UnsafeMutablePointer<UInt64>
    /// The number of bits of ``filter`` minus one.
    @usableFromInline let filterMask: Int
    /// Bits of ``filter`` per hash slot.
    @usableFromInline static let filterBitsPerSlot = 4
    /// Rank of every two-byte sequence (`absent` if none): the first merge step needs only this.
    @usableFromInline let pairRanks: UnsafeMutablePointer<UInt32>
    /// Rank of every single byte (`absent` if the vocabulary lacks it).
    @usableFromInline let byteRanks: UnsafeMutablePointer<UInt32>

    /// One past the highest rank.
    @usableFromInline let rankLimit: Int
    /// How many tokens the table holds.
    @usableFromInline let tokenCount: Int
    /// The longest token, in bytes.
    @usableFromInline let maxTokenLength: Int
    /// Two ranks whose tokens have the same bytes, if the entries had such a pair (the first found).
    let duplicate: (first: UInt32, second: UInt32)?

    /// One hash slot.
    @usableFromInline struct Slot {
        @usableFromInline var low: UInt64
        @usableFromInline var high: UInt64
        @usableFromInline var info: UInt64
        @usableFromInline var start: UInt64
    }

    /// Builds the table from `(bytes, rank)` entries whose bytes are given as ranges into `bytes`.
    /// Duplicate ranks must be rejected by the caller before this point; duplicate byte strings are
    /// found here (``duplicate``) and rejected by the caller afterwards.
    package init(bytes: [UInt8], entries: [(range: Range<Int>, rank: UInt32)]) {
        let maxRank = entries.map { Int($0.rank) }.max() ?? -1
        rankLimit = maxRank + 1
        tokenCount = entries.count
        let arena = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        self.arena = arena
        tokenStart = .allocate(capacity: max(rankLimit, 1))
        tokenLength = .allocate(capacity: max(rankLimit, 1))
        tokenStart.initialize(repeating: 0, count: max(rankLimit, 1))
        tokenLength.initialize(repeating: 0, count: max(rankLimit, 1))
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { arena.initialize(from: base, count: source.count) }
        }
        var longest = 0
        for entry in entries {
            tokenStart[Int(entry.rank)] = UInt32(entry.range.lowerBound)
            tokenLength[Int(entry.rank)] = UInt32(entry.range.count)
            longest = max(longest, entry.range.count)
        }
        maxTokenLength = longest

        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        slotMask = capacity - 1
        slots = ZeroedMemory.allocate(byteCount: capacity * MemoryLayout<Slot>.stride)
            .bindMemory(to: Slot.self, capacity: capacity)
        let filterBits = capacity * RankTable.filterBitsPerSlot
        filterMask = filterBits - 1
        filter = .allocate(capacity: (filterBits + 63) / 64)
        filter.initialize(repeating: 0, count: (filterBits + 63) / 64)
        var duplicate: (first: UInt32, second: UInt32)? = nil
        for entry in entries {
            let p = arena + entry.range.lowerBound
            let length = entry.range.count
            let hash = RankTable.hash(p, length)
            let words = RankTable.keyWords(p, length)
            let info = RankTable.slotInfo(hash: hash, length: length)
            var index = Int(truncatingIfNeeded: hash) & slotMask
            var isDuplicate = false
            while slots[index].info != 0 {
                let slot = slots[index]
                if duplicate == nil && slot.info & 0xFFFF_FFFF_0000_0000 == info && slot.low == words.low
                    && slot.high == words.high
                    && (length <= 16 || memcmpEqual(arena + Int(slot.start) + 16, p + 16, length - 16))
                {
                    duplicate = (UInt32(truncatingIfNeeded: slot.info & 0xFFFF_FFFF), entry.rank)
                    isDuplicate = true
                }
                index = (index + 1) & slotMask
            }
            if isDuplicate { continue }
            slots[index] = Slot(low: words.low, high: words.high, info: info | UInt64(entry.rank),
                                start: UInt64(entry.range.lowerBound))
            let bit = RankTable.filterBit(hash: hash, mask: filterMask)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.duplicate = duplicate

        pairRanks = .allocate(capacity: 65536)
        pairRanks.initialize(repeating: RankTable.absent, count: 65536)
        byteRanks = .allocate(capacity: 256)
        byteRanks.initialize(repeating: RankTable.absent, count: 256)
        for entry in entries where entry.range.count <= 2 {
            let first = Int(arena[entry.range.lowerBound])
            if entry.range.count == 1 {
                byteRanks[first] = entry.rank
            } else {
                pairRanks[first << 8 | Int(arena[entry.range.lowerBound + 1])] = entry.rank
            }
        }
    }

    deinit {
        arena.deallocate()
        tokenStart.deallocate()
        tokenLength.deallocate()
        ZeroedMemory.deallocate(slots, byteCount: (slotMask + 1) * MemoryLayout<Slot>.stride)
        pairRanks.deallocate()
        byteRanks.deallocate()
        filter.deallocate()
    }

    /// The first `min(length, 8)` bytes as a little-endian word, zero-padded, read without touching
    /// bytes outside the slice (overlapping loads for lengths 4 to 7).
    @inlinable @inline(__always)
    static func prefixWord(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        let raw = UnsafeRawPointer(p)
        if length >= 8 { return raw.loadUnaligned(as: UInt64.self) }
        if length >= 4 {
            let low = UInt64(raw.loadUnaligned(as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self))
            return low | high << UInt64((length - 4) * 8)
        }
        if length == 0 { return 0 }
        return UInt64(p[0]) | UInt64(p[length >> 1]) << UInt64((length >> 1) * 8)
            | UInt64(p[length - 1]) << UInt64((length - 1) * 8)
    }

    /// The key's first 16 bytes as two little-endian words, zero-padded, read without touching bytes
    /// outside the key.
    @inlinable @inline(__always)
    static func keyWords(_ p: UnsafePointer<UInt8>, _ length: Int) -> (low: UInt64, high: UInt64) {
        if length <= 8 { return (prefixWord(p, length), 0) }
        return (UnsafeRawPointer(p).loadUnaligned(as: UInt64.self), prefixWord(p + 8, min(length, 16) - 8))
    }

    /// The slot bits that identify a key besides its prefix: length and a 16-bit tag of the hash.
    @inlinable @inline(__always)
    static func slotInfo(hash: UInt64, length: Int) -> UInt64 {
        (hash >> 48) << 48 | UInt64(truncatingIfNeeded: length) << 32
    }

    /// A fast 64-bit hash of a byte slice, in the style of wyhash: keys of up to 16 bytes are one
    /// multiply-mix of their two zero-padded ``keyWords(_:_:)`` and their length
    /// (``shortHash(low:high:length:)``), longer ones are mixed 16 bytes at a time.
    @inlinable @inline(__always)
    package static func hash(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        let k0: UInt64 = 0xA076_1D64_78BD_642F, k1: UInt64 = 0xE703_7ED1_A0B4_28DB
        if length <= 16 {
            let words = keyWords(p, length)
            return shortHash(low: words.low, high: words.high, length: length)
        }
        let raw = UnsafeRawPointer(p)
        var seed: UInt64 = k0
        var i = 0
        while i + 16 < length {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let y = raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            seed = mum(x ^ k1, y ^ seed)
            i += 16
        }
        let a = raw.loadUnaligned(fromByteOffset: length - 16, as: UInt64.self) ^ seed
        let b = raw.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
        return mum(k1 ^ UInt64(truncatingIfNeeded: length), mum(a ^ k1, b ^ k0))
    }

    /// ``hash(_:_:)`` of a key of at most 16 bytes from its ``keyWords(_:_:)``: one multiply.
    @inlinable @inline(__always)
    static func shortHash(low: UInt64, high: UInt64, length: Int) -> UInt64 {
        let k0: UInt64 = 0xA076_1D64_78BD_642F, k1: UInt64 = 0xE703_7ED1_A0B4_28DB
        return mum(low ^ k0, high ^ k1 ^ UInt64(truncatingIfNeeded: length))
    }

    /// ``hash(_:_:)`` and ``keyWords(_:_:)`` of a key of 1 to 16 bytes from `first` and `second`,
    /// its first sixteen bytes as read (the bytes past the key are ignored), with masks looked up by
    /// length (`tok_key_masks`) rather than chosen by a branch: the lengths of words in text are as
    /// good as random.
    @inlinable @inline(__always)
    static func shortKey(first: UInt64, second: UInt64, length: Int) -> (hash: UInt64, low: UInt64, high: UInt64) {
        let low = first & tok_key_low_mask(Int64(truncatingIfNeeded: length))
        let high = second & tok_key_high_mask(Int64(truncatingIfNeeded: length))
        return (shortHash(low: low, high: high, length: length), low, high)
    }

    /// ``hash(_:_:)`` and ``keyWords(_:_:)`` of a key of 1 to 16 bytes at once, from two whole-word
    /// loads masked to the key, without a branch on its length. Requires 16 readable bytes at `p`
    /// (the bytes past the key are read and ignored).
    @inlinable @inline(__always)
    static func hashAndWords(ofShortKey p: UnsafePointer<UInt8>, _ length: Int) -> (hash: UInt64, low: UInt64, high: UInt64) {
        let raw = UnsafeRawPointer(p)
        return shortKey(
            first: raw.loadUnaligned(as: UInt64.self), second: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            length: length)
    }

    /// ``hashAndWords(ofShortKey:_:)`` for a key of 1 to 16 bytes that ends within 16 bytes of the end
    /// of the readable memory (`readable` bytes from `p`, fewer than 16) but has at least
    /// `16 - readable` readable bytes before it: the 16 bytes that end where the memory ends are
    /// loaded and shifted down to the key. The last stretches of every text take this path, which
    /// batches of short texts feel.
    @inlinable @inline(__always)
    static func hashAndWords(ofShortKey p: UnsafePointer<UInt8>, _ length: Int, readableUntilEnd readable: Int) -> (hash: UInt64, low: UInt64, high: UInt64) {
        let window = UnsafeRawPointer(p + readable - 16)
        let w0 = window.loadUnaligned(as: UInt64.self), w1 = window.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        // The key starts `16 - readable` bytes (8 to 120 bits) into the window.
        let drop = UInt64(truncatingIfNeeded: 16 &- readable) &* 8
        let first = drop >= 64 ? w1 &>> (drop &- 64) : (w0 &>> drop) | (w1 &<< (64 &- drop))
        let second = drop >= 64 ? 0 : w1 &>> drop
        return shortKey(first: first, second: second, length: length)
    }

    @inlinable @inline(__always)
    static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.high ^ product.low
    }

    /// The rank of the bytes `p[0..<length]`, or `absent`.
    @inlinable @inline(__always)
    package func rank(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        if length == 2 { return pairRanks[Int(p[0]) << 8 | Int(p[1])] }
        if length == 1 { return byteRanks[Int(p[0])] }
        if length > maxTokenLength { return RankTable.absent }
        return rank(p, length, hash: RankTable.hash(p, length))
    }

    /// The rank of the bytes `p[0..<length]` whose ``hash(_:_:)`` is `hash`, or `absent`.
    @inlinable @inline(__always)
    func rank(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> UInt32 {
        if length > maxTokenLength { return RankTable.absent }
        let words = RankTable.keyWords(p, length)
        return rank(p, length, hash: hash, low: words.low, high: words.high)
    }

    /// The rank of the bytes `p[0..<length]` whose ``hash(_:_:)`` is `hash` and whose
    /// ``keyWords(_:_:)`` are `low` and `high`, or `absent`. `length` must be below 65,536 (it shares
    /// the slot's info word with the tag); the encoder calls it for pieces of at most 16 bytes.
    @inlinable @inline(__always)
    func rank(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, low: UInt64, high: UInt64) -> UInt32 {
        let want = RankTable.slotInfo(hash: hash, length: length)
        let words = (low: low, high: high)
        var index = Int(truncatingIfNeeded: hash) & slotMask
        if !mayContain(hash: hash) { return RankTable.absent }
        while true {
            let slot = slots[index]
            if slot.info == 0 { return RankTable.absent }
            if slot.info & 0xFFFF_FFFF_0000_0000 == want && slot.low == words.low && slot.high == words.high
                && (length <= 16 || memcmpEqual(arena + Int(truncatingIfNeeded: slot.start) + 16, p + 16, length - 16))
            {
                return UInt32(truncatingIfNeeded: slot.info & 0xFFFF_FFFF)
            }
            index = (index + 1) & slotMask
        }
    }

    /// The ``filter`` bit of a key with this hash: bits 24 and up, independent of the slot (the low
    /// bits) and of the tag (the top 16).
    @inlinable @inline(__always)
    static func filterBit(hash: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: hash &>> 24) & mask
    }

    /// `false` if no token has this hash's ``filter`` bit (the key is then not a token).
    @inlinable @inline(__always)
    func mayContain(hash: UInt64) -> Bool {
        let bit = RankTable.filterBit(hash: hash, mask: filterMask)
        return (filter[bit &>> 6] &>> UInt64(truncatingIfNeeded: bit & 63)) & 1 != 0
    }

    /// `true` if `rank` names a token.
    @inlinable
    package func contains(rank: Int) -> Bool {
        rank >= 0 && rank < rankLimit && tokenLength[rank] > 0
    }

    /// The bytes of the token with this rank (empty if absent).
    @inlinable
    package func bytes(ofRank rank: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + Int(tokenStart[rank]), count: Int(tokenLength[rank]))
    }
}

@inlinable @inline(__always)
func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 8 <= length {
        if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        {
            return false
        }
        i += 8
    }
    while i < length {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
