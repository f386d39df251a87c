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
    /// Carry-over offsets below this were searched for a boundary without finding one.
    var searchedBelow = 0
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
        let from = searchedBelow
        let cut = carry.withUnsafeBufferPointer { normalizer.lastCutPoint($0.baseAddress!, $0.count, searchedBelow: from) }
        if cut == 0 {
            // Nothing to cut yet; remember how far back has been searched (minus a possibly incomplete character).
            searchedBelow = max(0, carry.count - 4)
            return
        }
        searchedBelow = 0
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
        let from = searchedBelow
        let cut = carry.withUnsafeBufferPointer { normalizer.lastCutPoint($0.baseAddress!, $0.count, searchedBelow: from) }
        if cut == 0 {
            // Nothing to cut yet; remember how far back has been searched (minus a possibly incomplete character).
            searchedBelow = max(0, carry.count - 4)
            return true
        }
        searchedBelow = 0
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
            try n.forEachPiece(UnsafeBufferPointer(rebasing: buf[0..<count]), baseOffset: off) { piece, pieceOff in
                if try !n.pieceIsNormalized(piece, baseOffset: pieceOff) { ok = false; return false }
                return true
            }
        }
        return ok
    }
}
