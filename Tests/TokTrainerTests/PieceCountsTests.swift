import Foundation
import TokBPE
@testable import TokTrainer
import XCTest

final class PieceCountsTests: XCTestCase {
    func testAddMergeAndOrder() {
        var a = TestSupport.counts([("b", 2), ("a", 1), (" the", 5)])
        let b = TestSupport.counts([("a", 3), ("ab", 1)])
        a.merge(b)
        XCTAssertEqual(a.uniqueCount, 4)
        XCTAssertEqual(a.totalCount, 12)
        XCTAssertEqual(a.count(of: Array("a".utf8)), 4)
        XCTAssertEqual(a.count(of: Array("zz".utf8)), 0)
        XCTAssertEqual(a.sortedEntries().map { String(decoding: $0.bytes, as: UTF8.self) }, [" the", "a", "ab", "b"])
        XCTAssertEqual(a, TestSupport.counts([("ab", 1), ("a", 4), ("b", 2), (" the", 5)]))
    }

    func testGrowsPastManyPieces() {
        var counts = PieceCounts()
        for i in 0..<5000 { counts.add(Array("piece\(i % 2500)".utf8)) }
        XCTAssertEqual(counts.uniqueCount, 2500)
        XCTAssertEqual(counts.count(of: Array("piece17".utf8)), 2)
    }

