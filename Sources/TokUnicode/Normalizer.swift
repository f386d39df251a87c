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
        try forEachPiece(buffer, baseOffset: 0) { piece, _ in
            if try !pieceIsNormalized(piece) { normalized = false; return false }
            return true
        }
        return normalized
    }

    // MARK: - In-memory normalization

    /// Returns `s` in this form (`s` itself, without copying, when it is already normalized).
    public func normalize(_ s: String) throws -> String {
        try withUTF8(s) { buf in
            if try isNormalized(utf8Buffer: buf) { return s }
            var out = [UInt8]()
            out.reserveCapacity(buf.count + buf.count / 8)
            try normalize(utf8Buffer: buf) { out.append(contentsOf: $0) }
            return String(decoding: out, as: UTF8.self)
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
        try forEachPiece(buffer, baseOffset: baseOffset) { piece, _ in
            if try pieceIsNormalized(piece) {
                try sink(piece)
            } else {
                try normalizePiece(piece, into: &scratch)
                try scratch.withUnsafeBufferPointer { try sink($0) }
            }
            return true
        }
    }

    /// Splits `buffer` into pieces of about `chunkSize` bytes cut at normalization boundaries, validates each
    /// (errors carry offsets relative to `baseOffset`) and calls `body` until it returns false.
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
            try UTF8Validation.validate(piece, baseOffset: baseOffset + pos)
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
    func lastCutPoint(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var j = n - 1
        let stop = max(1, n - maxBoundarySearch)
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

    /// Whether one validated piece is normalized (ASCII fast path in C, then ICU on a UTF-16 copy of the rest).
    func pieceIsNormalized(_ piece: UnsafeBufferPointer<UInt8>) throws -> Bool {
        var err: Int32 = 0
        let r = cicu_norm_utf8_is_normalized(handle, form.cValue, piece.baseAddress, Int32(piece.count), &err)
        if err > 0 { throw icuError("checking \(form.rawValue)", err) }
        return r != 0
    }

    /// Normalizes one validated piece into `out` (replacing its contents).
    func normalizePiece(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) throws {
        var cap = piece.count + piece.count / 2 + 64
        while true {
            if out.count < cap { out = [UInt8](repeating: 0, count: cap) }
            var err: Int32 = 0
            let n = out.withUnsafeMutableBufferPointer { d in
                cicu_norm_utf8_normalize(handle, piece.baseAddress, Int32(piece.count), d.baseAddress, Int32(d.count), &err)
            }
            if err == 15 /* U_BUFFER_OVERFLOW_ERROR */ { cap = Int(n) + 64; out = []; continue }
            if err > 0 { throw icuError("normalizing to \(form.rawValue)", err) }
            out.removeSubrange(Int(n)...)
            return
        }
    }
}

/// A chunked normalizer: feed it UTF-8 in blocks of any size (cut anywhere, even inside a character) and it
/// emits normalized UTF-8 in bounded memory, holding back only the text after the last safe boundary.
///
/// ```swift
/// var stream = NormalizingStream(try Normalizer(.nfc))
/// for block in blocks { try stream.append(block) { out.write($0) } }
/// try stream.finish { out.write($0) }
/// ```
public struct NormalizingStream: Sendable {
    /// The normalizer used.
    public let normalizer: Normalizer
    /// Bytes received but not yet normalized (they start at a boundary).
    var carry: [UInt8] = []
    /// Offset in the whole input of `carry[0]`, for error messages.
    var carryOffset = 0
    /// Scratch output buffer reused between pieces.
    var scratch: [UInt8] = []

    /// Creates a stream that normalizes with `normalizer`.
    public init(_ normalizer: Normalizer) { self.normalizer = normalizer }

    /// Total bytes consumed so far (normalized and emitted, not counting the held-back carry-over).
    public var bytesConsumed: Int { carryOffset }

    /// Adds a block of input; emits normalized output for everything up to the last safe boundary.
    /// Throws `UnicodeError.invalidUTF8(byteOffset:)` with the offset in the whole stream.
    public mutating func append(
        _ block: UnsafeBufferPointer<UInt8>, into sink: (UnsafeBufferPointer<UInt8>) throws -> Void
    ) throws {
        carry.append(contentsOf: block)
        if carry.count < normalizer.chunkSize { return }
        let cut = carry.withUnsafeBufferPointer { normalizer.lastCutPoint($0.baseAddress!, $0.count) }
        if cut == 0 { return }
        let n = normalizer
        let off = carryOffset
        var scr = scratch
        try carry.withUnsafeBufferPointer { buf in
            try n.normalize(utf8Buffer: UnsafeBufferPointer(rebasing: buf[0..<cut]), baseOffset: off, scratch: &scr, into: sink)
        }
        scratch = scr
        carry.removeFirst(cut)
        carryOffset += cut
    }

    /// Normalizes and emits whatever is held back. Throws `UnicodeError.invalidUTF8` if the input ended inside
    /// a character.
    public mutating func finish(into sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let n = normalizer
        let off = carryOffset
        var scr = scratch
        try carry.withUnsafeBufferPointer { buf in
            try n.normalize(utf8Buffer: buf, baseOffset: off, scratch: &scr, into: sink)
        }
        carryOffset += carry.count
        carry = []
        scratch = []
    }

    /// Like `append` but only checks: returns false as soon as a piece is found not normalized.
    mutating func appendCheckingOnly(_ block: UnsafeBufferPointer<UInt8>) throws -> Bool {
        carry.append(contentsOf: block)
        if carry.count < normalizer.chunkSize { return true }
        let cut = carry.withUnsafeBufferPointer { normalizer.lastCutPoint($0.baseAddress!, $0.count) }
        if cut == 0 { return true }
        let ok = try check(count: cut)
        carry.removeFirst(cut)
        carryOffset += cut
        return ok
    }

    /// Like `finish` but only checks.
    mutating func finishCheckingOnly() throws -> Bool {
        let ok = try check(count: carry.count)
        carryOffset += carry.count
        carry = []
        return ok
    }

    private func check(count: Int) throws -> Bool {
        let n = normalizer
        let off = carryOffset
        var ok = true
        try carry.withUnsafeBufferPointer { buf in
            try n.forEachPiece(UnsafeBufferPointer(rebasing: buf[0..<count]), baseOffset: off) { piece, _ in
                if try !n.pieceIsNormalized(piece) { ok = false; return false }
                return true
            }
        }
        return ok
    }
}

/// Builds a `UnicodeError.icu` for ICU error code `err`.
func icuError(_ operation: String, _ err: Int32) -> UnicodeError {
    .icu(operation: operation, code: err, name: String(cString: cicu_error_name(err)))
}
