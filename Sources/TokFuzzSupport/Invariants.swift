import TokBPE
import TokUnicode

/// The properties every encoding must have on every input, checked case by case.
public struct InvariantChecker {
    /// The encoding under test.
    public let encoding: Encoding
    /// Cases checked so far.
    public private(set) var cases = 0
    /// Descriptions of the failures (capped), each with a reproducer.
    public private(set) var failures: [String] = []

    /// One session for all cases: its caches (whole stretches, merged pieces) fill up across cases,
    /// and what it returns must never differ from a fresh encode.
    private let session: EncodingSession

    /// A checker for `encoding`.
    public init(encoding: Encoding) {
        self.encoding = encoding
        self.session = EncodingSession(encoding)
    }

    private mutating func fail(_ what: String, _ text: String) {
        if failures.count < 20 { failures.append("\(encoding.name): \(what) for \(text.debugDescription)") }
    }

    /// Checks valid text: round trip, count, a session's cached answer, no special ids, safe-split
    /// concatenation, and the special-token policy.
    public mutating func check(_ text: String) {
        cases += 1
        let ids = encoding.encodeOrdinary(text)
        let bytes = Array(text.utf8)
        guard let decoded = try? encoding.decodeBytes(ids), decoded == bytes else { return fail("decode(encode(x)) != x", text) }
        if encoding.count(text) != ids.count { fail("count(x) != encode(x).count", text) }
        if session.encodeOrdinary(text) != ids { fail("a long-lived session's encode(x) != encode(x)", text) }
        let specialIDs = Set(encoding.specialTokens.values)
        if ids.contains(where: specialIDs.contains) { fail("encodeOrdinary produced a special id", text) }
        // Concatenation at safe split points.
        bytes.withUnsafeBufferPointer { buffer in
            if let cut = SafeSplit.point(in: buffer, from: 0, through: buffer.count - 1) {
                let left = (try? encoding.encodeOrdinary(utf8: buffer[..<cut])) ?? []
                let right = (try? encoding.encodeOrdinary(utf8: buffer[cut...])) ?? []
                if left + right != ids { fail("encode(a) + encode(b) != encode(a + b) at safe cut \(cut)", text) }
            }
        }
        // encode() refuses special-token text unless allowed, and otherwise agrees with encodeOrdinary.
        // Byte-level search: String.contains compares grapheme clusters, so "<|endoftext|>" followed
        // by a combining mark would not be found.
        let containsSpecial = encoding.specialTokens.keys.contains { bytes.containsSubsequence(Array($0.utf8)) }
        do {
            let strict = try encoding.encode(text)
            if containsSpecial { fail("encode accepted disallowed special-token text", text) }
            if strict != ids { fail("encode != encodeOrdinary without special tokens", text) }
        } catch EncodingError.disallowedSpecialToken {
            if !containsSpecial { fail("encode refused text without special tokens", text) }
        } catch {
            fail("encode threw \(error)", text)
        }
        if let allowed = try? encoding.encode(text, allowedSpecial: .all),
           (try? encoding.decodeBytes(allowed)) != bytes
        {
            fail("decode(encode(x, allowedSpecial: .all)) != x", text)
        }
    }

    /// Checks arbitrary bytes: valid UTF-8 is checked as text; anything else must be rejected with
    /// the offset of the first bad byte, never a crash.
    public mutating func check(bytes: [UInt8]) {
        let offset = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset(in: $0) }
        if let offset {
            cases += 1
            do {
                _ = try encoding.encodeOrdinary(utf8: bytes)
                fail("invalid UTF-8 accepted", String(decoding: bytes, as: UTF8.self))
            } catch EncodingError.invalidUTF8(let reported) {
                if reported != offset { fail("invalid UTF-8 reported at \(reported), not \(offset)", String(decoding: bytes, as: UTF8.self)) }
            } catch {
                fail("unexpected error \(error)", String(decoding: bytes, as: UTF8.self))
            }
        } else {
            check(String(decoding: bytes, as: UTF8.self))
        }
    }
}

extension Array where Element == UInt8 {
    /// `true` if `needle` occurs in the array as a run of bytes.
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
