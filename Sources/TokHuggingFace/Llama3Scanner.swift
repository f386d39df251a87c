/// A hand-written scanner for the Split pattern of Llama 3 (and, with one digit per match, Qwen2 /
/// Qwen2.5 / Qwen3), giving exactly Oniguruma's matches on Unicode 16.0:
///
/// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
enum Llama3Scanner {
    /// Llama 3's pattern (`\p{N}{1,3}`).
    static let llama3Pattern =
        "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"
    /// Qwen2's pattern (`\p{N}`).
    static let qwen2Pattern =
        "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"

    private static let letter: UInt8 = 1 << CategoryTable.letter
    /// `[^\s\p{L}\p{N}]`: other, mark, punctuation, symbol.
    private static let punct: UInt8 = 1 << CategoryTable.other | 1 << CategoryTable.mark
        | 1 << CategoryTable.punctuation | 1 << CategoryTable.symbol
    /// `[^\r\n\p{L}\p{N}]`: the above and White_Space other than CR/LF.
    private static let prefix: UInt8 = punct | 1 << CategoryTable.space

    /// The end of a case-insensitive contraction at the apostrophe at `i` (Oniguruma folds `ſ` to `s`).
    @inline(__always)
    private static func contractionEnd(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> Int? {
        guard p[i] == UInt8(ascii: "'"), i + 1 < n else { return nil }
        let c1 = p[i + 1] | 0x20
        switch c1 {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return p[i + 1] < 0x80 ? i + 2 : nil
        case UInt8(ascii: "r"), UInt8(ascii: "v"), UInt8(ascii: "l"):
            guard i + 2 < n else { return nil }
            let want: UInt8 = c1 == UInt8(ascii: "l") ? UInt8(ascii: "l") : UInt8(ascii: "e")
            return p[i + 2] | 0x20 == want ? i + 3 : nil
        default:
            if p[i + 1] == 0xC5 && i + 2 < n && p[i + 2] == 0xBF { return i + 3 }  // ſ
            return nil
        }
    }

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

    /// The end of the match starting at `i` (this pattern matches at every position).
    @inline(__always)
    static func matchEnd(_ t: CategoryTable, _ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, maxDigits: Int) -> Int {
        if let end = contractionEnd(p, n, i) { return end }
        let (c0, l0) = t.classAt(p, i, n)
        let bit0: UInt8 = 1 << c0
        if bit0 & letter != 0 { return runEnd(t, p, n, letter, from: i + l0) }
        if bit0 & prefix != 0 && i + l0 < n && t.classAt(p, i + l0, n).0 == CategoryTable.letter {
            return runEnd(t, p, n, letter, from: i + l0)
        }
        if c0 == CategoryTable.number {
            var j = i + l0
            var count = 1
            while j < n && count < maxDigits {
                let (c, l) = t.classAt(p, j, n)
                guard c == CategoryTable.number else { break }
                j += l
                count += 1
            }
            return j
        }
        var start = -1
        if bit0 & punct != 0 {
            start = i
        } else if p[i] == 0x20 && i + 1 < n && (1 << t.classAt(p, i + 1, n).0) & punct != 0 {
            start = i + 1
        }
        if start >= 0 {
            var j = runEnd(t, p, n, punct, from: start)
            while j < n && (p[j] == 0x0A || p[j] == 0x0D) { j += 1 }
            return j
        }
        return t.whitespaceAlternativesEnd(p, i, n, firstLength: l0)
    }
}
