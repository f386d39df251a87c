import CTokCategories

/// Receives token ranks as the encoder produces them, so that `count` needs no id array.
@usableFromInline
protocol TokenSink {
    mutating func append(_ rank: UInt32)
    /// Appends `count` ranks read from `ranks` (a cached piece or stretch).
    mutating func append(ranks: UnsafePointer<UInt32>, count: Int)
    /// Appends the first `count` (1 to 3) of `first`, `second`, `third`: a cache hit's ranks, which a
    /// sink may write without branching on the count.
    mutating func append(_ first: UInt32, _ second: UInt32, _ third: UInt32, count: Int)
    /// ``append(_:_:_:count:)`` if the sink has room for three ranks without growing, returning
    /// `true`; otherwise appends nothing and returns `false`. A loop that appends only this way never
    /// hands the sink to a call, so the sink can stay in registers.
    mutating func appendIfRoom(_ first: UInt32, _ second: UInt32, _ third: UInt32, count: Int) -> Bool
    /// ``append(ranks:count:)`` if the `count` ranks fit without growing, returning `true`; otherwise
    /// appends nothing and returns `false` (see ``appendIfRoom(_:_:_:count:)``).
    mutating func appendIfRoom(ranks: UnsafePointer<UInt32>, count: Int) -> Bool
    /// Whether `n` more ranks fit without growing (for ``appendWithoutGrowing(_:)``).
    func hasRoom(for n: Int) -> Bool
    /// Appends a rank that ``hasRoom(for:)`` said fits.
    mutating func appendWithoutGrowing(_ rank: UInt32)
    /// Appends the first `count` (1 to 3) of `first`, `second`, `third`, for which ``hasRoom(for:)``
    /// said three ranks fit (all three may be written).
    mutating func appendWithoutGrowing(_ first: UInt32, _ second: UInt32, _ third: UInt32, count: Int)
}

extension TokenSink {
    @inlinable @inline(__always)
    mutating func append(ranks: UnsafePointer<UInt32>, count: Int) {
        for i in 0..<count { append(ranks[i]) }
    }

    @inlinable @inline(__always)
    mutating func append(_ first: UInt32, _ second: UInt32, _ third: UInt32, count: Int) {
        append(first)
        if count >= 2 { append(second) }
        if count == 3 { append(third) }
    }

    @inlinable @inline(__always)
    mutating func appendIfRoom(_ first: UInt32, _ second: UInt32, _ third: UInt32, count: Int) -> Bool {
        append(first, second, third, count: count)
        return true
    }

    @inlinable @inline(__always)
    mutating func appendIfRoom(ranks: UnsafePointer<UInt32>, count: Int) -> Bool {
        append(ranks: ranks, count: count)
        return true
    }

    @inlinable @inline(__always)
    func hasRoom(for n: Int) -> Bool { true }

    @inlinable @inline(__always)
    mutating func appendWithoutGrowing(_ rank: UInt32) { append(rank) }

    @inlinable @inline(__always)
    mutating func appendWithoutGrowing(_ first: UInt32, _ second: UInt32, _ third: UInt32, count: Int) {
        append(first, second, third, count: count)
    }
}

/// Collects ids as `Int`s (the encoder's arrays of ids).
@usableFromInline
typealias ArraySink = CollectingSink<Int>

/// Collects ids as `ID`s (`Int`, or `UInt32` for compact arrays), normally straight into the storage
/// of the array that ``collect(forTextLength:_:)`` returns (no per-id uniqueness or bounds checks, no
/// final copy).
@usableFromInline
struct CollectingSink<ID: FixedWidthInteger>: TokenSink {
    @usableFromInline var storage: UnsafeMutablePointer<ID>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int
    /// `false` while `storage` is the result array's own buffer; `true` after ``grow()`` moved the ids
    /// to a buffer of the sink's own.
    @usableFromInline var ownsStorage: Bool

    @inlinable init(storage: UnsafeMutablePointer<ID>, capacity: Int) {
        self.storage = storage
        self.capacity = capacity
        self.ownsStorage = false
    }

