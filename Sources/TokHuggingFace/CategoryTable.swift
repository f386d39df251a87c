import CTokCategories
import Foundation

/// The Unicode 16.0 classes the hand-written Split scanners need (the Unicode version of
/// `tokenizers`' Oniguruma): the general-class table of `CTokCategories`, which the encoder's
/// pre-tokenizer table shares its block index with (`Sources/CTokCategories/generate_categories.py`).
struct CategoryTable: Sendable {
    static let other = UInt8(TOK_GENERAL_OTHER)
    static let letter = UInt8(TOK_GENERAL_LETTER)
    static let mark = UInt8(TOK_GENERAL_MARK)
    static let number = UInt8(TOK_GENERAL_NUMBER)
    static let punctuation = UInt8(TOK_GENERAL_PUNCTUATION)
    static let symbol = UInt8(TOK_GENERAL_SYMBOL)
    static let space = UInt8(TOK_GENERAL_SPACE)
    static let newline = UInt8(TOK_GENERAL_NEWLINE)

    /// The table (a view of constant C data; it holds no state).
    static let shared = CategoryTable()

    /// Set in a table entry for a code point assigned in Unicode 16.0.
    static let assignedFlag = UInt8(TOK_GENERAL_ASSIGNED)

    /// The class of a scalar value.
    @inline(__always)
    func classOf(_ scalar: UInt32) -> UInt8 {
        tok_general_category(scalar) & 0x7F
    }

    /// `true` if the code point is assigned in Unicode 16.0.
    @inline(__always)
    func isAssigned(_ scalar: UInt32) -> Bool {
        tok_general_category(scalar) & CategoryTable.assignedFlag != 0
    }

    /// The class and byte length of the scalar at `i` of valid UTF-8.
    @inline(__always)
    func classAt(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (UInt8, Int) {
        let b0 = p[i]
        if b0 < 0x80 { return (classOf(UInt32(b0)), 1) }
        var value: UInt32
        var length: Int
        if b0 < 0xE0 {
            value = UInt32(b0 & 0x1F); length = 2
        } else if b0 < 0xF0 {
            value = UInt32(b0 & 0x0F); length = 3
        } else {
            value = UInt32(b0 & 0x07); length = 4
        }
        guard i + length <= n else { return (CategoryTable.other, 1) }
        for k in 1..<length { value = value << 6 | UInt32(p[i + k] & 0x3F) }
        return (classOf(value), length)
    }
}

extension CategoryTable {
    /// `\s*[\r\n]+ | \s+(?!\S) | \s+` at `i` (a white-space scalar of `firstLength` bytes), the
    /// whitespace tail shared by the Llama 3 / Qwen2 and DeepSeek patterns: up to the last CR/LF of the
    /// run, else the run but its last scalar when more text follows, else the run.
    @inline(__always)
    func whitespaceAlternativesEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, firstLength: Int) -> Int {
        var j = i
        var lastStart = i
        var lastNewlineEnd = -1
        while j < n {
            let (c, l) = classAt(p, j, n)
            if c == CategoryTable.newline {
                lastNewlineEnd = j + l
            } else if c != CategoryTable.space {
                break
            }
            lastStart = j
            j += l
        }
        if lastNewlineEnd >= 0 { return lastNewlineEnd }
        if j == n { return j }
        if lastStart > i { return lastStart }
        return i + firstLength
    }
}
