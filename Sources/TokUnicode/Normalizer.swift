import CICU
import Foundation

/// A Unicode normalization form (UAX #15), plus NFKC_Casefold.
public enum NormalizationForm: String, CaseIterable, Sendable, Codable {
    /// Canonical composition (NFC).
    case nfc
    /// Canonical decomposition (NFD).
    case nfd
    /// Compatibility composition (NFKC): folds ligatures, full-width forms, etc., then composes.
    case nfkc
    /// Compatibility decomposition (NFKD).
    case nfkd
    /// NFKC_Casefold (`nfkc_cf`): NFKC plus case folding and removal of default-ignorable code points.
    case nfkcCasefold = "nfkc_cf"

    /// The value of this form in the C shim's enumeration.
    var cValue: Int32 {
        switch self {
        case .nfc: return Int32(CICU_NFC)
        case .nfd: return Int32(CICU_NFD)
        case .nfkc: return Int32(CICU_NFKC)
        case .nfkd: return Int32(CICU_NFKD)
        case .nfkcCasefold: return Int32(CICU_NFKC_CF)
        }
    }
}

/// The answer of a normalization quick check.
public enum QuickCheckResult: Sendable, Equatable {
    /// The text is in the form.
    case yes
    /// The text is not in the form.
    case no
    /// The text may or may not be in the form (e.g. a combining mark that could compose with what precedes it).
    case maybe
}

/// Normalizes text with ICU's `UNormalizer2`, with a fast path for text that is already normalized and bounded
/// memory for large inputs.
///
/// Byte input is processed in pieces of about `chunkSize` bytes cut where the normalizer has a boundary before
/// the next character (`unorm2_hasBoundaryBefore`), so normalizing the pieces separately gives the same result as
/// normalizing the whole. Each piece is first checked in place (ASCII skipped without conversion, the rest via
/// `unorm2_spanQuickCheckYes` / `unorm2_isNormalized` on a piece-sized UTF-16 copy); an already-normalized piece
/// is passed through unchanged, otherwise it is normalized with `unorm2_normalizeSecondAndAppend` after its
/// normalized prefix. No whole-input UTF-16 copy is ever made.
///
/// A run of more than `maxBoundarySearch` bytes with no boundary (e.g. a megabyte of combining marks) is cut at a
/// scalar boundary anyway, like the Stream-Safe Text Format; ordinary text never comes near that.
///
/// ICU's normalizer instances are immutable and thread-safe, which is why this type is `Sendable`.
public struct Normalizer: @unchecked Sendable {
    /// The form this normalizer produces.
    public let form: NormalizationForm
    /// Target size in bytes of the pieces byte input is processed in (default 64 KiB).
    public var chunkSize: Int
    /// How far past `chunkSize` to look for a normalization boundary before cutting anyway (default 1 MiB).
    public var maxBoundarySearch: Int = 1 << 20
    /// ICU's shared `UNormalizer2` (owned by ICU, never freed).
    let handle: UnsafeRawPointer

    /// The default piece size: 64 KiB.
    public static let defaultChunkSize = 64 * 1024

    /// Gets ICU's normalizer for `form`. Throws `UnicodeError.icu` if ICU's data cannot be loaded.
    public init(_ form: NormalizationForm, chunkSize: Int = Normalizer.defaultChunkSize) throws {
        var err: Int32 = 0
        guard let h = cicu_normalizer_get(form.cValue, &err), err <= 0 else {
            throw icuError("loading the \(form.rawValue) normalizer", err)
        }
        self.form = form
        self.handle = h
        self.chunkSize = max(16, chunkSize)
    }

    // MARK: - Checks

    /// Whether normalizing `scalar`'s text can start fresh before it (`unorm2_hasBoundaryBefore`).
    public func hasBoundaryBefore(_ scalar: Unicode.Scalar) -> Bool {
        cicu_norm_has_boundary_before(handle, Int32(scalar.value)) != 0
    }

