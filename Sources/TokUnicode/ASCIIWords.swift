/// Word counting without ICU for lines that are plain ASCII.
///
/// The UAX #29 word rules restricted to ASCII are small: letters, digits and `_` join each other (WB5, WB8–WB10,
/// WB13a/b); `'`, `.` join letters on both sides (WB6/7) and `,` `;` `.` `'` join digits on both sides (WB11/12);
/// everything else stands alone. ICU's root rules agree with that on ASCII once `@` counts as a letter (ICU adds it
/// to ALetter so that e-mail addresses stay one word) and `:` does not join letters (CLDR removes it from MidLetter);
/// `ASCIIWordTests` checks this word by word against ICU on random ASCII. A break is certain after every LF (WB3a), so
/// text is split into lines: runs of lines containing non-ASCII go to ICU, plain ASCII lines to this scanner.

/// Word-break classes of ASCII characters that matter for word-like segments.
@usableFromInline
enum ASCIIWordClass: UInt8 {
    case other = 0, letter, digit, underscore, midLetterOrNum, midNum
}

@inline(__always)
func asciiWordClass(_ b: UInt8) -> ASCIIWordClass {
    switch b {
    case 0x41...0x5A, 0x61...0x7A, 0x40: return .letter  // ICU's root rules add "@" to ALetter (for e-mail)
    case 0x30...0x39: return .digit
    case 0x5F: return .underscore
    case 0x27, 0x2E: return .midLetterOrNum  // ' (Single_Quote) and . (MidNumLet): join letters and digits
    case 0x2C, 0x3B: return .midNum          // , ; (MidNum): join digits only
    default: return .other
    }
}

/// Calls `body` with the start of every word-like segment in the plain-ASCII bytes `p[from..<to]`, which must be
/// bounded by certain word boundaries (buffer edges or just after a LF).
@inline(__always)
func forEachASCIIWordLikeStart(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int, _ body: (Int) -> Void) {
    var i = from
    while i < to {
        var c = asciiWordClass(p[i])
        if c != .letter && c != .digit && c != .underscore {
            i += 1
            continue
        }
        let start = i
        var hasAlnum = c != .underscore
        var len = 1
        i += 1
        while i < to {
            let d = asciiWordClass(p[i])
            if d == .letter || d == .digit || d == .underscore {
                c = d
                if d != .underscore { hasAlnum = true }
                len += 1
                i += 1
                continue
            }
            // WB6/7 (letter mid letter) and WB11/12 (digit mid digit).
            if (d == .midLetterOrNum || d == .midNum) && i + 1 < to {
                let e = asciiWordClass(p[i + 1])
                if (c == .letter && e == .letter && d == .midLetterOrNum) || (c == .digit && e == .digit) {
                    c = e
                    len += 2
                    i += 2
                    continue
                }
            }
            break
        }
        // A lone "_" is not word-like for ICU; "__", "_a", "a_" are (rule status of WB13a/b).
        if hasAlnum || len > 1 { body(start) }
    }
}

/// Calls `body` with the start of every word-like segment (ICU rule status >= 100) of validated UTF-8 `buf`:
/// plain ASCII lines are scanned here, runs of other lines are handed to `it` (a word break iterator).
@inline(__always)
func forEachWordLikeStart(_ it: BreakIterator, _ buf: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) throws {
    guard let p = buf.baseAddress else { return }
    let n = buf.count
    var groupStart = -1
    func flush(_ s: Int, _ e: Int) throws {
        try it.setValidatedText(UnsafeBufferPointer(start: p + s, count: e - s))
        var prev = 0
        while true {
            let b = it.next()
            if b < 0 { break }
            if it.ruleStatus() >= 100 { body(s + prev) }
            prev = Int(b)
        }
    }
    var asciiRunStart = -1  // start of the plain-ASCII lines that follow an open group
    var i = 0
    while i < n {
        var j = i
        var high: UInt8 = 0
        while j < n {
            let b = p[j]
            high |= b
            j += 1
            if b == 0x0A { break }
        }
        if high & 0x80 != 0 {
            if groupStart < 0 { groupStart = i }  // a line with non-ASCII text starts (or continues) a group
            asciiRunStart = -1
        } else if groupStart < 0 {
            forEachASCIIWordLikeStart(p, i, j, body)
        } else {
            // ASCII lines after non-ASCII ones: close the group only once they add up to a few hundred bytes,
            // so that blank lines and short numbers between Indic paragraphs do not restart ICU each time.
            if asciiRunStart < 0 { asciiRunStart = i }
            if j - asciiRunStart >= 256 {
                try flush(groupStart, asciiRunStart)
                forEachASCIIWordLikeStart(p, asciiRunStart, j, body)
                groupStart = -1
                asciiRunStart = -1
            }
        }
        i = j
    }
    if groupStart >= 0 { try flush(groupStart, n) }
}
