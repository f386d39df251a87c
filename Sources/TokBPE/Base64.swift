/// Standard base64 (RFC 4648, with `=` padding), as used by `.tiktoken` files.
package enum Base64 {
    /// The 64 characters of the alphabet, in value order.
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Decoding values of the 256 bytes; 0xFF marks a byte outside the alphabet.
    static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
        return table
    }()

    /// Decodes `input` and appends the bytes to `output`; returns `false` if it is not valid padded
    /// base64.
    package static func decode(_ input: UnsafeBufferPointer<UInt8>, appendingTo output: inout [UInt8]) -> Bool {
        guard let base = input.baseAddress, !input.isEmpty else { return false }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: input.count / 4 * 3))
        let written = decodeTable.withUnsafeBufferPointer { table in
            output.withUnsafeMutableBufferPointer { out in
                decode(base, input.count, into: out.baseAddress! + start, table: table.baseAddress!)
            }
        }
        guard written >= 0 else {
            output.removeSubrange(start...)
            return false
        }
        output.removeSubrange((start + written)...)
        return true
    }

    /// Decodes `input` into `out` (room for `input.count * 3 / 4` bytes) using `table` (``decodeTable``);
    /// returns the number of bytes written, or -1 if `input` is not valid padded base64.
    @inline(__always)
    static func decode(_ input: UnsafePointer<UInt8>, _ n: Int, into out: UnsafeMutablePointer<UInt8>, table: UnsafePointer<UInt8>) -> Int {
        guard n > 0, n % 4 == 0 else { return -1 }
        var padding = 0
        if input[n - 1] == UInt8(ascii: "=") { padding = input[n - 2] == UInt8(ascii: "=") ? 2 : 1 }
        var written = 0
        var i = 0
        let full = n - (padding > 0 ? 4 : 0)
        while i < full {
            let a = table[Int(input[i])], b = table[Int(input[i + 1])]
            let c = table[Int(input[i + 2])], d = table[Int(input[i + 3])]
            if (a | b | c | d) & 0xC0 != 0 { return -1 }
            let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
            out[written] = UInt8(truncatingIfNeeded: word >> 16)
            out[written + 1] = UInt8(truncatingIfNeeded: word >> 8)
            out[written + 2] = UInt8(truncatingIfNeeded: word)
            written += 3
            i += 4
        }
        if padding > 0 {
            let a = table[Int(input[i])], b = table[Int(input[i + 1])]
            let c = padding == 2 ? 0 : table[Int(input[i + 2])]
            if (a | b | c) & 0xC0 != 0 { return -1 }
            let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
            out[written] = UInt8(truncatingIfNeeded: word >> 16)
            written += 1
            if padding == 1 {
                out[written] = UInt8(truncatingIfNeeded: word >> 8)
                written += 1
            }
        }
        return written
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
