import TokBPE
import XCTest

/// Special-token text is ordinary text unless the caller allows the token (tiktoken's policy).
final class SpecialTokenTests: XCTestCase {
    let o200k = SharedEncodings.o200k
    let cl100k = SharedEncodings.cl100k

    func testSpecialTokenIDsAreTiktokens() {
        XCTAssertEqual(o200k.specialTokens, ["<|endoftext|>": 199_999, "<|endofprompt|>": 200_018])
        XCTAssertEqual(cl100k.specialTokens["<|endofprompt|>"], 100_276)
        XCTAssertEqual(cl100k.specialTokens["<|fim_prefix|>"], 100_258)
        XCTAssertEqual(cl100k.specialTokens["<|fim_middle|>"], 100_259)
        XCTAssertEqual(cl100k.specialTokens["<|fim_suffix|>"], 100_260)
        XCTAssertEqual(SharedEncodings.r50k.specialTokens, ["<|endoftext|>": 50256])
        XCTAssertEqual(o200k.vocabularySize, 200_019)
        XCTAssertEqual(cl100k.vocabularySize, 100_277)
        XCTAssertEqual(SharedEncodings.r50k.vocabularySize, 50257)
        XCTAssertEqual(SharedEncodings.p50k.vocabularySize, 50281)
    }

    func testEncodeRefusesDisallowedSpecialTextByDefault() {
        XCTAssertThrowsError(try o200k.encode("hi <|endoftext|>")) { error in
            XCTAssertEqual(error as? EncodingError, .disallowedSpecialToken("<|endoftext|>"))
            XCTAssertTrue("\(error)".contains("<|endoftext|>"))
        }
    }

    func testOrdinaryAndCountNeverProduceSpecialIDs() throws {
        for encoding in SharedEncodings.all {
            for token in encoding.specialTokens.keys {
                let texts = [token, token + token, "x" + token + "y", " " + token + "\n", "word" + token + "word"]
                for text in texts {
                    let ids = encoding.encodeOrdinary(text)
                    XCTAssertFalse(ids.contains { encoding.specialTokens.values.contains($0) }, "\(encoding.name) \(text)")
                    XCTAssertEqual(encoding.count(text), ids.count)
                    XCTAssertEqual(try encoding.decodeBytes(ids), Array(text.utf8))
                    XCTAssertEqual(try encoding.encode(text, disallowedSpecial: .none), ids)
                }
            }
        }
    }

    func testAllowedSpecialBecomesOneID() throws {
        XCTAssertEqual(try o200k.encode("<|endoftext|>", allowedSpecial: .all), [199_999])
        XCTAssertEqual(try o200k.encode("<|endoftext|>", allowedSpecial: ["<|endoftext|>"]), [199_999])
        // Allowing one token does not allow the other: it is still disallowed and throws.
        XCTAssertThrowsError(try o200k.encode("<|endofprompt|>", allowedSpecial: ["<|endoftext|>"]))
        // ... unless disallowedSpecial is relaxed, then it is ordinary text.
        let mixed = try o200k.encode("a<|endofprompt|>b<|endoftext|>", allowedSpecial: ["<|endoftext|>"], disallowedSpecial: .none)
        XCTAssertEqual(mixed.last, 199_999)
        XCTAssertEqual(mixed.dropLast().map { $0 }, o200k.encodeOrdinary("a<|endofprompt|>b"))
    }

    func testUnknownSpecialTokenNameIsAnError() {
        XCTAssertThrowsError(try o200k.encode("x", allowedSpecial: ["<|fim_prefix|>"])) { error in
            XCTAssertEqual(error as? EncodingError, .unknownSpecialToken("<|fim_prefix|>"))
        }
    }

    func testSpecialTokensDecode() throws {
        XCTAssertEqual(try o200k.decode([199_999]).text, "<|endoftext|>")
        XCTAssertEqual(try cl100k.decode([100_276]).text, "<|endofprompt|>")
    }
}
