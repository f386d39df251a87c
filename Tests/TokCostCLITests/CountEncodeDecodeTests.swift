import Foundation
import XCTest

final class CountEncodeDecodeTests: XCTestCase {
    func testEncodeAndCountDefaultToO200k() throws {
        let encoded = try CLIRunner.run(["encode"], stdin: Data("hello world".utf8))
        XCTAssertEqual(encoded.status, 0, encoded.stderr)
        XCTAssertEqual(encoded.stdout, "24912 2375\n")
        let counted = try CLIRunner.run(["count", "-"], stdin: Data("hello world".utf8))
        XCTAssertEqual(counted.stdout, "2\n")
        let json = try CLIRunner.run(["encode", "--json", "--encoding", "cl100k_base"], stdin: Data("hello world".utf8))
        XCTAssertEqual(json.stdout, "[15339,1917]\n")
        // Ids with zeros in them, and id 0 itself, written digit by digit.
        XCTAssertEqual(try CLIRunner.run(["encode"], stdin: Data("! 10".utf8)).stdout, "0 220 702\n")
        XCTAssertEqual(try CLIRunner.run(["encode", "--json"], stdin: Data("! 10".utf8)).stdout, "[0,220,702]\n")
    }

    func testModelOption() throws {
        let result = try CLIRunner.run(["encode", "--model", "gpt-4-0613"], stdin: Data("hello world".utf8))
        XCTAssertEqual(result.stdout, "15339 1917\n")
    }

    func testSeveralFilesGiveOneLineEachAndATotal() throws {
        let a = try temporaryFile(Data("hello world".utf8), name: "a.txt")
        let b = try temporaryFile(Data("hello".utf8), name: "b.txt")
        let result = try CLIRunner.run(["count", a.path, b.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "2 \(a.path)\n1 \(b.path)\n3 total\n")
        let json = try CLIRunner.run(["count", "--json", a.path, b.path])
        let object = try JSONSerialization.jsonObject(with: json.stdoutBytes) as? [String: Any]
        XCTAssertEqual(object?["total"] as? Int, 3)
        XCTAssertEqual(object?["encoding"] as? String, "o200k_base")
    }

    func testADirectoryCountsItsMatchingFilesLikeTheirNames() throws {
        // Files named *.txt and *.md, recursively, sorted; hidden files and folders and other names
        // skipped; --glob chooses the names; a directory with none of them is an error.
        let root = try temporaryDirectory().appendingPathComponent("collection")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("nested"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent(".hidden"), withIntermediateDirectories: true)
        try Data("hello world".utf8).write(to: root.appendingPathComponent("a.txt"))
        try Data("नमस्ते दुनिया".utf8).write(to: root.appendingPathComponent("nested/b.md"))
        try Data("hello".utf8).write(to: root.appendingPathComponent("nested/c.csv"))
        try Data("skipped".utf8).write(to: root.appendingPathComponent(".d.txt"))
        try Data("skipped".utf8).write(to: root.appendingPathComponent(".hidden/e.txt"))
        let files = ["a.txt", "nested/b.md"].map { root.appendingPathComponent($0).path }
        let byName = try CLIRunner.run(["count"] + files)
        let byFolder = try CLIRunner.run(["count", root.path])
        XCTAssertEqual(byFolder.status, 0, byFolder.stderr)
        XCTAssertEqual(byFolder.stdout, byName.stdout)
        XCTAssertTrue(byFolder.stdout.hasSuffix(" total\n"))
        let csv = try CLIRunner.run(["count", "--glob", "*.csv", root.path])
        XCTAssertEqual(csv.stdout, "1\n")
        let none = try CLIRunner.run(["count", "--glob", "*.json", root.path])
        XCTAssertEqual(none.status, 2)
        XCTAssertTrue(none.stderr.contains("no files matching *.json (use --glob)"), none.stderr)
    }

    func testShippedDocumentCounts() throws {
        let result = try CLIRunner.run(["count", "Corpora/parallel/eng.txt", "Corpora/parallel/hin.txt"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasSuffix(" total\n"))
    }

    func testSpecialTokenTextIsOrdinaryUnlessAllowed() throws {
        let text = Data("a<|endoftext|>b".utf8)
        let ordinary = try CLIRunner.run(["encode"], stdin: text)
        XCTAssertFalse(ordinary.stdout.split(separator: " ").contains("199999"))
        let allowed = try CLIRunner.run(["encode", "--allow-special", "all"], stdin: text)
        XCTAssertTrue(allowed.stdout.split(separator: " ").contains("199999"), allowed.stdout)
        let named = try CLIRunner.run(["encode", "--allow-special", "<|endoftext|>"], stdin: text)
        XCTAssertEqual(named.stdout, allowed.stdout)
        let unknown = try CLIRunner.run(["encode", "--allow-special", "<|fim_prefix|>"], stdin: text)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("not a special token of o200k_base"), unknown.stderr)
    }

    func testDecodeRoundTripsBytes() throws {
        let text = "नमस्ते, world! 👍🏽\n\ttabs  and  spaces\r\n"
        let encoded = try CLIRunner.run(["encode"], stdin: Data(text.utf8))
        let decoded = try CLIRunner.run(["decode"], stdin: Data(encoded.stdout.utf8))
        XCTAssertEqual(decoded.status, 0, decoded.stderr)
        XCTAssertEqual(decoded.stdoutBytes, Data(text.utf8))
        let fromArguments = try CLIRunner.run(["decode", "24912", "2375"])
        XCTAssertEqual(fromArguments.stdout, "hello world")
        let fromJSON = try CLIRunner.run(["decode"], stdin: Data("[24912, 2375]".utf8))
        XCTAssertEqual(fromJSON.stdout, "hello world")
    }

    func testDecodeWarnsWhenBytesEndMidCharacter() throws {
        let ids = try CLIRunner.run(["encode", "--encoding", "r50k_base"], stdin: Data("क".utf8)).stdout
        let first = String(ids.split(separator: " ")[0])
        let result = try CLIRunner.run(["decode", "--encoding", "r50k_base", first])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("inside a UTF-8 character"), result.stderr)
    }

