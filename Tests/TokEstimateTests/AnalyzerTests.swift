import Foundation
import TokBPE
import TokUnicode
import XCTest
@testable import TokEstimate

final class AnalyzerTests: XCTestCase {
    static let o200k = try! Encoding.load(.o200kBase)
    static let mixed = "नमस्ते दुनिया। This is a test.\nதமிழ் உரை இங்கே. বাংলা লেখা।\n<|endoftext|> 12345 done!\n"

    func testFiguresMatchEncoderAndProfile() throws {
        let text = Self.mixed
        let a = try DocumentAnalyzer(encoding: Self.o200k).analyze(text, name: "m.txt").figures
        let p = try TextProfile(text)
        XCTAssertEqual(a.name, "m.txt")
        XCTAssertEqual(a.tokens, Self.o200k.count(text))          // special-token text is ordinary text
        XCTAssertEqual(a.tokens, Self.o200k.encodeOrdinary(text).count)
        XCTAssertEqual(a.bytes, text.utf8.count)
        XCTAssertEqual(a.characters, text.unicodeScalars.count)
        XCTAssertEqual(a.graphemes, p.graphemes)
        XCTAssertEqual(a.words, p.words)
        XCTAssertEqual(a.lines, 3)
        XCTAssertEqual(a.sentences, p.sentences)
        // Per-script rows add up to the totals exactly.
        XCTAssertEqual(a.scripts.reduce(0) { $0 + $1.tokens }, a.tokens)
        XCTAssertEqual(a.scripts.reduce(0) { $0 + $1.characters }, a.characters)
        XCTAssertEqual(a.scripts.reduce(0) { $0 + $1.words }, a.words)
        XCTAssertEqual(Set(a.scripts.map(\.script)), ["Devanagari", "Latin", "Tamil", "Bengali"])
    }

    func testTokensAttributedByFirstByte() throws {
        // "नमस्ते, world!": the Devanagari run is "नमस्ते, " and the Latin run "world!".
        let text = "नमस्ते, world!"
        let a = try DocumentAnalyzer(encoding: Self.o200k).analyze(text).figures
        let ids = Self.o200k.encodeOrdinary(text)
        var offset = 0, deva = 0
        for id in ids {
            if offset < "नमस्ते, ".utf8.count { deva += 1 }
            offset += Self.o200k.tokenLength(id)
        }
        XCTAssertEqual(a.scripts.first { $0.script == "Devanagari" }?.tokens, deva)
        XCTAssertEqual(a.scripts.first { $0.script == "Latin" }?.tokens, ids.count - deva)
    }

    func testEmptyAndInvalidInput() throws {
        let empty = try DocumentAnalyzer(encoding: Self.o200k).analyze("").figures
        XCTAssertEqual([empty.tokens, empty.bytes, empty.characters, empty.words, empty.lines], [0, 0, 0, 0, 0])
        XCTAssertTrue(empty.scripts.isEmpty)
        let bad: [UInt8] = Array("ab".utf8) + [0xFF] + Array("c".utf8)
        XCTAssertThrowsError(try bad.withUnsafeBufferPointer { try DocumentAnalyzer(encoding: Self.o200k).analyze(utf8: $0, name: "x") }) {
            XCTAssertEqual($0 as? AnalysisError, .invalidUTF8(document: "x", byteOffset: 2))
        }
    }

    func testChunkedStreamingEqualsOneChunk() throws {
        // ~400 KB of mixed text, processed in 64 KiB chunks and in one piece: identical figures.
        var text = ""
        for i in 0..<2_500 { text += "Line \(i): " + Self.mixed }
        let small = DocumentAnalyzer(encoding: Self.o200k, threads: 2, plans: [ChunkPlan(budget: 5_000)], chunkSize: 1 << 16)
        let whole = DocumentAnalyzer(encoding: Self.o200k, plans: [ChunkPlan(budget: 5_000)], chunkSize: 64 << 20)
        let a = try small.analyze(text), b = try whole.analyze(text)
        XCTAssertEqual(a.figures.tokens, Self.o200k.count(text))
        XCTAssertEqual(a.figures, b.figures)
        let tokens = a.figures.tokens
        // Chunk counts: at least the token lower bound, close to it for short sentences.
        for r in [a, b] {
            let chunks = r.chunks[ChunkPlan(budget: 5_000)]!
            XCTAssertGreaterThanOrEqual(chunks, (tokens + 4_999) / 5_000)
            XCTAssertLessThanOrEqual(chunks, (tokens + 4_999) / 5_000 + 2)
        }
    }

