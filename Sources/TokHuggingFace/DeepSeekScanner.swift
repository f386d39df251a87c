/// Hand-written scanners for the Split patterns of DeepSeek-V3's `tokenizer.json` (also used by
/// DeepSeek-V2/R1 and other DeepSeek models), giving exactly Oniguruma's matches on Unicode 16.0.
enum DeepSeekScanner {
    /// `[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
    static let wordsPattern =
        "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"
    /// `[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+` (CJK ideographs, hiragana, katakana).
    static let cjkPattern = "[\u{4e00}-\u{9fa5}\u{3040}-\u{309f}\u{30a0}-\u{30ff}]+"
    static let cjkRanges: [ClosedRange<UInt32>] = [0x4E00...0x9FA5, 0x3040...0x309F, 0x30A0...0x30FF]

    private static let letterOrMark: UInt8 = 1 << CategoryTable.letter | 1 << CategoryTable.mark
    private static let punctOrSymbol: UInt8 = 1 << CategoryTable.punctuation | 1 << CategoryTable.symbol
    /// `[^\r\n\p{L}\p{P}\p{S}]`: other, mark, number, White_Space other than CR/LF.
    private static let prefix: UInt8 = 1 << CategoryTable.other | 1 << CategoryTable.mark | 1 << CategoryTable.number
        | 1 << CategoryTable.space

    @inline(__always)
    private static func isASCIIPunct(_ b: UInt8) -> Bool {
        (b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E)
    }

    @inline(__always)
    private static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    @inline(__always)
    private static func runEnd(_ t: CategoryTable, _ p: UnsafePointer<UInt8>, _ n: Int, _ set: UInt8, from i: Int) -> Int {
        var j = i
        while j < n {
            let (c, l) = t.classAt(p, j, n)
            if (1 << c) & set == 0 { break }
            j += l
        }
        return j
    }

    /// The end of the match of ``wordsPattern`` starting at `i`, or `nil` if none starts there.
    @inline(__always)
    static func wordsMatchEnd(_ t: CategoryTable, _ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> Int? {
        let b0 = p[i]
        if isASCIIPunct(b0) && i + 1 < n && isASCIILetter(p[i + 1]) {
            var j = i + 2
            while j < n && isASCIILetter(p[j]) { j += 1 }
            return j
        }
        let (c0, l0) = t.classAt(p, i, n)
        let bit0: UInt8 = 1 << c0
        if bit0 & prefix != 0 && i + l0 < n && (1 << t.classAt(p, i + l0, n).0) & letterOrMark != 0 {
            return runEnd(t, p, n, letterOrMark, from: i + l0)
        }
        if bit0 & letterOrMark != 0 { return runEnd(t, p, n, letterOrMark, from: i + l0) }
        var start = -1
        if bit0 & punctOrSymbol != 0 {
            start = i
        } else if b0 == 0x20 && i + 1 < n && (1 << t.classAt(p, i + 1, n).0) & punctOrSymbol != 0 {
            start = i + 1
        }
        if start >= 0 {
            var j = runEnd(t, p, n, punctOrSymbol, from: start)
            while j < n && (p[j] == 0x0A || p[j] == 0x0D) { j += 1 }
            return j
        }
        guard c0 == CategoryTable.space || c0 == CategoryTable.newline else { return nil }
        return t.whitespaceAlternativesEnd(p, i, n, firstLength: l0)
    }
}
