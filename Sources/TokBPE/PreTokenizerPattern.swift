import CTokCategories

/// The pre-tokenizer patterns of the OpenAI encodings, each run by a hand-written scanner over UTF-8
/// that produces exactly the pieces tiktoken's regular expression produces.
///
/// Pre-tokenization splits text into pieces (roughly words, numbers, punctuation runs and whitespace
/// runs); byte-pair merges then happen only inside a piece.
public enum PreTokenizerPattern: String, CaseIterable, Sendable, Codable {
    /// GPT-2's pattern, used by `gpt2`, `r50k_base`, `p50k_base` and `p50k_edit`.
    case r50k
    /// The pattern of `cl100k_base` (GPT-4, GPT-3.5-turbo).
    case cl100k
    /// The pattern of `o200k_base` (GPT-4o, GPT-4.1, o-series, GPT-5).
    case o200k

    /// Accepts the names users type: `r50k`, `gpt2`, `p50k`, `cl100k`, `o200k`, with or without `_base`.
    public init?(name: String) {
        var key = name.lowercased()
        if key.hasSuffix("_base") { key.removeLast(5) }
        switch key {
        case "r50k", "gpt2", "gpt-2", "p50k", "p50k_edit": self = .r50k
        case "cl100k": self = .cl100k
        case "o200k", "o200k_harmony": self = .o200k
        default: return nil
        }
    }

    /// The regular expression this scanner implements, exactly as tiktoken defines it.
    public var regex: String {
        switch self {
        case .r50k:
            return #"'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"#
        case .cl100k:
            return #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"#
        case .o200k:
            return [
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
                #"\p{N}{1,3}"#,
                #" ?[^\s\p{L}\p{N}]+[\r\n/]*"#,
                #"\s*[\r\n]+"#,
                #"\s+(?!\S)"#,
                #"\s+"#,
            ].joined(separator: "|")
        }
    }

    /// Splits UTF-8 text into pieces, returned as byte ranges that cover the input in order.
    ///
    /// This is the pre-tokenizer on its own, for inspection and tests; the encoder runs the same
    /// scanner without building this array.
    public func pieces(utf8 bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in forEachPiece(utf8: buffer) { result.append($0) } }
        return result
    }

    /// Calls `body` with the byte range of each piece of `buffer`, in order, without allocating.
    /// The bytes should be valid UTF-8 (invalid bytes are taken one at a time as punctuation).
    @inlinable
    public func forEachPiece(utf8 buffer: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) throws -> Void) rethrows {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        let text = ClassifiedBytes(base: base, count: buffer.count)
        switch self {
        case .r50k: try PreTokenizerPattern.walk(R50kScanner.self, text, body)
        case .cl100k: try PreTokenizerPattern.walk(BlockPieceWalker<Cl100kScanner>.self, text, body)
        case .o200k: try PreTokenizerPattern.walk(BlockPieceWalker<O200kScanner>.self, text, body)
        }
    }

    /// The pieces as the scanner finds them one at a time, never 64 bytes at a time from bit masks as
    /// ``forEachPiece(utf8:_:)`` does for cl100k_base and o200k_base: the reference that tests hold
    /// the block scanners to.
    package func piecesOneAtATime(utf8 bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
            let text = ClassifiedBytes(base: base, count: buffer.count)
            var start = 0
            while start < text.count {
                let end = pieceEnd(text, start)
                result.append(start..<end)
                start = end
            }
        }
        return result
    }

    /// Calls `body` with each piece of `text` as `Scanner` finds them, one at a time.
    @inlinable
    static func walk<Scanner: PieceScanner>(
        _ scanner: Scanner.Type, _ text: ClassifiedBytes, _ body: (Range<Int>) throws -> Void
    ) rethrows {
        var start = 0
        while start < text.count {
            let end = Scanner.pieceEnd(text, start)
            try body(start..<end)
            start = end
        }
    }

    /// Calls `body` with each piece of `text` as a ``BlockPieceWalker`` hands them out (64 bytes of
    /// starts at a time where the text allows, else `Scanner` one piece at a time).
    @inlinable
    static func walk<Scanner: PieceScanner>(
        _ walker: BlockPieceWalker<Scanner>.Type, _ text: ClassifiedBytes, _ body: (Range<Int>) throws -> Void
    ) rethrows {
        var walker = BlockPieceWalker<Scanner>()
        var start = 0
        while start < text.count {
            let end = walker.pieceEnd(text, from: start)
            try body(start..<end)
            start = end
        }
    }

    /// Splits a string into its pre-tokenizer pieces.
    public func pieces(_ text: String) -> [Substring] {
        let bytes = Array(text.utf8)
        return pieces(utf8: bytes).map { range in
            let utf8 = text.utf8
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            let upper = utf8.index(lower, offsetBy: range.count)
            return text[lower..<upper]
        }
    }

    @inlinable
    func pieceEnd(_ text: ClassifiedBytes, _ start: Int) -> Int {
        switch self {
        case .r50k: return R50kScanner.pieceEnd(text, start)
        case .cl100k: return Cl100kScanner.pieceEnd(text, start)
        case .o200k: return O200kScanner.pieceEnd(text, start)
        }
    }
}

