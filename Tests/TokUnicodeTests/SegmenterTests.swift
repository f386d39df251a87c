import XCTest
@testable import TokUnicode

final class SegmenterTests: XCTestCase {
    let graphemes = Segmenter(.grapheme)
    let words = Segmenter(.word)
    let sentences = Segmenter(.sentence)

    /// Grapheme clusters of Indic conjuncts, recorded for both engines.
    ///
    /// ICU 72 reports Unicode 15.0, but its root character-break rules come from CLDR 42, which already keeps
    /// aksaras (consonant + virama + consonant) together in Devanagari, Bengali, Gujarati, Oriya, Telugu and
    /// Malayalam (CLDR's rule 9.3, adopted by Unicode 15.1 as GB9c). Swift's `Character` implements GB9c, which also
    /// lets other combining marks (vowel signs) sit around the virama. So क्षि and श्री are 1 cluster for both; they
    /// differ only on sequences like मृ्ग, which occur in about 0.06% of clusters in the Hindi corpus. The text
    /// profile uses ICU's count (see README).
    func testConjunctGraphemesICUvsSwift() throws {
        let kshi = str([0x0915, 0x094D, 0x0937, 0x093F])  // क्षि KA VIRAMA SSA SIGN-I
        let shri = str([0x0936, 0x094D, 0x0930, 0x0940])  // श्री SHA VIRAMA RA SIGN-II
        XCTAssertEqual(try graphemes.count(in: kshi), 1)
        XCTAssertEqual(Segmenter.swiftCharacterCount(kshi), 1)
        XCTAssertEqual(try graphemes.count(in: shri), 1)
        XCTAssertEqual(Segmenter.swiftCharacterCount(shri), 1)
        XCTAssertEqual(try TextProfile(kshi + " " + shri).graphemes, 3)
        XCTAssertEqual(try graphemes.pieces(of: "नमस्ते"), ["न", "म", "स्ते"])
        XCTAssertEqual(Segmenter.swiftCharacterCount("नमस्ते"), 3)
        // Conjuncts in the other scripts with a "linking" virama: one cluster for both.
        for s in ["ক্ষ", "ક્ષ", "ଜ୍ଞ", "క్ష", "ക്ക", "क़्ष", "क्\u{200D}ष"] {
            let t = s
            XCTAssertEqual(try graphemes.count(in: t), 1, t)
            XCTAssertEqual(Segmenter.swiftCharacterCount(t), 1, t)
        }
        // Tamil, Kannada and Gurmukhi viramas do not link, and ZWNJ stops the conjunct: 2 clusters for both.
        for s in ["க்ஷ", "ಕ್ಷ", "ਕ੍ਸ", "क्\u{200C}ष"] {
            let t = s
            XCTAssertEqual(try graphemes.count(in: t), 2, t)
            XCTAssertEqual(Segmenter.swiftCharacterCount(t), 2, t)
        }
        // Where they differ: a vowel sign or ZWJ before the virama's consonant link.
        let mrg = str([0x092E, 0x0943, 0x094D, 0x0917])  // म ृ ् ग
        XCTAssertEqual(try graphemes.pieces(of: mrg), [str([0x092E, 0x0943, 0x094D]), "ग"])
        XCTAssertEqual(Segmenter.swiftCharacterCount(mrg), 1)
        let trk = str([0x0924, 0x094D, 0x200D, 0x0943, 0x0915])  // त ् ZWJ ृ क
        XCTAssertEqual(try graphemes.count(in: trk), 2)
        XCTAssertEqual(Segmenter.swiftCharacterCount(trk), 1)
        XCTAssertEqual(try graphemes.count(in: "किताब"), 3)
        XCTAssertEqual(try graphemes.count(in: "a\r\nb"), 3)
        XCTAssertEqual(try graphemes.count(in: "👩‍💻🇮🇳"), 2)
    }

    /// ZWJ and ZWNJ never start a grapheme cluster or split a word.
    func testJoinersDoNotSplit() throws {
        let samples = [
            "क्\u{200D}ष",          // Devanagari half form with ZWJ
            "क्\u{200C}ष",          // Devanagari explicit virama with ZWNJ
            "র\u{200D}্যাব",          // Bengali ra-phala-ya with ZWJ (র‍্যাব)
            "ত্\u{200D}",            // Bengali khanda-ta spelling
            "ന്\u{200D}",            // Malayalam chillu spelling (old encoding)
            "കാര്\u{200D}ത്തിക",     // Malayalam word with ZWJ
            "സ്\u{200C}നേഹം",        // Malayalam word with ZWNJ
        ]
        for s in samples {
            let b = Array(s.utf8)
            let bounds = try graphemes.boundaries(in: s)
            for (i, byte) in b.enumerated() where byte == 0xE2 && b[i + 1] == 0x80 && (b[i + 2] == 0x8D || b[i + 2] == 0x8C) {
                XCTAssertFalse(bounds.contains(i), "grapheme break before joiner in \(s)")
            }
            XCTAssertEqual(try words.count(in: s), 1, "word count of \(s)")
            XCTAssertEqual(try words.boundaries(in: s), [0, b.count], s)
            XCTAssertEqual(try words.count(in: s + " " + s), 2, s)
        }
    }

