import XCTest
@testable import TokUnicode

final class TextProfileTests: XCTestCase {
    func testIssueExampleProfile() throws {
        // "नमस्ते, world!\n": Devanagari run "नमस्ते, " (18 + 2 bytes), Latin run "world!\n" (7 bytes).
        let p = try TextProfile("नमस्ते, world!\n")
        XCTAssertEqual(p.bytes, 27)
        XCTAssertEqual(p.scalars, 15)    // 6 Devanagari + ", " + "world!" + LF
        XCTAssertEqual(p.graphemes, 12)  // न म स्ते , ␠ w o r l d ! LF
        XCTAssertEqual(p.words, 2)
        XCTAssertEqual(p.sentences, 1)
        XCTAssertEqual(p.lines, 1)
        XCTAssertEqual(p.byScript.map(\.shortName), ["Deva", "Latn"])
        let deva = try XCTUnwrap(p.counts(for: .devanagari))
        XCTAssertEqual([deva.bytes, deva.scalars, deva.graphemes, deva.words, deva.sentences, deva.lines], [20, 8, 5, 1, 1, 1])
        let latn = try XCTUnwrap(p.counts(for: .latin))
        XCTAssertEqual([latn.bytes, latn.scalars, latn.graphemes, latn.words, latn.sentences, latn.lines], [7, 7, 7, 1, 0, 0])
        XCTAssertEqual(latn.script, "Latin")
    }

    func testLineCounting() throws {
        XCTAssertEqual(try TextProfile("").lines, 0)
        XCTAssertEqual(try TextProfile("a").lines, 1)
        XCTAssertEqual(try TextProfile("a\n").lines, 1)
        XCTAssertEqual(try TextProfile("a\nb").lines, 2)
        XCTAssertEqual(try TextProfile("\n").lines, 1)
        XCTAssertEqual(try TextProfile("\n\n").lines, 2)
        XCTAssertEqual(try TextProfile("a\r\nb\r\n").lines, 2)
        XCTAssertEqual(try TextProfile("a\rb").lines, 1)  // lone CR does not end a line
    }

    func testSumsOverScriptsEqualTotals() throws {
        let text = """
        भारत एक विशाल देश है। India is a large country.
        தமிழ் ஒரு பழமையான மொழி ஆகும். Tamil is old.
        ১২৩ বাংলা ভাষা! 中文也有。 (done)

        """
        let p = try TextProfile(text)
        func sum(_ k: KeyPath<ScriptCounts, Int>) -> Int { p.byScript.reduce(0) { $0 + $1[keyPath: k] } }
        XCTAssertEqual(sum(\.bytes), p.bytes)
        XCTAssertEqual(sum(\.scalars), p.scalars)
        XCTAssertEqual(sum(\.graphemes), p.graphemes)
        XCTAssertEqual(sum(\.words), p.words)
        XCTAssertEqual(sum(\.sentences), p.sentences)
        XCTAssertEqual(sum(\.lines), p.lines)
        XCTAssertEqual(p.bytes, text.utf8.count)
        XCTAssertEqual(p.scalars, text.unicodeScalars.count)
        XCTAssertEqual(p.lines, 3)
        XCTAssertEqual(Set(p.byScript.map(\.shortName)), ["Deva", "Latn", "Taml", "Beng", "Hani"])
        // Words by hand: Hindi 5 + "India is a large country" 5 + Tamil 5 + "Tamil is old" 3 + ১২৩ বাংলা ভাষা 3
        // + 中文也有 (ICU's dictionary: 中文 | 也 | 有 = 3) + done 1.
        XCTAssertEqual(p.counts(for: .devanagari)?.words, 5)
        XCTAssertEqual(p.counts(for: .tamil)?.words, 5)
        XCTAssertEqual(p.counts(for: .bengali)?.words, 3)
        XCTAssertEqual(p.words, 5 + 5 + 5 + 3 + 3 + (p.counts(for: .han)?.words ?? 0) + 1)
        XCTAssertEqual(p.counts(for: .devanagari)?.lines, 1)
        XCTAssertEqual(p.counts(for: .tamil)?.lines, 1)
        XCTAssertEqual(p.counts(for: .bengali)?.lines, 1)
        XCTAssertEqual(p.byScript.map(\.bytes), p.byScript.map(\.bytes).sorted(by: >))  // largest first
    }

    /// Profiling in small chunks fed in odd-sized blocks gives exactly the one-shot profile.
    func testStreamingEqualsOneShot() throws {
        var text = ""
        for i in 0..<300 {
            text += "Line \(i): मुझे Swift बहुत पसंद है। Tamil: நான் தமிழ் பேசுவேன்! క్ష ক্ষ.\n"
            if i % 7 == 0 { text += "\n" }
            if i % 11 == 0 { text += "नमस्ते, world! " }
        }
        let whole = try TextProfile(text)
        let bytes = Array(text.utf8)
        for (chunk, block) in [(64, 1), (100, 7), (1000, 333), (4096, 5000)] {
            var profiler = try TextProfiler(chunkSize: chunk)
            var i = 0
            while i < bytes.count {
                let j = min(bytes.count, i + block)
                try bytes[i..<j].withUnsafeBufferPointer { try profiler.append($0) }
                i = j
            }
            XCTAssertEqual(try profiler.finish(), whole, "chunk \(chunk) block \(block)")
        }
        let url = try tempFile(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertEqual(try TextProfile(contentsOf: url), whole)
    }

    /// A single huge line is cut at sentence boundaries; totals stay exact.
    func testLongLineWithoutLF() throws {
        let text = String(repeating: "यह एक वाक्य है। This is a sentence. ", count: 500)
        let whole = try TextProfile(text)
        XCTAssertEqual(whole.sentences, 1000)
        XCTAssertEqual(whole.words, 500 * (4 + 4))
        XCTAssertEqual(whole.lines, 1)
        var profiler = try TextProfiler(chunkSize: 256, maxPending: 1024)
        try withBytes(text) { try profiler.append($0) }
        XCTAssertEqual(try profiler.finish(), whole)
    }

    func testCodableRoundTrip() throws {
        let p = try TextProfile("नमस्ते, world!")
        let data = try JSONEncoder().encode(p)
        XCTAssertEqual(try JSONDecoder().decode(TextProfile.self, from: data), p)
        let json = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(json.contains("\"byScript\""))
        XCTAssertTrue(json.contains("\"Devanagari\""))
    }

    /// Real corpus (skipped when shared/corpora is absent): streaming equals one-shot, ICU and Swift agree on counts.
    func testCorpusUDHRHindi() throws {
        guard let url = corpusURL("udhr/hin.txt") else { throw XCTSkip("shared corpora not available") }
        let data = try Data(contentsOf: url)
        let text = String(decoding: data, as: UTF8.self)
        let p = try TextProfile(contentsOf: url)
        XCTAssertEqual(p.bytes, data.count)
        XCTAssertEqual(p.scalars, text.unicodeScalars.count)
        XCTAssertEqual(p.lines, text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0))
        XCTAssertEqual(p.byScript.first?.shortName, "Deva")
        var profiler = try TextProfiler(chunkSize: 2000)
        try data.withUnsafeBytes { try profiler.append($0.bindMemory(to: UInt8.self)) }
        XCTAssertEqual(try profiler.finish(), p)
        var streamed = [UInt8]()
        try Normalizer(.nfc).normalize(contentsOf: url) { streamed.append(contentsOf: $0) }
        XCTAssertEqual(String(decoding: streamed, as: UTF8.self), try Normalizer(.nfc).normalize(text))
    }
}
