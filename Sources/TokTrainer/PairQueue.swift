/// An entry of ``PairQueue``: a pair (`left << 32 | right`) and its count when it was pushed.
protocol PairQueueEntry: BitwiseCopyable {
    /// An entry for `key` with `count`.
    init(count: Int64, key: UInt64)
    /// The pair's count when pushed.
    var count: Int64 { get }
    /// `left << 32 | right`.
    var key: UInt64 { get }
    /// Whether `a` comes out before `b`: the higher count first, then the smaller key.
    static func precedes(_ a: Self, _ b: Self) -> Bool
}

/// A queue entry for any pair and count: 16 bytes.
struct WidePairEntry: PairQueueEntry {
    let count: Int64
    let key: UInt64

    init(count: Int64, key: UInt64) {
        self.count = count
        self.key = key
    }

    @inline(__always)
    static func precedes(_ a: WidePairEntry, _ b: WidePairEntry) -> Bool {
        a.count != b.count ? a.count > b.count : a.key < b.key
    }
}

/// A queue entry in one 64-bit word, for tokens below 65,536 and counts below 2³²: the count in the
/// upper half and the complement of `left << 16 | right` in the lower, so that the queue's order is
/// the order of the words (a higher count, then a smaller pair, makes a larger word).
struct PackedPairEntry: PairQueueEntry {
    let bits: UInt64

    init(count: Int64, key: UInt64) {
        assert(count >= 0 && count <= Int64(UInt32.max) && key >> 48 == 0 && key & 0xFFFF_0000 == 0, "entry out of range")
        let pair = UInt32(truncatingIfNeeded: key >> 32) << 16 | UInt32(truncatingIfNeeded: key & 0xFFFF)
        bits = UInt64(count) << 32 | UInt64(~pair)
    }

    var count: Int64 { Int64(bits >> 32) }

    var key: UInt64 {
        let pair = ~UInt32(truncatingIfNeeded: bits)
        return UInt64(pair >> 16) << 32 | UInt64(pair & 0xFFFF)
    }

    @inline(__always)
    static func precedes(_ a: PackedPairEntry, _ b: PackedPairEntry) -> Bool { a.bits > b.bits }
}

/// A max-heap of candidate merges with lazy invalidation: an entry records a pair and its count when it
/// was pushed; the trainer checks the count against the live pair table when it pops the entry.
///
/// Order (the tie-break rule): the higher count first; among equal counts, the smaller pair, comparing
/// the left token's rank and then the right token's rank. A pair is packed as `left << 32 | right`, so
/// the smaller key is the smaller pair. Entries are ``PackedPairEntry`` (8 bytes) when tokens and
/// counts allow it, ``WidePairEntry`` (16 bytes) otherwise.
///
/// The entries live in a ``MallocBuffer`` (shared by copies of the queue: each training run has its
/// own), which grows by `realloc` without holding its old and new storage at once.
struct PairQueue<Entry: PairQueueEntry> {
    private let heap = MallocBuffer<Entry>()

    /// Whether there are no entries.
    var isEmpty: Bool { heap.count == 0 }
    /// The number of entries (stale ones included).
    var count: Int { heap.count }

    /// Builds a heap from entries in O(n).
    init(_ entries: [Entry] = []) {
        heap.reserve(entries.count)
        for entry in entries { heap.append(entry) }
        heapify()
    }

    /// Drops the stale entries when the heap's storage is full, instead of letting it grow: keeps one
    /// entry per pair of `pairs` whose live count is at least `queueable` and at most the entry's count
    /// (an entry below the live count has a newer one beside it), with the live count. Pairs come out
    /// in the same order as before: a stale entry would only have been re-queued with the live count
    /// when popped. If fewer than a quarter of the entries were stale, the storage grows by half, so
    /// that this runs rarely.
    mutating func dropStaleEntriesIfFull<Symbol, Count>(_ pairs: PairTable<Symbol, Count>, queueable: Int64) {
        guard heap.count == heap.capacity, heap.count >= 1024 else { return }
        dropStaleEntries(pairs, queueable: queueable)
        if heap.count > heap.capacity / 4 * 3 { heap.reserve(heap.capacity + heap.capacity / 2) }
    }

    /// Drops the stale entries now (see ``dropStaleEntriesIfFull(_:queueable:)``).
    mutating func dropStaleEntries<Symbol, Count>(_ pairs: PairTable<Symbol, Count>, queueable: Int64) {
        var queued = [Bool](repeating: false, count: pairs.pairCount)
        var write = 0
        for read in heap.indices {
            let entry = heap[read]
            guard let pair = pairs.find(entry.key) else { continue }
            let live = pairs.count(at: pair)
            guard live >= queueable, entry.count >= live, !queued[pair] else { continue }
            queued[pair] = true
            heap[write] = Entry(count: live, key: entry.key)
            write += 1
        }
        heap.truncate(to: write)
        heapify()
    }

    /// Adds an entry.
    mutating func push(_ entry: Entry) {
        heap.append(entry)
        let h = heap.base
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Entry.precedes(entry, h[parent]) else { break }
            h[child] = h[parent]
            child = parent
        }
        h[child] = entry
    }

    /// Removes and returns the first entry.
    mutating func pop() -> Entry? {
        guard heap.count > 0 else { return nil }
        let last = heap.removeLast()
        guard heap.count > 0 else { return last }
        let top = heap[0]
        heap[0] = last
        siftDown(0)
        return top
    }

    private func heapify() {
        if heap.count > 1 {
            for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        }
    }

    private func siftDown(_ start: Int) {
        let h = heap.base
        let n = heap.count
        let entry = h[start]
        var parent = start
        while true {
            let left = 2 * parent + 1
            if left >= n { break }
            var best = left
            let right = left + 1
            if right < n && Entry.precedes(h[right], h[left]) { best = right }
            guard Entry.precedes(h[best], entry) else { break }
            h[parent] = h[best]
            parent = best
        }
        h[parent] = entry
    }
}
