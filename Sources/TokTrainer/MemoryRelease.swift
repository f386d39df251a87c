#if canImport(Glibc)
import Glibc
#endif

/// Gives freed heap memory back to the system at the trainer's phase boundaries (after counting, after
/// building the words), where large tables have just been freed: otherwise glibc keeps freed memory in
/// its arenas, and it stays in the resident set.
enum MemoryRelease {
    #if canImport(Glibc)
    /// glibc's `malloc_trim` (not in the Glibc module's headers, so looked up once by name).
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()
    #endif

    #if canImport(Glibc)
    /// glibc's `mallopt`, looked up by name like `malloc_trim`.
    private static let mallocOption: (@convention(c) (Int32, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
    }()

    /// Fixes glibc's threshold for serving an allocation with its own mapping at 256 KiB, once.
    private static let fixedMapThreshold: Void = {
        // M_MMAP_THRESHOLD is -3. glibc otherwise raises the threshold to the size of each mapped block
        // freed (up to 32 MiB), after which large buffers come from the heap, where `realloc` copies
        // them (holding old and new at once) and frees leave holes, instead of remapping them.
        _ = mallocOption?(-3, 256 << 10)
    }()
    #endif

    /// Keeps large blocks in their own mappings from now on, so that growing one with `realloc` remaps
    /// it without a copy and freeing one returns it at once (glibc; nothing elsewhere).
    static func preferMappedLargeBlocks() {
        #if canImport(Glibc)
        fixedMapThreshold
        #endif
    }

    /// Returns free heap memory to the system (`malloc_trim(0)` on glibc; nothing elsewhere).
    static func trim() {
        #if canImport(Glibc)
        _ = mallocTrim?(0)
        #endif
    }
}