    func testEncodeLinesGivesOneRowPerLine() throws {
        let result = try CLIRunner.run(["encode", "--lines", "--json"], stdin: Data("hello world\n\nhello\n".utf8))
        XCTAssertEqual(result.stdout, "[24912,2375]\n[]\n[24912]\n")
    }
}

final class CLIErrorTests: XCTestCase {
    func assertFails(_ arguments: [String], stdin: Data? = nil, mentioning needle: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try CLIRunner.run(arguments, stdin: stdin)
        XCTAssertEqual(result.status, 2, "exit status for \(arguments)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(needle), "stderr: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "one line on stderr: \(result.stderr)", file: file, line: line)
    }

    func testDecodeReadsIDsFromStandardInputAsBefore() throws {
        // Standard input is read byte by byte when it is ASCII: the same separators (ASCII whitespace,
        // commas, brackets), signs and leading zeros through `Int`, the same errors; with a non-ASCII
        // byte it is split on Unicode whitespace as text.
        for input in ["24912\t2375", "24912\r\n2375\n", "[24912,2375]", " 024912 +2375 ", "24912\u{A0}2375"] {
            let result = try CLIRunner.run(["decode"], stdin: Data(input.utf8))
            XCTAssertEqual(result.status, 0, "\(input.debugDescription): \(result.stderr)")
            XCTAssertEqual(result.stdout, "hello world", input.debugDescription)
        }
        try assertFails(["decode"], stdin: Data("24912 2375 x7 2375".utf8), mentioning: "'x7' (id number 3) is not a token id")
        try assertFails(["decode"], stdin: Data("24912\u{1C}2375".utf8), mentioning: "(id number 1) is not a token id")
        try assertFails(["decode"], stdin: Data("99999999999999999999".utf8), mentioning: "'99999999999999999999' (id number 1)")
        try assertFails(["decode"], stdin: Data("1 -5".utf8), mentioning: "token id -5 is out of range")
        try assertFails(["decode"], stdin: Data("24912\u{A0}x".utf8), mentioning: "'x' (id number 2) is not a token id")
    }

