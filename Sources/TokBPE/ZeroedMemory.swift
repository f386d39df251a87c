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
/// 16 MiB table needs 8 translations instead of 4,096. Pages come from the system already zeroed.
/// Elsewhere, and for smaller tables, this is `calloc`. Either way every page is written once before
/// the table is used (``touchPages(_:byteCount:)``): a hash table's keys land all over it, so nearly
/// every page would be touched anyway.
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
                touchPages(start, byteCount: length)
                return start
            }
        }
        #endif
        guard let memory = calloc(max(byteCount, 1), 1) else { fatalError("out of memory: \(byteCount) bytes for a hash table") }
        touchPages(memory, byteCount: byteCount)
        return memory
    }

    /// Writes a zero into every 4 KiB page of `memory`, so that each page is faulted in once, writable.
    ///
    /// A table's first access to a page is usually a lookup, a read: the kernel then maps the shared
    /// zero page, and the first insert on that page faults again to replace it with a page of its own,
    /// flushing the stale translation on every core the process runs on. With two threads that flush
    /// is an interrupt to the other core: sessions growing their caches on two threads spent 10% of
    /// `tokcost count` in those interrupts (`perf`, 24 MB of English).
    @inline(never)
    static func touchPages(_ memory: UnsafeMutableRawPointer, byteCount: Int) {
        var offset = 0
        while offset < byteCount {
            memory.storeBytes(of: 0, toByteOffset: offset, as: UInt8.self)
            offset += 4096
        }
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
