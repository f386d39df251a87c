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

    /// Returns free heap memory to the system (`malloc_trim(0)` on glibc; nothing elsewhere).
    static func trim() {
        #if canImport(Glibc)
        _ = mallocTrim?(0)
        #endif
    }
}
