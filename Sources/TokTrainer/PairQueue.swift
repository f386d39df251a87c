/// A max-heap of candidate merges with lazy invalidation: an entry records a pair and its count when it
/// was pushed; the trainer checks the count against the live pair table when it pops the entry.
///
/// Order (the tie-break rule): the higher count first; among equal counts, the smaller pair, comparing
/// the left token's rank and then the right token's rank. A pair is packed as `left << 32 | right`, so
/// the smaller key is the smaller pair.
struct PairQueue {
    /// One heap entry.
    struct Entry {
        /// The pair's count when pushed.
        var count: Int64
        /// `left << 32 | right`.
        var key: UInt64
    }

    private var heap: [Entry] = []

    /// Whether there are no entries.
    var isEmpty: Bool { heap.isEmpty }
    /// The number of entries (stale ones included).
    var count: Int { heap.count }

    /// Whether `a` comes out before `b`.
    @inline(__always)
    static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.count != b.count ? a.count > b.count : a.key < b.key
    }

    /// Builds a heap from entries in O(n).
    init(_ entries: [Entry] = []) {
        heap = entries
        if heap.count > 1 {
            for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        }
    }

    /// Adds an entry.
    mutating func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard PairQueue.precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the first entry.
    mutating func pop() -> Entry? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        heap[0] = last
        siftDown(0)
        return top
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let n = heap.count
        while true {
            let left = 2 * parent + 1
            if left >= n { return }
            var best = left
            let right = left + 1
            if right < n && PairQueue.precedes(heap[right], heap[left]) { best = right }
            guard PairQueue.precedes(heap[best], heap[parent]) else { return }
            heap.swapAt(best, parent)
            parent = best
        }
    }
}
