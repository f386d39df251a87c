import Foundation
import TokBPE
import TokUnicode

/// A document read from a file or standard input, as validated UTF-8 bytes.
struct InputDocument {
    /// The path as the user gave it, or `-` for standard input.
    let name: String
    let bytes: Data
}

/// Reads documents the way every subcommand does: files by path, `-` (or nothing) for standard input,
/// with a hint on stderr when standard input is a terminal; invalid UTF-8 is an error naming the byte
/// offset unless `lossy`.
enum InputReader {
    static func read(_ paths: [String], lossy: Bool) throws -> [InputDocument] {
        let names = paths.isEmpty ? ["-"] : paths
        return try names.map { try read($0, lossy: lossy) }
    }

    /// Calls `body` with successive blocks of the file (or standard input for `-`), in bounded memory.
    static func stream(_ path: String, blockSize: Int = 1 << 20, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let handle: FileHandle
        if path == "-" {
            if isatty(0) != 0 {
                printError("tokcost: reading standard input from the terminal; end it with Ctrl-D (or pass a file)")
            }
            handle = FileHandle.standardInput
        } else {
            try checkIsFile(path)
            guard let opened = FileHandle(forReadingAtPath: path) else { throw CLIError("\(path): cannot open for reading") }
            handle = opened
        }
        defer { if path != "-" { try? handle.close() } }
        // One buffer for every block: a new 1 MiB `Data` per block was fresh memory from the system
        // each time (page faults while the kernel copied into it, then an unmapping that interrupts
        // the counting threads' cores to flush their address translations).
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: blockSize)
        defer { buffer.deallocate() }
        let fd = handle.fileDescriptor
        while true {
            let got = systemRead(fd, buffer.baseAddress!, blockSize)
            if got < 0 { throw CLIError("\(path): cannot read (\(String(cString: strerror(errno))))") }
            if got == 0 { break }
            try body(UnsafeBufferPointer(rebasing: buffer[0..<got]))
        }
    }

    static func checkIsFile(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CLIError("\(path): no such file")
        }
        if isDirectory.boolValue {
            throw CLIError("\(path): is a directory; give the files inside it")
        }
    }

    static func read(_ path: String, lossy: Bool) throws -> InputDocument {
        var data: Data
        if path == "-" {
            if isatty(0) != 0 {
                printError("tokcost: reading standard input from the terminal; end it with Ctrl-D (or pass a file)")
            }
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            try checkIsFile(path)
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            } catch {
                throw CLIError("\(path): cannot read (\(error.localizedDescription))")
            }
        }
        let offset = data.withUnsafeBytes { UTF8Validation.firstInvalidOffset(in: $0.bindMemory(to: UInt8.self)) }
        if let offset {
            guard lossy else {
                throw CLIError("\(path): invalid UTF-8 at byte offset \(offset) (use --lossy to replace invalid bytes with U+FFFD)")
            }
            data = Data(UTF8Validation.repaired(data))
        }
        return InputDocument(name: path, bytes: data)
    }
}
