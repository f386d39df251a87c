import Foundation
import TokEstimate
import TokUnicode

/// Analyses one input (file or `-`) with an analyser: streamed in bounded memory, or read whole and
/// repaired with `--lossy`; shows a progress bar on a terminal for slow inputs.
enum DocumentLoader {
    static func analyze(_ path: String, with analyzer: DocumentAnalyzer, lossy: Bool) throws -> DocumentAnalysis {
        if lossy {
            let document = try InputReader.read(path, lossy: true)
            return try document.bytes.withUnsafeBytes { try analyzer.analyze(utf8: $0.bindMemory(to: UInt8.self), name: path) }
        }
        let size = path == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        let progress = ProgressBar(label: path, total: size)
        defer { progress.finish() }
        var stream = try analyzer.stream(name: path)
        var done = 0
        try InputReader.stream(path) { block in
            try checkNotBinary(block, path: path, offset: done)
            try stream.append(block)
            done += block.count
            progress.update(done)
        }
        return try stream.finish()
    }

    /// Text files have no NUL bytes: one means a binary file (an error unless `--lossy`).
    static func checkNotBinary(_ bytes: UnsafeBufferPointer<UInt8>, path: String, offset: Int = 0) throws {
        if let nul = bytes.firstIndex(of: 0) {
            throw CLIError("\(path): looks like a binary file (NUL byte at offset \(offset + nul)); use --lossy to count it anyway")
        }
    }

    /// Reads a whole document (for commands that need all of it), refusing binary files unless `lossy`.
    static func readWhole(_ path: String, lossy: Bool) throws -> InputDocument {
        let document = try InputReader.read(path, lossy: lossy)
        if !lossy { try document.bytes.withUnsafeBytes { try checkNotBinary($0.bindMemory(to: UInt8.self), path: path) } }
        return document
    }
}
