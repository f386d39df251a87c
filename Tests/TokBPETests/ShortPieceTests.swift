import CTokCategories
@testable import TokBPE
import TokFuzzSupport
import XCTest

/// Pieces of up to 16 bytes take shortcuts in the encoder (direct tables inline, three- and four-byte
/// pieces merged without the general merge loop, keys hashed from masked word loads): each must give the ids
/// of the general merge (`mergeByScan`, which the parity fixtures check against tiktoken), for every
/// encoding, with and without bytes readable after the piece.
final class ShortPieceTests: XCTestCase {
    /// The ids of the encoder's path for a piece, with `readable` bytes from its start (the bytes
    /// after the piece are `padding`, which a wrong mask would let into the key).
    func encoderPath(_ table: RankTable, _ piece: [UInt8], readable: Int, padding: UInt8) -> [Int] {
        var padded = piece + [UInt8](repeating: padding, count: max(0, readable - piece.count))
        return padded.withUnsafeMutableBufferPointer { buffer in
            ArraySink.collect(forTextLength: piece.count) { sink in
                var cache: PieceCache? = nil
                table.encodePiece(UnsafePointer(buffer.baseAddress!), piece.count, readable: readable, into: &sink, cache: &cache)
            }
        }
    }

    /// The ids of the general merge (or of the whole piece when it is a token).
    func generalMerge(_ table: RankTable, _ piece: [UInt8]) -> [Int] {
        piece.withUnsafeBufferPointer { buffer in
            ArraySink.collect(forTextLength: piece.count) { sink in
                let whole = table.rank(buffer.baseAddress!, piece.count)
                if whole != RankTable.absent {
                    sink.append(whole)
                } else {
                    table.mergeByScan(buffer.baseAddress!, piece.count, into: &sink)
                }
            }
        }
    }

    /// Byte-pair merging as its definition says, slowly: parts as byte arrays, the adjacent pair whose
    /// concatenation has the lowest rank merged first (the leftmost among equals), until no pair is a
    /// token. The oracle for the encoder's merges.
    func definitionMerge(_ table: RankTable, _ piece: [UInt8]) -> [Int] {
        var parts = piece.map { [$0] }
        func rank(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBufferPointer { table.rank($0.baseAddress!, bytes.count) } }
        while parts.count > 1 {
            var best = RankTable.absent, at = -1
            for i in 0..<(parts.count - 1) {
                let r = rank(parts[i] + parts[i + 1])
                if r < best { best = r; at = i }
            }
            guard at >= 0 else { break }
            parts[at] += parts[at + 1]
            parts.remove(at: at + 1)
        }
        return parts.map { Int(rank($0)) }
    }

