import Foundation
import XCTest

@testable import tokcost

/// `--tokenizer PATH|NAME` and `--encoding deepseek_v3` load Hugging Face tokenizers in the CLI.
final class HFTokenizerOptionTests: XCTestCase {
    func testBundledName() throws {
        for arguments in [["--tokenizer", "deepseek_v3"], ["--encoding", "deepseek_v3"]] {
            let tokenizer = try EncodingOptions.parse(arguments).load()
            XCTAssertEqual(tokenizer.name, "deepseek_v3")
            XCTAssertEqual(try tokenizer.count(document: Data("Hello world".utf8)), 2)
            XCTAssertEqual(try tokenizer.encode(document: Data("Hello world".utf8), allowedSpecial: nil), [19923, 2058])
            XCTAssertEqual(try tokenizer.decode(ids: [19923, 2058]).text, "Hello world")
        }
    }

    func testSpecialTokensThroughTheProtocol() throws {
        let tokenizer = try EncodingOptions.parse(["--tokenizer", "deepseek_v3"]).load()
        let text = Data("a<｜end▁of▁sentence｜>b".utf8)
        XCTAssertFalse(try tokenizer.encode(document: text, allowedSpecial: nil).contains(1))
        XCTAssertTrue(try tokenizer.encode(document: text, allowedSpecial: .all).contains(1))
        let allowed = try TextOptions.parse(["--allow-special", "<｜end▁of▁sentence｜>"]).allowed(in: tokenizer)
        XCTAssertEqual(allowed, .only(["<｜end▁of▁sentence｜>"]))
        XCTAssertThrowsError(try TextOptions.parse(["--allow-special", "<|endoftext|>"]).allowed(in: tokenizer))
    }

    func testPathToTokenizerJSON() throws {
        let json = #"{"model":{"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b"]}}"#
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tokcost-hf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tokenizer.json")
        try Data(json.utf8).write(to: file)
        for spec in [file.path, folder.path] {
            let tokenizer = try EncodingOptions.parse(["--tokenizer", spec]).load()
            XCTAssertEqual(try tokenizer.encode(document: Data("abab".utf8), allowedSpecial: nil), [2, 2])
        }
    }

    func testErrorsAreOneLineCLIErrors() throws {
        func message(_ arguments: [String]) -> String {
            do {
                _ = try EncodingOptions.parse(arguments).load()
                return "no error"
            } catch let error as CLIError {
                return error.description
            } catch {
                return "not a CLIError: \(error)"
            }
        }
        XCTAssertTrue(message(["--tokenizer", "/nonexistent/tokenizer.json"]).contains("no such file"))
        XCTAssertTrue(message(["--tokenizer", "deepseek_v3", "--encoding", "o200k_base"]).contains("only one of"))
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("tokcost-bad-\(UUID().uuidString).json")
        try Data(#"{"model":{"type":"Unigram","vocab":[]}}"#.utf8).write(to: bad)
        defer { try? FileManager.default.removeItem(at: bad) }
        let text = message(["--tokenizer", bad.path])
        XCTAssertTrue(text.contains("model.type") && text.contains("Unigram"), text)
        XCTAssertFalse(text.contains("\n"))
    }
}
