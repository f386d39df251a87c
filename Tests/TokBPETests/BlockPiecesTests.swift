import CTokCategories
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

    func testClassMasksOfABlockMatchEachByteClass() {
        // The masks a block's starts come from, with SSE2 (`tok_class_masks`) and with what the
        // processor has (`tok_block_class_masks`: AVX-512BW where available), against each byte's
        // class: every byte value in every position, and random blocks.
        var generator = SeededGenerator(seed: 64)
        var blocks: [[UInt8]] = (0..<4).map { k in (0..<64).map { UInt8(truncatingIfNeeded: 64 * k + $0) } }
        for _ in 0..<2000 { blocks.append((0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }) }
        for block in blocks {
            var want = [UInt64](repeating: 0, count: 9)
            for (k, b) in block.enumerated() {
                let bit = UInt64(1) << UInt64(k)
                let letter = (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
                let classes = [letter, b >= 0x30 && b <= 0x39, b == 0x20, b == 0x0A || b == 0x0D,
                               b == 0x20 || (b >= 0x09 && b <= 0x0D), b == 0x27, b == 0x2F, b >= 0x80, b & 0x20 != 0]
                for (i, yes) in classes.enumerated() where yes { want[i] |= bit }
            }
            for masks in block.withUnsafeBufferPointer({ [tok_class_masks($0.baseAddress!), tok_block_class_masks($0.baseAddress!)] }) {
                let got = [masks.letters, masks.digits, masks.spaces, masks.newlines, masks.whitespace,
                           masks.apostrophes, masks.slashes, masks.nonASCII, masks.bit5]
                XCTAssertEqual(got, want, "\(block)")
            }
        }
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

    func testBlocksOfOtherScriptsGiveThePiecesOfTheScanner() {
        // Blocks with characters outside ASCII: each character's class from its bytes
        // (`tok_nonascii_masks`), with and without bytes that are not well-formed UTF-8 spliced in
        // (the masks stop settling at the first one; the scanner takes each as punctuation).
        for pattern in [PreTokenizerPattern.cl100k, .o200k] {
            var texts = RandomText(seed: 1719)
            for i in 0..<4000 {
                var bytes = Array(texts.nextMostlyOtherScripts().utf8)
                if i % 3 == 2 {
                    for _ in 0...texts.below(3) {
                        bytes.insert(UInt8(0x80 + texts.below(0x80)), at: texts.below(bytes.count + 1))
                    }
                }
                let byBlocks = pattern.pieces(utf8: bytes)
                let oneAtATime = pattern.piecesOneAtATime(utf8: bytes)
                if byBlocks != oneAtATime {
                    let first = zip(byBlocks, oneAtATime).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(byBlocks.count, oneAtATime.count)
                    XCTFail("\(pattern): pieces differ at piece \(first) for \(bytes)")
                    return
                }
            }
        }
    }

    func testNonASCIIMasksOfABlock() {
        // Devanagari letters (every byte), a sign (punctuation), a ZWJ (punctuation), a Devanagari
        // digit (a number), then a no-break space that ends what the masks settle.
        let text = Array("क\u{93F}\u{200D}x१\u{A0} and more text to pass the eighty bytes of a block, and more of it".utf8)
        let masks = text.withUnsafeBufferPointer { tok_nonascii_masks($0.baseAddress!) }
        XCTAssertEqual(masks.letters, 0b111)
        XCTAssertEqual(masks.punctuation, 0b111_111 << 3)
        XCTAssertEqual(masks.numbers, 0b111 << 10)
        XCTAssertEqual(masks.continuations, 0b110 << 10 | 0b110_110_110)
        XCTAssertEqual(masks.end, 13)
        // A number of two bytes (½) ends them too.
        let half = Array("ab\u{BD} and more text to pass the eighty bytes of a block, and more of it, and more".utf8)
        XCTAssertEqual(half.withUnsafeBufferPointer { tok_nonascii_masks($0.baseAddress!) }.end, 2)
        // A three-byte sequence cut short at byte 3 ends them at its first byte.
        var cut = text
        cut[4] = 0x41
        XCTAssertEqual(cut.withUnsafeBufferPointer { tok_nonascii_masks($0.baseAddress!) }.end, 3)
        // A stray continuation byte ends them where it is.
        var stray = text
        stray.insert(0x80, at: 3)
        XCTAssertEqual(stray.withUnsafeBufferPointer { tok_nonascii_masks($0.baseAddress!) }.end, 3)
    }

    func testSequencesCutShortAtTheEndOfABlock() {
        // A sequence that starts in a block's last bytes and runs past it: well-formed, or cut short
        // by an ASCII byte past the block (the scanner then takes its first byte as punctuation), its
        // first byte at offsets 59 to 63, after letters or punctuation, ASCII or not, with a piece
        // start early in the block.
        let sequences: [[UInt8]] = [[0xC3, 0xA9], [0xE0, 0xA4, 0x95], [0xF0, 0x9F, 0x91, 0x8D]]
        let befores = ["x", "\u{915}", "!", "\u{201C}"].map { Array($0.utf8) }
        let tails = ["a and more", "Zebra", " more", "!?", "\u{915}\u{93F}", "9 lives"].map {
            Array(($0 + " and more text to pass the eighty bytes of a block, and more text after it\n").utf8)
        }
        for pattern in [PreTokenizerPattern.cl100k, .o200k] {
            for before in befores {
                for lead in 59...63 {
                    for sequence in sequences {
                        for cut in 1...sequence.count {
                            for tail in tails {
                                var bytes = Array("ab ".utf8)
                                while bytes.count + before.count <= lead { bytes += before }
                                bytes += Array(repeating: UInt8(ascii: "y"), count: lead - bytes.count)
                                bytes += sequence.prefix(cut) + tail
                                let byBlocks = pattern.pieces(utf8: bytes)
                                if byBlocks != pattern.piecesOneAtATime(utf8: bytes) {
                                    XCTFail("\(pattern): pieces differ for \(bytes)")
                                    return
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One-shot ids (by blocks) against a session's (stretch by stretch with the one-at-a-time
    /// scanner) on 1,500 texts from `next`.
    func assertBlocksGiveTheIDsOfASession(seed: UInt64, _ next: (inout RandomText) -> String) {
        for encoding in [SharedEncodings.cl100k, SharedEncodings.o200k] {
            let session = EncodingSession(encoding)
            var texts = RandomText(seed: seed)
            for _ in 0..<1500 {
                let text = next(&texts)
                XCTAssertEqual(encoding.encodeOrdinary(text), session.encodeOrdinary(text), "\(encoding.name): \(text.debugDescription)")
            }
        }
    }

    func testEncodingBlocksOfOtherScriptsGivesTheIDsOfASession() {
        assertBlocksGiveTheIDsOfASession(seed: 1720) { $0.nextMostlyOtherScripts() }
    }

    func testEncodingByBlocksGivesTheIDsOfASession() {
        assertBlocksGiveTheIDsOfASession(seed: 1718) { $0.nextMostlyASCII() }
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
