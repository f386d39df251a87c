/// UTF-8 validation over raw bytes (the encoder's inputs must be valid UTF-8, as Python's `str` is).
public enum UTF8Validation {
    /// The byte offset of the first byte that does not start or continue a valid UTF-8 sequence, or
    /// `nil` if all of `bytes` is valid. A sequence cut off by the end of the buffer is invalid.
    public static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let p = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i < n {
            // ASCII fast path, 8 bytes at a time.
            while i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            guard i < n else { break }
            let b0 = p[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var lo: UInt8 = 0x80
            var hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3
            case 0xED: length = 3; hi = 0x9F
            case 0xF0: length = 4; lo = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; hi = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            let b1 = p[i + 1]
            guard b1 >= lo && b1 <= hi else { return i }
            for k in 2..<max(length, 2) where p[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// Validates `bytes`, throwing ``EncodingError/invalidUTF8(byteOffset:)`` at the first bad byte.
    public static func validate(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        if let offset = firstInvalidOffset(bytes) { throw EncodingError.invalidUTF8(byteOffset: offset) }
    }

    /// Copies `bytes`, replacing each maximal invalid subsequence with U+FFFD (as Python's
    /// `errors="replace"` does).
    public static func repairing(_ bytes: some Collection<UInt8>) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self).utf8)
    }
}