    /// Pieces of 2 to 128 bytes (the longest a piece cache merges) that are not tokens merge to the
    /// definition's ids through every merge the encoder has: the array scan (up to 16 bytes), the
    /// linked parts with a scalar scan (17 to 32) and with a vector scan (33 and up), with and without
    /// a pair memo, with bytes readable past the piece or not; the heap merge agrees. Pieces are slices of the fixture texts (every script the
    /// fixtures have, cut anywhere, even inside a character), runs of one byte and random bytes.
    func testMergesOfEveryLengthGiveTheDefinitionsIDs() throws {
        let texts = try ParityFixture.load().cases.map { Array($0.text.utf8) }.filter { $0.count >= 128 }
        var generator = SplitMix64(seed: 61)
        for encoding in [SharedEncodings.o200k, SharedEncodings.cl100k] {
            let table = encoding.ranks.table
            var pieces: [[UInt8]] = []
            for length in 2...128 {
                for _ in 0..<12 {
                    let text = texts.randomElement(using: &generator)!
                    let start = Int.random(in: 0...(text.count - length), using: &generator)
                    pieces.append(Array(text[start..<(start + length)]))
                }
                pieces.append([UInt8](repeating: 0x61 + UInt8(length % 26), count: length))
                pieces.append((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }
            let memo = try XCTUnwrap(Optional(PairMemo()))
            defer { memo.deallocate() }
            var failures = 0
            for piece in pieces where failures < 10 {
                if piece.withUnsafeBufferPointer({ table.rank($0.baseAddress!, piece.count) }) != RankTable.absent { continue }
                let expected = definitionMerge(table, piece)
                let padded = piece + [UInt8](repeating: 0x20, count: 16)
                let results: [[Int]] = padded.withUnsafeBufferPointer { buffer in
                    let p = buffer.baseAddress!
                    return [
                        ArraySink.collect(forTextLength: piece.count) { table.mergeByScan(p, piece.count, into: &$0) },
                        ArraySink.collect(forTextLength: piece.count) { table.mergeByScan(p, piece.count, into: &$0, memo: memo) },
                        ArraySink.collect(forTextLength: piece.count) { table.mergeByScan(p, piece.count, into: &$0, memo: memo, padded: true) },
                        ArraySink.collect(forTextLength: piece.count) { table.mergeByHeap(p, piece.count, into: &$0) },
                    ]
                }
                for (path, ids) in results.enumerated() where ids != expected {
                    XCTFail("\(encoding.name) path \(path) length \(piece.count) \(piece): \(ids) != \(expected)")
                    failures += 1
                }
            }
        }
    }

    /// The linked merge's scan (`tok_lowest_rank`, AVX-512 here, and its plain C twin for processors
    /// without it) gives the lowest rank, the first index that holds it, and a bit for every index
    /// below 64 that holds it (the pairs it merges next without scanning again), on arrays of 1 to
    /// 100 entries with few distinct ranks (many ties), absent entries and ties past index 64.
    func testTheLowestRankScanGivesTheFirstIndexAndEveryTieBelow64() {
        typealias Scan = (UnsafePointer<UInt32>?, Int64, UnsafeMutablePointer<UInt64>?) -> UInt64
        let scans: [(name: String, scan: Scan)] = [("dispatch", tok_lowest_rank), ("scalar", tok_lowest_rank_scalar)]
        var generator = SplitMix64(seed: 67)
        for count in 1...100 {
            for _ in 0..<40 {
                let distinct = Int.random(in: 1...6, using: &generator)
                let values: [UInt32] = (0..<distinct).map { _ in
                    Bool.random(using: &generator) ? RankTable.absent : UInt32.random(in: 0...200_000, using: &generator)
                }
                let ranks = (0..<count).map { _ in values.randomElement(using: &generator)! }
                let lowest = ranks.min()!
                let first = ranks.firstIndex(of: lowest)!
                var ties: UInt64 = 0
                for (i, rank) in ranks.enumerated() where i < 64 && rank == lowest { ties |= 1 << UInt64(i) }
                ranks.withUnsafeBufferPointer { buffer in
                    for (name, scan) in scans {
                        var found: UInt64 = 0
                        let result = scan(buffer.baseAddress!, Int64(count), &found)
                        XCTAssertEqual(result, UInt64(lowest) << 32 | UInt64(first), "\(name) \(ranks)")
                        XCTAssertEqual(found, ties, "\(name) \(ranks)")
                    }
                }
            }
        }
    }

    /// The table answers "absent" from its presence filter when a key's bit is clear: every token
    /// must still be found by its bytes, and a byte string that is not a token (a token with a byte
    /// added or removed, whose bit may be clear or set) must not be.
    func testEveryTokenIsFoundAndNoOtherBytes() {
        for encoding in [SharedEncodings.o200k, SharedEncodings.cl100k, SharedEncodings.r50k] {
            let table = encoding.ranks.table
            var tokens = Set<[UInt8]>()
            for rank in 0..<table.rankLimit where table.contains(rank: rank) {
                tokens.insert(Array(table.bytes(ofRank: rank)))
            }
            var absentSeen = 0
            for rank in 0..<table.rankLimit where table.contains(rank: rank) {
                let bytes = Array(table.bytes(ofRank: rank))
                bytes.withUnsafeBufferPointer { XCTAssertEqual(table.rank($0.baseAddress!, bytes.count), UInt32(rank)) }
                guard rank % 7 == 0 else { continue }
                for other in [bytes + [UInt8(rank & 0x7F)], Array(bytes.dropFirst()), bytes + [0xE0, 0xA4]] where !other.isEmpty {
                    let found = other.withUnsafeBufferPointer { table.rank($0.baseAddress!, other.count) }
                    if tokens.contains(other) {
                        XCTAssertNotEqual(found, RankTable.absent, "\(other)")
                    } else {
                        XCTAssertEqual(found, RankTable.absent, "\(other)")
                        absentSeen += 1
                    }
                }
            }
            XCTAssertGreaterThan(absentSeen, 10_000, encoding.name)
        }
    }

    /// The presence filter answers for most keys that are not tokens: with four bits per slot, about
    /// one in ten gets through to a slot (one bit per slot, or bits shared with the slot index, let
    /// far more through).
    func testThePresenceFilterRejectsMostKeysThatAreNotTokens() {
        var generator = SplitMix64(seed: 77)
        for encoding in [SharedEncodings.o200k, SharedEncodings.cl100k] {
            let table = encoding.ranks.table
            var tested = 0, passed = 0
            while tested < 20_000 {
                let length = Int.random(in: 3...12, using: &generator)
                let key = (0..<length).map { _ in UInt8.random(in: 0x61...0x7A, using: &generator) }
                let isToken = key.withUnsafeBufferPointer { table.rank($0.baseAddress!, length) != RankTable.absent }
                if isToken { continue }
                tested += 1
                let hash = key.withUnsafeBufferPointer { RankTable.hash($0.baseAddress!, length) }
                if table.mayContain(hash: hash) { passed += 1 }
            }
            XCTAssertLessThan(Double(passed) / Double(tested), 0.15, encoding.name)
            XCTAssertGreaterThan(passed, 0, encoding.name)
        }
    }

    func testShortPiecesGiveTheIDsOfTheGeneralMerge() {
        var generator = SplitMix64(seed: 2026)
        // Bytes that make tokens often (letters, digits, space, punctuation, Devanagari lead and
        // continuation bytes) and any byte at all.
        let common = Array("abcdeilnorstuATZ019 .,'-".utf8) + [0xE0, 0xA4, 0xA5, 0x95, 0xBE, 0x8D]
        var pieces: [[UInt8]] = []
        for length in 1...17 {
            for _ in 0..<(length <= 4 ? 4000 : 600) {
                pieces.append((0..<length).map { _ in
                    Bool.random(using: &generator) ? common.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
                })
            }
        }
        // Every Devanagari letter and sign (three bytes each; few are tokens in cl100k_base).
        for scalar in 0x900...0x97F { pieces.append(Array(String(UnicodeScalar(scalar)!).utf8)) }
        // Equal pairs (the left one merges first, as in tiktoken): every byte three times; where the
        // pair is a token and the triple is not, only the tie rule decides.
        for byte in 0...255 { pieces.append([UInt8](repeating: UInt8(byte), count: 3)) }
        for encoding in SharedEncodings.all {
            let table = encoding.ranks.table
            var mismatches: [[UInt8]] = []
            for piece in pieces {
                let expected = generalMerge(table, piece)
                for readable in [piece.count, 16, piece.count + 16] {
                    for padding: UInt8 in [0x20, 0xFF] where encoderPath(table, piece, readable: readable, padding: padding) != expected {
                        mismatches.append(piece)
                    }
                }
            }
            XCTAssertEqual(mismatches.count, 0, "\(encoding.name): first mismatches \(mismatches.prefix(5))")
        }
    }
    /// Text whose merged pieces never come back (random base64) switches the piece cache to recording
    /// one miss in eight; text whose pieces repeat switches it back; the ids never change (each piece
    /// checked against the merge without any cache).
    func testMergedPiecesAreSampledOnlyWhileTheyDoNotComeBack() {
        var generator = SeededGenerator(seed: 88)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let base64 = (0..<120_000).map { _ in alphabet.randomElement(using: &generator)! }
        // Made-up words that are not tokens, over and over.
        let words = (0..<300).map { _ in " " + String(decoding: (0..<9).map { _ in alphabet[Int.random(in: 0..<26, using: &generator)] }, as: UTF8.self) }
        let prose = Array((0..<40_000).map { _ in words.randomElement(using: &generator)! }.joined().utf8)
        for encoding in [SharedEncodings.o200k, SharedEncodings.cl100k] {
            var caches = EncoderCaches()
            func encode(_ bytes: [UInt8]) -> [Int] {
                bytes.withUnsafeBufferPointer { buffer in
                    ArraySink.collect(forTextLength: buffer.count) { sink in
                        encoding.encodeOrdinary(buffer, into: &sink, caches: &caches)
                    }
                }
            }
            func uncached(_ bytes: [UInt8]) -> [Int] {
                bytes.withUnsafeBufferPointer { buffer in
                    ArraySink.collect(forTextLength: buffer.count) { sink in
                        encoding.pattern.forEachPiece(utf8: buffer) { range in
                            encoding.ranks.table.encodePiece(buffer.baseAddress! + range.lowerBound, range.count, into: &sink)
                        }
                    }
                }
            }
            XCTAssertEqual(encode(base64), uncached(base64), encoding.name)
            XCTAssertEqual(caches.pieces?.sampling, true, "\(encoding.name): base64 should be sampled")
            let recorded = caches.pieces?.count ?? 0
            XCTAssertEqual(encode(prose), uncached(prose), encoding.name)
            XCTAssertEqual(caches.pieces?.sampling, false, "\(encoding.name): repeated words should be recorded")
            XCTAssertEqual(encode(base64), uncached(base64), "\(encoding.name) again")
            XCTAssertGreaterThan(caches.pieces?.count ?? 0, recorded)
        }
    }
}
