import Foundation

/// The parts of a Hugging Face `tokenizer.json` that tokcost reads, as a `Decodable` model.
///
/// Component types the file may name but tokcost does not implement decode to `.unsupported(type)`
/// and are reported by the builder with their key path; `post_processor` is not read (tokcost never
/// adds BOS/EOS or template tokens, as `encode(text, add_special_tokens=False)`).
struct TokenizerJSON: Decodable {
    var addedTokens: [AddedTokenJSON]
    var normalizer: NormalizerJSON?
    var preTokenizer: PreTokenizerJSON?
    var decoder: DecoderJSON?
    var model: ModelJSON

    enum CodingKeys: String, CodingKey {
        case addedTokens = "added_tokens", normalizer, preTokenizer = "pre_tokenizer", decoder, model
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        addedTokens = try c.decodeIfPresent([AddedTokenJSON].self, forKey: .addedTokens) ?? []
        normalizer = try c.decodeIfPresent(NormalizerJSON.self, forKey: .normalizer)
        preTokenizer = try c.decodeIfPresent(PreTokenizerJSON.self, forKey: .preTokenizer)
        self.decoder = try c.decodeIfPresent(DecoderJSON.self, forKey: .decoder)
        model = try c.decode(ModelJSON.self, forKey: .model)
    }
}

/// One entry of `added_tokens`.
struct AddedTokenJSON: Decodable {
    var id: Int
    var content: String
    var singleWord: Bool
    var lstrip: Bool
    var rstrip: Bool
    var normalized: Bool
    var special: Bool

    enum CodingKeys: String, CodingKey {
        case id, content, singleWord = "single_word", lstrip, rstrip, normalized, special
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int.self, forKey: .id)
        content = try c.decode(String.self, forKey: .content)
        special = try c.decodeIfPresent(Bool.self, forKey: .special) ?? false
        singleWord = try c.decodeIfPresent(Bool.self, forKey: .singleWord) ?? false
        lstrip = try c.decodeIfPresent(Bool.self, forKey: .lstrip) ?? false
        rstrip = try c.decodeIfPresent(Bool.self, forKey: .rstrip) ?? false
        // Hugging Face's default: special tokens are not normalized, others are.
        normalized = try c.decodeIfPresent(Bool.self, forKey: .normalized) ?? !special
    }
}

/// A `{"String": "…"}` or `{"Regex": "…"}` pattern (Split, Replace).
enum PatternJSON: Decodable, Equatable {
    case string(String)
    case regex(String)

    enum CodingKeys: String, CodingKey { case string = "String", regex = "Regex" }

    init(from decoder: any Decoder) throws {
        // Some writers store a bare string.
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            self = .string(text)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try c.decodeIfPresent(String.self, forKey: .string) {
            self = .string(text)
        } else if let text = try c.decodeIfPresent(String.self, forKey: .regex) {
            self = .regex(text)
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "a pattern needs a \"String\" or a \"Regex\" key"))
        }
    }
}

/// The `type` key of a component.
private enum TypeKey: String, CodingKey { case type }

private func componentType(_ decoder: any Decoder) throws -> String {
    try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
}

