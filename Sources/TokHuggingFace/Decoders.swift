/// A Hugging Face decoder, built from `decoder` in `tokenizer.json`. Decoders work on the tokens'
/// strings as byte arrays so that a cut in the middle of a UTF-8 character survives to
/// ``DecodedText``.
indirect enum HFDecoder: Sendable {
    /// Characters of GPT-2's byte alphabet back to bytes (a token with other characters is kept as
    /// its UTF-8, as `tokenizers` does).
    case byteLevel
    /// The replacement character back to a space; in the first token it is removed instead, unless
    /// the scheme is `never` (as `tokenizers` does).
    case metaspace(replacement: [UInt8], dropFirstSpace: Bool)
    /// `<0xXX>` tokens back to bytes.
    case byteFallback
    /// Join all tokens into one.
    case fuse
    /// Remove up to `start` leading and `stop` trailing occurrences of `content` from each token.
    case strip(content: [UInt8], start: Int, stop: Int)
    /// Replace a literal in each token.
    case replace([UInt8], [UInt8])
    /// The end-of-word suffix becomes a space (a space after every word but the last).
    case bpeSuffix([UInt8])
    /// Apply these in order.
    case sequence([HFDecoder])
    /// A decoder tokcost does not implement; decoding throws.
    case unsupported(String)

    /// Builds a decoder; the error key path is relative to `decoder`.
    init(_ json: DecoderJSON) throws {
        switch json {
        case .byteLevel: self = .byteLevel
        case .metaspace(let replacement, let scheme):
            self = .metaspace(replacement: Array(replacement.utf8), dropFirstSpace: scheme != .never)
        case .byteFallback: self = .byteFallback
        case .fuse: self = .fuse
        case .strip(let content, let start, let stop):
            self = .strip(content: Array(content.utf8), start: start, stop: stop)
        case .replace(let pattern, let content):
            guard case .string(let literal) = pattern else {
                self = .unsupported("Replace with a regular expression")
                return
            }
            self = .replace(Array(literal.utf8), Array(content.utf8))
        case .bpeSuffix(let suffix): self = .bpeSuffix(Array(suffix.utf8))
        case .sequence(let items):
            var built: [HFDecoder] = []
            for (index, item) in items.enumerated() {
                do { built.append(try HFDecoder(item)) } catch let error as ComponentError {
                    throw error.at("decoders[\(index)]")
                }
            }
            self = .sequence(built)
        case .unsupported(let type): self = .unsupported(type)
        }
    }

    /// Decodes token strings (as UTF-8 bytes), returning the decoded tokens.
    func apply(_ tokens: [[UInt8]]) throws -> [[UInt8]] {
        switch self {
        case .sequence(let items):
            var current = tokens
            for item in items { current = try item.apply(current) }
            return current
        case .byteLevel:
            var joined: [UInt8] = []
            for token in tokens {
                let text = String(decoding: token, as: UTF8.self)
                if let bytes = ByteLevelAlphabet.bytes(of: text) {
                    joined.append(contentsOf: bytes)
                } else {
                    joined.append(contentsOf: token)
                }
            }
            return [joined]
        case .metaspace(let replacement, let dropFirstSpace):
            return tokens.enumerated().map { index, token in
                replaceAll(token, replacement, dropFirstSpace && index == 0 ? [] : [0x20])
            }
        case .byteFallback:
            var out: [[UInt8]] = []
            var pending: [UInt8] = []
            func flush() {
                guard !pending.isEmpty else { return }
                // Invalid UTF-8 becomes one U+FFFD per byte, as tokenizers' ByteFallback does.
                if String(validatingUTF8CString: pending) != nil {
                    out.append(pending)
                } else {
                    for _ in pending { out.append([0xEF, 0xBF, 0xBD]) }
                }
                pending.removeAll()
            }
            for token in tokens {
                if token.count == 6, token[0] == UInt8(ascii: "<"), token[1] == UInt8(ascii: "0"),
                    token[2] == UInt8(ascii: "x"), token[5] == UInt8(ascii: ">"),
                    let byte = UInt8(String(decoding: token[3..<5], as: UTF8.self), radix: 16)
                {
                    pending.append(byte)
                } else {
                    flush()
                    out.append(token)
                }
            }
            flush()
            return out
        case .fuse:
            return [tokens.flatMap { $0 }]
        case .strip(let content, let start, let stop):
            return tokens.map { token in
                var lo = 0, hi = token.count
                var n = 0
                while n < start && hi - lo >= content.count && token[lo..<(lo + content.count)].elementsEqual(content) {
                    lo += content.count
                    n += 1
                }
                n = 0
                while n < stop && hi - lo >= content.count && token[(hi - content.count)..<hi].elementsEqual(content) {
                    hi -= content.count
                    n += 1
                }
                return Array(token[lo..<hi])
            }
        case .replace(let pattern, let content):
            return tokens.map { replaceAll($0, pattern, content) }
        case .bpeSuffix(let suffix):
            return tokens.enumerated().map { index, token in
                replaceAll(token, suffix, index == tokens.count - 1 ? [] : [0x20])
            }
        case .unsupported(let type):
            throw HFTokenizerError(source: "decoder", keyPath: "decoder.type", reason: "decoder \(type.debugDescription) is not supported; "
                + "use decodeBytes(_:rawTokens: true) for the tokens' raw text")
        }
    }
}

/// `bytes` with every non-overlapping occurrence of `pattern` replaced by `content`.
func replaceAll(_ bytes: [UInt8], _ pattern: [UInt8], _ content: [UInt8]) -> [UInt8] {
    guard !pattern.isEmpty, bytes.count >= pattern.count else { return bytes }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
        if i + pattern.count <= bytes.count && bytes[i] == pattern[0]
            && bytes[i..<(i + pattern.count)].elementsEqual(pattern)
        {
            out.append(contentsOf: content)
            i += pattern.count
        } else {
            out.append(bytes[i])
            i += 1
        }
    }
    return out
}

extension String {
    /// Non-nil if `bytes` are valid UTF-8.
    init?(validatingUTF8CString bytes: [UInt8]) {
        guard let s = String(validating: bytes, as: UTF8.self) else { return nil }
        self = s
    }
}
