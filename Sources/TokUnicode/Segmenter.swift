import CICU

/// The kinds of text boundaries ICU's break iterators find (UAX #29 and UAX #14).
public enum BoundaryKind: String, CaseIterable, Sendable, Codable {
    /// Extended grapheme clusters (user-perceived characters), UAX #29 as of ICU's Unicode version.
    case grapheme
    /// Word boundaries (UAX #29); only word-like segments (letters, numbers, kana, ideographs) are counted as words.
    case word
    /// Sentence boundaries (UAX #29).
    case sentence
    /// Line-break opportunities (UAX #14), i.e. where text may wrap; not the same as newline-separated lines.
    case line

    /// The value in the C shim (equal to ICU's `UBreakIteratorType`).
    var cValue: Int32 {
        switch self {
        case .grapheme: return Int32(CICU_BRK_CHARACTER)
        case .word: return Int32(CICU_BRK_WORD)
        case .sentence: return Int32(CICU_BRK_SENTENCE)
        case .line: return Int32(CICU_BRK_LINE)
        }
    }
}

/// One segment between two consecutive boundaries.
public struct Segment: Hashable, Sendable {
    /// UTF-8 byte range of the segment.
    public let byteRange: Range<Int>
    /// ICU's rule status for the boundary that ends the segment (`ubrk_getRuleStatus`). For words: 0..<100 none
    /// (spaces, punctuation), 100..<200 number, 200..<300 letter, 300..<400 kana, 400..<500 ideograph.
    public let ruleStatus: Int32

    /// Whether a word segment is word-like (rule status >= 100, i.e. not UBRK_WORD_NONE). Meaningful for `.word` only.
    public var isWordLike: Bool { ruleStatus >= 100 }
}

/// Finds boundaries in UTF-8 text with ICU break iterators running directly over the UTF-8 (a `UText`), without
/// converting the text to UTF-16. All offsets are UTF-8 byte offsets.
///
/// What `count(in:)` counts depends on the kind:
/// - `.grapheme`: every extended grapheme cluster (a CRLF is one; each NUL byte is one).
/// - `.word`: word-like segments only (rule status not UBRK_WORD_NONE): "नमस्ते, world!" has 2 words.
/// - `.sentence`: sentence segments that contain something other than white space and control characters
///   (ICU makes a segment of each blank line; those are not sentences).
/// - `.line`: every segment between line-break opportunities.
///
/// Grapheme clusters follow ICU 72's root rules (CLDR 42), which already keep aksaras such as क्षि and श्री
/// together (1 cluster each), like Swift's `Character` with Unicode 15.1's rule GB9c. They differ only on rare
/// sequences with a vowel sign or ZWJ before the virama (मृ्ग: ICU 2, Swift 1). See
/// `Segmenter.swiftCharacterCount(_:)` and the module README.
public struct Segmenter: Sendable {
    /// The kind of boundary.
    public let kind: BoundaryKind
    /// The ICU locale the rules are tailored for ("" for root; e.g. "th" matters for Thai words).
    public let locale: String

    /// A segmenter for `kind` and `locale` ("" = root rules).
    public init(_ kind: BoundaryKind, locale: String = "") {
        self.kind = kind
        self.locale = locale
    }

    /// All boundaries in `utf8`, including 0 and `utf8.count` (`[0]` for empty text).
    /// Throws `UnicodeError.invalidUTF8(byteOffset:)` for ill-formed input.
    public func boundaries(in utf8: UnsafeBufferPointer<UInt8>) throws -> [Int] {
        let it = try BreakIterator(kind, locale: locale)
        try it.setText(utf8)
        var out = [0]
        while true {
            let b = it.next()
            if b < 0 { break }
            out.append(Int(b))
        }
        return out
    }

    /// The segments of `utf8` with their rule statuses. Throws `UnicodeError.invalidUTF8(byteOffset:)`.
    public func segments(in utf8: UnsafeBufferPointer<UInt8>) throws -> [Segment] {
        let it = try BreakIterator(kind, locale: locale)
        try it.setText(utf8)
        var out: [Segment] = []
        var prev = 0
        while true {
            let b = it.next()
            if b < 0 { break }
            out.append(Segment(byteRange: prev..<Int(b), ruleStatus: it.ruleStatus()))
            prev = Int(b)
        }
        return out
    }

    /// The number of counted segments in `utf8` (see the type's documentation for what each kind counts).
    /// Throws `UnicodeError.invalidUTF8(byteOffset:)`.
    public func count(in utf8: UnsafeBufferPointer<UInt8>) throws -> Int {
        let it = try BreakIterator(kind, locale: locale)
        try it.setText(utf8)
        switch kind {
        case .grapheme:
            var c = 0
            try forEachGraphemeStart(it, utf8) { _ in c += 1 }
            return c
        case .line:
            return it.count(minStatus: 0)
        case .word:
            var c = 0
            try forEachWordLikeStart(it, utf8) { _ in c += 1 }
            return c
        case .sentence:
            guard let p = utf8.baseAddress else { return 0 }
            var n = 0
            var prev = 0
            while true {
                let b = Int(it.next())
                if b < 0 { break }
                if firstNonBlank(p, prev, b) != nil { n += 1 }
                prev = b
            }
            return n
        }
    }

    /// Boundaries of `text` as offsets into `text.utf8`.
    public func boundaries(in text: String) throws -> [Int] { try withUTF8(text) { try boundaries(in: $0) } }
    /// Segments of `text`, with ranges into `text.utf8`.
    public func segments(in text: String) throws -> [Segment] { try withUTF8(text) { try segments(in: $0) } }
    /// Counted segments of `text` (see the type's documentation).
    public func count(in text: String) throws -> Int { try withUTF8(text) { try count(in: $0) } }
    /// The segments of `text` as substrings (convenient in tests and tools).
    public func pieces(of text: String) throws -> [String] {
        let bytes = Array(text.utf8)
        return try segments(in: text).map { String(decoding: bytes[$0.byteRange], as: UTF8.self) }
    }

    /// The number of word-like words in `text` (letters, numbers, kana, ideographs; rule status not
    /// UBRK_WORD_NONE), with ICU's root rules: `Segmenter(.word).count(in:)`.
    public static func wordCount(in text: String) throws -> Int { try Segmenter(.word).count(in: text) }

    /// The number of word-like words in the UTF-8 `utf8`. Throws `UnicodeError.invalidUTF8(byteOffset:)`.
    public static func wordCount(in utf8: UnsafeBufferPointer<UInt8>) throws -> Int {
        try Segmenter(.word).count(in: utf8)
    }

    /// The number of Swift `Character`s in `text`: grapheme clusters by the Swift standard library's rules
    /// (Unicode 15.1+ with GB9c). Equal to `count(in:)` for `.grapheme` on almost all text, including क्षि and श्री
    /// (1 each); larger clusters than ICU's only where a vowel sign or ZWJ precedes a virama (मृ्ग: 1 here, 2 for ICU).
    public static func swiftCharacterCount(_ text: String) -> Int { text.count }
}
