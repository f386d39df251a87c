import Foundation
import TokBPE
import TokUnicode
@testable import TokTrainer
import XCTest

final class PieceCounterTests: XCTestCase {
    static let mixed = """
        Hello world! It's 2025, and we've got 1234567 items.
        नमस्ते दुनिया। यह एक परीक्षण है
        తెలుగు భాష\tand tabs   and spaces   
        !!!
        /path/to\n\n
        x
        9 lives
        e\u{301}te\u{301} क\u{93C}

        """

    /// The pieces the encoder's own pre-tokenizer makes, counted naively.
    func reference(_ text: String, _ pattern: PreTokenizerPattern) -> PieceCounts {
        var counts = PieceCounts()
        let bytes = Array(text.utf8)
        for range in pattern.pieces(utf8: bytes) { counts.add(Array(bytes[range])) }
        return counts
    }

    func testMatchesTheEncodersPreTokenizer() throws {
        for pattern in PreTokenizerPattern.allCases {
            let counter = try PieceCounter(pattern: pattern, normalization: nil, threads: 1)
            XCTAssertEqual(try counter.count(Self.mixed), reference(Self.mixed, pattern), "\(pattern)")
        }
    }

    func testChunkingAndThreadsDoNotChangeCounts() throws {
        let text = String(repeating: Self.mixed, count: 20)
        for pattern in PreTokenizerPattern.allCases {
            for form: NormalizationForm? in [nil, .nfc, .nfkc] {
                var single = try PieceCounter(pattern: pattern, normalization: form, threads: 1)
                single.chunkSize = 1 << 30
                let whole = try single.count(text)
                for threads in [1, 3] {
                    var counter = try PieceCounter(pattern: pattern, normalization: form, threads: threads)
                    counter.chunkSize = 7
                    XCTAssertEqual(try counter.count(text), whole, "\(pattern) \(String(describing: form)) threads \(threads)")
                }
            }
        }
    }

    func testChunkCutsOnlyAtSafePoints() {
        let text = Array("ab \ncd\n\nef!\n/x\n1\n\u{00A0}\nघर\n".utf8)
        let starts = text.withUnsafeBufferPointer { ChunkBoundaries.chunkStarts($0, targetSize: 1) }
        let lines = starts.map { String(decoding: text[$0...].prefix(2), as: UTF8.self) }
        // After "ab \n" (space before) no; after "cd\n" then "\n" no; "\nef" no ("\n" before is white space);
        // after "!\n" then "/" no; after "x\n" then "1" yes; after "1\n" then NBSP no; after NBSP "\n" no.
        XCTAssertEqual(lines, ["ab", "1\n"])
    }

    func testNormalizesBeforeCounting() throws {
        let counter = try PieceCounter(pattern: .o200k, normalization: .nfc, threads: 1)
        let counts = try counter.count("e\u{301}te\u{301}")
        XCTAssertEqual(counts.count(of: Array("été".utf8)), 1)
        let none = try PieceCounter(pattern: .o200k, normalization: nil, threads: 1)
        XCTAssertEqual(try none.count("e\u{301}te\u{301}").count(of: Array("été".utf8)), 0)
        let nfkc = try PieceCounter(pattern: .o200k, normalization: .nfkc, threads: 1)
        XCTAssertEqual(try nfkc.count("ﬁne").count(of: Array("fine".utf8)), 1)
    }

    func testInvalidUTF8NamesTheDocumentAndOffset() throws {
        let counter = try PieceCounter(pattern: .o200k, normalization: .nfc, threads: 2)
        let documents = [CorpusDocument(name: "good.txt", bytes: Data("fine".utf8)), CorpusDocument(name: "bad.txt", bytes: Data([0x61, 0x62, 0xFF, 0x63]))]
        XCTAssertThrowsError(try counter.count(documents)) { error in
            XCTAssertEqual(error as? TrainerError, .invalidUTF8(source: "bad.txt", byteOffset: 2))
        }
    }

    func testDirectoriesAndGlob() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokcost-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["b.txt", "a.txt", "sub/c.txt", "notes.md", ".hidden.txt"] {
            try Data("x".utf8).write(to: dir.appendingPathComponent(name))
        }
        let found = try CorpusFiles.expand([dir.path]).map { $0.path.replacingOccurrences(of: dir.path + "/", with: "") }
        XCTAssertEqual(found, ["a.txt", "b.txt", "sub/c.txt"])
        XCTAssertEqual(try CorpusFiles.expand([dir.path], glob: "*.md").count, 1)
        XCTAssertThrowsError(try CorpusFiles.expand([dir.appendingPathComponent("nope").path])) { error in
            guard case TrainerError.unreadable = error else { return XCTFail("\(error)") }
        }
    }
}