    func testCountsFileRoundTripWithAwkwardBytes() throws {
        var counts = PieceCounts()
        counts.add([0x09, 0x0A, 0x41], count: 3)  // tab, newline
        counts.add([0xE0, 0xA4], count: 7)  // partial UTF-8
        counts.add(Array(" नमस्ते".utf8), count: 1)
        let header = PieceCountsFile.Header(pattern: .cl100k, normalization: .nfkc)
        let data = PieceCountsFile.serialize(counts, header: header)
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("# tokcost pieces v1 pattern=cl100k normalize=nfkc\n"))
        XCTAssertEqual(text.split(separator: "\n").count, 4)
        let (parsed, parsedHeader) = try PieceCountsFile.parse(data, source: "x.tsv")
        XCTAssertEqual(parsed, counts)
        XCTAssertEqual(parsedHeader, header)
    }

    func testMergingShardsIsExact() throws {
        let counter = try PieceCounter(pattern: .o200k, normalization: .nfc, threads: 1)
        let whole = try counter.count("one two three two one\nएक दो तीन दो एक\n")
        let a = try counter.count("one two three two one\n")
        let b = try counter.count("एक दो तीन दो एक\n")
        let files = [a, b].map { PieceCountsFile.serialize($0, header: nil) }
        var merged = PieceCounts()
        for data in files { merged.merge(try PieceCountsFile.parse(data, source: "shard").counts) }
        XCTAssertEqual(merged, whole)
    }

    func testMalformedCountsLinesNameFileAndLine() {
        let bad: [(String, String)] = [
            ("# tokcost pieces v1 pattern=o200k normalize=nfc\nYQ==\t3\nYg==3\n", "found no tab"),
            ("YQ==\t3\n\nYg=\t3\n", "is not a non-empty piece in base64"),
            ("YQ==\tthree\n", "is not a count"),
            ("YQ==\t0\n", "is not a count"),
            ("YQ==\t99999999999999999999999\n", "is not a count"),
            ("# tokcost pieces v1 pattern=nope normalize=nfc\n", "unknown pattern"),
        ]
        let lines = [3, 3, 1, 1, 1, 1]
        for ((text, reason), line) in zip(bad, lines) {
            XCTAssertThrowsError(try PieceCountsFile.parse(Data(text.utf8), source: "shard.tsv")) { error in
                guard case TrainerError.malformedCounts(let source, let l, let r) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(source, "shard.tsv")
                XCTAssertEqual(l, line, text)
                XCTAssertTrue(r.contains(reason), r)
            }
        }
    }

    func testInconsistentHeadersAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokcost-counts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.tsv"), b = dir.appendingPathComponent("b.tsv")
        try Data("# tokcost pieces v1 pattern=o200k normalize=nfc\nYQ==\t1\n".utf8).write(to: a)
        try Data("# tokcost pieces v1 pattern=cl100k normalize=nfc\nYQ==\t1\n".utf8).write(to: b)
        XCTAssertThrowsError(try PieceCountsFile.load(contentsOf: [a, b])) { error in
            guard case TrainerError.inconsistentCounts = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try PieceCountsFile.load(contentsOf: [dir.appendingPathComponent("missing.tsv")])) { error in
            guard case TrainerError.unreadable = error else { return XCTFail("\(error)") }
        }
    }

    func testByteArenaCopiesOnlyWhenWrittenWhileShared() {
        // The arena grows with realloc and has value semantics: a copy is unaffected by later appends to
        // either side, and growth keeps every byte.
        var a = ByteArena()
        var expected: [UInt8] = []
        for k in 0..<5000 {
            let piece = (0..<(k % 37 + 1)).map { UInt8(truncatingIfNeeded: k &* 31 &+ $0) }
            piece.withUnsafeBufferPointer { a.append(contentsOf: $0) }
            expected += piece
        }
        XCTAssertEqual(a.count, expected.count)
        XCTAssertEqual(a[0..<a.count], expected)
        var b = a
        Array("tail".utf8).withUnsafeBufferPointer { b.append(contentsOf: $0) }
        XCTAssertEqual(a[0..<a.count], expected)
        XCTAssertEqual(b[0..<b.count], expected + Array("tail".utf8))
        Array("other".utf8).withUnsafeBufferPointer { a.append(contentsOf: $0) }
        XCTAssertEqual(a[expected.count..<a.count], Array("other".utf8))
        XCTAssertEqual(b[expected.count..<b.count], Array("tail".utf8))
        [UInt8]().withUnsafeBufferPointer { a.append(contentsOf: $0) }
        XCTAssertEqual(a.count, expected.count + 5)
        // Piece counts copied before more pieces are added keep their own pieces.
        var counts = TestSupport.counts([("alpha", 2), ("beta", 1)])
        let kept = counts
        counts.add(Array("gamma".utf8), count: 4)
        XCTAssertEqual(kept.uniqueCount, 2)
        XCTAssertEqual(kept.count(of: Array("gamma".utf8)), 0)
        XCTAssertEqual(counts.count(of: Array("gamma".utf8)), 4)
        XCTAssertEqual(kept.sortedEntries().map { String(decoding: $0.bytes, as: UTF8.self) }, ["alpha", "beta"])
    }

    func testSortedIndicesCompareWholeByteStrings() {
        // The sort compares eight-byte prefixes first: pieces that differ only after byte 8, pieces that
        // are prefixes of others, and zero bytes (the prefix's padding) must still sort as whole byte
        // strings; the trainer's order groups pieces by their first eight bytes.
        var generator = SystemRandomNumberGenerator()
        var counts = PieceCounts()
        let stems: [[UInt8]] = [[], [0], [0, 0], Array("abcdefgh".utf8), Array("abcdefg".utf8), [0xFF, 0xFE], Array("abcdefgh\0".utf8)]
        for _ in 0..<3000 {
            let stem = stems.randomElement(using: &generator)!
            let tail = (0..<Int.random(in: 0...12, using: &generator)).map { _ in [0, 1, 0x61, 0x62, 0xFF].randomElement(using: &generator)! as UInt8 }
            let piece = stem + tail
            if !piece.isEmpty { counts.add(piece) }
        }
        let pieces = (0..<counts.uniqueCount).map { i in counts.withEntry(i) { bytes, _ in Array(bytes) } }
        let sorted = counts.sortedIndices().map { pieces[Int($0)] }
        XCTAssertEqual(sorted, pieces.sorted { $0.lexicographicallyPrecedes($1) })
        let grouped = counts.indicesByPrefix()
        XCTAssertEqual(Set(grouped), Set(0..<Int32(counts.uniqueCount)))
        let prefixes = grouped.map { Array(pieces[Int($0)].prefix(8)) + [UInt8](repeating: 0, count: max(0, 8 - pieces[Int($0)].count)) }
        XCTAssertTrue(zip(prefixes, prefixes.dropFirst()).allSatisfy { !$1.lexicographicallyPrecedes($0) })
    }
}
