import Foundation
import XCTest

final class FitsCompareCLITests: XCTestCase {
    func testFitsExitStatus() throws {
        let file = "Corpora/samples/report-en.txt"
        let yes = try CLIRunner.run(["fits", "--model", "gpt-4o", file])
        XCTAssertEqual(yes.status, 0, yes.stderr)
        XCTAssertTrue(yes.stdout.hasPrefix("fits: "), yes.stdout)
        XCTAssertTrue(yes.stderr.isEmpty)
        let no = try CLIRunner.run(["fits", "--model", "gpt-4o", "--window", "1k", "--reserve", "100", file])
        XCTAssertEqual(no.status, 1)
        XCTAssertTrue(no.stdout.hasPrefix("does not fit: "), no.stdout)
        XCTAssertTrue(no.stderr.isEmpty, "exit 1 is a verdict, not an error: \(no.stderr)")
        let bad = try CLIRunner.run(["fits", "--model", "gpt-4o", "--window", "1k", "--reserve", "1k", file])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.hasPrefix("tokcost: error: "))
        let unknown = try CLIRunner.run(["fits", "--model", "nope", file])
        XCTAssertEqual(unknown.status, 2)
        let empty = try temporaryFile(Data(), name: "e.txt")
        XCTAssertEqual(try CLIRunner.run(["fits", empty.path]).status, 0)
    }

    func testFitsSplitWritesChunksWithinBudget() throws {
        let file = "Corpora/samples/mixed-hi-en.txt"
        let dir = try temporaryDirectory().appendingPathComponent("chunks")
        let r = try CLIRunner.run(["fits", "--window", "100", "--reserve", "20", "--split", dir.path, "--json", file])
        XCTAssertEqual(r.status, 1, r.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertGreaterThan(names.count, 2)
        XCTAssertEqual(names.first, "chunk-001.txt")
        var joined = Data()
        for name in names {
            let chunk = dir.appendingPathComponent(name)
            joined.append(try Data(contentsOf: chunk))
            let tokens = try CLIRunner.run(["count", chunk.path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertLessThanOrEqual(Int(tokens)!, 80, name)
        }
        XCTAssertEqual(joined, try Data(contentsOf: CLIRunner.repositoryRoot.appendingPathComponent(file)))
    }

    func testComparePremiumAndSVG() throws {
        let svg = try temporaryDirectory().appendingPathComponent("premium.svg")
        let r = try CLIRunner.run(["compare", "--json", "--svg", svg.path, "Corpora/parallel/hin.txt", "Corpora/parallel/eng.txt"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["baseline"] as? String, "Corpora/parallel/eng.txt")
        let rows = try XCTUnwrap(object["rows"] as? [[String: Any]])
        XCTAssertEqual(rows.count, 6)
        for row in rows where row["language"] as? String == "English" { XCTAssertEqual(row["premium"] as? Double, 1.0) }
        let hindi = rows.filter { $0["language"] as? String == "Hindi" }
        XCTAssertEqual(hindi.map { $0["encoding"] as! String }, ["o200k_base", "cl100k_base", "r50k_base"])
        for row in hindi { XCTAssertGreaterThan(row["premium"] as! Double, 1.0) }
        let text = try String(contentsOf: svg, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("<?xml"))
        XCTAssertEqual(text.components(separatedBy: "class=\"bar\"").count - 1, 6)

        // A file against itself: premium 1.0.
        let same = try CLIRunner.run(["compare", "--csv", "--encodings", "cl100k_base", "--baseline", "Corpora/parallel/tam.txt", "Corpora/parallel/tam.txt"])
        XCTAssertEqual(same.status, 0, same.stderr)
        XCTAssertTrue(same.stdout.contains("Tamil,Corpora/parallel/tam.txt,cl100k_base,"), same.stdout)
        let lines = same.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines[1].split(separator: ",")[8], "1")
    }
}
