import TokBPE

/// What a Split pre-tokenizer (or a Replace normalizer) looks for: a literal, a regular expression
/// recognised as one tokcost has a hand-written scanner for, or any other regular expression (run on
/// ICU).
enum SplitPattern: Sendable {
    /// Every non-overlapping occurrence of these bytes, left to right.
    case literal([UInt8])
    /// GPT-2's pre-tokenizer regex (the one ByteLevel uses): every piece of TokBPE's scanner is a match.
    case scanner(PreTokenizerPattern)
    /// `\p{N}{1,3}`-style: runs of `\p{N}` scalars, cut every `maxRun` scalars.
    case numberRuns(maxRun: Int)
    /// `[a-bc-d…]+` over code point ranges (DeepSeek's CJK pattern).
    case rangeRuns([ClosedRange<UInt32>])
    /// DeepSeek's word pattern (see ``DeepSeekScanner/wordsPattern``).
    case deepSeekWords
    /// Llama 3's pattern (`maxDigits` 3) or Qwen2's (1), see ``Llama3Scanner``.
    case llama3(maxDigits: Int)
    /// Any other regular expression.
    case regex(ICURegex)

    /// The regex of Hugging Face's ByteLevel pre-tokenizer (GPT-2's).
    static let byteLevelRegex = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    /// `true` for a pattern run on ICU.
    var usesICU: Bool {
        if case .regex = self { return true }
        return false
    }

    /// Builds the matcher for a `{"String": …}` or `{"Regex": …}` pattern.
    init(_ json: PatternJSON) throws {
        switch json {
        case .string(let text): self = .literal(Array(text.utf8))
        case .regex(let source): self = try SplitPattern(regex: source)
        }
    }

    /// Recognises the patterns with a fast scanner; anything else is compiled with ICU.
    init(regex source: String) throws {
        switch source {
        case SplitPattern.byteLevelRegex: self = .scanner(.r50k)
        case #"\p{N}{1,3}"#: self = .numberRuns(maxRun: 3)
        case #"\p{N}"#: self = .numberRuns(maxRun: 1)
        case #"\p{N}+"#: self = .numberRuns(maxRun: .max)
        case DeepSeekScanner.cjkPattern: self = .rangeRuns(DeepSeekScanner.cjkRanges)
        case DeepSeekScanner.wordsPattern: self = .deepSeekWords
        case Llama3Scanner.llama3Pattern: self = .llama3(maxDigits: 3)
        case Llama3Scanner.qwen2Pattern: self = .llama3(maxDigits: 1)
        default:
            do { self = .regex(try ICURegex(oniguruma: source)) } catch let error as ComponentError {
                throw error.at("Regex")
            }
        }
    }