/// A pre-tokenizer: given text and the start of a piece, the end of that piece (always > start).
@usableFromInline
protocol PieceScanner {
    static func pieceEnd(_ text: ClassifiedBytes, _ start: Int) -> Int
    /// Whether ``blockStarts(_:_:_:)`` finds piece starts 64 bytes at a time.
    static var hasBlockStarts: Bool { get }
    /// The piece starts in the 64 bytes at `p`, where a piece starts, as `tok_cl100k_piece_starts`
    /// gives them (bit k: a piece starts at `p + k`; `trusted`: how far they are settled; `unclassifiedAt`:
    /// the first byte the block's masks do not classify, 64 if none). 80 bytes must be readable from `p`.
    static func blockStarts(_ p: UnsafePointer<UInt8>, _ trusted: inout Int64, _ unclassifiedAt: inout Int64) -> UInt64
}

extension PieceScanner {
    @inlinable static var hasBlockStarts: Bool { false }
    @inlinable static func blockStarts(_ p: UnsafePointer<UInt8>, _ trusted: inout Int64, _ unclassifiedAt: inout Int64) -> UInt64 {
        trusted = 0
        unclassifiedAt = 0
        return 0
    }
}

extension ClassifiedBytes {
    /// The end of an English contraction (`'s`, `'d`, `'m`, `'t`, `'ll`, `'ve`, `'re`) starting at the
    /// apostrophe at `i`, or `nil`. With `ignoringCase`, letters match as Unicode simple case folding
    /// does in Rust's `regex` crate: `S`, and U+017F LATIN SMALL LETTER LONG S for `s`.
    @inlinable @inline(__always)
    func contractionEnd(at i: Int, ignoringCase: Bool) -> Int? {
        guard i + 1 < count, base[i] == UInt8(ascii: "'") else { return nil }
        var c1 = base[i + 1]
        if ignoringCase {
            if c1 == 0xC5 && i + 2 < count && base[i + 2] == 0xBF { return i + 3 }  // ſ
            c1 |= 0x20
        }
        switch c1 {
        case UInt8(ascii: "s"), UInt8(ascii: "d"), UInt8(ascii: "m"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "l"), UInt8(ascii: "v"), UInt8(ascii: "r"):
            guard i + 2 < count else { return nil }
            var c2 = base[i + 2]
            if ignoringCase { c2 |= 0x20 }
            let want: UInt8 = c1 == UInt8(ascii: "l") ? UInt8(ascii: "l") : UInt8(ascii: "e")
            return c2 == want ? i + 3 : nil
        default:
            return nil
        }
    }

    /// cl100k's `[^\r\n\p{L}\p{N}]?+\p{L}++` on ASCII text: an optional ASCII prefix and `[A-Za-z]+`
    /// followed by ASCII (or the end); `nil` sends the general scanner in. Not for a `'` that starts a
    /// contraction (the contraction alternative comes first).
    @inlinable @inline(__always)
    func asciiLetterRunEnd(at i: Int) -> Int? {
        let b0 = base[i]
        guard b0 < 0x80, b0 != UInt8(ascii: "'") else { return nil }
        let cls = asciiClasses[Int(b0)]
        var j: Int
        if cls == CharClass.upper || cls == CharClass.lower {
            j = i &+ 1
        } else if (cls == CharClass.other || cls == CharClass.space) && i + 1 < count && (base[i + 1] | 0x20) &- 0x61 < 26 {
            j = i &+ 2
        } else {
            return nil
        }
        j = asciiRunEnd(from: j, lo: 0x61, span: 26, foldCase: true)  // A-Z, a-z
        guard j == count || base[j] < 0x80 else { return nil }
        return j
    }

