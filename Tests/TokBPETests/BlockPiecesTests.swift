import TokBPE
import TokFuzzSupport
import XCTest

/// cl100k_base and o200k_base find piece starts 64 bytes at a time from bit masks
/// (`tok_cl100k_piece_starts`, `tok_o200k_piece_starts`); these tests hold them to the scanners that
/// find one piece at a time, and to tiktoken at a block's edges.
final class BlockPiecesTests: XCTestCase {
    func pieces(_ pattern: PreTokenizerPattern, _ text: String) -> [String] {
        pattern.pieces(text).map(String.init)
    }

    func testBlocksGiveThePiecesOfTheScanner() {
        for pattern in [PreTokenizerPattern.cl100k, .o200k] {
            var texts = RandomText(seed: 1717)
            for i in 0..<4000 {
                // Mostly ASCII texts, and mixed ones long enough for a block.
                let text = i % 4 == 3 ? texts.next(maxParts: 60) : texts.nextMostlyASCII()
                let bytes = Array(text.utf8)
                let byBlocks = pattern.pieces(utf8: bytes)
                let oneAtATime = pattern.piecesOneAtATime(utf8: bytes)
                if byBlocks != oneAtATime {
                    XCTFail("\(pattern): pieces differ for \(text.debugDescription)")
                    return
                }
            }
        }
    }

    func testEncodingByBlocksGivesTheIDsOfASession() {
        for encoding in [SharedEncodings.cl100k, SharedEncodings.o200k] {
            let session = EncodingSession(encoding)
            var texts = RandomText(seed: 1718)
            for _ in 0..<1500 {
                let text = texts.nextMostlyASCII()
                // A session encodes stretch by stretch with the one-at-a-time scanner.
                XCTAssertEqual(encoding.encodeOrdinary(text), session.encodeOrdinary(text), "\(encoding.name): \(text.debugDescription)")
            }
        }
    }

    // Expected pieces from tiktoken's patterns (Python `regex.findall(encoding._pat_str, text)`).

    func testWhiteSpaceThatRunsOutOfABlock() {
        let text = String(repeating: ".", count: 62) + "  'll\n\rthe end of it all, and more text to pass eighty bytes.\n"
        let expected = [String(repeating: ".", count: 62), " ", " '", "ll", "\n\r", "the", " end", " of", " it", " all", ",",
                        " and", " more", " text", " to", " pass", " eighty", " bytes", ".\n"]
        XCTAssertEqual(pieces(.cl100k, text), expected)
        XCTAssertEqual(pieces(.o200k, text), expected)
        let spaces = "word" + String(repeating: " ", count: 70) + "word and more text to pass the eighty bytes of a block\n"
        XCTAssertEqual(pieces(.cl100k, spaces).prefix(3), ["word", String(repeating: " ", count: 69), " word"])
    }

    func testContractionsAtTheLastBytesOfABlock() {
        let tail = " be there, and more text to pass the eighty bytes of a block\n"
        let at63 = String(repeating: "x", count: 63) + "'ll" + tail
        XCTAssertEqual(pieces(.cl100k, at63).prefix(3), [String(repeating: "x", count: 63), "'ll", " be"])
        XCTAssertEqual(pieces(.o200k, at63).prefix(2), [String(repeating: "x", count: 63) + "'ll", " be"])
        let at62 = String(repeating: "x", count: 62) + "'ve" + tail
        XCTAssertEqual(pieces(.cl100k, at62).prefix(3), [String(repeating: "x", count: 62), "'ve", " be"])
        XCTAssertEqual(pieces(.o200k, at62).prefix(2), [String(repeating: "x", count: 62) + "'ve", " be"])
    }

    func testO200kCaseChangesSlashesAndSuffixes() {
        let text = String(repeating: "camelCaseWords", count: 6) + " andMore XMLHttpRequest it'S IT'S don't's\n"
        XCTAssertEqual(
            pieces(.o200k, text),
            ["camel", "Case"] + Array(repeating: ["Wordscamel", "Case"], count: 5).flatMap { $0 }
                + ["Words", " and", "More", " XMLHttp", "Request", " it'S", " IT'S", " don't", "'s", "\n"])
        XCTAssertEqual(
            pieces(.cl100k, text).suffix(10), [" andMore", " XMLHttpRequest", " it", "'S", " IT", "'S", " don", "'t", "'s", "\n"])
        let slashes = "see ." + String(repeating: "\n/", count: 40) + "x and more text to pass the eighty bytes of a block\n"
        XCTAssertEqual(pieces(.o200k, slashes).prefix(3), ["see", " ." + String(repeating: "\n/", count: 40), "x"])
        XCTAssertEqual(pieces(.cl100k, slashes).prefix(4), ["see", " .\n", "/\n", "/\n"])
    }

    func testNonASCIIEndsWhatABlockSettles() {
        let text = "caf\u{E9}" + String(repeating: " au lait", count: 12) + "\u{A0} x\n"
        let expected = ["caf\u{E9}"] + Array(repeating: [" au", " lait"], count: 12).flatMap { $0 } + ["\u{A0}", " x", "\n"]
        XCTAssertEqual(pieces(.cl100k, text), expected)
        XCTAssertEqual(pieces(.o200k, text), expected)
    }
}
