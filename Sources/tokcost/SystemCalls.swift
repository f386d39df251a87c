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

/// `read(2)` on a file descriptor, from the platform's C library, retried when a signal interrupts it:
/// the bytes read (0 at the end), or -1 with `errno` set.
func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    while true {
        let got = read(descriptor, buffer, count)
        if got >= 0 || errno != EINTR { return got }
    }
}