    /// ` ?[^\s\p{L}\p{N}]+` followed by CR/LF (and `/` when `slashToo`) on ASCII text, for the pieces
    /// where no letter alternative can match: a space before ASCII punctuation, or ASCII punctuation
    /// not followed by a letter. `nil` (the general scanner decides) when the run meets non-ASCII text,
    /// which could be more punctuation or a mark.
    @inlinable @inline(__always)
    func asciiPunctuationEnd(at i: Int, slashToo: Bool) -> Int? {
        let b0 = base[i]
        var j: Int
        if b0 == 0x20 {
            guard i + 1 < count, base[i + 1] < 0x80, asciiClasses[Int(base[i + 1])] == CharClass.other else { return nil }
            j = i &+ 2
        } else {
            guard b0 < 0x80, asciiClasses[Int(b0)] == CharClass.other else { return nil }
            if i + 1 < count {
                let b1 = base[i + 1]
                guard b1 < 0x80, (b1 | 0x20) &- 0x61 >= 26 else { return nil }  // not a letter start
            }
            j = i &+ 1
        }
        while j < count {
            let b = base[j]
            if b >= 0x80 { return nil }
            if asciiClasses[Int(b)] != CharClass.other { break }
            j &+= 1
        }
        while j < count && (base[j] == 0x0A || base[j] == 0x0D || (slashToo && base[j] == UInt8(ascii: "/"))) { j &+= 1 }
        return j
    }

    /// The end of up to `extra` more `\p{N}` scalars from `j` (the `{1,3}` of cl100k and o200k).
    @inlinable @inline(__always)
    func numberRunEnd(from j: Int, upTo extra: Int) -> Int {
        var j = j
        for _ in 0..<extra {
            guard j < count else { break }
            let next = classAt(j)
            guard next.cls == CharClass.number else { break }
            j += next.length
        }
        return j
    }

    /// ` ?[^\s\p{L}\p{N}]+` at `i` (whose class bit is `bit`) followed by any CR/LF (and `/` when
    /// `slashToo`, as o200k has it), or `nil` if no punctuation starts at `i` or after its space.
    @inlinable @inline(__always)
    func punctuationEnd(at i: Int, bit: UInt8, slashToo: Bool) -> Int? {
        let start: Int
        if bit & CharClass.punctuationSet != 0 {
            start = i
        } else if base[i] == UInt8(ascii: " ") && isIn(CharClass.punctuationSet, at: i + 1) {
            start = i + 1
        } else {
            return nil
        }
        var j = runEnd(of: CharClass.punctuationSet, from: start)
        while j < count && (base[j] == 0x0A || base[j] == 0x0D || (slashToo && base[j] == UInt8(ascii: "/"))) { j += 1 }
        return j
    }

    /// Scans a whitespace run starting at `i`: its end, the start of its last scalar, and the end of
    /// its last CR or LF (or `nil` if it has none).
    @inlinable @inline(__always)
    func whitespaceRun(from i: Int) -> (end: Int, lastStart: Int, lastNewlineEnd: Int?) {
        var j = i
        var lastStart = i
        var lastNewlineEnd: Int? = nil
        while j < count {
            let (cls, length) = classAt(j)
            if cls == CharClass.newline {
                lastNewlineEnd = j + 1
            } else if cls != CharClass.space {
                break
            }
            lastStart = j
            j += length
        }
        return (j, lastStart, lastNewlineEnd)
    }
}

/// `'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s`
@usableFromInline
enum R50kScanner: PieceScanner {
    @inlinable
    static func pieceEnd(_ t: ClassifiedBytes, _ i: Int) -> Int {
        if let end = t.contractionEnd(at: i, ignoringCase: false) { return end }
        var (cls, length) = t.classAt(i)
        var s = i
        if t[i] == UInt8(ascii: " ") && i + 1 < t.count {
            let next = t.classAt(i + 1)
            if next.cls != CharClass.space && next.cls != CharClass.newline {
                s = i + 1
                (cls, length) = next
            }
        }
        let bit: UInt8 = 1 << cls
        if bit & CharClass.letterSet != 0 { return t.runEnd(of: CharClass.letterSet, from: s + length) }
        if cls == CharClass.number { return t.runEnd(of: 1 << CharClass.number, from: s + length) }
        if bit & CharClass.punctuationSet != 0 {
            return t.runEnd(of: CharClass.punctuationSet, from: s + length)
        }
        // Whitespace: \s++$ | \s+(?!\S) | \s
        let run = t.whitespaceRun(from: i)
        if run.end == t.count { return run.end }
        if run.lastStart > i { return run.lastStart }
        return i + length
    }
}

