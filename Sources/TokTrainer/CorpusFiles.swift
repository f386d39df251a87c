import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the paths a user gives into the list of files to read: files as given, directories searched
/// recursively for file names matching a glob (default `*.txt`), sorted by path so the order is stable.
public enum CorpusFiles {
    /// The default glob for files inside directories.
    public static let defaultGlob = "*.txt"

    /// The files named by `paths`. A path that does not exist is ``TrainerError/unreadable(path:reason:)``.
    /// Hidden files and directories (names starting with `.`) inside directories are skipped.
    public static func expand(_ paths: [String], glob: String = defaultGlob) throws -> [URL] {
        var result: [URL] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw TrainerError.unreadable(path: path, reason: "no such file or directory")
            }
            guard isDirectory.boolValue else {
                result.append(URL(fileURLWithPath: path))
                continue
            }
            let root = URL(fileURLWithPath: path, isDirectory: true)
            guard let walker = manager.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else {
                throw TrainerError.unreadable(path: path, reason: "cannot list the directory")
            }
            var found: [URL] = []
            for case let url as URL in walker {
                let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
                if isFile && fnmatch(glob, url.lastPathComponent, 0) == 0 { found.append(url) }
            }
            result.append(contentsOf: found.sorted { $0.path < $1.path })
        }
        return result
    }
}
