/// A monotone priority queue of merge candidates, `rank << 32 | position` keys, for long pieces: the
/// positions of each rank in a bucket, the ranks in a small binary heap. Every key pushed must rank
/// above the last key popped (``offer(_:)`` refuses it otherwise), so the bucket being drained never
/// grows and each key costs O(1) apart from ordering the ranks.
///
/// A piece of one repeated letter has a million candidates of one rank: a binary heap of keys pays 20
/// levels of scattered memory per pop; here they are read in order from one bucket. Positions within a
/// bucket are popped in increasing order (sorted when they were not pushed that way), as the heap's
/// keys are, so both give the same merges.
struct RankBuckets {
    /// Pushed positions, linked per bucket: `nodes[i]` is `position << 32 | next node + 1`.
    private var nodes: UnsafeMutablePointer<UInt64>
    private var nodeCount = 0
    private var nodeCapacity: Int
    /// One rank's positions: first and last node (+1; 0 when empty), the last position pushed, and
    /// whether positions were pushed in increasing order.
    private struct Bucket {
        var head = 0
        var tail = 0
        var lastPosition: UInt32 = 0
        var inOrder = true
    }
    private var buckets: UnsafeMutablePointer<Bucket>
    private var bucketCount = 0
    private var bucketCapacity = 64
    /// The rank and bucket of the last push (most pushes go to the same few ranks).
    private var recentRank = RankTable.absent
    private var recentBucket = 0
    /// Rank to bucket: open addressing on `ranks` (`absent` when empty).
    private var ranks: UnsafeMutablePointer<UInt32>
    private var bucketOfSlot: UnsafeMutablePointer<Int32>
    private var mask: Int
    /// Ranks whose buckets are not empty.
    private var order: MinHeap
    /// The bucket being drained, in position order.
    private var draining: [UInt32] = []
    private var drained = 0
    private var currentRank: UInt64 = 0
    private var started = false

    /// A queue for a piece of about `capacity` bytes; release it with ``deallocate()``.
    init(capacity: Int) {
        nodeCapacity = max(capacity, 64)
        nodes = .allocate(capacity: nodeCapacity)
        let slots = 256
        mask = slots - 1
        ranks = .allocate(capacity: slots)
        ranks.initialize(repeating: RankTable.absent, count: slots)
        bucketOfSlot = .allocate(capacity: slots)
        buckets = .allocate(capacity: bucketCapacity)
        order = MinHeap(capacity: 64)
    }

    /// Frees the queue's memory.
    func deallocate() {
        nodes.deallocate()
        ranks.deallocate()
        bucketOfSlot.deallocate()
        buckets.deallocate()
        order.deallocate()
    }

    /// The bucket of `rank`, made if new.
    @inline(__always)
    private mutating func bucket(of rank: UInt32) -> Int {
        if rank == recentRank { return recentBucket }
        let b = lookUpBucket(of: rank)
        recentRank = rank
        recentBucket = b
        return b
    }

    private mutating func lookUpBucket(of rank: UInt32) -> Int {
        var i = Int(truncatingIfNeeded: (UInt64(rank) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while ranks[i] != RankTable.absent {
            if ranks[i] == rank { return Int(bucketOfSlot[i]) }
            i = (i &+ 1) & mask
        }
        let b = bucketCount
        ranks[i] = rank
        bucketOfSlot[i] = Int32(b)
        if bucketCount == bucketCapacity {
            let bigger = UnsafeMutablePointer<Bucket>.allocate(capacity: bucketCapacity * 2)
            bigger.moveInitialize(from: buckets, count: bucketCount)
            buckets.deallocate()
            buckets = bigger
            bucketCapacity *= 2
        }
        (buckets + b).initialize(to: Bucket())
        bucketCount += 1
        if bucketCount * 2 > mask + 1 { growMap() }
        return b
    }

    private mutating func growMap() {
        let oldRanks = ranks, oldBuckets = bucketOfSlot, oldCount = mask + 1
        let count = oldCount * 2
        mask = count - 1
        ranks = .allocate(capacity: count)
        ranks.initialize(repeating: RankTable.absent, count: count)
        bucketOfSlot = .allocate(capacity: count)
        for j in 0..<oldCount where oldRanks[j] != RankTable.absent {
            var i = Int(truncatingIfNeeded: (UInt64(oldRanks[j]) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
            while ranks[i] != RankTable.absent { i = (i &+ 1) & mask }
            ranks[i] = oldRanks[j]
            bucketOfSlot[i] = oldBuckets[j]
        }
        oldRanks.deallocate()
        oldBuckets.deallocate()
    }

    /// Adds the key `rank << 32 | position`; returns `false` (adding nothing) unless its rank is
    /// above the rank of the last key popped.
    @inline(__always)
    mutating func offer(_ key: UInt64) -> Bool {
        let rank = UInt32(truncatingIfNeeded: key >> 32), position = UInt32(truncatingIfNeeded: key)
        if started && UInt64(rank) <= currentRank { return false }
        let b = bucket(of: rank)
        if nodeCount == nodeCapacity {
            var owned = true
            nodes = doubled(nodes, count: nodeCount, capacity: &nodeCapacity, owned: &owned)
        }
        nodes[nodeCount] = UInt64(position) << 32
        nodeCount &+= 1
        if buckets[b].head == 0 {
            buckets[b].head = nodeCount
            order.push(UInt64(rank))
        } else {
            nodes[buckets[b].tail &- 1] |= UInt64(nodeCount)
            if position < buckets[b].lastPosition { buckets[b].inOrder = false }
        }
        buckets[b].tail = nodeCount
        buckets[b].lastPosition = position
        return true
    }

    /// Removes and returns the smallest key, or `nil` when none is left.
    @inline(__always)
    mutating func pop() -> UInt64? {
        if drained == draining.count {
            guard let rank = order.pop() else { return nil }
            started = true
            currentRank = rank
            let b = bucket(of: UInt32(truncatingIfNeeded: rank))
            draining.removeAll(keepingCapacity: true)
            var node = buckets[b].head
            while node != 0 {
                let value = nodes[node &- 1]
                draining.append(UInt32(truncatingIfNeeded: value >> 32))
                node = Int(truncatingIfNeeded: value & 0xFFFF_FFFF)
            }
            if !buckets[b].inOrder { draining.sort() }
            buckets[b] = Bucket()
            drained = 0
        }
        let position = draining[drained]
        drained &+= 1
        return currentRank << 32 | UInt64(position)
    }
}