/// `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`
@usableFromInline
enum Cl100kScanner: PieceScanner {
    @inlinable static var hasBlockStarts: Bool { true }
    @inlinable @inline(__always)
    static func blockStarts(_ p: UnsafePointer<UInt8>, _ trusted: inout Int64, _ unclassifiedAt: inout Int64) -> UInt64 {
        tok_cl100k_piece_starts(p, &trusted, &unclassifiedAt)
    }

    /// The common case (an ASCII word) inline in the encoder's loop; the rest out of line.
    @inlinable @inline(__always)
    static func pieceEnd(_ t: ClassifiedBytes, _ i: Int) -> Int {
        if let end = t.asciiLetterRunEnd(at: i) { return end }
        return generalPieceEnd(t, i)
    }

    @usableFromInline @inline(never)
    static func generalPieceEnd(_ t: ClassifiedBytes, _ i: Int) -> Int {
        if let end = t.contractionEnd(at: i, ignoringCase: true) { return end }
        if let end = t.asciiPunctuationEnd(at: i, slashToo: false) { return end }
        let (cls, length) = t.classAt(i)
        let bit: UInt8 = 1 << cls
        // [^\r\n\p{L}\p{N}]?+\p{L}++
        if bit & CharClass.letterSet != 0 { return t.runEnd(of: CharClass.letterSet, from: i + length) }
        if bit & CharClass.prefixSet != 0 && i + length < t.count {
            // The letter after the prefix is decoded once: the run goes on after it.
            let next = t.classAt(i + length)
            if (1 << next.cls) & CharClass.letterSet != 0 {
                return t.runEnd(of: CharClass.letterSet, from: i + length + next.length)
            }
        }
        // \p{N}{1,3}+
        if cls == CharClass.number { return t.numberRunEnd(from: i + length, upTo: 2) }
        //  ?[^\s\p{L}\p{N}]++[\r\n]*+
        if let end = t.punctuationEnd(at: i, bit: bit, slashToo: false) { return end }
        // \s++$ | \s*[\r\n] | \s+(?!\S) | \s
        let run = t.whitespaceRun(from: i)
        if run.end == t.count { return run.end }
        if let newlineEnd = run.lastNewlineEnd { return newlineEnd }
        if run.lastStart > i { return run.lastStart }
        return i + length
    }
}

/// o200k_base's pattern (see ``PreTokenizerPattern/regex``): letter runs split at case changes, with
/// marks, an optional leading non-letter, and an optional trailing contraction.
@usableFromInline
enum O200kScanner: PieceScanner {
    @inlinable static var hasBlockStarts: Bool { true }
    @inlinable @inline(__always)
    static func blockStarts(_ p: UnsafePointer<UInt8>, _ trusted: inout Int64, _ unclassifiedAt: inout Int64) -> UInt64 {
        tok_o200k_piece_starts(p, &trusted, &unclassifiedAt)
    }

    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+` from `s`, as a backtracking
    /// engine resolves it: the longest upper-set run that still leaves one lower-set scalar, then the
    /// longest lower-set run.
    @inlinable @inline(__always)
    static func lowerTail(_ t: ClassifiedBytes, _ s: Int) -> Int? {
        var j = s
        var lastCommonEnd = -1
        while j < t.count {
            let (cls, length) = t.classAt(j)
            let bit: UInt8 = 1 << cls
            if bit & CharClass.upperSet == 0 {
                if cls == CharClass.lower { return t.runEnd(of: CharClass.lowerSet, from: j + length) }
                break
            }
            if bit & CharClass.commonSet != 0 { lastCommonEnd = j + length }
            j += length
        }
        return lastCommonEnd >= 0 ? lastCommonEnd : nil
    }

    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*` from `s`.
    @inlinable @inline(__always)
    static func upperHead(_ t: ClassifiedBytes, _ s: Int) -> Int? {
        let j = t.runEnd(of: CharClass.upperSet, from: s)
        guard j > s else { return nil }
        return t.runEnd(of: CharClass.lowerSet, from: j)
    }

