import Foundation
import TokBPE
import XCTest

/// tokcost must give exactly tiktoken's ids: every fixture case, every shipped OpenAI encoding.
final class ParityTests: XCTestCase {
    func testEveryFixtureCaseMatchesTiktoken() throws {
        let fixture = try ParityFixture.load()
        XCTAssertGreaterThan(fixture.cases.count, 400)
        var checked = 0
        var mismatches: [String] = []
        for testCase in fixture.cases {
            for (encodingName, expected) in testCase.ids.sorted(by: { $0.key < $1.key }) {
                let encoding = SharedEncodings.named(encodingName)
                let actual: [Int]
                if testCase.allowed_special == "all" {
                    actual = try encoding.encode(testCase.text, allowedSpecial: .all)
                } else {
                    actual = encoding.encodeOrdinary(testCase.text)
                    XCTAssertEqual(encoding.count(testCase.text), expected.count, "\(testCase.name) count \(encodingName)")
                    XCTAssertEqual(encoding.encodeOrdinaryUInt32(testCase.text).map(Int.init), expected, "\(testCase.name) 32-bit \(encodingName)")
                }
                if actual != expected {
                    mismatches.append("\(testCase.name) [\(encodingName)]: expected \(expected.prefix(20)) got \(actual.prefix(20))")
                }
                // Decoding gives back the input bytes exactly.
                XCTAssertEqual(try encoding.decodeBytes(actual), Array(testCase.text.utf8), "\(testCase.name) decode \(encodingName)")
                checked += 1
            }
        }
        XCTAssertEqual(mismatches, [], "\(mismatches.count) of \(checked) cases differ from tiktoken \(fixture.tiktoken_version)")
        XCTAssertGreaterThan(checked, 1600)
    }

    func testFixtureCoversTheShippedCorpusWhenPresent() throws {
        let fixture = try ParityFixture.load()
        let languages = Set(fixture.cases.compactMap { c -> String? in
            guard c.name.hasPrefix("corpus-") else { return nil }
            return c.name.split(separator: "-")[1].description
        })
        if languages.isEmpty { throw XCTSkip("fixtures were generated before Corpora/parallel existed") }
        XCTAssertTrue(languages.isSuperset(of: ["eng", "hin", "ben", "tam", "tel", "mar", "guj", "kan", "mal"]), "\(languages)")
    }
}

