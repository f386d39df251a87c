import CICU

/// Whether the scalar `c` is white space or a control character (such scalars alone do not make a sentence).
@inline(__always)
func isBlankScalar(_ c: UInt32) -> Bool {
    if c <= 0x20 || (c >= 0x7F && c <= 0xA0) { return true }
    switch c {
    case 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
    default: return false
    }
}

/// The offset of the first scalar in `p[from..<to]` (well-formed UTF-8) that is not blank, or nil.
@inline(__always)
func firstNonBlank(_ p: UnsafePointer<UInt8>, _ from: Int, _ to: Int) -> Int? {
    var i = from
    while i < to {
        let b = p[i]
        if b < 0x80 {
            if b > 0x20 && b != 0x7F { return i }
            i += 1
        } else {
            let (c, len) = UTF8Validation.decode(p, i)
            if !isBlankScalar(c) { return i }
            i += len
        }
    }
    return nil
}

/// Owns an ICU break iterator and its UText (closed on deinit). Not shared between threads.
final class BreakIterator {
    /// The C handle from `cicu_brk_open`.
    let handle: UnsafeMutableRawPointer

    /// Opens an iterator of `kind` for `locale`; throws `UnicodeError.icu` if ICU cannot.
    init(_ kind: BoundaryKind, locale: String) throws {
        var err: Int32 = 0
        let h = locale.withCString { cicu_brk_open(kind.cValue, $0, &err) }
        guard let h, err <= 0 else { throw icuError("opening the \(kind.rawValue) break iterator", err) }
        handle = h
    }

    deinit { cicu_brk_close(handle) }

    /// Validates `utf8` and points the iterator at it (not copied: keep it alive while iterating).
    /// `baseOffset` only shifts the offsets in error messages.
    func setText(_ utf8: UnsafeBufferPointer<UInt8>, baseOffset: Int = 0) throws {
        try UTF8Validation.validate(utf8, baseOffset: baseOffset)
        try setValidatedText(utf8)
    }

    /// Points the iterator at already-validated UTF-8.
    func setValidatedText(_ utf8: UnsafeBufferPointer<UInt8>) throws {
        if utf8.count > Int(Int32.max) { throw UnicodeError.inputTooLarge(bytes: utf8.count) }
        var err: Int32 = 0
        cicu_brk_set_utf8(handle, utf8.baseAddress, Int64(utf8.count), &err)
        if err > 0 { throw icuError("setting break iterator text", err) }
    }

    /// The next boundary, or -1 at the end.
    @inline(__always) func next() -> Int32 { cicu_brk_next(handle) }
    /// The rule status of the last boundary returned.
    @inline(__always) func ruleStatus() -> Int32 { cicu_brk_rule_status(handle) }
    /// Counts the segments from the start of the text whose rule status is >= `minStatus`, entirely in C.
    func count(minStatus: Int32) -> Int { Int(cicu_brk_count(handle, minStatus)) }
    /// The last boundary before `offset`, or -1.
    func preceding(_ offset: Int) -> Int { Int(cicu_brk_preceding(handle, Int32(offset))) }
}

/// Calls `body` with the start offset of every grapheme cluster of validated UTF-8 `buf`, using `it` (a grapheme
/// iterator) only where the text is not plain ASCII.
///
/// Between two ASCII characters there is always a grapheme boundary, except inside CR LF (no ASCII character is
/// Extend, SpacingMark, Prepend, ZWJ, Extended_Pictographic or a regional indicator). So the text is cut at those
/// certain boundaries and ICU only sees the pieces that contain non-ASCII characters, each with the ASCII character
/// before it (which may carry combining marks). The result equals running ICU over the whole buffer.
@inline(__always)
func forEachGraphemeStart(
    _ it: BreakIterator, _ buf: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void
) throws {
    guard let p = buf.baseAddress else { return }
    let n = buf.count
    var i = 0
    while i < n {
        // Find the next non-ASCII byte q.
        var q = i
        while q + 8 <= n {
            let w = UnsafeRawPointer(p + q).loadUnaligned(as: UInt64.self)
            if w & 0x8080_8080_8080_8080 != 0 { break }
            q += 8
        }
        while q < n && p[q] < 0x80 { q += 1 }
        // ASCII up to the piece start: each byte starts a cluster, except LF after CR.
        var pieceStart = q < n && q > i ? q - 1 : q
        if pieceStart > i && pieceStart < n && p[pieceStart] == 0x0A && p[pieceStart - 1] == 0x0D { pieceStart -= 1 }
        var k = i
        while k < pieceStart {
            if !(p[k] == 0x0A && k > 0 && p[k - 1] == 0x0D) { body(k) }
            k += 1
        }
        if q >= n { return }
        // The piece runs to the next position between two ASCII characters (not inside CR LF).
        var e = q + 1
        while e < n {
            if p[e] < 0x80 && p[e - 1] < 0x80 && !(p[e - 1] == 0x0D && p[e] == 0x0A) { break }
            e += 1
        }
        try it.setValidatedText(UnsafeBufferPointer(start: p + pieceStart, count: e - pieceStart))
        var prev = 0
        while true {
            let b = it.next()
            if b < 0 { break }
            // A CR LF split off at the piece start was not counted above; ICU sees it here.
            body(pieceStart + prev)
            prev = Int(b)
        }
        i = e
    }
}