    /// The ids that `body` appends while encoding `length` bytes of text, written directly into the
    /// returned array's storage. Every token has at least one byte, so `length` ids always fit: texts
    /// of 64 KiB or more get that capacity (capped at 2^23 ids; pages never written are never touched,
    /// so the unused part costs address space, not memory). Shorter texts, which are often kept by
    /// the thousand, get one id per 3 bytes (natural text has about 4 or more bytes per token, except
    /// older encodings on Indic scripts); past the capacity, ids move to a growing buffer and are
    /// copied once at the end.
    @inlinable
    static func collect(forTextLength length: Int, _ body: (inout CollectingSink<ID>) -> Void) -> [ID] {
        let capacity = max(16, length < 1 << 16 ? length / 3 + 8 : min(length, 1 << 23))
        var spilled: [ID]? = nil
        let ids = [ID](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var sink = CollectingSink<ID>(storage: buffer.baseAddress!, capacity: capacity)
            body(&sink)
            if sink.ownsStorage {
                spilled = Array(UnsafeBufferPointer(start: sink.storage, count: sink.count))
                sink.storage.deallocate()
                initialized = 0
            } else {
                initialized = sink.count
            }
        }
        return spilled ?? ids
    }

    @inlinable @inline(__always) mutating func append(_ rank: UInt32) { appendID(ID(truncatingIfNeeded: rank)) }

    @inlinable @inline(__always) mutating func append(ranks: UnsafePointer<UInt32>, count n: Int) {
        while count &+ n > capacity { grow() }
        for i in 0..<n { storage[count &+ i] = ID(truncatingIfNeeded: ranks[i]) }
        count &+= n
    }

    /// Writes all three ranks and advances by `n`: no branch on the count (stores past the `n`th are
    /// overwritten by the ids that follow).
    @inlinable @inline(__always) mutating func append(_ first: UInt32, _ second: UInt32, _ third: UInt32, count n: Int) {
        if count &+ 3 > capacity { grow() }
        storage[count] = ID(truncatingIfNeeded: first)
        storage[count &+ 1] = ID(truncatingIfNeeded: second)
        storage[count &+ 2] = ID(truncatingIfNeeded: third)
        count &+= n
    }

    @inlinable @inline(__always) mutating func appendIfRoom(_ first: UInt32, _ second: UInt32, _ third: UInt32, count n: Int) -> Bool {
        if count &+ 3 > capacity { return false }
        storage[count] = ID(truncatingIfNeeded: first)
        storage[count &+ 1] = ID(truncatingIfNeeded: second)
        storage[count &+ 2] = ID(truncatingIfNeeded: third)
        count &+= n
        return true
    }

    @inlinable @inline(__always) mutating func appendIfRoom(ranks: UnsafePointer<UInt32>, count n: Int) -> Bool {
        if count &+ n > capacity { return false }
        for i in 0..<n { storage[count &+ i] = ID(truncatingIfNeeded: ranks[i]) }
        count &+= n
        return true
    }

    @inlinable @inline(__always) func hasRoom(for n: Int) -> Bool { count &+ n <= capacity }

    @inlinable @inline(__always) mutating func appendWithoutGrowing(_ rank: UInt32) {
        storage[count] = ID(truncatingIfNeeded: rank)
        count &+= 1
    }

    @inlinable @inline(__always) mutating func appendWithoutGrowing(_ first: UInt32, _ second: UInt32, _ third: UInt32, count n: Int) {
        storage[count] = ID(truncatingIfNeeded: first)
        storage[count &+ 1] = ID(truncatingIfNeeded: second)
        storage[count &+ 2] = ID(truncatingIfNeeded: third)
        count &+= n
    }

    @inlinable @inline(__always) mutating func appendID(_ id: ID) {
        if count == capacity { grow() }
        storage[count] = id
        count &+= 1
    }

    @usableFromInline mutating func grow() {
        storage = doubled(storage, count: count, capacity: &capacity, owned: &ownsStorage)
    }
}

/// Only counts.
@usableFromInline
struct CountSink: TokenSink {
    @usableFromInline var count = 0
    @inlinable init() {}
    @inlinable @inline(__always) mutating func append(_ rank: UInt32) { count += 1 }
    @inlinable @inline(__always) mutating func append(ranks: UnsafePointer<UInt32>, count n: Int) { count += n }
    @inlinable @inline(__always) mutating func append(_ first: UInt32, _ second: UInt32, _ third: UInt32, count n: Int) { count += n }
}