    /// The letter alternatives on ASCII text: an optional ASCII prefix, `[A-Z]*[a-z]+` or `[A-Z]+`, when
    /// the run is followed by ASCII (or the end), so that no non-ASCII letter or mark could extend it;
    /// `nil` sends the general scanner in.
    @inlinable @inline(__always)
    static func asciiLetters(_ t: ClassifiedBytes, _ i: Int) -> Int? {
        let b0 = t[i]
        guard b0 < 0x80 else { return nil }
        let cls = t.asciiClasses[Int(b0)]
        let s: Int
        if cls == CharClass.upper || cls == CharClass.lower {
            s = i
        } else if cls == CharClass.other || cls == CharClass.space {
            s = i + 1
        } else {
            return nil
        }
        #if arch(x86_64)
        if s &+ 16 <= t.count {
            // Not an ASCII word (text in other scripts after a space): no masks needed.
            if t[s] >= 0x80 { return nil }
            // The word's end from the bit masks of the 16 bytes at s, with no loop over its letters.
            let masks = tok_ascii_case_masks(t.base + s)
            let capitals = UInt32(truncatingIfNeeded: masks) & 0xFFFF
            let smalls = UInt32(truncatingIfNeeded: masks &>> 16) & 0xFFFF
            let u = (~capitals).trailingZeroBitCount  // [A-Z]* ends at s + u (u ≤ 16)
            let l = (~smalls & (UInt32.max &<< UInt32(truncatingIfNeeded: u))).trailingZeroBitCount  // then [a-z]*
            let end = max(u, l)  // [A-Z]*[a-z]+ when l > u, else [A-Z]+ when u > 0
            if end == 0 { return nil }
            if end < 16 {
                // Followed by ASCII: no non-ASCII letter or mark can extend the run.
                guard (masks &>> UInt64(truncatingIfNeeded: 32 &+ end)) & 1 == 0 else { return nil }
                return t.contractionEnd(at: s &+ end, ignoringCase: true) ?? s &+ end
            }
            // The run reaches the end of the 16 bytes: the loop below finds where it ends.
        }
        #endif
        let u = t.asciiRunEnd(from: s, lo: 0x41, span: 26, foldCase: false)  // A-Z
        if u < t.count && t[u] &- 0x61 < 26 {  // a-z
            let l = t.asciiRunEnd(from: u &+ 1, lo: 0x61, span: 26, foldCase: false)
            guard l == t.count || t[l] < 0x80 else { return nil }
            return t.contractionEnd(at: l, ignoringCase: true) ?? l
        }
        guard u > s && (u == t.count || t[u] < 0x80) else { return nil }
        return t.contractionEnd(at: u, ignoringCase: true) ?? u
    }

    /// The common case (an ASCII word) inline in the encoder's loop; the rest out of line.
    @inlinable @inline(__always)
    static func pieceEnd(_ t: ClassifiedBytes, _ i: Int) -> Int {
        if let end = asciiLetters(t, i) { return end }
        return generalPieceEnd(t, i)
    }

    @usableFromInline @inline(never)
    static func generalPieceEnd(_ t: ClassifiedBytes, _ i: Int) -> Int {
        if let end = t.asciiPunctuationEnd(at: i, slashToo: true) { return end }
        let (cls, length) = t.classAt(i)
        let bit: UInt8 = 1 << cls
        // The two letter alternatives, each with an optional [^\r\n\p{L}\p{N}] prefix tried first.
        var letters: Int? = nil
        if bit & CharClass.letterSet != 0 {
            letters = lowerTail(t, i) ?? upperHead(t, i)
        } else if bit & CharClass.prefixSet != 0 {
            let isMark = cls == CharClass.mark
            letters = lowerTail(t, i + length) ?? (isMark ? lowerTail(t, i) : nil)
                ?? upperHead(t, i + length) ?? (isMark ? upperHead(t, i) : nil)
        }
        if let end = letters {
            return t.contractionEnd(at: end, ignoringCase: true) ?? end
        }
        // \p{N}{1,3}
        if cls == CharClass.number { return t.numberRunEnd(from: i + length, upTo: 2) }
        //  ?[^\s\p{L}\p{N}]+[\r\n/]*
        if let end = t.punctuationEnd(at: i, bit: bit, slashToo: true) { return end }
        // \s*[\r\n]+ | \s+(?!\S) | \s+
        let run = t.whitespaceRun(from: i)
        if let newlineEnd = run.lastNewlineEnd { return newlineEnd }
        if run.end == t.count { return run.end }
        if run.lastStart > i { return run.lastStart }
        return i + length
    }
}
