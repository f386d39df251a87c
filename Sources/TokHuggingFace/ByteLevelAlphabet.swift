/// GPT-2's byte-to-character alphabet (`bytes_to_unicode`), used by ByteLevel pre-tokenizers and
/// decoders: printable Latin-1 bytes stand for themselves, the other 68 bytes for U+0100…U+0143.
enum ByteLevelAlphabet {
    /// The character each byte stands for.
    static let characters: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: "\0", count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            if (0x21...0x7E).contains(b) || (0xA1...0xAC).contains(b) || (0xAE...0xFF).contains(b) {
                table[b] = Unicode.Scalar(UInt32(b))!
            } else {
                table[b] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// The UTF-8 of each byte's character.
    static let utf8: [[UInt8]] = characters.map { Array(String($0).utf8) }

    /// The byte a character stands for, or `nil` if it is not in the alphabet.
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let v = scalar.value
        if (0x21...0x7E).contains(v) || (0xA1...0xAC).contains(v) || (0xAE...0xFF).contains(v) { return UInt8(v) }
        if v >= 256 && v < 256 + 68 { return inverse[Int(v - 256)] }
        return nil
    }

    private static let inverse: [UInt8] = {
        var out = [UInt8](repeating: 0, count: 68)
        for b in 0..<256 where characters[b].value >= 256 { out[Int(characters[b].value - 256)] = UInt8(b) }
        return out
    }()

    /// The bytes a token string stands for, or `nil` if it has a character outside the alphabet.
    static func bytes(of token: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(token.utf8.count)
        for scalar in token.unicodeScalars {
            guard let b = byte(for: scalar) else { return nil }
            out.append(b)
        }
        return out
    }
}
