import Foundation
import TokBPE
import XCTest

final class VocabularyTests: XCTestCase {
    /// A tiny byte-level vocabulary: all 256 bytes, then a few merges.
    func tinyRanks(extra: [String] = ["ab", "abc"]) -> String {
        var lines = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        for (i, token) in extra.enumerated() { lines.append("\(Data(token.utf8).base64EncodedString()) \(256 + i)") }
        return lines.joined(separator: "\n") + "\n"
    }

    func parse(_ text: String) throws -> MergeableRanks {
        try TiktokenFile.parse(Data(text.utf8), source: "tiny.tiktoken")
    }

    func testShippedVocabulariesLoadWithTheRightSizes() {
        XCTAssertEqual(SharedEncodings.o200k.ranks.count, 199_998)
        XCTAssertEqual(SharedEncodings.cl100k.ranks.count, 100_256)
        XCTAssertEqual(SharedEncodings.p50k.ranks.count, 50_280)
        XCTAssertEqual(SharedEncodings.r50k.ranks.count, 50_256)
    }

    func testCustomVocabularyEncodes() throws {
        let ranks = try parse(tinyRanks())
        let encoding = try Encoding(name: "tiny", pattern: .r50k, ranks: ranks, specialTokens: ["<|end|>": 300])
        XCTAssertEqual(encoding.encodeOrdinary("abc ab"), [257, 32, 256])
        XCTAssertEqual(try encoding.encode("abc<|end|>", allowedSpecial: .all), [257, 300])
        XCTAssertEqual(encoding.vocabularySize, 301)
        // Serializing gives back the same file.
        XCTAssertEqual(String(decoding: TiktokenFile.serialize(ranks), as: UTF8.self), tinyRanks())
    }

    func testCustomVocabularyFromAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tokcost-tiny-\(UUID()).tiktoken")
        try tinyRanks().write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let encoding = try Encoding(contentsOf: url, pattern: .o200k)
        XCTAssertEqual(encoding.count("abcabc"), 2)
    }

    func testMalformedFilesNameTheLine() {
        var text = tinyRanks()
        text += "not-base64! 300\n"
        XCTAssertThrowsError(try parse(text)) { error in
            XCTAssertEqual((error as? VocabularyError)?.line, 259)
            XCTAssertTrue("\(error)".hasPrefix("tiny.tiktoken:259:"), "\(error)")
        }
        XCTAssertThrowsError(try parse(tinyRanks() + "YWJj\n")) { error in  // no rank
            XCTAssertEqual((error as? VocabularyError)?.line, 259)
        }
        XCTAssertThrowsError(try parse(tinyRanks() + "YWJj 12x\n")) { error in
            XCTAssertEqual((error as? VocabularyError)?.line, 259)
        }
        XCTAssertThrowsError(try parse(tinyRanks() + "YWJjZA== 256\n")) { error in  // duplicate rank
            XCTAssertTrue("\(error)".contains("rank 256 is given twice"), "\(error)")
            XCTAssertEqual((error as? VocabularyError)?.line, 259)
        }
        XCTAssertThrowsError(try parse(tinyRanks() + "YWI= 400\n")) { error in  // duplicate bytes ("ab")
            XCTAssertTrue("\(error)".contains("also given on line 257"), "\(error)")
        }
        XCTAssertThrowsError(try parse("")) { error in
            XCTAssertTrue("\(error)".contains("empty"))
        }
        // Missing single bytes: byte-level BPE cannot encode every input.
        XCTAssertThrowsError(try parse("YQ== 0\n")) { error in
            XCTAssertTrue("\(error)".contains("single byte 0x0"), "\(error)")
        }
    }

    func testGapsInRanksAreAllowedAndDecodeRejectsThem() throws {
        var lines = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        lines.append("\(Data("ab".utf8).base64EncodedString()) 1000")
        let ranks = try parse(lines.joined(separator: "\r\n") + "\r\n\r\n")
        let encoding = try Encoding(name: "gappy", pattern: .r50k, ranks: ranks, specialTokens: [:])
        XCTAssertEqual(encoding.encodeOrdinary("ab"), [1000])
        XCTAssertThrowsError(try encoding.decodeBytes([500]))
    }

    func testSpecialTokenCollidingWithARankIsRejected() throws {
        let ranks = try parse(tinyRanks())
        XCTAssertThrowsError(try Encoding(name: "bad", pattern: .r50k, ranks: ranks, specialTokens: ["<|x|>": 256]))
    }

    func testModelLookup() {
        XCTAssertEqual(KnownEncoding.forModel("gpt-4o"), .o200kBase)
        XCTAssertEqual(KnownEncoding.forModel("gpt-4o-2024-08-06"), .o200kBase)
        XCTAssertEqual(KnownEncoding.forModel("gpt-4.1-mini"), .o200kBase)
        XCTAssertEqual(KnownEncoding.forModel("gpt-5"), .o200kBase)
        XCTAssertEqual(KnownEncoding.forModel("gpt-5-nano"), .o200kBase)
        XCTAssertEqual(KnownEncoding.forModel("o3-mini"), .o200kBase)
        XCTAssertEqual(KnownEncoding.forModel("o4-mini"), .o200kBase)
        XCTAssertEqual(KnownEncoding.forModel("gpt-4"), .cl100kBase)
        XCTAssertEqual(KnownEncoding.forModel("gpt-4-0613"), .cl100kBase)
        XCTAssertEqual(KnownEncoding.forModel("gpt-3.5-turbo-16k"), .cl100kBase)
        XCTAssertEqual(KnownEncoding.forModel("text-embedding-3-small"), .cl100kBase)
        XCTAssertEqual(KnownEncoding.forModel("text-davinci-003"), .p50kBase)
        XCTAssertEqual(KnownEncoding.forModel("davinci"), .r50kBase)
        XCTAssertEqual(KnownEncoding.forModel("gpt-oss-120b"), .o200kHarmony)
        XCTAssertEqual(KnownEncoding.forModel("ft:gpt-4o-mini:org::id"), .o200kBase)
        XCTAssertNil(KnownEncoding.forModel("claude-3-opus"))
    }
}

final class VocabularyLimitTests: XCTestCase {
    func testARankFarBeyondTheTokenCountIsRefusedNotAllocated() {
        var lines = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        lines.append("YWI= 4294967000")
        XCTAssertThrowsError(try TiktokenFile.parse(Data(lines.joined(separator: "\n").utf8), source: "huge.tiktoken")) { error in
            XCTAssertEqual((error as? VocabularyError)?.line, 257)
            XCTAssertTrue("\(error)".contains("far beyond"), "\(error)")
        }
    }
}