    /// ICU's quick check of `s` alone (`unorm2_quickCheck`): `.yes` normalized, `.no` not, `.maybe` only a full
    /// check can tell (`isNormalized` resolves that). Works on a UTF-16 copy, so meant for short strings.
    public func quickCheck(_ s: String) -> QuickCheckResult {
        let units = Array(s.utf16)
        var err: Int32 = 0
        let r = units.withUnsafeBufferPointer { cicu_norm_quick_check(handle, $0.baseAddress, Int32($0.count), &err) }
        if err > 0 { return .maybe }
        return r == 1 ? .yes : (r == 2 ? .maybe : .no)
    }

    /// Whether `s` is already in this form (a quick check, resolving "maybe" answers exactly).
    public func isNormalized(_ s: String) -> Bool {
        // A Swift String is always well-formed, so this cannot throw.
        (try? withUTF8(s) { try isNormalized(utf8Buffer: $0) }) ?? false
    }

    /// Whether the UTF-8 `bytes` are already in this form. Throws `UnicodeError.invalidUTF8` if they are ill-formed.
    public func isNormalized(utf8 bytes: some Collection<UInt8>) throws -> Bool {
        try withContiguousBytes(bytes) { try isNormalized(utf8Buffer: $0) }
    }

    /// Whether the UTF-8 in `buffer` is already in this form. Throws `UnicodeError.invalidUTF8` if it is ill-formed.
    public func isNormalized(utf8Buffer buffer: UnsafeBufferPointer<UInt8>) throws -> Bool {
        var normalized = true
        try forEachPiece(buffer, baseOffset: 0) { piece, off in
            if try !pieceIsNormalized(piece, baseOffset: off) { normalized = false; return false }
            return true
        }
        return normalized
    }

    // MARK: - In-memory normalization

    /// Returns `s` in this form (`s` itself, without copying, when it is already normalized).
    public func normalize(_ s: String) throws -> String {
        try withUTF8(s) { buf in
            // One pass: output is only collected from the first piece that changes.
            var out: [UInt8]? = nil
            var scratch = [UInt8]()
            try forEachPiece(buf, baseOffset: 0) { piece, off in
                if let n = try normalizePieceIfNeeded(piece, baseOffset: off, into: &scratch) {
                    if out == nil {
                        var o = [UInt8]()
                        o.reserveCapacity(buf.count + buf.count / 8)
                        o.append(contentsOf: UnsafeBufferPointer(rebasing: buf[0..<off]))
                        out = o
                    }
                    out!.append(contentsOf: scratch[0..<n])
                } else if out != nil {
                    out!.append(contentsOf: piece)
                }
                return true
            }
            return out.map { String(decoding: $0, as: UTF8.self) } ?? s
        }
    }

    /// Returns the UTF-8 `bytes` in this form. With `.strict` (the default) ill-formed input throws
    /// `UnicodeError.invalidUTF8(byteOffset:)`; with `.replace` each ill-formed subpart becomes U+FFFD first.
    public func normalize(utf8 bytes: some Collection<UInt8>, invalidUTF8: InvalidUTF8Policy = .strict) throws -> [UInt8] {
        if invalidUTF8 == .replace {
            let fixed = UTF8Validation.repaired(bytes)
            return try normalize(utf8: fixed, invalidUTF8: .strict)
        }
        return try withContiguousBytes(bytes) { buf in
            var out = [UInt8]()
            out.reserveCapacity(buf.count + buf.count / 8)
            try normalize(utf8Buffer: buf) { out.append(contentsOf: $0) }
            return out
        }
    }

    /// Returns UTF-16 `units` in this form. Throws `UnicodeError.unpairedSurrogate(codeUnitOffset:)` if the
    /// input has a lone surrogate (ICU would otherwise pass it through silently).
    public func normalize(utf16 units: some Collection<UInt16>) throws -> [UInt16] {
        if let off = UTF8Validation.firstUnpairedSurrogate(in: units) {
            throw UnicodeError.unpairedSurrogate(codeUnitOffset: off)
        }
        let src = Array(units)
        if src.count > Int(Int32.max) { throw UnicodeError.inputTooLarge(bytes: src.count * 2) }
        if src.isEmpty { return [] }
        var cap = src.count + src.count / 2 + 16
        while true {
            var err: Int32 = 0
            var dst = [UInt16](repeating: 0, count: cap)
            let n = src.withUnsafeBufferPointer { s in
                dst.withUnsafeMutableBufferPointer { d in
                    cicu_norm_normalize16(handle, s.baseAddress, Int32(s.count), d.baseAddress, Int32(cap), &err)
                }
            }
            if err == 15 /* U_BUFFER_OVERFLOW_ERROR */ { cap = Int(n) + 16; continue }
            if err > 0 { throw icuError("normalizing UTF-16 to \(form.rawValue)", err) }
            dst.removeSubrange(Int(n)...)
            return dst
        }
    }

