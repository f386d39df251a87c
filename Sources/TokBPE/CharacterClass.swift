import CTokCategories

/// The character classes that the pre-tokenizer patterns distinguish, from a generated Unicode 16.0
/// table (the Unicode version of the `regex` crate that tiktoken runs on).
///
/// `\p{L}` is ``upper``, ``lower`` or ``otherLetter``; `\p{M}` is ``mark``; `\p{N}` is ``number``;
/// `\s` (Unicode White_Space) is ``space`` or ``newline``.
@usableFromInline
enum CharClass {
    @usableFromInline static let other: UInt8 = 0
    @usableFromInline static let upper: UInt8 = 1
    @usableFromInline static let lower: UInt8 = 2
    @usableFromInline static let otherLetter: UInt8 = 3
    @usableFromInline static let mark: UInt8 = 4
    @usableFromInline static let number: UInt8 = 5
    @usableFromInline static let space: UInt8 = 6
    @usableFromInline static let newline: UInt8 = 7
    /// Not a class: what ``ClassifiedBytes/asciiClasses`` holds where no three-byte sequence is well-formed.
    @usableFromInline static let notThreeByte = UInt8(TOK_CLASS_NOT_THREE_BYTE)

    /// Bit sets over the classes, for `(1 << class) & set != 0` tests.
    @usableFromInline static let letterSet: UInt8 = 1 << 1 | 1 << 2 | 1 << 3
    @usableFromInline static let whitespaceSet: UInt8 = 1 << 6 | 1 << 7
    /// `[^\s\p{L}\p{N}]`: other and mark.
    @usableFromInline static let punctuationSet: UInt8 = 1 << 0 | 1 << 4
    /// `[^\r\n\p{L}\p{N}]`: other, mark and whitespace other than CR/LF.
    @usableFromInline static let prefixSet: UInt8 = 1 << 0 | 1 << 4 | 1 << 6
    /// o200k's `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    @usableFromInline static let upperSet: UInt8 = 1 << 1 | 1 << 3 | 1 << 4
    /// o200k's `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    @usableFromInline static let lowerSet: UInt8 = 1 << 2 | 1 << 3 | 1 << 4
    /// The classes in both of o200k's sets: `\p{Lm}`, `\p{Lo}` and `\p{M}`.
    @usableFromInline static let commonSet: UInt8 = 1 << 3 | 1 << 4

}

/// A read-only view of UTF-8 bytes that decodes one scalar at a time and classifies it.
///
/// Bytes that do not form valid UTF-8 are taken one at a time as ``CharClass/other`` (the public API
/// validates text first; this keeps the scanners total on any input).
@usableFromInline
struct ClassifiedBytes {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let count: Int
    /// `asciiClasses[byte]` is the class of an ASCII byte; `asciiClasses[scalar - 0x10000]` that of a
    /// scalar encoded in three bytes (``tok_byte_classes()``).
    @usableFromInline let asciiClasses: UnsafePointer<UInt8>

