import CTokCategories

/// Well-formedness checks for UTF-8 and UTF-16 input, and lossy repair.
///
/// The checks follow the Unicode Standard's table of well-formed UTF-8 byte sequences (Table 3-7): overlong
/// forms, encoded surrogates (ED A0..BF ..), values above U+10FFFF, stray continuation bytes and truncated
/// sequences are all ill-formed. NUL bytes are well-formed (U+0000).
public enum UTF8Validation {
    /// The byte offset of the first ill-formed sequence in `bytes`, or `nil` if all of it is well-formed.
    /// A sequence truncated by the end of the buffer is ill-formed and reported at its first byte.
    ///
    /// With AVX-512BW, 64 bytes are checked at a time (`tok_utf8_valid_prefix` in the C shim: each
    /// byte against the three before it, as masks) up to the first block with a fault; the rest, from
    /// a character boundary, goes byte by byte, which finds the exact offset. Three runs each, one
    /// core: 14.6 MB of Telugu 0.55–0.70 → 4.6–5.1 GB/s, 40 MB of six scripts 0.56–0.76 → 5.4–6.0 GB/s,
    /// 6 MB of English 8.6–9.2 → 11.0–12.6 GB/s (`TokUnicodeBench all`).
    public static func firstInvalidOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        guard n > 0, let base = bytes.baseAddress else { return nil }
        return firstInvalidOffset(base, n, from: Int(tok_utf8_valid_prefix(base, Int64(n))))
    }

    /// ``firstInvalidOffset(in:)`` byte by byte from `start`, a character boundary of `base[0 ..< n]`
    /// before which every byte is known to be well-formed.
    static func firstInvalidOffset(_ base: UnsafePointer<UInt8>, _ n: Int, from start: Int) -> Int? {
        var i = start
        while i < n {
            let b0 = base[i]
            if b0 < 0x80 {
                // ASCII: then try 8 bytes at a time.
                i += 1
                while i + 8 <= n {
                    let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    if w & 0x8080_8080_8080_8080 != 0 { break }
                    i += 8
                }
                continue
            }
            // Fast path for 3-byte sequences (all of the Indic blocks): E1..EC/EE..EF, E0 A0.., ED ..9F.
            if b0 & 0xF0 == 0xE0 && i + 2 < n {
                let b1 = base[i + 1], b2 = base[i + 2]
                if b1 & 0xC0 != 0x80 || b2 & 0xC0 != 0x80 || (b0 == 0xE0 && b1 < 0xA0) || (b0 == 0xED && b1 >= 0xA0) {
                    return i
                }
                i += 3
                continue
            }
            let len = sequenceLength(base, i, n)
            if len == 0 { return i }
            i += len
        }
        return nil
    }

    /// Throws `UnicodeError.invalidUTF8(byteOffset:)` (offset plus `baseOffset`) if `bytes` is ill-formed.
    public static func validate(_ bytes: UnsafeBufferPointer<UInt8>, baseOffset: Int = 0) throws {
        if let off = firstInvalidOffset(in: bytes) { throw UnicodeError.invalidUTF8(byteOffset: baseOffset + off) }
    }

    /// Returns `bytes` with every maximal ill-formed subpart replaced by U+FFFD (EF BF BD): the same result as
    /// Python's `bytes.decode("utf-8", errors="replace").encode()`. Well-formed input is returned unchanged.
    public static func repaired(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let arr = Array(bytes)
        let ok = arr.withUnsafeBufferPointer { firstInvalidOffset(in: $0) == nil }
        if ok { return arr }
        return Array(String(decoding: arr, as: UTF8.self).utf8)
    }

    /// The offset of the first unpaired surrogate in UTF-16 `units`, or `nil` if there is none.
    public static func firstUnpairedSurrogate(in units: some Collection<UInt16>) -> Int? {
        var i = 0
        var pendingHigh = -1
        for u in units {
            if pendingHigh >= 0 {
                if u >= 0xDC00 && u <= 0xDFFF { pendingHigh = -1; i += 1; continue }
                return pendingHigh
            }
            if u >= 0xD800 && u <= 0xDBFF {
                pendingHigh = i
            } else if u >= 0xDC00 && u <= 0xDFFF {
                return i
            }
            i += 1
        }
        return pendingHigh >= 0 ? pendingHigh : nil
    }

    /// Transcodes UTF-16 `units` to UTF-8. Throws `UnicodeError.unpairedSurrogate(codeUnitOffset:)` at the first
    /// lone surrogate instead of replacing it silently.
    public static func utf8(fromUTF16 units: some Collection<UInt16>) throws -> [UInt8] {
        if let off = firstUnpairedSurrogate(in: units) { throw UnicodeError.unpairedSurrogate(codeUnitOffset: off) }
        var out: [UInt8] = []
        out.reserveCapacity(units.count * 3)
        _ = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true) { out.append($0) }
        return out
    }

    /// Length (2...4) of the well-formed multi-byte sequence starting at `i`, or 0 if it is ill-formed.
    @inline(__always)
    static func sequenceLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        let b0 = p[i]
        @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < n && p[i + k] >= lo && p[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) ? 2 : 0
        case 0xE0:
            return cont(1, 0xA0, 0xBF) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(1) && cont(2) ? 3 : 0
        case 0xED:
            return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0:
            return cont(1, 0x90, 0xBF) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4:
            return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default:
            return 0
        }
    }

    /// Decodes the scalar at `i` of well-formed UTF-8; returns (scalar value, length in bytes).
    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6
            | UInt32(p[i + 3] & 0x3F), 4)
    }

    /// Number of Unicode scalars in well-formed UTF-8 (bytes that are not continuation bytes).
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var c = 0
        for b in bytes where b & 0xC0 != 0x80 { c += 1 }
        return c
    }

    /// The largest offset <= `limit` that is the start of a scalar (not a continuation byte), looking back at
    /// most 3 bytes; `limit` itself if none is found (the piece before it is then ill-formed anyway).
    static func scalarStart(atOrBefore limit: Int, in p: UnsafePointer<UInt8>, count n: Int) -> Int {
        if limit >= n { return n }
        var j = limit
        while j > 0 && j > limit - 3 && p[j] & 0xC0 == 0x80 { j -= 1 }
        return p[j] & 0xC0 == 0x80 ? limit : j
    }
}

/// Calls `body` with the bytes of `bytes` as one contiguous buffer, copying only if the collection is not contiguous.
@inline(__always)
func withContiguousBytes<R>(
    _ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
) rethrows -> R {
    if let r = try bytes.withContiguousStorageIfAvailable(body) { return r }
    return try Array(bytes).withUnsafeBufferPointer(body)
}

/// Calls `body` with the UTF-8 bytes of `s` (native Swift strings are contiguous UTF-8, so usually no copy).
@inline(__always)
func withUTF8<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    var copy = s
    return try copy.withUTF8(body)
}
