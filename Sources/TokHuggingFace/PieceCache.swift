import TokBPE

/// The ids of pieces already encoded during one encode call (ordinary text repeats its words), as
/// `tokenizers` keeps a word cache. Local to the call: no shared mutable state.
struct PieceCache: ~Copyable {
    /// Pieces longer than this are not cached.
    static let maxPieceLength = 48
    private static let slotCount = 1 << 15
    private static let maxEntries = slotCount / 2

    /// Per slot: the piece's hash (0 = empty), where its bytes and ids are, and how many ids.
    private let hashes: UnsafeMutablePointer<UInt64>
    private let keyStart: UnsafeMutablePointer<Int32>
    private let keyLength: UnsafeMutablePointer<Int32>
    private let idStart: UnsafeMutablePointer<Int32>
    private let idCount: UnsafeMutablePointer<Int32>
    private var keys: [UInt8] = []
    private var ids: [Int] = []
    private var entries = 0

    init() {
        hashes = .allocate(capacity: PieceCache.slotCount)
        hashes.initialize(repeating: 0, count: PieceCache.slotCount)
        keyStart = .allocate(capacity: PieceCache.slotCount)
        keyLength = .allocate(capacity: PieceCache.slotCount)
        idStart = .allocate(capacity: PieceCache.slotCount)
        idCount = .allocate(capacity: PieceCache.slotCount)
        keys.reserveCapacity(1 << 16)
        ids.reserveCapacity(1 << 14)
    }

    deinit {
        hashes.deallocate()
        keyStart.deallocate()
        keyLength.deallocate()
        idStart.deallocate()
        idCount.deallocate()
    }

    /// Appends the cached ids of the piece to `out` and returns `true`, or returns `false`; `hash`
    /// is set for a later ``insert(_:_:hash:ids:)``.
    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ n: Int, hash: inout UInt64, into out: inout [Int]) -> Bool {
        var h = RankTable.hash(p, n)
        if h == 0 { h = 1 }
        hash = h
        var slot = Int(truncatingIfNeeded: h) & (PieceCache.slotCount - 1)
        while hashes[slot] != 0 {
            if hashes[slot] == h && Int(keyLength[slot]) == n {
                let start = Int(keyStart[slot])
                let equal = keys.withUnsafeBufferPointer { k in
                    memcmp(k.baseAddress! + start, p, n) == 0
                }
                if equal {
                    let from = Int(idStart[slot])
                    out.append(contentsOf: ids[from..<(from + Int(idCount[slot]))])
                    return true
                }
            }
            slot = (slot + 1) & (PieceCache.slotCount - 1)
        }
        return false
    }

    /// Remembers the ids of a piece (until the cache is half full).
    mutating func insert(_ p: UnsafePointer<UInt8>, _ n: Int, hash: UInt64, ids newIDs: ArraySlice<Int>) {
        guard entries < PieceCache.maxEntries else { return }
        var slot = Int(truncatingIfNeeded: hash) & (PieceCache.slotCount - 1)
        while hashes[slot] != 0 { slot = (slot + 1) & (PieceCache.slotCount - 1) }
        hashes[slot] = hash
        keyStart[slot] = Int32(keys.count)
        keyLength[slot] = Int32(n)
        idStart[slot] = Int32(ids.count)
        idCount[slot] = Int32(newIDs.count)
        keys.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        ids.append(contentsOf: newIDs)
        entries += 1
    }
}

@inline(__always)
private func memcmp(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
    for i in 0..<n where a[i] != b[i] { return 1 }
    return 0
}