    @inlinable
    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
        self.asciiClasses = tok_byte_classes()
    }

    @inlinable @inline(__always)
    subscript(_ i: Int) -> UInt8 { base[i] }

    /// The class and byte length of the scalar starting at `i` (`i < count`).
    @inlinable @inline(__always)
    func classAt(_ i: Int) -> (cls: UInt8, length: Int) {
        let b0 = base[i]
        if b0 < 0x80 { return (asciiClasses[Int(b0)], 1) }
        return decodeNonASCII(i, b0)
    }

    /// ``classAt(_:)`` for a lead byte of 0x80 or more: the class and length of a well-formed UTF-8
    /// sequence, or ``CharClass/other`` and 1 for a byte that does not start one.
    @inlinable @inline(__always)
    func decodeNonASCII(_ i: Int, _ b0: UInt8) -> (cls: UInt8, length: Int) {
        let remaining = count &- i
        if b0 & 0xF0 == 0xE0 {
            // Three bytes (U+0800 ... U+FFFF: the Indic scripts, CJK) first. Both continuation bytes
            // are tested at once; the class is one load from the table of all such scalars, where
            // overlong forms and surrogates read TOK_CLASS_NOT_THREE_BYTE (the same sequences as the
            // byte ranges E0 A0..BF and ED 80..9F allow).
            guard remaining >= 3 else { return (CharClass.other, 1) }
            let b1 = base[i &+ 1], b2 = base[i &+ 2]
            let continuations = (b1 ^ 0x80) | (b2 ^ 0x80)
            guard continuations < 0x40 else { return (CharClass.other, 1) }
            let cls = asciiClasses[(Int(b0 & 0x0F) &<< 12 | Int(b1 & 0x3F) &<< 6 | Int(b2 & 0x3F)) &- 0x10000]
            guard cls != CharClass.notThreeByte else { return (CharClass.other, 1) }
            return (cls, 3)
        }
        if b0 >= 0xC2 && b0 <= 0xDF {
            guard remaining >= 2 else { return (CharClass.other, 1) }
            let b1 = base[i &+ 1]
            guard b1 & 0xC0 == 0x80 else { return (CharClass.other, 1) }
            let scalar = UInt32(b0 & 0x1F) << 6 | UInt32(b1 & 0x3F)
            return (tok_category(scalar), 2)
        }
        if b0 >= 0xF0 && b0 <= 0xF4 {
            guard remaining >= 4 else { return (CharClass.other, 1) }
            let b1 = base[i &+ 1], b2 = base[i &+ 2], b3 = base[i &+ 3]
            let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
            let hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            guard b1 >= lo && b1 <= hi && b2 & 0xC0 == 0x80 && b3 & 0xC0 == 0x80 else {
                return (CharClass.other, 1)
            }
            let scalar = UInt32(b0 & 0x07) << 18 | UInt32(b1 & 0x3F) << 12 | UInt32(b2 & 0x3F) << 6
                | UInt32(b3 & 0x3F)
            return (tok_category(scalar), 4)
        }
        return (CharClass.other, 1)
    }

    /// The end of the run, from `j`, of ASCII bytes in `lo ..< lo + span` (compared after OR-ing 0x20
    /// when `foldCase`), eight bytes at a time: one well-predicted branch per word instead of one
    /// per letter. Reads only inside the buffer.
    @inlinable @inline(__always)
    func asciiRunEnd(from j: Int, lo: UInt8, span: UInt8, foldCase: Bool) -> Int {
        var j = j
        let raw = UnsafeRawPointer(base)
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        let addLow = UInt64(0x80 &- lo) &* ones  // high bit set where byte >= lo
        let addHigh = UInt64(0x80 &- (lo &+ span)) &* ones  // high bit set where byte >= lo + span
        while j &+ 8 <= count {
            var word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: j, as: UInt64.self))
            let nonASCII = word & high
            if foldCase { word |= 0x2020_2020_2020_2020 }
            word &= ~high
            let inRange = ((word &+ addLow) & ~(word &+ addHigh)) & high & ~nonASCII
            let outside = ~inRange & high
            if outside != 0 { return j &+ outside.trailingZeroBitCount / 8 }
            j &+= 8
        }
        while j < count {
            let b = base[j]
            if b >= 0x80 || (foldCase ? b | 0x20 : b) &- lo >= span { break }
            j &+= 1
        }
        return j
    }

    /// `true` if the class of the scalar at `i` is in `set` (false at the end).
    @inlinable @inline(__always)
    func isIn(_ set: UInt8, at i: Int) -> Bool {
        i < count && (1 << classAt(i).cls) & set != 0
    }

    /// The end of the run of scalars whose class is in `set`, starting at `i`.
    @inlinable @inline(__always)
    func runEnd(of set: UInt8, from i: Int) -> Int {
        var j = i
        while j < count {
            let b = base[j]
            if b < 0x80 {
                // ASCII: one table load, no decoding.
                if (1 &<< asciiClasses[Int(b)]) & set == 0 { return j }
                j &+= 1
                continue
            }
            let (cls, length) = decodeNonASCII(j, b)
            if (1 &<< cls) & set == 0 { break }
            j &+= length
        }
        return j
    }
}
