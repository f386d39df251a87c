#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte arena of ``PieceCounts``: a growable byte buffer with value semantics (copied when written
/// while shared) whose storage grows with `realloc`. A large block grows by being remapped, not copied
/// (see ``BPETrainer/preferMappedLargeAllocations()``), so adding the workers' tables up never holds an
/// arena's old and new storage at once, as an array's doubling does (7.5 MB at the counter's peak on
/// the benchmark corpus).
struct ByteArena: Sendable {
    /// The storage, shared by copies until one of them writes.
    private final class Storage: @unchecked Sendable {
        var base: UnsafeMutablePointer<UInt8>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            base = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
        }

        deinit { free(base) }

        func copy() -> Storage {
            let copy = Storage(capacity: count)
            copy.base.update(from: base, count: count)
            copy.count = count
            return copy
        }
    }

    private var storage = Storage(capacity: 0)

    /// An empty arena.
    init() {}

    /// The number of bytes.
    var count: Int { storage.count }

    /// Appends `bytes`, growing the storage by half at least when it is full.
    mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        let needed = storage.count + bytes.count
        if needed > storage.capacity {
            let capacity = max(needed, storage.capacity + storage.capacity / 2)
            storage.base = realloc(storage.base, capacity)!.assumingMemoryBound(to: UInt8.self)
            storage.capacity = capacity
        }
        (storage.base + storage.count).update(from: source, count: bytes.count)
        storage.count = needed
    }

    /// Calls `body` with the bytes.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    /// A copy of the bytes in `range` (which must lie within the arena).
    subscript(range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= storage.count, "range outside the arena")
        return Array(UnsafeBufferPointer(start: storage.base + range.lowerBound, count: range.count))
    }
}
