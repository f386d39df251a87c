import Foundation
import TokTrainer
import XCTest

/// Paths and helpers shared by the trainer tests.
enum TestSupport {
    /// The package root (found from this file's path).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The parallel corpus shipped in Corpora/parallel, sorted by path.
    static func parallelCorpus() throws -> [CorpusDocument] {
        let files = try CorpusFiles.expand([packageRoot.appendingPathComponent("Corpora/parallel").path])
        return try files.map { try CorpusDocument(contentsOf: $0) }
    }

    /// A fixture file's URL.
    static func fixture(_ name: String) throws -> URL {
        let base = (name as NSString).deletingPathExtension, ext = (name as NSString).pathExtension
        return try XCTUnwrap(Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Fixtures"), "missing fixture \(name)")
    }

    /// Counts from (piece, count) pairs.
    static func counts(_ pairs: [(String, Int)]) -> PieceCounts {
        var counts = PieceCounts()
        for (piece, count) in pairs { counts.add(Array(piece.utf8), count: count) }
        return counts
    }
}
