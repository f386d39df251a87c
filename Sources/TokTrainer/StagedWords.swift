#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The words one merge adds to pair word lists, staged per group of ``PairDeltas`` until the merge ends
/// and written once per pair (``PairWordLists/extend(_:with:)``).
///
/// A group's words arrive in ascending order (a merge walks its list in word order) and are kept as
/// varint gaps, as in ``PairWordLists``, in a chain of small fixed-size blocks carved from one pool: about
/// one or two bytes per entry, no allocation per group or per entry, and the storage is reused from
/// merge to merge. A word staged twice in a row for a group is kept once. The storage is `malloc`ed
/// (a class, freed in `deinit`) so that staging a byte costs no array uniqueness or bounds checks.
final class StagedWords {
    /// One group's chain.
    private struct Group {
        /// The first and last block (-1: none yet).
        var head: Int32 = -1
        var tail: Int32 = -1
        /// The bytes used in the last block.
        var fill: Int32 = 0
        /// The total bytes.
        var bytes: Int32 = 0
        /// The last word staged (-1: none yet).
        var last: Int32 = -1
    }

    /// Bytes per block: 64, so that the 4-byte links add 6% (16-byte blocks added 25%, and the largest
    /// merges stage millions of bytes while the words are still at their largest).
    static let blockSize = 64
    /// The blocks kept after ``removeAll()`` (1 MiB of pool).
    static let keptBlocks = (1 << 20) / blockSize
    /// All blocks' bytes, block `k` at `pool + k * blockSize`.
    private var pool: UnsafeMutablePointer<UInt8>
    /// The next block in each block's chain.
    private var next: UnsafeMutablePointer<Int32>
    /// Blocks in use (the pool is reused from the start after ``removeAll()``).
    private var blockCount = 0
    /// Blocks the pool has room for.
    private var blockCapacity = 256
    /// Each group's chain and its last word.
    private var groups: UnsafeMutablePointer<Group>
    /// Groups ``groups`` has room for.
    private var groupCapacity = 256
    /// The number of groups with words or room for them.
    private(set) var groupCount = 0

    /// Empty staging storage.
    init() {
        pool = malloc(blockCapacity * StagedWords.blockSize)!.assumingMemoryBound(to: UInt8.self)
        next = malloc(blockCapacity * MemoryLayout<Int32>.stride)!.assumingMemoryBound(to: Int32.self)
        groups = malloc(groupCapacity * MemoryLayout<Group>.stride)!.assumingMemoryBound(to: Group.self)
    }

    deinit {
        free(pool)
        free(next)
        free(groups)
    }

    /// Empties every group, keeping the storage (or shrinking it after a very large merge).
    func removeAll() {
        blockCount = 0
        groupCount = 0
        if blockCapacity > StagedWords.keptBlocks {
            // Give a very large merge's blocks back instead of holding them for the rest of training.
            blockCapacity = StagedWords.keptBlocks
            pool = realloc(pool, blockCapacity * StagedWords.blockSize)!.assumingMemoryBound(to: UInt8.self)
            next = realloc(next, blockCapacity * MemoryLayout<Int32>.stride)!.assumingMemoryBound(to: Int32.self)
        }
    }

    /// The number of bytes staged for `group` (an upper bound of what its words add to a merged list).
    func bytes(of group: Int) -> Int { group < groupCount ? Int(groups[group].bytes) : 0 }

    /// Stages `word` for `group`, unless it is the group's last staged word. Words of a group must come
    /// in ascending order.
    @inline(__always)
    func add(group: Int32, word: Int32) {
        let g = Int(group)
        while g >= groupCount { addGroup() }
        let previous = groups[g].last
        if previous == word { return }
        groups[g].last = word
        var v = UInt32(bitPattern: word &- max(previous, 0))
        while v >= 0x80 {
            put(g, UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        put(g, UInt8(v))
    }

    /// Opens one more (empty) group, growing ``groups`` when full.
    private func addGroup() {
        if groupCount == groupCapacity {
            groupCapacity *= 2
            groups = realloc(groups, groupCapacity * MemoryLayout<Group>.stride)!.assumingMemoryBound(to: Group.self)
        }
        (groups + groupCount).initialize(to: Group())
        groupCount += 1
    }

    /// Appends one byte to group `g`'s chain, starting a new block when its last one is full.
    @inline(__always)
    private func put(_ g: Int, _ byte: UInt8) {
        var block = Int(groups[g].tail)
        if block < 0 || groups[g].fill == StagedWords.blockSize {
            let fresh = newBlock()
            if block < 0 { groups[g].head = Int32(fresh) } else { next[block] = Int32(fresh) }
            groups[g].tail = Int32(fresh)
            groups[g].fill = 0
            block = fresh
        }
        pool[block * StagedWords.blockSize + Int(groups[g].fill)] = byte
        groups[g].fill += 1
        groups[g].bytes += 1
    }

    /// A fresh block at the end of the pool (grown when full), with no next block.
    private func newBlock() -> Int {
        if blockCount == blockCapacity {
            blockCapacity *= 2
            pool = realloc(pool, blockCapacity * StagedWords.blockSize)!.assumingMemoryBound(to: UInt8.self)
            next = realloc(next, blockCapacity * MemoryLayout<Int32>.stride)!.assumingMemoryBound(to: Int32.self)
        }
        next[blockCount] = -1
        blockCount += 1
        return blockCount - 1
    }

    /// Reads the words staged for one group one at a time, in ascending order: valid until the pool
    /// next changes.
    struct Reader {
        fileprivate let pool: UnsafeMutablePointer<UInt8>
        fileprivate let links: UnsafeMutablePointer<Int32>
        fileprivate var block: Int
        fileprivate var offset = 0
        fileprivate var remaining: Int
        fileprivate var word: UInt32 = 0

        /// The next word, or -1 after the last (words are never negative).
        @inline(__always)
        mutating func next() -> Int32 {
            guard remaining > 0 else { return -1 }
            var gap: UInt32 = 0
            var shift: UInt32 = 0
            while true {
                if offset == StagedWords.blockSize {
                    block = Int(links[block])
                    offset = 0
                }
                let byte = pool[block * StagedWords.blockSize + offset]
                offset += 1
                remaining -= 1
                gap |= UInt32(byte & 0x7F) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
            }
            word &+= gap
            return Int32(bitPattern: word)
        }
    }

    /// A reader of the words staged for `group` (none if the group has none).
    func reader(_ group: Int) -> Reader {
        guard group < groupCount else { return Reader(pool: pool, links: next, block: -1, remaining: 0) }
        return Reader(pool: pool, links: next, block: Int(groups[group].head), remaining: Int(groups[group].bytes))
    }

    /// Replaces the contents of `out` with the words staged for `group`, in ascending order.
    func decode(_ group: Int, into out: inout [Int32]) {
        out.removeAll(keepingCapacity: true)
        // At most one word a byte: room for all at once, rather than doubling (and copying) the array.
        out.reserveCapacity(bytes(of: group))
        var words = reader(group)
        while true {
            let word = words.next()
            if word < 0 { return }
            out.append(word)
        }
    }
}