extension RankTable {
    /// Pieces up to this many bytes use tiktoken's quadratic scan; longer ones use a heap, which is
    /// O(n log n) and gives the same merges (lowest rank first, leftmost among equal ranks).
    @usableFromInline static let heapThreshold = 96

    /// Encodes one pre-tokenizer piece: the whole piece if it is a token, else byte-pair merges.
    @inlinable
    func encodePiece<Sink: TokenSink>(_ p: UnsafePointer<UInt8>, _ length: Int, into sink: inout Sink) {
        let whole = rank(p, length)
        if whole != RankTable.absent {
            sink.append(whole)
        } else if length <= RankTable.heapThreshold {
            mergeByScan(p, length, into: &sink)
        } else {
            mergeByHeap(p, length, into: &sink)
        }
    }

    /// tiktoken's merge for a piece of exactly four bytes that is not a token: at most two merges (a
    /// third would make the whole piece), so the parts are followed case by case, with the three-byte
    /// candidates looked up only when they can be chosen. The same ids as ``mergeByScan(_:_:into:memo:)``.
    @inlinable
    func mergeFourBytes<Sink: TokenSink>(_ p: UnsafePointer<UInt8>, into sink: inout Sink) {
        let absent = RankTable.absent
        let b0 = Int(p[0]), b1 = Int(p[1]), b2 = Int(p[2]), b3 = Int(p[3])
        let r0 = pairRanks[b0 &<< 8 | b1], r1 = pairRanks[b1 &<< 8 | b2], r2 = pairRanks[b2 &<< 8 | b3]
        if r0 == absent && r1 == absent && r2 == absent {
            sink.append(byteRanks[b0]); sink.append(byteRanks[b1]); sink.append(byteRanks[b2]); sink.append(byteRanks[b3])
            return
        }
        // The first merge: the lowest-ranked pair, the leftmost on a tie.
        if r0 <= r1 && r0 <= r2 {
            // [b0b1][b2][b3]: then (b0b1, b2) against (b2, b3).
            let left = rank(p, 3)
            if left != absent && left <= r2 {
                sink.append(left); sink.append(byteRanks[b3])
            } else if r2 != absent {
                sink.append(r0); sink.append(r2)
            } else {
                sink.append(r0); sink.append(byteRanks[b2]); sink.append(byteRanks[b3])
            }
        } else if r1 <= r2 {
            // [b0][b1b2][b3]: then (b0, b1b2) against (b1b2, b3).
            let left = rank(p, 3), right = rank(p + 1, 3)
            if left != absent && left <= right {
                sink.append(left); sink.append(byteRanks[b3])
            } else if right != absent {
                sink.append(byteRanks[b0]); sink.append(right)
            } else {
                sink.append(byteRanks[b0]); sink.append(r1); sink.append(byteRanks[b3])
            }
        } else {
            // [b0][b1][b2b3]: then (b0, b1) against (b1, b2b3).
            let right = rank(p + 1, 3)
            if r0 != absent && r0 <= right {
                sink.append(r0); sink.append(r2)
            } else if right != absent {
                sink.append(byteRanks[b0]); sink.append(right)
            } else {
                sink.append(byteRanks[b0]); sink.append(byteRanks[b1]); sink.append(r2)
            }
        }
    }