    /// Calls `body(start, end)` with each match in `text`, left to right, non-overlapping.
    func forEachMatch(
        in text: UnsafeBufferPointer<UInt8>, regexes: inout RegexSession, _ body: (Int, Int) throws -> Void
    ) throws {
        switch self {
        case .literal(let needle):
            guard !needle.isEmpty, text.count >= needle.count else { return }
            let first = needle[0]
            var i = 0
            let last = text.count - needle.count
            outer: while i <= last {
                if text[i] == first {
                    var k = 1
                    while k < needle.count {
                        if text[i + k] != needle[k] {
                            i += 1
                            continue outer
                        }
                        k += 1
                    }
                    try body(i, i + needle.count)
                    i += needle.count
                } else {
                    i += 1
                }
            }
        case .scanner(let pattern):
            try pattern.forEachPiece(utf8: text) { try body($0.lowerBound, $0.upperBound) }
        case .numberRuns(let maxRun):
            guard let p = text.baseAddress else { return }
            let table = CategoryTable.shared
            let n = text.count
            var i = 0
            while i < n {
                let (c, length) = table.classAt(p, i, n)
                guard c == CategoryTable.number else {
                    i += length
                    continue
                }
                let start = i
                var count = 1
                i += length
                while i < n && count < maxRun {
                    let (c2, l2) = table.classAt(p, i, n)
                    guard c2 == CategoryTable.number else { break }
                    i += l2
                    count += 1
                }
                try body(start, i)
            }
        case .rangeRuns(let ranges):
            var i = 0
            var runStart = -1
            while i < text.count {
                let (scalar, length) = ScalarCategory.scalar(text, i)
                let inside = ranges.contains { $0.contains(scalar.value) }
                if inside {
                    if runStart < 0 { runStart = i }
                } else if runStart >= 0 {
                    try body(runStart, i)
                    runStart = -1
                }
                i += length
            }
            if runStart >= 0 { try body(runStart, text.count) }
        case .deepSeekWords:
            guard let p = text.baseAddress else { return }
            let table = CategoryTable.shared
            let n = text.count
            var i = 0
            while i < n {
                if let end = DeepSeekScanner.wordsMatchEnd(table, p, n, i) {
                    try body(i, end)
                    i = end
                } else {
                    i += table.classAt(p, i, n).1
                }
            }
        case .llama3(let maxDigits):
            guard let p = text.baseAddress else { return }
            let table = CategoryTable.shared
            let n = text.count
            var i = 0
            while i < n {
                let end = Llama3Scanner.matchEnd(table, p, n, i, maxDigits: maxDigits)
                try body(i, end)
                i = end
            }
        case .regex(let regex):
            let matcher = try regexes.matcher(for: regex)
            try matcher.forEachMatch(in: text, body)
        }
    }
}

/// The ICU matchers one encode call uses, created on first use and closed at the end of the call.
struct RegexSession: ~Copyable {
    private var entries: [(ObjectIdentifier, ICURegex.Matcher)] = []

    init() {}

    mutating func matcher(for regex: ICURegex) throws -> ICURegex.Matcher {
        let id = ObjectIdentifier(regex)
        for entry in entries where entry.0 == id { return entry.1 }
        let matcher = try regex.makeMatcher()
        entries.append((id, matcher))
        return matcher
    }

    deinit {
        for entry in entries { entry.1.close() }
    }
}

/// Unicode properties of single scalars in UTF-8 text, for the pre-tokenizers that test scalars
/// one at a time (Digits, WhitespaceSplit, single-word added tokens).
enum ScalarCategory {
    /// Decodes the scalar at `i` of valid UTF-8: the scalar and its length.
    @inline(__always)
    static func scalar(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int) {
        let b0 = text[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        var value: UInt32
        var length: Int
        if b0 < 0xE0 {
            value = UInt32(b0 & 0x1F); length = 2
        } else if b0 < 0xF0 {
            value = UInt32(b0 & 0x0F); length = 3
        } else {
            value = UInt32(b0 & 0x07); length = 4
        }
        guard i + length <= text.count else { return (Unicode.Scalar(0xFFFD)!, 1) }
        for k in 1..<length { value = value << 6 | UInt32(text[i + k] & 0x3F) }
        return (Unicode.Scalar(value) ?? Unicode.Scalar(0xFFFD)!, length)
    }

    /// `\p{N}` (Rust's `char::is_numeric`: general category Nd, Nl or No), Unicode 16.0.
    @inline(__always)
    static func isNumber(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Bool, Int) {
        let (c, length) = CategoryTable.shared.classAt(text.baseAddress!, i, text.count)
        return (c == CategoryTable.number, length)
    }

    /// Rust's `char::is_whitespace` (Unicode White_Space).
    @inline(__always)
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return s == " " || (s.value >= 0x09 && s.value <= 0x0D) }
        return s.properties.isWhitespace
    }

    /// Rust regex's `\w`: Alphabetic, Mark, Decimal_Number, Connector_Punctuation, Join_Control.
    static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
        let p = s.properties
        if p.isAlphabetic || p.isJoinControl { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }
}