    func testBadInputExitsWithStatus2AndOneClearLine() throws {
        try assertFails(["count", "--encoding", "o300k"], stdin: Data(), mentioning: "unknown encoding 'o300k'; known encodings: o200k_base")
        try assertFails(["count", "--model", "gpt-9000"], stdin: Data(), mentioning: "unknown model 'gpt-9000'")
        try assertFails(["count", "/no/such/file.txt"], mentioning: "/no/such/file.txt: no such file")
        try assertFails(["encode", "Corpora"], mentioning: "Corpora: is a directory")
        try assertFails(["decode", "24912", "999999"], mentioning: "token id 999999 is out of range")
        try assertFails(["decode", "12", "abc"], mentioning: "'abc' (id number 2) is not a token id")
        try assertFails(["count", "--encoding", "cl100k_base", "--model", "gpt-4"], stdin: Data(), mentioning: "only one of")
        try assertFails(["count", "--no-such-option"], mentioning: "no-such-option")
    }

    func testInvalidUTF8NamesTheOffsetUnlessLossy() throws {
        let file = try temporaryFile(Data([0x61, 0x62, 0x63, 0xFF, 0x64]))
        try assertFails(["count", file.path], mentioning: "invalid UTF-8 at byte offset 3")
        let lossy = try CLIRunner.run(["encode", "--lossy", file.path])
        XCTAssertEqual(lossy.status, 0)
        let reference = try CLIRunner.run(["encode"], stdin: Data("abc\u{FFFD}d".utf8))
        XCTAssertEqual(lossy.stdout, reference.stdout)
    }

    func testMalformedVocabularyNamesTheLine() throws {
        var lines = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        lines.append("%%% 256")
        let vocab = try temporaryFile(Data(lines.joined(separator: "\n").utf8), name: "bad.tiktoken")
        try assertFails(["count", "--vocab", vocab.path, "--pattern", "o200k"], stdin: Data(), mentioning: "bad.tiktoken:257:")
        try assertFails(["count", "--vocab", vocab.path], stdin: Data(), mentioning: "needs --pattern")
    }

    func testCustomVocabularyWorks() throws {
        var lines = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        lines.append("\(Data("ab".utf8).base64EncodedString()) 256")
        let vocab = try temporaryFile(Data(lines.joined(separator: "\n").utf8), name: "tiny.tiktoken")
        let result = try CLIRunner.run(["encode", "--vocab", vocab.path, "--pattern", "gpt2", "--special", "<|end|>=300", "--allow-special", "all"], stdin: Data("abab<|end|>".utf8))
        XCTAssertEqual(result.stdout, "256 256 300\n", result.stderr)
    }

    func testBrokenPipeEndsQuietly() throws {
        let big = String(repeating: "hello world ", count: 200_000)
        let file = try temporaryFile(Data(big.utf8))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "'\(CLIRunner.executable.path)' encode '\(file.path)' | head -c 10 > /dev/null; echo ${PIPESTATUS:-0}"]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(stderr, "")
    }
}

final class ReviewRegressionTests: XCTestCase {
    func testStandardInputIsReadOnceForSeveralEncodings() throws {
        let result = try CLIRunner.run(["--models", "gpt-5,gpt-4", "--json", "-"], stdin: Data("hello world, नमस्ते दुनिया".utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        // Both models (o200k_base and cl100k_base) saw the text: no report has 0 tokens.
        XCTAssertFalse(result.stdout.contains("\"tokens\" : 0,"), result.stdout)
        XCTAssertFalse(result.stdout.contains("\"tokens\":0,"), result.stdout)
    }

    func testEncodeLinesDropsCRLF() throws {
        let crlf = try CLIRunner.run(["encode", "--lines"], stdin: Data("hello world\r\nhi\r\n".utf8))
        let lf = try CLIRunner.run(["encode", "--lines"], stdin: Data("hello world\nhi\n".utf8))
        XCTAssertEqual(crlf.stdout, lf.stdout)
    }

    func testWriteErrorsAreErrorsNotSilence() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { throw XCTSkip("no /dev/full") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "echo hello | '\(CLIRunner.executable.path)' encode > /dev/full"]
        let err = Pipe()
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 2)
        XCTAssertTrue(stderr.contains("cannot write the output"), stderr)
    }
}