    /// tiktoken's merge: keep the part boundaries in an array; repeatedly merge the pair of
    /// adjacent parts with the lowest rank (leftmost on ties). Each part's own rank is carried along
    /// (a merged part's rank is the rank of the pair that made it), so no lookup is needed at the end;
    /// with a `memo`, the pairs' ranks are looked up by the parts' ranks first. Pieces longer than
    /// ``linkedMergeThreshold`` go to ``mergeLinked(_:_:into:memo:padded:)``, which gives the same ids.
    ///
    /// `padded`: 16 bytes past the piece's end can be read (the merge's lookups then hash whole words).
    @usableFromInline
    func mergeByScan<Sink: TokenSink>(
        _ p: UnsafePointer<UInt8>, _ length: Int, into sink: inout Sink, memo: PairMemo? = nil, padded: Bool = false
    ) {
        if length > RankTable.linkedMergeThreshold {
            mergeLinked(p, length, into: &sink, memo: memo, padded: padded)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 3 * (length + 1)) { buffer in
            let starts = buffer.baseAddress!
            let ranks = starts + (length + 1)  // ranks[i]: rank of parts i and i + 1 merged
            let partRanks = ranks + (length + 1)  // partRanks[i]: rank of part i itself
            var count = length + 1
            var minRank = RankTable.absent
            var minIndex = 0
            for i in 0..<(length - 1) {
                let r = pairRanks[Int(p[i]) << 8 | Int(p[i + 1])]
                starts[i] = UInt32(i)
                ranks[i] = r
                partRanks[i] = byteRanks[Int(p[i])]
                if r < minRank {
                    minRank = r
                    minIndex = i
                }
            }
            starts[length - 1] = UInt32(length - 1)
            ranks[length - 1] = RankTable.absent
            partRanks[length - 1] = byteRanks[Int(p[length - 1])]
            starts[length] = UInt32(length)
            ranks[length] = RankTable.absent

            while minRank != RankTable.absent {
                let i = minIndex
                partRanks[i] = minRank
                // Indices stay below `count` (at most length + 1), so the arithmetic cannot overflow.
                if i > 0 {
                    let start = Int(truncatingIfNeeded: starts[i &- 1])
                    if i &+ 2 >= count {
                        ranks[i &- 1] = RankTable.absent
                    } else if let memo {
                        ranks[i &- 1] = memo.rank(
                            left: partRanks[i &- 1], right: minRank, p + start,
                            Int(truncatingIfNeeded: starts[i &+ 2]) &- start, padded: padded, in: self)
                    } else {
                        ranks[i &- 1] = rank(p + start, Int(truncatingIfNeeded: starts[i &+ 2]) &- start)
                    }
                }
                let start = Int(truncatingIfNeeded: starts[i])
                if i &+ 3 >= count {
                    ranks[i] = RankTable.absent
                } else if let memo {
                    ranks[i] = memo.rank(
                        left: minRank, right: partRanks[i &+ 2], p + start,
                        Int(truncatingIfNeeded: starts[i &+ 3]) &- start, padded: padded, in: self)
                } else {
                    ranks[i] = rank(p + start, Int(truncatingIfNeeded: starts[i &+ 3]) &- start)
                }
                // Remove part i + 1.
                var k = i &+ 1
                while k < count &- 1 {
                    starts[k] = starts[k &+ 1]
                    ranks[k] = ranks[k &+ 1]
                    partRanks[k] = partRanks[k &+ 1]
                    k &+= 1
                }
                count &-= 1
                (minRank, minIndex) = RankTable.lowestPair(ranks, count &- 1)
            }
            for j in 0..<(count - 1) { sink.append(partRanks[j]) }
        }
    }

    /// The lowest of `ranks[0..<count]` and the first index that holds it (`absent` and 0 if `count`
    /// is 0 or all are absent): a scalar scan whose branch the processor predicts, so that the next
    /// merge step's lookups start before the scan is done.
    @inlinable @inline(__always)
    static func lowestPair(_ ranks: UnsafePointer<UInt32>, _ count: Int) -> (rank: UInt32, index: Int) {
        var lowest = RankTable.absent
        var at = 0
        var j = 0
        while j < count {
            let r = ranks[j]
            if r < lowest {
                lowest = r
                at = j
            }
            j &+= 1
        }
        return (lowest, at)
    }

    /// Pieces longer than this merge with ``mergeLinked(_:_:into:memo:padded:)``:
    /// moving the arrays down at every merge costs more than scanning past merged-away entries once
    /// pieces are longer (4 MB of Telugu, o200k_base: 81,000 merged pieces of 31 bytes on average).
    @usableFromInline static let linkedMergeThreshold = 16
    /// ``mergeLinked(_:_:into:memo:padded:)`` finds the lowest pair with AVX-512 (`tok_lowest_rank`)
    /// in pieces longer than this. On shorter ones the vector reduction's latency, which every merge
    /// step waits for, costs more than a predicted scalar scan (4 MB of English 11% slower with it for
    /// every length).
    @usableFromInline static let vectorScanThreshold = 32