/// A normalizer.
indirect enum NormalizerJSON: Decodable {
    case nfc, nfd, nfkc, nfkd, lowercase
    case strip(left: Bool, right: Bool)
    case prepend(String)
    case replace(PatternJSON, String)
    case sequence([NormalizerJSON])
    case unsupported(String)

    enum CodingKeys: String, CodingKey {
        case normalizers, left, right, prepend, pattern, content, stripLeft = "strip_left", stripRight = "strip_right"
    }

    init(from decoder: any Decoder) throws {
        let type = try componentType(decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch type {
        case "NFC": self = .nfc
        case "NFD": self = .nfd
        case "NFKC": self = .nfkc
        case "NFKD": self = .nfkd
        case "Lowercase": self = .lowercase
        case "Strip":
            let left = try c.decodeIfPresent(Bool.self, forKey: .stripLeft) ?? c.decodeIfPresent(Bool.self, forKey: .left)
            let right = try c.decodeIfPresent(Bool.self, forKey: .stripRight) ?? c.decodeIfPresent(Bool.self, forKey: .right)
            self = .strip(left: left ?? true, right: right ?? true)
        case "Prepend": self = .prepend(try c.decode(String.self, forKey: .prepend))
        case "Replace":
            self = .replace(try c.decode(PatternJSON.self, forKey: .pattern), try c.decode(String.self, forKey: .content))
        case "Sequence": self = .sequence(try c.decode([NormalizerJSON].self, forKey: .normalizers))
        default: self = .unsupported(type)
        }
    }
}

/// How a Split pre-tokenizer treats the matches of its pattern (`behavior`).
enum SplitBehavior: String, Decodable {
    case removed = "Removed"
    case isolated = "Isolated"
    case mergedWithPrevious = "MergedWithPrevious"
    case mergedWithNext = "MergedWithNext"
    case contiguous = "Contiguous"
}

/// Metaspace's `prepend_scheme`.
enum PrependScheme: String, Decodable {
    case always, never, first
}

/// A pre-tokenizer.
indirect enum PreTokenizerJSON: Decodable {
    case byteLevel(addPrefixSpace: Bool, useRegex: Bool)
    case split(pattern: PatternJSON, behavior: SplitBehavior, invert: Bool)
    case digits(individual: Bool)
    case metaspace(replacement: String, scheme: PrependScheme, split: Bool)
    case whitespace
    case whitespaceSplit
    case punctuation(SplitBehavior)
    case charDelimiter(String)
    case sequence([PreTokenizerJSON])
    case unsupported(String)

    enum CodingKeys: String, CodingKey {
        case addPrefixSpace = "add_prefix_space", useRegex = "use_regex", pattern, behavior, invert, delimiter
        case individualDigits = "individual_digits", replacement, prependScheme = "prepend_scheme", split
        case pretokenizers
    }

    init(from decoder: any Decoder) throws {
        let type = try componentType(decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch type {
        case "ByteLevel":
            self = .byteLevel(
                addPrefixSpace: try c.decodeIfPresent(Bool.self, forKey: .addPrefixSpace) ?? true,
                useRegex: try c.decodeIfPresent(Bool.self, forKey: .useRegex) ?? true)
        case "Split":
            self = .split(
                pattern: try c.decode(PatternJSON.self, forKey: .pattern),
                behavior: try c.decode(SplitBehavior.self, forKey: .behavior),
                invert: try c.decodeIfPresent(Bool.self, forKey: .invert) ?? false)
        case "Digits":
            self = .digits(individual: try c.decodeIfPresent(Bool.self, forKey: .individualDigits) ?? false)
        case "Metaspace":
            let replacement = try c.decode(String.self, forKey: .replacement)
            var scheme = try c.decodeIfPresent(PrependScheme.self, forKey: .prependScheme)
            if scheme == nil {
                // Files older than prepend_scheme say add_prefix_space.
                let add = try c.decodeIfPresent(Bool.self, forKey: .addPrefixSpace) ?? true
                scheme = add ? .always : .never
            }
            self = .metaspace(
                replacement: replacement, scheme: scheme!, split: try c.decodeIfPresent(Bool.self, forKey: .split) ?? true)
        case "Whitespace": self = .whitespace
        case "WhitespaceSplit": self = .whitespaceSplit
        case "Punctuation":
            self = .punctuation(try c.decodeIfPresent(SplitBehavior.self, forKey: .behavior) ?? .isolated)
        case "CharDelimiterSplit": self = .charDelimiter(try c.decode(String.self, forKey: .delimiter))
        case "Sequence": self = .sequence(try c.decode([PreTokenizerJSON].self, forKey: .pretokenizers))
        default: self = .unsupported(type)
        }
    }
}

/// A decoder.
indirect enum DecoderJSON: Decodable {
    case byteLevel
    case metaspace(replacement: String, scheme: PrependScheme)
    case byteFallback
    case fuse
    case strip(content: String, start: Int, stop: Int)
    case replace(PatternJSON, String)
    case bpeSuffix(String)
    case sequence([DecoderJSON])
    case unsupported(String)

    enum CodingKeys: String, CodingKey {
        case replacement, prependScheme = "prepend_scheme", addPrefixSpace = "add_prefix_space", content, start, stop
        case pattern, suffix, decoders
    }

    init(from decoder: any Decoder) throws {
        let type = try componentType(decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch type {
        case "ByteLevel": self = .byteLevel
        case "Metaspace":
            var scheme = try c.decodeIfPresent(PrependScheme.self, forKey: .prependScheme)
            if scheme == nil {
                scheme = (try c.decodeIfPresent(Bool.self, forKey: .addPrefixSpace) ?? true) ? .always : .never
            }
            self = .metaspace(replacement: try c.decode(String.self, forKey: .replacement), scheme: scheme!)
        case "ByteFallback": self = .byteFallback
        case "Fuse": self = .fuse
        case "Strip":
            self = .strip(
                content: try c.decode(String.self, forKey: .content), start: try c.decode(Int.self, forKey: .start),
                stop: try c.decode(Int.self, forKey: .stop))
        case "Replace":
            self = .replace(try c.decode(PatternJSON.self, forKey: .pattern), try c.decode(String.self, forKey: .content))
        case "BPEDecoder": self = .bpeSuffix(try c.decodeIfPresent(String.self, forKey: .suffix) ?? "</w>")
        case "Sequence": self = .sequence(try c.decode([DecoderJSON].self, forKey: .decoders))
        default: self = .unsupported(type)
        }
    }
}

/// The `model` object's options. Only `BPE` is accepted. `vocab` and `merges` are read separately,
/// as bytes, by ``RawJSON`` (a `[String: Int]` would merge canonically equivalent tokens).
struct ModelJSON: Decodable {
    var unkToken: String?
    var continuingSubwordPrefix: String?
    var endOfWordSuffix: String?
    var fuseUnk: Bool
    var byteFallback: Bool
    var ignoreMerges: Bool

    enum CodingKeys: String, CodingKey {
        case type, vocab, merges, dropout, unkToken = "unk_token", continuingSubwordPrefix = "continuing_subword_prefix"
        case endOfWordSuffix = "end_of_word_suffix", fuseUnk = "fuse_unk", byteFallback = "byte_fallback"
        case ignoreMerges = "ignore_merges"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // Files written by old versions have no "type" in the model; they are BPE if they have merges.
        let type = try c.decodeIfPresent(String.self, forKey: .type) ?? (c.contains(.merges) ? "BPE" : "?")
        guard type == "BPE" else {
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "model type \(type.debugDescription) is not supported (tokcost reads BPE models only)")
        }
        if let dropout = try c.decodeIfPresent(Double.self, forKey: .dropout), dropout > 0 {
            throw DecodingError.dataCorruptedError(
                forKey: .dropout, in: c,
                debugDescription: "BPE dropout \(dropout) makes tokenization random; only null or 0 is supported")
        }
        guard c.contains(.vocab) else {
            throw DecodingError.keyNotFound(CodingKeys.vocab, .init(codingPath: c.codingPath, debugDescription: "no vocab"))
        }
        unkToken = try c.decodeIfPresent(String.self, forKey: .unkToken)
        continuingSubwordPrefix = try c.decodeIfPresent(String.self, forKey: .continuingSubwordPrefix)
        endOfWordSuffix = try c.decodeIfPresent(String.self, forKey: .endOfWordSuffix)
        fuseUnk = try c.decodeIfPresent(Bool.self, forKey: .fuseUnk) ?? false
        byteFallback = try c.decodeIfPresent(Bool.self, forKey: .byteFallback) ?? false
        ignoreMerges = try c.decodeIfPresent(Bool.self, forKey: .ignoreMerges) ?? false
    }
}

/// An array index as a coding key, for error paths.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}
