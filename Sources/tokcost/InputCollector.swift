import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Expands the inputs of `estimate` and `count`: files as given, directories recursively (regular files
/// only, hidden files and folders skipped, names matching the glob patterns), `-` for standard input.
enum InputCollector {
    /// The patterns used when no `--glob` is given.
    static let defaultPatterns = ["*.txt", "*.md"]

    static func expand(_ paths: [String], patterns: [String]) throws -> [String] {
        var out: [String] = []
        for path in paths.isEmpty ? ["-"] : paths {
            var isDirectory: ObjCBool = false
            if path != "-" && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue {
                let found = try files(in: path, patterns: patterns)
                if found.isEmpty {
                    throw CLIError("\(path): no files matching \(patterns.joined(separator: " or ")) (use --glob)")
                }
                out += found
            } else {
                out.append(path)
            }
        }
        return out
    }

    /// Regular, non-hidden files under `directory` whose names match one of `patterns`, sorted.
    static func files(in directory: String, patterns: [String]) throws -> [String] {
        let root = URL(fileURLWithPath: directory)
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { throw CLIError("\(directory): cannot list the directory") }
        var found: [String] = []
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let name = url.lastPathComponent
            guard patterns.contains(where: { fnmatch($0, name, 0) == 0 }) else { continue }
            let relative = url.path.hasPrefix(root.path + "/") ? String(url.path.dropFirst(root.path.count + 1)) : name
            found.append((directory.hasSuffix("/") ? directory : directory + "/") + relative)
        }
        return found.sorted()
    }
}
