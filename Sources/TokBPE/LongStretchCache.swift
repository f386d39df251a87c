/// A session's memory of long stretches of text between space cuts (more than
/// ``PieceCache/maxStretchLength`` bytes: a URL, a base64 blob, a line of minified code, a run of one
/// character): their ranks, keyed by their bytes.
///
/// Such a stretch is costly to encode (one long pre-tokenizer piece needs byte-pair merging from
/// single bytes up) and, when a stream of documents repeats it, costs one hash and one comparison of
/// its bytes instead. Most long stretches never come back (a line of Chinese or Japanese text, which
/// has no spaces, is one), so a stretch is only stored the second time it is seen: the first time,
/// only its hash is noted. Bounded: stretches up to 4 MiB, at most 16 MiB of them in all, and 65,536
/// hashes noted; a stretch that would go past the bytes, or a hash past the notes, empties them first
/// (as ``PieceCache`` does), so that the cache follows the stream. Never shared between threads.
@usableFromInline
final class LongStretchCache {
    /// The longest stretch kept.
    static let maxLength = 4 << 20
    /// The most bytes of keys and ranks kept in all.
    static let maxBytes = 16 << 20
    /// The most hashes of stretches seen once that are noted.
    static let maxNoted = 1 << 16

    private var buckets: [UInt64: [Int]] = [:]
    private var keys: [[UInt8]] = []
    private var values: [[UInt32]] = []
    private var bytes = 0
    private var noted: Set<UInt64> = []

    @usableFromInline init() {}

    /// The ranks of `p[0..<length]` if it was stored (the caller appends them), or `nil`.
    @usableFromInline
    func lookup(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> [UInt32]? {
        guard let candidates = buckets[hash] else { return nil }
        for index in candidates where keys[index].count == length {
            let same = keys[index].withUnsafeBufferPointer { memcmpEqual($0.baseAddress!, p, length) }
            if same { return values[index] }
        }
        return nil
    }

    /// `true` if a stretch with this hash was seen before (then it is worth storing); otherwise notes
    /// the hash and returns `false`.
    @usableFromInline
    func seenBefore(hash: UInt64) -> Bool {
        if noted.contains(hash) { return true }
        if noted.count >= LongStretchCache.maxNoted { noted.removeAll(keepingCapacity: true) }
        noted.insert(hash)
        return false
    }

    /// Stores the ranks of `p[0..<length]`, unless it is too long; if they would take the cache past
    /// ``maxBytes``, the stretches stored before are dropped first.
    @usableFromInline
    func insert(_ p: UnsafePointer<UInt8>, _ length: Int, hash: UInt64, ranks: [UInt32]) {
        let cost = length + 4 * ranks.count
        guard length <= LongStretchCache.maxLength, cost <= LongStretchCache.maxBytes else { return }
        if bytes + cost > LongStretchCache.maxBytes {
            buckets.removeAll()
            keys.removeAll()
            values.removeAll()
            bytes = 0
        }
        buckets[hash, default: []].append(keys.count)
        keys.append(Array(UnsafeBufferPointer(start: p, count: length)))
        values.append(ranks)
        bytes += cost
    }
}

/// Collects ranks into an array (a long stretch being recorded).
@usableFromInline
struct RankArraySink: TokenSink {
    @usableFromInline var ranks: [UInt32] = []
    @inlinable init() {}
    @inlinable @inline(__always) mutating func append(_ rank: UInt32) { ranks.append(rank) }
}