    // MARK: - Streaming normalization

    /// Normalizes the UTF-8 in `buffer`, handing the output to `sink` piece by piece (each piece is valid UTF-8,
    /// and already-normalized pieces are slices of `buffer` itself). Memory use is bounded by the piece size.
    /// Throws `UnicodeError.invalidUTF8(byteOffset:)` at the first ill-formed sequence; output before it has
    /// already been delivered.
    public func normalize(
        utf8Buffer buffer: UnsafeBufferPointer<UInt8>, into sink: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        var scratch = [UInt8]()
        try normalize(utf8Buffer: buffer, baseOffset: 0, scratch: &scratch, into: sink)
    }

    /// Normalizes the UTF-8 file at `url` in bounded memory (blocks of 1 MiB plus one piece of carry-over),
    /// handing the output to `sink` piece by piece. Throws `UnicodeError.io` if the file cannot be read and
    /// `UnicodeError.invalidUTF8(byteOffset:)` (offset in the file) if it is ill-formed.
    public func normalize(contentsOf url: URL, into sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var stream = NormalizingStream(self)
        try FileBlocks.forEach(url) { block in try stream.append(block, into: sink) }
        try stream.finish(into: sink)
    }

    /// Whether the UTF-8 file at `url` is already in this form, read in bounded memory; stops at the first
    /// piece that is not. Throws `UnicodeError.invalidUTF8(byteOffset:)` if the file is ill-formed before that.
    public func isNormalized(contentsOf url: URL) throws -> Bool {
        struct Stop: Error {}
        var stream = NormalizingStream(self)
        do {
            try FileBlocks.forEach(url) { block in
                if try !stream.appendCheckingOnly(block) { throw Stop() }
            }
            return try stream.finishCheckingOnly()
        } catch is Stop {
            return false
        }
    }

    // MARK: - Internals

    /// Normalizes well-formed-or-not UTF-8 `buffer` whose first byte is at `baseOffset` in the whole input.
    func normalize(
        utf8Buffer buffer: UnsafeBufferPointer<UInt8>, baseOffset: Int, scratch: inout [UInt8],
        into sink: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        try forEachPiece(buffer, baseOffset: baseOffset) { piece, off in
            if let n = try normalizePieceIfNeeded(piece, baseOffset: off, into: &scratch) {
                try scratch.withUnsafeBufferPointer { try sink(UnsafeBufferPointer(rebasing: $0[0..<n])) }
            } else {
                try sink(piece)
            }
            return true
        }
    }

    /// Splits `buffer` into pieces of about `chunkSize` bytes cut at normalization boundaries and calls `body` with
    /// each piece and its offset in the whole input until it returns false. Pieces are not validated here: ICU's
    /// UTF-8 conversion in the C shim rejects ill-formed UTF-8 (and ASCII needs no check), and `invalidUTF8Error`
    /// then finds the exact offset.
    func forEachPiece(
        _ buffer: UnsafeBufferPointer<UInt8>, baseOffset: Int,
        _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Bool
    ) throws {
        guard let p = buffer.baseAddress, buffer.count > 0 else { return }
        let n = buffer.count
        var pos = 0
        while pos < n {
            let end = n - pos <= chunkSize ? n : cutPoint(p, n, target: pos + chunkSize)
            let piece = UnsafeBufferPointer(start: p + pos, count: end - pos)
            if piece.count > Int(Int32.max) { throw UnicodeError.inputTooLarge(bytes: piece.count) }
            if try !body(piece, baseOffset + pos) { return }
            pos = end
        }
    }

