import Foundation
import XCTest

final class EstimateCLITests: XCTestCase {
    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    func testDefaultSubcommandIsEstimateWithTableAndJSON() throws {
        let file = "Corpora/samples/report-en.txt"
        let count = try CLIRunner.run(["count", file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let table = try CLIRunner.run([file])
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.hasPrefix("gpt-5 (openai) · exact o200k_base · window 272,000 · reserve 4,096"), table.stdout)
        let n = Int(count)!
        XCTAssertTrue(table.stdout.contains(NumberFormatter.localizedString(from: NSNumber(value: n), number: .decimal)))
        XCTAssertTrue(table.stdout.contains("Latin"))

        let result = try CLIRunner.run(["estimate", "--json", file])
        XCTAssertEqual(result.status, 0, result.stderr)
        let doc = try XCTUnwrap((try json(result.stdout)["documents"] as? [[String: Any]])?.first)
        XCTAssertEqual(doc["tokens"] as? Int, n)
        XCTAssertEqual(doc["model"] as? String, "gpt-5")
        XCTAssertEqual(doc["encoding"] as? String, "o200k_base")
        for key in ["bytes", "characters", "graphemes", "words", "lines", "heuristics", "scripts", "cost", "context"] {
            XCTAssertNotNil(doc[key], key)
        }
        let h = try XCTUnwrap(doc["heuristics"] as? [String: Any])
        let chars = try XCTUnwrap(doc["characters"] as? Int)
        XCTAssertEqual(h["chars_div_4"] as! Double, Double(chars) / 4, accuracy: 1e-9)
        XCTAssertEqual(h["chars_div_4_error"] as! Double, (Double(chars) / 4 - Double(n)) / Double(n), accuracy: 1e-9)
        let scripts = try XCTUnwrap(doc["scripts"] as? [[String: Any]])
        XCTAssertEqual(scripts.reduce(0) { $0 + ($1["tokens"] as! Int) }, n)
        let cost = try XCTUnwrap(doc["cost"] as? [String: Any])
        XCTAssertEqual(cost["input_usd"] as! Double, Double(n) * 1.25 / 1e6, accuracy: 1e-12)
        let context = try XCTUnwrap(doc["context"] as? [String: Any])
        XCTAssertEqual(context["fits"] as? Bool, true)
        XCTAssertEqual(context["chunks"] as? Int, 1)
        XCTAssertEqual(context["window"] as? Int, 272_000)
    }

    func testSpendOptionsAndCSV() throws {
        let result = try CLIRunner.run(["--csv", "--model", "gpt-4o", "--output-tokens", "100", "--calls", "3", "--cached", "-"],
                                       stdin: Data("hello world".utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0], row = lines[1]
        func cell(_ k: String) -> String { row[header.firstIndex(of: k)!] }
        XCTAssertEqual(cell("tokens"), "2")
        XCTAssertEqual(Double(cell("input_usd"))!, 2 * 3 * 1.25 / 1e6, accuracy: 1e-15)   // cached rate
        XCTAssertEqual(Double(cell("output_usd"))!, 100 * 3 * 10 / 1e6, accuracy: 1e-15)
    }

    func testSeveralModelsAndDirectories() throws {
        let dir = try temporaryFile(Data("one two three.".utf8), name: "a.txt").deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data("नमस्ते".utf8).write(to: dir.appendingPathComponent("sub/b.md"))
        try Data("skip".utf8).write(to: dir.appendingPathComponent(".hidden.txt"))
        try Data("skip".utf8).write(to: dir.appendingPathComponent("c.json"))
        let result = try CLIRunner.run(["--models", "gpt-5,claude-sonnet-4-5,gpt-4", "--json", dir.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(result.stdout)
        let comparisons = try XCTUnwrap(object["comparisons"] as? [[String: Any]])
        XCTAssertEqual(comparisons.map { ($0["document"] as! String).hasSuffix("a.txt") || ($0["document"] as! String).hasSuffix("sub/b.md") }, [true, true])
        let rows = try XCTUnwrap(comparisons[0]["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["method"] as! String }, ["exact", "estimated", "exact"])
        XCTAssertEqual(rows.map { $0["encoding"] as! String }, ["o200k_base", "o200k_base", "cl100k_base"])
        let table = try CLIRunner.run(["--models", "gpt-5,gpt-4", dir.path, "--glob", "*.json"])
        XCTAssertTrue(table.stdout.contains("c.json") && !table.stdout.contains("a.txt"), table.stdout)
    }

    func testMessagesAddChatOverhead() throws {
        let messages = #"[{"role": "system", "content": "You are helpful."}, {"role": "user", "content": "Hi there"}]"#
        let file = try temporaryFile(Data(messages.utf8), name: "m.json")
        let result = try CLIRunner.run(["--messages", file.path, "--json", "--model", "gpt-4"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let doc = try XCTUnwrap((try json(result.stdout)["documents"] as? [[String: Any]])?.first)
        // cl100k: "system" 1 + "You are helpful." 4 + "user" 1 + "Hi there" 2, plus 3 per message and 3 for the reply.
        let contents = try CLIRunner.run(["count", "--encoding", "cl100k_base", "-"], stdin: Data("You are helpful.".utf8)).stdout
        XCTAssertEqual(contents.trimmingCharacters(in: .whitespacesAndNewlines), "4")
        XCTAssertEqual(doc["tokens"] as? Int, 1 + 4 + 1 + 2 + 3 * 2 + 3)
    }

    func testBatchRowsAndTotal() throws {
        let lines = [
            #"{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hello world"}]}}"#,
            #"{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hello"}]}"#,
        ]
        let file = try temporaryFile(Data(lines.joined(separator: "\n").utf8), name: "b.jsonl")
        let result = try CLIRunner.run(["--batch", file.path, "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try json(result.stdout)
        XCTAssertEqual(object["model"] as? String, "gpt-4o-mini")
        let docs = try XCTUnwrap(object["documents"] as? [[String: Any]])
        XCTAssertEqual(docs.map { $0["tokens"] as! Int }, [1 + 2 + 3 + 3, 1 + 1 + 3 + 3])
        let total = try XCTUnwrap(object["total"] as? [String: Any])
        XCTAssertEqual(total["tokens"] as? Int, 17)
    }

    func testDeepSeekIsCountedExactlyWithItsBundledTokenizer() throws {
        let r = try CLIRunner.run(["--model", "deepseek-chat", "--json", "Corpora/parallel/hin.txt"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let expected = try CLIRunner.run(["count", "--tokenizer", "deepseek_v3", "Corpora/parallel/hin.txt"])
        XCTAssertTrue(r.stdout.contains("\"tokens\" : \(expected.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")
            || r.stdout.contains("\"tokens\":\(expected.stdout.trimmingCharacters(in: .whitespacesAndNewlines))"), r.stdout)
        XCTAssertTrue(r.stdout.contains("deepseek_v3"), r.stdout)
    }

    func testBadInputOneLineExitTwo() throws {
        let file = "Corpora/samples/report-en.txt"
        let bad = try temporaryFile(Data([0x61, 0x62, 0xFF, 0x63]), name: "bad.txt")
        let prices = try temporaryFile(Data(#"{"as_of": "2026-01-01", "source": "x", "models": [{"id": "m1", "provider": "p"}]}"#.utf8), name: "p.json")
        let cases: [([String], String)] = [
            (["--model", "gpt-5-mimi", file], "\"gpt-5-mini\""),
            (["--calls", "-1", file], "calls = -1 is out of range"),
            (["--calls", "99999999999", file], "calls = 99999999999 is out of range"),
            (["--reserve", "-5", file], "it is negative"),
            (["--window", "1k", "--reserve", "2k", file], "must be smaller than the context window"),
            (["--prices", prices.path, file], "entry \"m1\": missing field"),
            ([bad.path], "invalid UTF-8 at byte offset 2"),
            (["--encoding", "gemma_tokenizer", file], "gemma_tokenizer"),
            (["missing-file.txt"], "missing-file.txt: no such file"),
        ]
        for (args, message) in cases {
            let r = try CLIRunner.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stdout)")
            XCTAssertTrue(r.stdout.isEmpty, "\(args): nothing on stdout, got \(r.stdout)")
            XCTAssertTrue(r.stderr.contains(message), "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): \(r.stderr)")
        }
        let lossy = try CLIRunner.run(["--lossy", "--json", bad.path])
        XCTAssertEqual(lossy.status, 0, lossy.stderr)
        let empty = try temporaryFile(Data(), name: "empty.txt")
        let e = try CLIRunner.run(["--json", empty.path])
        let doc = try XCTUnwrap((try json(e.stdout)["documents"] as? [[String: Any]])?.first)
        XCTAssertEqual(doc["tokens"] as? Int, 0)
        XCTAssertEqual((doc["context"] as? [String: Any])?["fits"] as? Bool, true)
    }

    func testModelsListing() throws {
        let r = try CLIRunner.run(["models"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("gpt-5 "))
        XCTAssertTrue(r.stdout.contains("claude-sonnet-4-5"))
        let old = #"{"as_of": "2020-01-01", "source": "test", "models": [{"id": "m1", "provider": "p", "context_window": 1000, "price": {"input_per_million": 1, "output_per_million": 2}, "tokenization": {"method": "exact", "encoding": "cl100k_base"}, "source": "t", "as_of": "2020-01-01"}]}"#
        let file = try temporaryFile(Data(old.utf8), name: "old.json")
        let stale = try CLIRunner.run(["models", "--prices", file.path, "--json"])
        XCTAssertEqual(stale.status, 0, stale.stderr)
        XCTAssertTrue(stale.stderr.contains("days old"), stale.stderr)
        XCTAssertTrue(stale.stdout.contains("\"m1\""))
        // The user catalogue prices an estimate.
        let priced = try CLIRunner.run(["--prices", file.path, "--model", "m1", "--csv", "-"], stdin: Data("hello world".utf8))
        XCTAssertEqual(priced.status, 0, priced.stderr)
        XCTAssertTrue(priced.stdout.contains("m1,p,cl100k_base,exact,1,2,"), priced.stdout)
    }
}
