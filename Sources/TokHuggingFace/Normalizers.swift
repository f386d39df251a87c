import TokUnicode

/// A Hugging Face normalizer, built from `normalizer` in `tokenizer.json`. It rewrites the UTF-8
/// bytes of one stretch of text (the text between added tokens) before pre-tokenization.
indirect enum HFNormalizer: Sendable {
    /// NFC, NFD, NFKC or NFKD through ICU (`TokUnicode`), leaving alone the code points that
    /// `tokenizers`' older tables do not know (``NormalizationGaps``).
    case unicode(TokUnicode.Normalizer)
    /// Lowercase, one scalar at a time with its full lowercase mapping (as Rust's `char::to_lowercase`).
    case lowercase
    /// Remove leading and/or trailing White_Space.
    case strip(left: Bool, right: Bool)
    /// Prepend this text to non-empty text.
    case prepend([UInt8])
    /// Replace every occurrence of a literal or a regular expression.
    case replace(SplitPattern, [UInt8])
    /// Apply these in order.
    case sequence([HFNormalizer])

    /// Builds a normalizer; the error key path is relative to the `normalizer` object.
    init(_ json: NormalizerJSON) throws {
        switch json {
        case .nfc: self = .unicode(try Self.icu(.nfc))
        case .nfd: self = .unicode(try Self.icu(.nfd))
        case .nfkc: self = .unicode(try Self.icu(.nfkc))
        case .nfkd: self = .unicode(try Self.icu(.nfkd))
        case .lowercase: self = .lowercase
        case .strip(let left, let right): self = .strip(left: left, right: right)
        case .prepend(let text): self = .prepend(Array(text.utf8))
        case .replace(let pattern, let content):
            do {
                self = .replace(try SplitPattern(pattern), Array(content.utf8))
            } catch let error as ComponentError { throw error.at("pattern") }
        case .sequence(let items):
            var built: [HFNormalizer] = []
            for (index, item) in items.enumerated() {
                do { built.append(try HFNormalizer(item)) } catch let error as ComponentError {
                    throw error.at("normalizers[\(index)]")
                }
            }
            self = .sequence(built)
        case .unsupported(let type):
            throw ComponentError("type", "normalizer type \(type.debugDescription) is not supported (supported: NFC, NFD, "
                + "NFKC, NFKD, Lowercase, Strip, Prepend, Replace, Sequence)")
        }
    }

    private static func icu(_ form: NormalizationForm) throws -> TokUnicode.Normalizer {
        do { return try TokUnicode.Normalizer(form) } catch { throw ComponentError("type", "ICU: \(error)") }
    }

    /// `true` if some pattern of this normalizer runs on ICU.
    var usesICU: Bool {
        switch self {
        case .replace(let pattern, _): return pattern.usesICU
        case .sequence(let items): return items.contains { $0.usesICU }
        default: return false
        }
    }

    /// `true` if this normalizer never changes anything (an empty sequence, as in DeepSeek's file).
    var isIdentity: Bool {
        if case .sequence(let items) = self { return items.allSatisfy(\.isIdentity) }
        return false
    }

    /// Normalizes valid UTF-8 bytes.
    func apply(_ bytes: [UInt8], regexes: inout RegexSession) throws -> [UInt8] {
        switch self {
        case .unicode(let normalizer):
            return try NormalizationGaps.normalize(bytes, with: normalizer)
        case .lowercase:
            var out = String.UnicodeScalarView()
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                if scalar.isASCII {
                    out.append(scalar.properties.isUppercase ? Unicode.Scalar(scalar.value | 0x20)! : scalar)
                } else {
                    out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
            return Array(String(out).utf8)
        case .strip(let left, let right):
            let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            var lo = 0, hi = scalars.count
            if left { while lo < hi && scalars[lo].properties.isWhitespace { lo += 1 } }
            if right { while hi > lo && scalars[hi - 1].properties.isWhitespace { hi -= 1 } }
            if lo == 0 && hi == scalars.count { return bytes }
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[lo..<hi])
            return Array(String(out).utf8)
        case .prepend(let prefix):
            return bytes.isEmpty ? bytes : prefix + bytes
        case .replace(let pattern, let content):
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var last = 0
            try bytes.withUnsafeBufferPointer { buffer in
                try pattern.forEachMatch(in: buffer, regexes: &regexes) { start, end in
                    guard end > start else { return }
                    out.append(contentsOf: buffer[last..<start])
                    out.append(contentsOf: content)
                    last = end
                }
            }
            out.append(contentsOf: bytes[last...])
            return out
        case .sequence(let items):
            var current = bytes
            for item in items { current = try item.apply(current, regexes: &regexes) }
            return current
        }
    }
}