    /// The first offset at or after `target` where a piece may end: the start of a scalar that has a boundary
    /// before it. ASCII always does. Gives up after `maxBoundarySearch` bytes and cuts at a scalar start.
    func cutPoint(_ p: UnsafePointer<UInt8>, _ n: Int, target: Int) -> Int {
        var j = UTF8Validation.scalarStart(atOrBefore: target, in: p, count: n)
        if j == 0 { j = target }
        let limit = min(n, target + maxBoundarySearch)
        while j < limit {
            let b = p[j]
            if b < 0x80 { return j }
            let len = UTF8Validation.sequenceLength(p, j, n)
            if len == 0 { return j }  // ill-formed: cut here, validation reports it with the right offset
            let (c, _) = UTF8Validation.decode(p, j)
            if cicu_norm_has_boundary_before(handle, Int32(bitPattern: c)) != 0 { return j }
            j += len
        }
        return j >= n ? n : UTF8Validation.scalarStart(atOrBefore: j, in: p, count: n)
    }

    /// The last offset in (0, n) that starts a complete scalar with a boundary before it, searching back at most
    /// `maxBoundarySearch` bytes; 0 if there is none (then the caller keeps everything as carry-over).
    /// Offsets below `searchedBelow` are known to hold no boundary and are not looked at again.
    func lastCutPoint(_ p: UnsafePointer<UInt8>, _ n: Int, searchedBelow: Int = 0) -> Int {
        var j = n - 1
        let stop = max(1, n - maxBoundarySearch, searchedBelow)
        while j >= stop {
            let b = p[j]
            if b < 0x80 { return j }
            if b & 0xC0 != 0x80 {
                let len = UTF8Validation.sequenceLength(p, j, n)
                if len > 0 {
                    let (c, _) = UTF8Validation.decode(p, j)
                    if cicu_norm_has_boundary_before(handle, Int32(bitPattern: c)) != 0 { return j }
                } else if j + 4 <= n {
                    return j  // ill-formed, not merely truncated: cut so that validation reports it
                }
            }
            j -= 1
        }
        if n > maxBoundarySearch { return UTF8Validation.scalarStart(atOrBefore: n - 4, in: p, count: n) }
        return 0
    }

    /// Whether one piece is normalized (ASCII fast path in C, then ICU on a UTF-16 copy of the rest).
    func pieceIsNormalized(_ piece: UnsafeBufferPointer<UInt8>, baseOffset: Int) throws -> Bool {
        var err: Int32 = 0
        let r = cicu_norm_utf8_is_normalized(handle, form.cValue, piece.baseAddress, Int32(piece.count), &err)
        if err > 0 { throw failure(err, piece, baseOffset, "checking \(form.rawValue)") }
        return r != 0
    }

    /// The error to throw for ICU error `err` on `piece`: `invalidUTF8` with the exact offset if ICU rejected the
    /// UTF-8 (U_INVALID_CHAR_FOUND and friends), else `UnicodeError.icu`.
    func failure(_ err: Int32, _ piece: UnsafeBufferPointer<UInt8>, _ baseOffset: Int, _ what: String) -> UnicodeError {
        if let off = UTF8Validation.firstInvalidOffset(in: piece) { return .invalidUTF8(byteOffset: baseOffset + off) }
        return icuError(what, err)
    }

    /// Normalizes one piece into `out` unless it is already normalized. Returns the length of the
    /// normalized piece in `out` (whose count may be larger: it is kept as a reusable buffer), or nil if the
    /// piece itself is normalized (`out` untouched).
    func normalizePieceIfNeeded(
        _ piece: UnsafeBufferPointer<UInt8>, baseOffset: Int, into out: inout [UInt8]
    ) throws -> Int? {
        var cap = piece.count * 3 / 2 + 64
        while true {
            if out.count < cap { out = [UInt8](repeating: 0, count: cap) }
            var err: Int32 = 0
            let n = out.withUnsafeMutableBufferPointer { d in
                cicu_norm_utf8_normalize_if_needed(
                    handle, form.cValue, piece.baseAddress, Int32(piece.count), d.baseAddress, Int32(d.count), &err)
            }
            if n < 0 && err <= 0 { return nil }
            if err == 15 /* U_BUFFER_OVERFLOW_ERROR */ { cap = Int(n) + 64; continue }
            if err > 0 { throw failure(err, piece, baseOffset, "normalizing to \(form.rawValue)") }
            return Int(n)
        }
    }
}