    /// ``mergeByScan(_:_:into:memo:padded:)`` for pieces longer than ``linkedMergeThreshold`` (up to
    /// ``heapThreshold`` bytes from ``encodePiece(_:_:into:)``, up to ``PieceCache/maxPieceLength`` from
    /// a piece cache), with the same ids: the parts are a linked list over the piece's byte
    /// offsets, a merge marks the absorbed part's entry absent instead of moving the arrays down, and
    /// the lowest pair is found by a scan over all `length - 1` entries (with vector instructions past
    /// ``vectorScanThreshold``), so a merge step costs two pair lookups and one scan. The vector scan
    /// also marks every other pair of the same rank (below index 64): while a merge makes no pair of
    /// lower rank, the next of them is the lowest and leftmost pair, and is merged without scanning
    /// again (the same character's bytes merge all along an Indic word at once: 4 MB of Telugu,
    /// o200k_base, +14% best and median, Marathi +5–7%, Bengali +3%, Hindi and English level,
    /// interleaved A/B pinned to one core; the scalar scan with marks, for 17 to 32 bytes, was no
    /// faster).
    @usableFromInline
    func mergeLinked<Sink: TokenSink>(
        _ p: UnsafePointer<UInt8>, _ length: Int, into sink: inout Sink, memo: PairMemo?, padded: Bool
    ) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 4 * length) { buffer in
            // Parts are named by the byte offset where they start. ranks[i]: the rank of part i merged
            // with the part after it (absent if none, or if i no longer starts a part); partRanks[i]:
            // part i's own rank; next[i]: where the part after part i starts (its end); previous[i]:
            // where the part before it starts (only read for parts that start after 0). A merge marks
            // the absorbed part's offset absent instead of moving the arrays down, so the scan for the
            // lowest rank always covers `length - 1` entries, with no shifting in between.
            let ranks = buffer.baseAddress!
            let partRanks = ranks + length
            let next = partRanks + length
            let previous = next + length
            var minRank = RankTable.absent
            var minIndex = 0
            for i in 0..<(length - 1) {
                let r = pairRanks[Int(p[i]) << 8 | Int(p[i + 1])]
                ranks[i] = r
                partRanks[i] = byteRanks[Int(p[i])]
                next[i] = UInt32(truncatingIfNeeded: i &+ 1)
                previous[i] = UInt32(truncatingIfNeeded: i &- 1)
                if r < minRank {
                    minRank = r
                    minIndex = i
                }
            }
            ranks[length - 1] = RankTable.absent
            partRanks[length - 1] = byteRanks[Int(p[length - 1])]
            next[length - 1] = UInt32(truncatingIfNeeded: length)
            previous[length - 1] = UInt32(truncatingIfNeeded: length &- 2)

            // Pairs below index 64 that the last scan found at `minRank`, besides the one being merged.
            var ties: UInt64 = 0
            while minRank != RankTable.absent {
                let i = minIndex
                // Part i absorbs part j; k starts the part after them (or is `length`).
                let j = Int(truncatingIfNeeded: next[i])
                let k = Int(truncatingIfNeeded: next[j])
                partRanks[i] = minRank
                ranks[j] = RankTable.absent
                next[i] = UInt32(truncatingIfNeeded: k)
                if k < length {
                    previous[k] = UInt32(truncatingIfNeeded: i)
                    let end = Int(truncatingIfNeeded: next[k])
                    if let memo {
                        ranks[i] = memo.rank(left: minRank, right: partRanks[k], p + i, end &- i, padded: padded, in: self)
                    } else {
                        ranks[i] = rank(p + i, end &- i)
                    }
                } else {
                    ranks[i] = RankTable.absent
                }
                // Whether the merge made a pair of lower rank than its own (only in a vocabulary whose
                // tokens are not all built from tokens of lower rank; never of the same rank, which
                // would be the same bytes).
                var madeLower = ranks[i] <= minRank
                if i > 0 {
                    let h = Int(truncatingIfNeeded: previous[i])
                    if let memo {
                        ranks[h] = memo.rank(left: partRanks[h], right: minRank, p + h, k &- h, padded: padded, in: self)
                    } else {
                        ranks[h] = rank(p + h, k &- h)
                    }
                    madeLower = madeLower || ranks[h] <= minRank
                }
                // The next pair of the same rank to the right is then the lowest and leftmost: it is
                // merged without a scan, if it is still a pair of two parts (not absorbed by a merge).
                if !madeLower {
                    var found = false
                    while ties != 0 {
                        let m = ties.trailingZeroBitCount
                        ties &= ties &- 1
                        if ranks[m] == minRank {
                            minIndex = m
                            found = true
                            break
                        }
                    }
                    if found { continue }
                }
                if length > RankTable.vectorScanThreshold {
                    let lowest = tok_lowest_rank(ranks, Int64(truncatingIfNeeded: length &- 1), &ties)
                    minRank = UInt32(truncatingIfNeeded: lowest &>> 32)
                    minIndex = Int(truncatingIfNeeded: lowest & 0xFFFF_FFFF)
                    // The one merged next is not a tie to come back to.
                    ties &= ties &- 1
                } else {
                    (minRank, minIndex) = RankTable.lowestPair(ranks, length &- 1)
                }
            }
            var part = 0
            while part < length {
                sink.append(partRanks[part])
                part = Int(truncatingIfNeeded: next[part])
            }
        }
    }

    /// Merges a long piece as ``mergeByScan(_:_:into:memo:)`` does, in O(n log n): parts in linked
    /// arrays, candidate pairs in a priority queue keyed by rank, then position. The queue is a
    /// ``RankBuckets`` while every merge creates only pairs of higher rank than its own (vocabularies
    /// built by training); if one does not, the piece starts over with a binary ``MinHeap``, which
    /// needs no such order. Both pop the same keys in the same order, so the ids are the same.
    @usableFromInline
    func mergeByHeap<Sink: TokenSink>(_ p: UnsafePointer<UInt8>, _ length: Int, into sink: inout Sink) {
        var queue = RankBuckets(capacity: length)
        defer { queue.deallocate() }
        if !merge(p, length, into: &sink, queue: &queue) {
            var heap = MinHeap(capacity: length)
            defer { heap.deallocate() }
            _ = merge(p, length, into: &sink, queue: &heap)
        }
    }

    /// The merge of ``mergeByHeap(_:_:into:)`` with `queue`; returns `false`, having appended nothing,
    /// if the queue refused a key.
    func merge<Sink: TokenSink, Queue: MergeQueue>(
        _ p: UnsafePointer<UInt8>, _ length: Int, into sink: inout Sink, queue: inout Queue
    ) -> Bool {
        // Parts are named by the byte offset where they start. next[i] is the start of the following
        // part (length for the last); pairRank[i] is the rank of part i merged with its successor.
        let next = UnsafeMutablePointer<Int32>.allocate(capacity: length)
        let prev = UnsafeMutablePointer<Int32>.allocate(capacity: length)
        let pairRank = UnsafeMutablePointer<UInt32>.allocate(capacity: length)
        defer {
            next.deallocate()
            prev.deallocate()
            pairRank.deallocate()
        }
        for i in 0..<length {
            next[i] = Int32(i + 1)
            prev[i] = Int32(i - 1)
            pairRank[i] = i + 1 < length ? pairRanks[Int(p[i]) << 8 | Int(p[i + 1])] : RankTable.absent
            if pairRank[i] != RankTable.absent && !queue.offer(UInt64(pairRank[i]) << 32 | UInt64(i)) { return false }
        }
        @inline(__always) func end(_ part: Int) -> Int { Int(next[part]) }
        while let top = queue.pop() {
            let a = Int(truncatingIfNeeded: top & 0xFFFF_FFFF)
            let r = UInt32(truncatingIfNeeded: top >> 32)
            // Stale: the part was merged away (pairRank reset) or its pair changed since.
            guard pairRank[a] == r else { continue }
            let b = end(a)
            let c = end(b)  // the part after b, or length
            next[a] = Int32(c)
            if c < length { prev[c] = Int32(a) }
            pairRank[b] = RankTable.absent
            pairRank[a] = c < length ? rank(p + a, end(c) - a) : RankTable.absent
            if pairRank[a] != RankTable.absent && !queue.offer(UInt64(pairRank[a]) << 32 | UInt64(a)) { return false }
            let before = Int(prev[a])
            if before >= 0 {
                pairRank[before] = rank(p + before, c - before)
                if pairRank[before] != RankTable.absent
                    && !queue.offer(UInt64(pairRank[before]) << 32 | UInt64(before))
                {
                    return false
                }
            }
        }
        var part = 0
        while part < length {
            let e = end(part)
            sink.append(rank(p + part, e - part))
            part = e
        }
        return true
    }
}