    func testProfilingOnAnotherThreadGivesTheOneThreadAnalysis() throws {
        // With two threads each chunk's text profile is taken on another thread while the tokens are
        // counted; with one, in turn. Same analysis, chunk counts included, and the same error offset
        // for invalid UTF-8 in a later chunk.
        var text = ""
        for i in 0..<2_500 { text += "Line \(i): " + Self.mixed }
        let plans = [ChunkPlan(budget: 5_000), ChunkPlan(budget: 300)]
        let two = DocumentAnalyzer(encoding: Self.o200k, threads: 2, plans: plans, chunkSize: 1 << 16)
        let one = DocumentAnalyzer(encoding: Self.o200k, threads: 1, plans: plans, chunkSize: 1 << 16)
        XCTAssertEqual(try two.analyze(text), try one.analyze(text))
        var bad = Array(text.utf8)
        bad.insert(0xC0, at: 200_000)
        for analyzer in [two, one] {
            XCTAssertThrowsError(try bad.withUnsafeBufferPointer { try analyzer.analyze(utf8: $0, name: "x") }) {
                XCTAssertEqual($0 as? AnalysisError, .invalidUTF8(document: "x", byteOffset: 200_000))
            }
        }
    }

    func testAFileReadInBlocksGivesTheAnalysisOfItsText() throws {
        // More than two 1 MiB read blocks, with characters cut by the block edges; progress reports the
        // bytes read so far, up to the file's size; a missing file and a directory are clear errors.
        var text = ""
        for i in 0..<14_000 { text += "Line \(i): " + Self.mixed }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tokcost-analyzer-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let analyzer = DocumentAnalyzer(encoding: Self.o200k, threads: 2, plans: [ChunkPlan(budget: 5_000)])
        var reported: [Int] = []
        let fromFile = try analyzer.analyze(contentsOf: url, name: "f") { reported.append($0) }
        XCTAssertEqual(fromFile, try analyzer.analyze(text, name: "f"))
        XCTAssertGreaterThan(text.utf8.count, 2 << 20)
        XCTAssertEqual(reported.last, text.utf8.count)
        XCTAssertEqual(reported, reported.sorted())
        XCTAssertGreaterThanOrEqual(reported.count, 3)
        let missing = url.appendingPathExtension("missing")
        XCTAssertThrowsError(try analyzer.analyze(contentsOf: missing)) {
            guard case .unreadable(let path, _)? = $0 as? AnalysisError else { return XCTFail("\($0)") }
            XCTAssertEqual(path, missing.path)
        }
        XCTAssertThrowsError(try analyzer.analyze(contentsOf: FileManager.default.temporaryDirectory)) {
            guard case .unreadable? = $0 as? AnalysisError else { return XCTFail("\($0)") }
        }
    }

    func testChunkPlanMatchesChunkCountOnSentences() throws {
        // One chunk of text: the analyser's greedy packing equals chunkCount on the per-sentence counts
        // (tokens attributed to the sentence holding their first byte).
        let text = (0..<40).map { "Sentence number \($0) has a few words in it. " }.joined()
        let plan = ChunkPlan(budget: 37)
        let r = try DocumentAnalyzer(encoding: Self.o200k, plans: [plan]).analyze(text)
        let bounds = try Segmenter(.sentence).boundaries(in: text)
        var starts: [Int] = [], offset = 0
        for id in Self.o200k.encodeOrdinary(text) { starts.append(offset); offset += Self.o200k.tokenLength(id) }
        let perSentence = zip(bounds, bounds.dropFirst()).map { a, b in starts.filter { $0 >= a && $0 < b }.count }
        XCTAssertEqual(perSentence.reduce(0, +), r.figures.tokens)
        XCTAssertEqual(r.chunks[plan], chunkCount(sentenceTokenCounts: perSentence, budget: 37))
        XCTAssertGreaterThan(r.chunks[plan]!, 1)
    }

    func testChunkPackerEqualsChunkCount() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let counts = (0..<Int.random(in: 0...30, using: &rng)).map { _ in Int.random(in: 0...40, using: &rng) }
            let budget = Int.random(in: 1...50, using: &rng)
            var p = ChunkPacker(plan: ChunkPlan(budget: budget))
            for c in counts { p.add(sentenceTokens: c) }
            XCTAssertEqual(p.chunks, chunkCount(sentenceTokenCounts: counts, budget: budget), "\(counts) \(budget)")
        }
    }
}
