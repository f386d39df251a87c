#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Zero-filled memory for the encoder's large hash tables (the rank table's slots, a session's caches).
///
/// Their lookups land at random, so with 4 KiB pages nearly every one also misses the processor's
/// address-translation cache. On Linux, tables of 2 MiB or more are mapped on their own, aligned to
/// 2 MiB and marked for transparent huge pages (`MADV_HUGEPAGE`; the system may decline), so that a
/// 16 MiB table needs 8 translations instead of 4,096. Pages come from the system already zeroed, and
/// only those touched cost memory. Elsewhere, and for smaller tables, this is `calloc`.
@usableFromInline
enum ZeroedMemory {
    /// Tables at least this large get their own huge-page mapping (on Linux).
    static let hugePageSize = 2 << 20

    /// `byteCount` zero bytes, aligned to at least 16 bytes. Release with ``deallocate(_:byteCount:)``
    /// and the same `byteCount`.
    static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
        #if os(Linux)
        if byteCount >= hugePageSize {
            let length = roundedUp(byteCount)
            if let mapping = mmap(nil, length + hugePageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
               mapping != MAP_FAILED
            {
                // Keep the 2 MiB-aligned part; give the rest back.
                let base = Int(bitPattern: mapping)
                let aligned = (base + hugePageSize - 1) & ~(hugePageSize - 1)
                if aligned > base { munmap(mapping, aligned - base) }
                let tail = base + length + hugePageSize - (aligned + length)
                if tail > 0 { munmap(UnsafeMutableRawPointer(bitPattern: aligned + length), tail) }
                let start = UnsafeMutableRawPointer(bitPattern: aligned)!
                _ = madvise(start, length, MADV_HUGEPAGE)
                return start
            }
        }
        #endif
        guard let memory = calloc(max(byteCount, 1), 1) else { fatalError("out of memory: \(byteCount) bytes for a hash table") }
        return memory
    }

    /// Releases memory from ``allocate(byteCount:)``.
    static func deallocate(_ memory: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        if byteCount >= hugePageSize {
            munmap(memory, roundedUp(byteCount))
            return
        }
        #endif
        free(memory)
    }

    private static func roundedUp(_ byteCount: Int) -> Int {
        (byteCount + hugePageSize - 1) & ~(hugePageSize - 1)
    }
}
