/// Standard base64 (RFC 4648, with `=` padding), as used by `.tiktoken` files.
package enum Base64 {
    /// Decoding values of the 256 bytes; 0xFF marks a byte outside the alphabet.
    static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Decodes `input` and appends the bytes to `output`; returns `false` if it is not valid base64.
    package static func decode(_ input: UnsafeBufferPointer<UInt8>, appendingTo output: inout [UInt8]) -> Bool {
        var n = input.count
        guard n % 4 == 0 else { return false }
        var padding = 0
        if n > 0 && input[n - 1] == UInt8(ascii: "=") { padding += 1 }
        if n > 1 && input[n - 2] == UInt8(ascii: "=") { padding += 1 }
        n -= padding
        var accumulator: UInt32 = 0
        var bits = 0
        return decodeTable.withUnsafeBufferPointer { table in
            for i in 0..<n {
                let value = table[Int(input[i])]
                if value == 0xFF { return false }
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                }
            }
            return true
        }
    }

    /// Encodes bytes as base64 text.
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next()
            let b2 = iterator.next()
            let word = UInt32(b0) << 16 | UInt32(b1 ?? 0) << 8 | UInt32(b2 ?? 0)
            out.append(alphabet[Int(word >> 18 & 63)])
            out.append(alphabet[Int(word >> 12 & 63)])
            out.append(b1 == nil ? UInt8(ascii: "=") : alphabet[Int(word >> 6 & 63)])
            out.append(b2 == nil ? UInt8(ascii: "=") : alphabet[Int(word & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