/// The priority queue of ``RankTable/merge(_:_:into:queue:)``: `offer` adds a key, or refuses it.
protocol MergeQueue {
    mutating func offer(_ key: UInt64) -> Bool
    mutating func pop() -> UInt64?
}

extension RankBuckets: MergeQueue {}

extension MinHeap: MergeQueue {
    /// Adds a key (a binary heap takes any key).
    @inline(__always)
    mutating func offer(_ key: UInt64) -> Bool {
        push(key)
        return true
    }
}

/// A buffer twice as large holding the first `count` elements of `storage`, which is freed if `owned`
/// (a caller-provided buffer is left alone); `capacity` is doubled and `owned` becomes `true`.
@usableFromInline
func doubled<Element>(
    _ storage: UnsafeMutablePointer<Element>, count: Int, capacity: inout Int, owned: inout Bool
) -> UnsafeMutablePointer<Element> {
    let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
    bigger.moveInitialize(from: storage, count: count)
    if owned { storage.deallocate() }
    capacity *= 2
    owned = true
    return bigger
}

/// A binary min-heap of `UInt64` keys (rank << 32 | position in both BPE encoders) in a flat buffer:
/// its own, which grows as needed, or one the caller provides (e.g. on the stack), used until it is full.
package struct MinHeap {
    var storage: UnsafeMutablePointer<UInt64>
    var capacity: Int
    var count = 0
    /// Whether ``storage`` was allocated here (and is freed by ``deallocate()``).
    var owned: Bool

    /// A heap with its own storage for `capacity` keys.
    package init(capacity: Int) {
        self.capacity = max(capacity, 4)
        storage = .allocate(capacity: self.capacity)
        owned = true
    }

    /// A heap in caller-provided storage for `capacity` keys; it moves to its own storage if it overflows.
    package init(storage: UnsafeMutablePointer<UInt64>, capacity: Int) {
        self.storage = storage
        self.capacity = max(capacity, 1)
        owned = false
    }

    /// Frees the storage if this heap allocated it.
    package func deallocate() { if owned { storage.deallocate() } }

    /// Adds a key.
    @inline(__always)
    package mutating func push(_ key: UInt64) {
        if count == capacity { storage = doubled(storage, count: count, capacity: &capacity, owned: &owned) }
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) / 2
            if storage[parent] <= key { break }
            storage[i] = storage[parent]
            i = parent
        }
        storage[i] = key
    }

    /// Removes and returns the smallest key, or `nil` when the heap is empty.
    @inline(__always)
    package mutating func pop() -> UInt64? {
        guard count > 0 else { return nil }
        let top = storage[0]
        count -= 1
        if count > 0 {
            let last = storage[count]
            var i = 0
            while true {
                let left = 2 * i + 1
                if left >= count { break }
                let right = left + 1
                let child = right < count && storage[right] < storage[left] ? right : left
                if storage[child] >= last { break }
                storage[i] = storage[child]
                i = child
            }
            storage[i] = last
        }
        return top
    }
}

extension MergeableRanks {
    /// The ids of one pre-tokenized piece by byte-pair merging alone (lowest rank first, leftmost among
    /// equal ranks), without first looking the whole piece up. For the trainer's tests, which check that
    /// tiktoken's rank-based merging reproduces the training segmentation.
    package func mergeWithoutLookup(_ bytes: [UInt8]) -> [Int] {
        guard !bytes.isEmpty else { return [] }
        return bytes.withUnsafeBufferPointer { buffer in
            ArraySink.collect(forTextLength: buffer.count) { sink in
                if buffer.count == 1 {
                    sink.append(table.byteRanks[Int(buffer[0])])
                } else if buffer.count <= RankTable.heapThreshold {
                    table.mergeByScan(buffer.baseAddress!, buffer.count, into: &sink)
                } else {
                    table.mergeByHeap(buffer.baseAddress!, buffer.count, into: &sink)
                }
            }
        }
    }
}
