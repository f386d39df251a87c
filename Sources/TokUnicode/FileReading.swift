import Foundation

/// Reads a file in fixed-size blocks so that memory stays bounded whatever the file size.
enum FileBlocks {
    /// Default block size for file streaming: 1 MiB.
    static let defaultBlockSize = 1 << 20

    /// Calls `body` with successive blocks of the file at `url` (the last may be shorter; an empty file gives none).
    static func forEach(
        _ url: URL, blockSize: Int = defaultBlockSize, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw UnicodeError.io(path: url.path, message: "\(error.localizedDescription)")
        }
        defer { try? handle.close() }
        while true {
            let data: Data?
            do {
                data = try handle.read(upToCount: blockSize)
            } catch {
                throw UnicodeError.io(path: url.path, message: "\(error.localizedDescription)")
            }
            guard let d = data, !d.isEmpty else { break }
            try d.withUnsafeBytes { raw in
                try body(raw.bindMemory(to: UInt8.self))
            }
        }
    }
}
