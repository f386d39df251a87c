import CICU
import Foundation
import TokBPE
import TokVocabularies

/// A Hugging Face `tokenizer.json` BPE tokenizer (DeepSeek, Llama 3, Qwen, Mistral, GPT-2 style …),
/// producing exactly the ids of the `tokenizers` library.
///
/// ```swift
/// let deepseek = try HFTokenizer.bundled("deepseek_v3")
/// let ids = try deepseek.encode("hello world", allowedSpecial: .all)  // tokenizers' encode(…, add_special_tokens=False)
/// let n = try deepseek.count("hello world")
/// let text = try deepseek.decode(ids).text
/// ```
///
/// tokcost never adds BOS/EOS or template tokens: `post_processor` is ignored, as with
/// `encode(text, add_special_tokens=False)` in `tokenizers`. Added tokens (`added_tokens`) are found
/// in the text before normalization and pre-tokenization, honouring `single_word`, `lstrip`,
/// `rstrip` and `normalized`. The special-token policy of ``encode(_:allowedSpecial:disallowedSpecial:)``
/// is tiktoken's, applied to the added tokens marked `special`; added tokens not marked special are
/// always matched, as in `tokenizers`.
///
/// `HFTokenizer` is an immutable value; share it freely across threads.
public struct HFTokenizer: Sendable {
    /// A name for the tokenizer: the bundled name, or the file's parent folder or file name.
    public let name: String
    /// Every added token (special or not) by its text.
    public let addedTokens: [String: Int]
    /// The added tokens marked `special`, by their text.
    public let specialTokens: [String: Int]
    let model: BPEModel
    let normalizer: HFNormalizer?
    let preTokenizer: HFPreTokenizer?
    let decoder: HFDecoder?
    let rawMatcher: AddedTokenMatcher
    let normalizedMatcher: AddedTokenMatcher
    let addedContentByID: [Int: AddedToken]

    /// The names of the tokenizers shipped with tokcost, for ``bundled(_:)``.
    public static let bundledNames = ["deepseek_v3"]

    /// Loads a tokenizer shipped with tokcost (see ``bundledNames``), e.g. `deepseek_v3`.
    public static func bundled(_ name: String) throws -> HFTokenizer {
        guard let url = BundledVocabulary.huggingFaceTokenizerURL(named: name) else {
            throw HFTokenizerError(source: name, keyPath: "", reason: "no bundled tokenizer is named \(name.debugDescription) "
                + "(bundled: \(bundledNames.joined(separator: ", ")))")
        }
        return try HFTokenizer(contentsOf: url, name: name)
    }

