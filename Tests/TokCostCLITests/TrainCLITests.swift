import Foundation
import XCTest

/// `tokcost train` and `tokcost pieces`: files written, --vocab with the definition, sharded counts,
/// and bad input (one line on stderr, exit status 2).
final class TrainCLITests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokcost-train-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testTrainThenUseTheVocabularyWithoutPattern() throws {
        let output = path("v.tiktoken")
        let trained = try CLIRunner.run(["train", "--vocab-size", "600", "--pattern", "cl100k", "--special", "<|endoftext|>",
                                         "--output", output, "--hf-json", path("tokenizer.json"), "Corpora/parallel"])
        XCTAssertEqual(trained.status, 0, trained.stderr)
        XCTAssertTrue(trained.stderr.contains("600 tokens"), trained.stderr)
        for name in ["v.tiktoken", "v.json", "tokenizer.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: path(name)), name)
        }
        let definition = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("v.json")))) as? [String: Any]
        XCTAssertEqual(definition?["pattern"] as? String, "cl100k")
        XCTAssertEqual(definition?["special_tokens"] as? [String: Int], ["<|endoftext|>": 599])

        // NFD input is normalized (NFC, from the definition) before encoding, as the trainer did.
        let nfc = try CLIRunner.run(["encode", "--vocab", output], stdin: Data("café नमस्ते".utf8))
        let nfd = try CLIRunner.run(["encode", "--vocab", output], stdin: Data("cafe\u{301} नमस्ते".utf8))
        XCTAssertEqual(nfc.status, 0, nfc.stderr)
        XCTAssertEqual(nfc.stdout, nfd.stdout)
        let count = try CLIRunner.run(["count", "--vocab", output], stdin: Data("cafe\u{301} नमस्ते".utf8))
        XCTAssertEqual(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines), String(nfc.stdout.split(separator: " ").count))
        let special = try CLIRunner.run(["encode", "--vocab", output, "--allow-special", "all"], stdin: Data("a<|endoftext|>".utf8))
        XCTAssertTrue(special.stdout.contains("599"), special.stdout)
        let decoded = try CLIRunner.run(["decode", "--vocab", output], stdin: Data(nfc.stdout.utf8))
        XCTAssertEqual(decoded.stdout, "café नमस्ते")
    }

    func testShardedCountsGiveTheSameVocabulary() throws {
        let a = try CLIRunner.run(["pieces", "Corpora/parallel/eng.txt", "Corpora/parallel/hin.txt"])
        let b = try CLIRunner.run(["pieces", "--threads", "1", "Corpora/parallel/tam.txt"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertTrue(a.stdout.hasPrefix("# tokcost pieces v1 pattern=o200k normalize=nfc\n"))
        try a.stdoutBytes.write(to: URL(fileURLWithPath: path("a.tsv")))
        try b.stdoutBytes.write(to: URL(fileURLWithPath: path("b.tsv")))
        let fromCounts = try CLIRunner.run(["train", "--quiet", "--vocab-size", "500", "--output", path("c.tiktoken"), "--counts", path("a.tsv"), path("b.tsv")])
        let direct = try CLIRunner.run(["train", "--quiet", "--vocab-size", "500", "--threads", "3", "--output", path("d.tiktoken"),
                                        "Corpora/parallel/eng.txt", "Corpora/parallel/hin.txt", "Corpora/parallel/tam.txt"])
        XCTAssertEqual(fromCounts.status, 0, fromCounts.stderr)
        XCTAssertEqual(direct.status, 0, direct.stderr)
        XCTAssertEqual(fromCounts.stderr, "")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("c.tiktoken"))), try Data(contentsOf: URL(fileURLWithPath: path("d.tiktoken"))))
    }

    func testBadInputExitsWithStatus2() throws {
        try Data().write(to: URL(fileURLWithPath: path("empty.txt")))
        try Data("YQ==\t3\nYg==\tx\n".utf8).write(to: URL(fileURLWithPath: path("bad.tsv")))
        try Data([0x61, 0xFF]).write(to: URL(fileURLWithPath: path("bad.txt")))
        try FileManager.default.createDirectory(atPath: path("nothing"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: path("nothing/notes.md")))
        let out = path("o.tiktoken")
        let cases: [([String], String)] = [
            (["train", "--vocab-size", "300", "--output", out, path("empty.txt")], "the corpus is empty"),
            (["train", "--vocab-size", "256", "--special", "<s>", "--output", out, "Corpora/parallel"], "at least 257"),
            (["train", "--vocab-size", "100000", "--output", out, "Corpora/parallel"], "--allow-smaller"),
            (["train", "--vocab-size", "300", "--output", out, "--counts", path("bad.tsv")], "bad.tsv:2:"),
            (["train", "--vocab-size", "300", "--output", out, path("missing.txt")], "missing.txt: cannot read"),
            (["train", "--vocab-size", "300", "--output", out, path("bad.txt")], "invalid UTF-8 at byte offset 1"),
            (["pieces", "--pattern", "nope", "Corpora/parallel"], "unknown pattern"),
            (["train", "--vocab-size", "300", "--output", out, path("nothing")], "no files matching"),
        ]
        for (arguments, message) in cases {
            let result = try CLIRunner.run(arguments)
            XCTAssertEqual(result.status, 2, arguments.joined(separator: " "))
            XCTAssertTrue(result.stderr.hasPrefix("tokcost: error: "), result.stderr)
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        let smaller = try CLIRunner.run(["train", "--quiet", "--vocab-size", "100000", "--allow-smaller", "--output", out, "Corpora/parallel"])
        XCTAssertEqual(smaller.status, 0, smaller.stderr)
    }
}
