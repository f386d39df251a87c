import Foundation

/// Writes chunk files atomically: every chunk goes to a temporary file in the target directory first,
/// and the temporary files are renamed only once all of them are written, so a failure leaves no
/// half-written chunk behind.
enum ChunkWriter {
    static func write(_ chunks: [(name: String, text: Data)], to directory: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw CLIError("--split \(directory): exists and is not a directory") }
        } else {
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw CLIError("--split \(directory): cannot create the directory (\(error.localizedDescription))")
            }
        }
        let dir = URL(fileURLWithPath: directory)
        let tag = UUID().uuidString.prefix(8)
        var written: [(temp: URL, final: URL)] = []
        do {
            for chunk in chunks {
                let temp = dir.appendingPathComponent(".\(chunk.name).\(tag).tmp")
                try chunk.text.write(to: temp)
                written.append((temp, dir.appendingPathComponent(chunk.name)))
            }
            for w in written {
                _ = try? fm.removeItem(at: w.final)
                try fm.moveItem(at: w.temp, to: w.final)
            }
        } catch {
            for w in written { try? fm.removeItem(at: w.temp) }
            throw CLIError("--split \(directory): cannot write chunks (\(error.localizedDescription))")
        }
    }
}