    /// Loads a `tokenizer.json` file.
    public init(contentsOf url: URL, name: String? = nil) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HFTokenizerError(source: url.path, keyPath: "", reason: "cannot read the file: \(error.localizedDescription)")
        }
        let folder = url.deletingLastPathComponent().lastPathComponent
        let defaultName = url.lastPathComponent == "tokenizer.json" && !folder.isEmpty && folder != "/"
            ? folder : url.deletingPathExtension().lastPathComponent
        try self.init(data: data, source: url.path, name: name ?? defaultName)
    }

    /// Loads `tokenizer.json` content; `source` names it in errors.
    public init(data: Data, source: String = "tokenizer.json", name: String = "tokenizer") throws {
        let json: TokenizerJSON
        do {
            json = try JSONDecoder().decode(TokenizerJSON.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw HFTokenizerError(source: source, keyPath: context.codingPath.keyPathString, reason: Self.reason(context))
        } catch let DecodingError.keyNotFound(key, context) {
            throw HFTokenizerError(
                source: source, keyPath: context.codingPath.keyPathString, reason: "missing key \(key.stringValue.debugDescription)")
        } catch let DecodingError.typeMismatch(type, context) {
            throw HFTokenizerError(
                source: source, keyPath: context.codingPath.keyPathString, reason: "expected \(type): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(type, context) {
            throw HFTokenizerError(
                source: source, keyPath: context.codingPath.keyPathString, reason: "expected \(type), found null")
        }
        let raw: RawJSON.Model
        do {
            raw = try data.withUnsafeBytes { try RawJSON.readModel($0.bindMemory(to: UInt8.self)) }
        } catch let failure as RawJSON.Failure {
            throw HFTokenizerError(source: source, keyPath: failure.keyPath, reason: failure.reason)
        }
        try self.init(json: json, raw: raw, source: source, name: name)
    }

    private static func reason(_ context: DecodingError.Context) -> String {
        if let underlying = context.underlyingError { return "\(context.debugDescription) (\(underlying))" }
        return context.debugDescription
    }

    init(json: TokenizerJSON, raw: RawJSON.Model, source: String, name: String) throws {
        func wrap<T>(_ prefix: String, _ body: () throws -> T) throws -> T {
            do { return try body() } catch let error as ComponentError {
                let e = error.at(prefix)
                throw HFTokenizerError(source: source, keyPath: e.keyPath, reason: e.reason)
            }
        }
        self.name = name
        let normalizer = try json.normalizer.map { n in try wrap("normalizer") { try HFNormalizer(n) } }
        self.normalizer = (normalizer?.isIdentity ?? true) ? nil : normalizer
        let preTokenizer = try json.preTokenizer.map { p in try wrap("pre_tokenizer") { try HFPreTokenizer(p) } }
        self.preTokenizer = preTokenizer?.finalized()
        usesICURegex = (self.normalizer?.usesICU ?? false) || (self.preTokenizer?.usesICU ?? false)
        decoder = try json.decoder.map { d in try wrap("decoder") { try HFDecoder(d) } }
        let byteLevel = preTokenizer?.isByteLevel ?? false
        model = try wrap("model") { try BPEModel(json.model, raw: raw, byteLevel: byteLevel) }

        var raw: [AddedToken] = []
        var normalized: [AddedToken] = []
        var added: [String: Int] = [:]
        var special: [String: Int] = [:]
        var byID: [Int: AddedToken] = [:]
        var seen = Set<String>()
        // tokenizers matches special tokens first, then the others, each group in file order.
        let ordered = json.addedTokens.filter { $0.special } + json.addedTokens.filter { !$0.special }
        for (index, entry) in json.addedTokens.enumerated() where entry.id < 0 {
            throw HFTokenizerError(source: source, keyPath: "added_tokens[\(index)].id", reason: "negative id \(entry.id)")
        }
        for entry in ordered where !entry.content.isEmpty && !seen.contains(entry.content) {
            seen.insert(entry.content)
            var pattern = Array(entry.content.utf8)
            if entry.normalized, let normalizer = self.normalizer {
                var session = RegexSession()
                pattern = try wrap("normalizer") { try normalizer.apply(pattern, regexes: &session) }
            }
            let token = AddedToken(
                content: entry.content, pattern: pattern, id: entry.id, special: entry.special, singleWord: entry.singleWord,
                lstrip: entry.lstrip, rstrip: entry.rstrip, normalized: entry.normalized)
            if entry.normalized { normalized.append(token) } else { raw.append(token) }
            added[entry.content] = entry.id
            if entry.special { special[entry.content] = entry.id }
            byID[entry.id] = token
        }
        rawMatcher = AddedTokenMatcher(raw)
        normalizedMatcher = AddedTokenMatcher(normalized)
        addedTokens = added
        specialTokens = special
        addedContentByID = byID
    }

    /// `true` if some pattern runs on ICU's regex engine rather than a hand-written scanner. ICU 72
    /// knows Unicode 15.0 while `tokenizers`' Oniguruma knows 16.0, so such a tokenizer refuses text
    /// with a character new in Unicode 15.1 or 16.0 (an error rather than a possibly different count).
    public let usesICURegex: Bool

    /// One past the highest id (model vocabulary and added tokens).
    public var vocabularySize: Int {
        max(model.idLimit, (addedTokens.values.max() ?? -1) + 1)
    }

    /// The id of a token given as it appears in the file (an added token's text, or a vocabulary
    /// entry such as `Ġhello`), or `nil`.
    public func tokenID(_ token: String) -> Int? {
        if let id = addedTokens[token] { return id }
        guard let bytes = BPEModel.key(Array(token.utf8), byteLevel: model.byteLevel), !bytes.isEmpty else { return nil }
        let id = bytes.withUnsafeBufferPointer { model.vocab.rank($0.baseAddress!, $0.count) }
        return id == RankTable.absent ? nil : Int(id)
    }

    /// A token's string as it appears in the file (e.g. `Ġhello`), or `nil` for an unknown id.
    public func tokenString(_ id: Int) -> String? {
        if let added = addedContentByID[id] { return added.content }
        guard id >= 0 && id < model.tokens.count, let token = model.tokens[id] else { return nil }
        return String(decoding: token, as: UTF8.self)
    }

    // MARK: Encoding

    /// Encodes text with every added token matched except the special ones, which are encoded as
    /// ordinary text (`tokenizers` with `encode_special_tokens=True`). Throws only if a regular
    /// expression or normalizer fails at run time.
    public func encodeOrdinary(_ text: String) throws -> [Int] {
        var ids: [Int] = []
        try withUTF8(text) { try encodeValidated($0, allowed: .only([]), into: &ids) }
        return ids
    }

    /// ``encodeOrdinary(_:)`` on UTF-8 bytes; throws `EncodingError.invalidUTF8` on invalid input.
    public func encodeOrdinary(utf8 bytes: some Collection<UInt8>) throws -> [Int] {
        var ids: [Int] = []
        try withContiguous(bytes) { buffer in
            try Encoding.validateUTF8(buffer)
            try encodeValidated(buffer, allowed: .only([]), into: &ids)
        }
        return ids
    }

    /// Counts the tokens of ``encodeOrdinary(_:)``.
    public func count(_ text: String) throws -> Int {
        try encodeOrdinary(text).count
    }

    /// Counts the tokens of UTF-8 bytes as ``encodeOrdinary(utf8:)`` does.
    public func count(utf8 bytes: some Collection<UInt8>) throws -> Int {
        try encodeOrdinary(utf8: bytes).count
    }

    /// Encodes text with tiktoken's special-token policy over the added tokens marked `special`:
    /// those in `allowedSpecial` become their ids; any in `disallowedSpecial` (by default every one
    /// not allowed) makes this throw `EncodingError.disallowedSpecialToken`; pass
    /// `disallowedSpecial: .none` to encode them as ordinary text.
    ///
    /// `encode(text, allowedSpecial: .all)` is `tokenizers`' `encode(text, add_special_tokens=False)`.
    public func encode(
        _ text: String, allowedSpecial: SpecialTokenSet = .none, disallowedSpecial: SpecialTokenSet = .all
    ) throws -> [Int] {
        try withUTF8(text) { try encode(validated: $0, allowedSpecial: allowedSpecial, disallowedSpecial: disallowedSpecial) }
    }

    /// ``encode(_:allowedSpecial:disallowedSpecial:)`` on UTF-8 bytes; throws on invalid UTF-8.
    public func encode(
        utf8 bytes: some Collection<UInt8>, allowedSpecial: SpecialTokenSet = .none,
        disallowedSpecial: SpecialTokenSet = .all
    ) throws -> [Int] {
        try withContiguous(bytes) { buffer in
            try Encoding.validateUTF8(buffer)
            return try encode(validated: buffer, allowedSpecial: allowedSpecial, disallowedSpecial: disallowedSpecial)
        }
    }

    /// Which special tokens a call matches as special tokens.
    enum SpecialFilter {
        case all
        case only(Set<String>)

        @inline(__always)
        func contains(_ token: AddedToken) -> Bool {
            switch self {
            case .all: return true
            case .only(let names): return !names.isEmpty && names.contains(token.content)
            }
        }
    }

    private func filter(_ set: SpecialTokenSet) throws -> SpecialFilter {
        switch set {
        case .all: return .all
        case .only(let names):
            for name in names where specialTokens[name] == nil { throw EncodingError.unknownSpecialToken(name) }
            return .only(names)
        }
    }

    private func encode(
        validated buffer: UnsafeBufferPointer<UInt8>, allowedSpecial: SpecialTokenSet, disallowedSpecial: SpecialTokenSet
    ) throws -> [Int] {
        let allowed = try filter(allowedSpecial)
        let disallowed = try filter(disallowedSpecial)
        let checkDisallowed: Bool
        switch (allowed, disallowed) {
        case (.all, _), (_, .only([])): checkDisallowed = false
        default: checkDisallowed = true
        }
        if checkDisallowed {
            let refused: (AddedToken) -> Bool = { $0.special && disallowed.contains($0) && !allowed.contains($0) }
            for matcher in [rawMatcher, normalizedMatcher] where !matcher.isEmpty {
                if let hit = matcher.split(buffer, enabled: refused).first(where: { $0.id != nil }), let id = hit.id {
                    throw EncodingError.disallowedSpecialToken(addedContentByID[id]?.content ?? "")
                }
            }
        }
        var ids: [Int] = []
        try encodeValidated(buffer, allowed: allowed, into: &ids)
        return ids
    }

    /// The pipeline: added tokens on the raw text, normalizer, added tokens on the normalized text,
    /// pre-tokenizer, model.
    func encodeValidated(_ buffer: UnsafeBufferPointer<UInt8>, allowed: SpecialFilter, into ids: inout [Int]) throws {
        if usesICURegex { try checkICUKnowsEveryCharacter(buffer) }
        var session = RegexSession()
        // Short texts are not worth a cache's setup; a long text's starts at a size for its length.
        var cache: PieceCache? = buffer.count >= 2048 ? PieceCache(capacity: PieceCache.capacity(forTextLength: buffer.count)) : nil
        ids.reserveCapacity(buffer.count / 4)
        let enabled: (AddedToken) -> Bool = { !$0.special || allowed.contains($0) }
        let segments = rawMatcher.isEmpty ? [(0, buffer.count, nil)] : rawMatcher.split(buffer, enabled: enabled)
        for segment in segments {
            if let id = segment.id {
                ids.append(id)
                continue
            }
            guard segment.end > segment.start else { continue }
            var bytes = Array(UnsafeBufferPointer(rebasing: buffer[segment.start..<segment.end]))
            if let normalizer { bytes = try normalizer.apply(bytes, regexes: &session) }
            let atStart = segment.start == 0
            if normalizedMatcher.isEmpty {
                try encodeStretch(bytes, atStart: atStart, session: &session, cache: &cache, into: &ids)
                continue
            }
            let inner = bytes.withUnsafeBufferPointer { normalizedMatcher.split($0, enabled: enabled) }
            for part in inner {
                if let id = part.id {
                    ids.append(id)
                } else if part.end > part.start {
                    try encodeStretch(
                        Array(bytes[part.start..<part.end]), atStart: atStart && part.start == 0, session: &session,
                        cache: &cache, into: &ids)
                }
            }
        }
    }

    /// Pieces up to this many bytes have their ids cached for the rest of an encode call (as
    /// `tokenizers` keeps a word cache).
    static let maxCachedPieceLength = 48

    /// Pre-tokenizes normalized text with no added tokens in it and runs the model on each piece.
    private func encodeStretch(
        _ bytes: [UInt8], atStart: Bool, session: inout RegexSession, cache: inout PieceCache?, into ids: inout [Int]
    ) throws {
        var buffer = PieceBuffer(bytes: bytes, atStart: atStart)
        if let preTokenizer {
            try preTokenizer.apply(&buffer, regexes: &session)
            HFPreTokenizer.mapBackToBytes(&buffer)
        }
        buffer.bytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            for piece in buffer.pieces {
                let p = base + piece.start
                let n = piece.end - piece.start
                if n > 1 && n <= HFTokenizer.maxCachedPieceLength, let cache {
                    let hash = RankTable.hash(p, n)
                    let slot = cache.lookup(p, n, hash: hash)
                    if slot >= 0 {
                        cache.appendIDs(ofSlot: slot, to: &ids)
                        continue
                    }
                    let before = ids.count
                    model.encode(p, n, into: &ids)
                    cache.insert(p, n, hash: hash, ids: ids[before...])
                } else {
                    model.encode(p, n, into: &ids)
                }
            }
        }
    }

    // MARK: Decoding

    /// The bytes of these tokens after the file's decoder (ByteLevel, Metaspace, ByteFallback, …).
    /// Added tokens decode to their text; with `skipSpecialTokens`, special ones are left out (as
    /// `tokenizers`' `decode(ids, skip_special_tokens=True)`). Without a decoder in the file, tokens
    /// are joined with spaces, as `tokenizers` does. Throws `EncodingError.unknownTokenID`.
    public func decodeBytes(_ ids: some Sequence<Int>, skipSpecialTokens: Bool = false) throws -> [UInt8] {
        var tokens: [[UInt8]] = []
        for id in ids {
            if let added = addedContentByID[id] {
                if skipSpecialTokens && added.special { continue }
                // tokenizers stores a normalized added token with its content normalized.
                tokens.append(added.normalized ? added.pattern : Array(added.content.utf8))
            } else if id >= 0 && id < model.tokens.count, let token = model.tokens[id] {
                tokens.append(token)
            } else {
                throw EncodingError.unknownTokenID(id)
            }
        }
        guard let decoder else {
            var out: [UInt8] = []
            for (index, token) in tokens.enumerated() {
                if index > 0 { out.append(0x20) }
                out.append(contentsOf: token)
            }
            return out
        }
        return try decoder.apply(tokens).flatMap { $0 }
    }

    /// Decodes tokens to text, saying whether the bytes end in the middle of a character.
    public func decode(_ ids: some Sequence<Int>, skipSpecialTokens: Bool = false) throws -> DecodedText {
        DecodedText(bytes: try decodeBytes(ids, skipSpecialTokens: skipSpecialTokens))
    }

    /// Throws if the text has a character assigned in Unicode 16.0 that ICU's data does not know
    /// (new in Unicode 15.1 or 16.0): an ICU-run pattern could classify it differently from
    /// `tokenizers`' Oniguruma.
    private func checkICUKnowsEveryCharacter(_ buffer: UnsafeBufferPointer<UInt8>) throws {
        let table = CategoryTable.shared
        var i = 0
        while i < buffer.count {
            if buffer[i] < 0x80 {
                i += 1
                continue
            }
            let (scalar, length) = ScalarCategory.scalar(buffer, i)
            if table.isAssigned(scalar.value) && cicu_regex_is_unassigned(Int32(bitPattern: scalar.value)) == 1 {
                let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                throw HFTokenizerError(
                    source: name, keyPath: "",
                    reason: "the text has \(code) (byte offset \(i)), a character of Unicode 15.1/16.0 that the ICU regex engine "
                        + "running this tokenizer's patterns does not know (ICU has Unicode 15.0); the count could differ from "
                        + "Hugging Face tokenizers, so tokcost refuses it")
            }
            i += length
        }
    }


    private func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        var text = text
        return try text.withUTF8 { try body($0) }
    }

    private func withContiguous<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
        if let result = try bytes.withContiguousStorageIfAvailable(body) { return result }
        return try Array(bytes).withUnsafeBufferPointer { try body($0) }
    }
}

extension HFTokenizer: TextTokenizer {
    /// Counts the tokens of valid UTF-8, special-token text as ordinary text.
    public func count(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>) throws -> Int {
        try count(utf8: buffer)
    }

    /// Encodes valid UTF-8, special-token text as ordinary text.
    public func encodeOrdinary(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>) throws -> [Int] {
        try encodeOrdinary(utf8: buffer)
    }

    /// Encodes valid UTF-8 with the `allowed` special tokens recognised (others are ordinary text).
    public func encode(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, allowedSpecial allowed: SpecialTokenSet) throws -> [Int] {
        try encode(utf8: buffer, allowedSpecial: allowed, disallowedSpecial: .none)
    }

    /// ``decode(_:skipSpecialTokens:)`` for the protocol.
    public func decode(ids: [Int]) throws -> DecodedText { try decode(ids) }
}
