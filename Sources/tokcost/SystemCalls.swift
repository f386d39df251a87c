#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `write(2)` on a file descriptor, from the platform's C library (named apart from the `write`
/// methods of the CLI's own types).
func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// Ends the process with `status` (the C library's `exit`, apart from ArgumentParser's `exit`).
func systemExit(_ status: Int32) -> Never {
    exit(status)
}