    func testHindiWordCount() throws {
        // भारत | एक | विशाल | देश | है  (the danda and spaces are not words) = 5, counted by hand.
        XCTAssertEqual(try words.count(in: "भारत एक विशाल देश है।"), 5)
        // मैं | घर | जा | रहा | हूँ | तुम | कहाँ | हो = 8 (candrabindu and anusvara stay inside words).
        XCTAssertEqual(try words.count(in: "मैं घर जा रहा हूँ। तुम कहाँ हो?"), 8)
        // Numbers are word-like: कीमत | 500 | रुपये | है = 4; Devanagari digits too: १२३ is one.
        XCTAssertEqual(try words.count(in: "कीमत 500 रुपये है"), 4)
        XCTAssertEqual(try words.count(in: "कीमत १२३ रुपये"), 3)
        let segs = try words.segments(in: "देश है।").filter(\.isWordLike)
        XCTAssertEqual(segs.count, 2)
    }

    func testTamilWordCount() throws {
        // தமிழ் | ஒரு | பழமையான | மொழி | ஆகும் = 5 (pulli U+0BCD and vowel signs stay inside words).
        XCTAssertEqual(try words.count(in: "தமிழ் ஒரு பழமையான மொழி ஆகும்."), 5)
        // நான் | தமிழ் | பேசுவேன் = 3
        XCTAssertEqual(try words.count(in: "நான் தமிழ் பேசுவேன்!"), 3)
    }

    func testMixedHindiEnglishWordCount() throws {
        // मुझे | Swift | programming | बहुत | पसंद | है | and | I | use | it | daily = 11
        XCTAssertEqual(try words.count(in: "मुझे Swift programming बहुत पसंद है, and I use it daily!"), 11)
        XCTAssertEqual(try Segmenter.wordCount(in: "मुझे Swift programming बहुत पसंद है, and I use it daily!"), 11)
        // नमस्ते | world = 2
        XCTAssertEqual(try words.count(in: "नमस्ते, world!"), 2)
        // कल | meeting | 3 | बजे | है | OK = 6
        XCTAssertEqual(try words.count(in: "कल meeting 3 बजे है, OK?"), 6)
    }

    func testSentences() throws {
        XCTAssertEqual(try sentences.count(in: "Hello world. How are you? I'm fine."), 3)
        XCTAssertEqual(try sentences.count(in: "मैं घर जा रहा हूँ। तुम कहाँ हो? ठीक है।"), 3)
        XCTAssertEqual(try sentences.count(in: "One.\n\n\nTwo.\n"), 2)  // blank lines are not sentences
        XCTAssertEqual(try sentences.count(in: " \n\t "), 0)
        XCTAssertEqual(try sentences.pieces(of: "Hi. Bye."), ["Hi. ", "Bye."])
    }

    func testLineBreakOpportunities() throws {
        XCTAssertEqual(try Segmenter(.line).pieces(of: "hello world"), ["hello ", "world"])
        XCTAssertEqual(try Segmenter(.line).count(in: "a b\nc"), 3)
    }

    func testOffsetsAreUTF8Bytes() throws {
        XCTAssertEqual(try words.boundaries(in: "नमस्ते, world!"), [0, 18, 19, 20, 25, 26])
        let segs = try words.segments(in: "नमस्ते, world!")
        XCTAssertEqual(segs.map(\.isWordLike), [true, false, false, true, false])
    }
}

final class GraphemeFastPathTests: XCTestCase {
    /// The ASCII fast path gives exactly ICU's boundaries over the whole text.
    func testFastPathMatchesICU() throws {
        let samples = [
            "", "a", "ab", "\r\n", "a\r\nb", "\r\r\n\n", "e\u{301}x", "ab\u{301}\r\n\u{301}", "x👩‍💻y🇮🇳🇺🇸z",
            "नमस्ते, world!\r\nक्षि a\u{200D}b", "\u{301}abc", "abc\u{301}", "a\r\u{301}\n", "#\u{FE0F}\u{20E3}1",
            "Line one.\nदूसरी पंक्ति।\n\nதமிழ்\r\n", String(repeating: "ab\u{0915}\u{094D}\u{0937} \r\n", count: 50),
        ]
        let it = try BreakIterator(.grapheme, locale: "")
        for s in samples {
            var fast: [Int] = []
            try withBytes(s) { buf in try forEachGraphemeStart(it, buf) { fast.append($0) } }
            let icu = try Segmenter(.grapheme).boundaries(in: s).dropLast()
            XCTAssertEqual(fast, Array(icu), s.debugDescription)
            XCTAssertEqual(try Segmenter(.grapheme).count(in: s), icu.count, s.debugDescription)
        }
    }

    /// Real text (skipped when the shared corpora are absent): the fast path counts exactly what ICU counts.
    func testCorporaAgainstICU() throws {
        var checked = 0
        for name in ["udhr/hin.txt", "udhr/tam.txt", "udhr/mal.txt", "udhr/eng.txt", "wikisent/hi.en.txt",
                     "english/inaugural.txt"] {
            guard let url = corpusURL(name) else { continue }
            let bytes = [UInt8](try Data(contentsOf: url))
            let it = try BreakIterator(.grapheme, locale: "")
            try bytes.withUnsafeBufferPointer { buf in
                var fast = 0
                try forEachGraphemeStart(it, buf) { _ in fast += 1 }
                try it.setValidatedText(buf)
                XCTAssertEqual(fast, it.count(minStatus: 0), name)
            }
            checked += 1
        }
        if checked == 0 { throw XCTSkip("shared corpora not available") }
    }
}
