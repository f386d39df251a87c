import XCTest
@testable import TokUnicode

/// Builds a String from scalar values.
func str(_ scalars: [UInt32]) -> String {
    var s = ""
    for v in scalars { s.unicodeScalars.append(Unicode.Scalar(v)!) }
    return s
}

/// The scalar values of a String.
func scalars(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

/// Runs `body` with the UTF-8 of `s` as a buffer.
func withBytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try Array(s.utf8).withUnsafeBufferPointer(body)
}

/// The shared corpora directory, or nil (tests using it skip).
func corpusURL(_ relative: String) -> URL? {
    let candidates = ["/work/shared/corpora", "../shared/corpora", "../../shared/corpora"]
    for c in candidates {
        let u = URL(fileURLWithPath: c).appendingPathComponent(relative)
        if FileManager.default.fileExists(atPath: u.path) { return u }
    }
    return nil
}

/// Writes `bytes` to a fresh temporary file and returns its URL.
func tempFile(_ bytes: [UInt8]) throws -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("tokunicode-\(UUID().uuidString).txt")
    try Data(bytes).write(to: u)
    return u
}
