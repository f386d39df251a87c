/// A minimal JSON reader over UTF-8 bytes for the two big members of a BPE model, `model.vocab` and
/// `model.merges`, keeping every token as its exact bytes.
///
/// Swift's `String` compares and hashes by canonical equivalence, so a `[String: Int]` vocabulary
/// would silently merge two distinct tokens such as `é` (U+00E9) and `é` (e + U+0301), which
/// SentencePiece-style vocabularies do contain. Reading the tokens as bytes avoids that, and is
/// much faster than building a dictionary of strings.
struct RawJSON {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0

    struct Failure: Error {
        let keyPath: String
        let reason: String
    }

    /// The vocabulary entries and merges of `model`, as byte strings, in file order.
    struct Model {
        var vocab: [(token: [UInt8], id: Int)] = []
        var merges: [([UInt8], [UInt8])] = []
    }

    /// Reads `model.vocab` and `model.merges` from a whole tokenizer.json.
    static func readModel(_ buffer: UnsafeBufferPointer<UInt8>) throws -> Model {
        var reader = RawJSON(bytes: buffer)
        var model = Model()
        try reader.object(path: "") { reader, key in
            guard key == Array("model".utf8) else { return try reader.skipValue() }
            try reader.object(path: "model") { reader, key in
                if key == Array("vocab".utf8) {
                    try reader.object(path: "model.vocab") { reader, token in
                        model.vocab.append((token, try reader.integer(path: "model.vocab")))
                    }
                } else if key == Array("merges".utf8) {
                    try reader.mergeList(into: &model.merges)
                } else {
                    try reader.skipValue()
                }
            }
        }
        return model
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func fail(_ path: String, _ reason: String) -> Failure { Failure(keyPath: path, reason: reason + " (byte \(i))") }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ b: UInt8, _ path: String) throws {
        skipSpace()
        guard i < bytes.count, bytes[i] == b else { throw fail(path, "expected '\(Character(Unicode.Scalar(b)))'") }
        i += 1
    }

    /// `{ "key": value, … }`, calling `member` for each key with the reader at the value.
    private mutating func object(path: String, _ member: (inout RawJSON, [UInt8]) throws -> Void) throws {
        try expect(UInt8(ascii: "{"), path)
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1
            return
        }
        while true {
            let key = try string(path: path)
            try expect(UInt8(ascii: ":"), path)
            try member(&self, key)
            skipSpace()
            guard i < bytes.count else { throw fail(path, "unterminated object") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return
            } else {
                throw fail(path, "expected ',' or '}'")
            }
        }
    }

    /// `["a b", …]` or `[["a", "b"], …]`.
    private mutating func mergeList(into merges: inout [([UInt8], [UInt8])]) throws {
        let path = "model.merges"
        try expect(UInt8(ascii: "["), path)
        skipSpace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1
            return
        }
        while true {
            skipSpace()
            let index = merges.count
            let itemPath = "\(path)[\(index)]"
            if i < bytes.count && bytes[i] == UInt8(ascii: "[") {
                i += 1
                let a = try string(path: itemPath)
                try expect(UInt8(ascii: ","), itemPath)
                let b = try string(path: itemPath)
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "]") else {
                    throw fail(itemPath, "a merge must be a pair of tokens")
                }
                i += 1
                merges.append((a, b))
            } else {
                let line = try string(path: itemPath)
                let spaces = line.indices.filter { line[$0] == 0x20 }
                guard spaces.count == 1 else {
                    throw Failure(
                        keyPath: itemPath,
                        reason: "a merge must be two tokens separated by one space, got \(String(decoding: line, as: UTF8.self).debugDescription)")
                }
                merges.append((Array(line[..<spaces[0]]), Array(line[(spaces[0] + 1)...])))
            }
            skipSpace()
            guard i < bytes.count else { throw fail(path, "unterminated array") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "]") {
                i += 1
                return
            } else {
                throw fail(path, "expected ',' or ']'")
            }
        }
    }

    private mutating func integer(path: String) throws -> Int {
        skipSpace()
        var negative = false
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var value = 0
        let start = i
        while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
            value = value &* 10 &+ Int(bytes[i] - 0x30)
            i += 1
            guard i - start < 12 else { throw fail(path, "id out of range") }
        }
        guard i > start else { throw fail(path, "expected an integer id") }
        if i < bytes.count && (bytes[i] == UInt8(ascii: ".") || bytes[i] | 0x20 == UInt8(ascii: "e")) {
            throw fail(path, "expected an integer id")
        }
        return negative ? -value : value
    }

    /// A JSON string, unescaped, as UTF-8 bytes.
    private mutating func string(path: String) throws -> [UInt8] {
        try expect(UInt8(ascii: "\""), path)
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw fail(path, "unterminated string") }
            let b = bytes[i]
            i += 1
            if b == UInt8(ascii: "\"") { return out }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                continue
            }
            guard i < bytes.count else { throw fail(path, "unterminated string") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(path)
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail(path, "unpaired surrogate escape")
                    }
                    i += 2
                    let low = try hex4(path)
                    guard low >= 0xDC00 && low < 0xE000 else { throw fail(path, "unpaired surrogate escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw fail(path, "unpaired surrogate escape")
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
            default:
                throw fail(path, "invalid escape")
            }
        }
    }

    private mutating func hex4(_ path: String) throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw fail(path, "truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: throw fail(path, "bad \\u escape")
            }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    /// Skips any JSON value.
    private mutating func skipValue() throws {
        skipSpace()
        guard i < bytes.count else { throw fail("", "unexpected end of file") }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            i += 1
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "\\") {
                    i += 2
                } else if bytes[i] == UInt8(ascii: "\"") {
                    i += 1
                    return
                } else {
                    i += 1
                }
            }
            throw fail("", "unterminated string")
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    try skipValue()
                    continue
                }
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
                if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 {
                        i += 1
                        return
                    }
                }
                i += 1
            }
            throw fail("", "unterminated value")
        default:
            while i < bytes.count, !(bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: "}") || bytes[i] == UInt8(ascii: "]")) {
                i += 1
            }
        }
    }
}
