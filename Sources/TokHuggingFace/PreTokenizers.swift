/// Text being pre-tokenized: pieces as byte ranges into a growing buffer (pre-tokenizers that
/// rewrite text, like Metaspace, append the rewritten piece to the buffer).
struct PieceBuffer {
    /// A piece: `bytes[start..<end]`; `atStart` if it begins at offset 0 of the original input
    /// (Metaspace's `prepend_scheme: first` needs this).
    struct Piece {
        var start: Int
        var end: Int
        var atStart: Bool
    }

    var bytes: [UInt8]
    var pieces: [Piece]
    /// `true` once a ByteLevel pre-tokenizer that is not the last one has rewritten the pieces in
    /// GPT-2's byte alphabet (later pre-tokenizers see that text, as in `tokenizers`).
    var inByteAlphabet = false

    init(bytes: [UInt8], atStart: Bool) {
        self.bytes = bytes
        pieces = bytes.isEmpty ? [] : [Piece(start: 0, end: bytes.count, atStart: atStart)]
    }
}

/// A Hugging Face pre-tokenizer, built from `pre_tokenizer` in `tokenizer.json`.
indirect enum HFPreTokenizer: Sendable {
    /// GPT-2's byte-level pre-tokenizer: optional prefix space, optional GPT-2 regex split. The
    /// byte→character alphabet is implicit when it is the last pre-tokenizer (tokcost's model works
    /// on bytes); otherwise (`mapsText`) the pieces are rewritten in the alphabet for the pre-tokenizers
    /// after it, and mapped back to bytes before the model.
    case byteLevel(addPrefixSpace: Bool, split: SplitPattern?, mapsText: Bool)
    /// Split off punctuation (ASCII punctuation or Unicode P*), with a Split behaviour.
    case punctuation(SplitBehavior)
    /// Split on one character, which is removed.
    case charDelimiter([UInt8])
    /// Split on a pattern with one of the five behaviours, optionally inverted.
    case split(SplitPattern, SplitBehavior, invert: Bool)
    /// Split digits (`\p{N}` scalars) off, each alone or in runs.
    case digits(individual: Bool)
    /// SentencePiece style: spaces become `replacement`, which is prepended and split on.
    case metaspace(replacement: [UInt8], scheme: PrependScheme, split: Bool)
    /// `\w+|[^\w\s]+` (Oniguruma), everything else removed.
    case whitespace(SplitPattern)
    /// Split on White_Space, which is removed.
    case whitespaceSplit
    /// Apply these in order.
    case sequence([HFPreTokenizer])

    /// Builds a pre-tokenizer; the error key path is relative to the `pre_tokenizer` object.
    init(_ json: PreTokenizerJSON) throws {
        switch json {
        case .byteLevel(let addPrefixSpace, let useRegex):
            self = .byteLevel(addPrefixSpace: addPrefixSpace, split: useRegex ? .scanner(.r50k) : nil, mapsText: true)
        case .punctuation(let behavior): self = .punctuation(behavior)
        case .charDelimiter(let delimiter):
            guard delimiter.unicodeScalars.count == 1 else {
                throw ComponentError("delimiter", "CharDelimiterSplit's delimiter must be one character, got \(delimiter.debugDescription)")
            }
            self = .charDelimiter(Array(delimiter.utf8))
        case .split(let pattern, let behavior, let invert):
            do { self = .split(try SplitPattern(pattern), behavior, invert: invert) } catch let error as ComponentError {
                throw error.at("pattern")
            }
        case .digits(let individual): self = .digits(individual: individual)
        case .metaspace(let replacement, let scheme, let split):
            guard replacement.unicodeScalars.count == 1 else {
                throw ComponentError("replacement", "Metaspace's replacement must be one character, got \(replacement.debugDescription)")
            }
            self = .metaspace(replacement: Array(replacement.utf8), scheme: scheme, split: split)
        case .whitespace: self = .whitespace(try SplitPattern(regex: #"\w+|[^\w\s]+"#))
        case .whitespaceSplit: self = .whitespaceSplit
        case .sequence(let items):
            var built: [HFPreTokenizer] = []
            for (index, item) in items.enumerated() {
                do { built.append(try HFPreTokenizer(item)) } catch let error as ComponentError {
                    throw error.at("pretokenizers[\(index)]")
                }
            }
            self = .sequence(built)
        case .unsupported(let type):
            throw ComponentError("type", "pre-tokenizer type \(type.debugDescription) is not supported (supported: "
                + "ByteLevel, Split, Digits, Metaspace, Whitespace, WhitespaceSplit, Punctuation, CharDelimiterSplit, Sequence)")
        }
    }

    /// The same pre-tokenizer where the ByteLevel that runs last (if any) does not map the text: the
    /// model works on bytes.
    func finalized() -> HFPreTokenizer {
        switch self {
        case .byteLevel(let addPrefixSpace, let split, _):
            return .byteLevel(addPrefixSpace: addPrefixSpace, split: split, mapsText: false)
        case .sequence(let items):
            guard let last = items.last else { return self }
            return .sequence(items.dropLast() + [last.finalized()])
        default:
            return self
        }
    }

    /// `true` if some pattern of this pre-tokenizer runs on ICU.
    var usesICU: Bool {
        switch self {
        case .split(let pattern, _, _), .whitespace(let pattern): return pattern.usesICU
        case .byteLevel(_, let split, _): return split?.usesICU ?? false
        case .sequence(let items): return items.contains { $0.usesICU }
        default: return false
        }
    }

    /// `true` if the pipeline contains a ByteLevel pre-tokenizer (the model then works on bytes).
    var isByteLevel: Bool {
        switch self {
        case .byteLevel: return true
        case .sequence(let items): return items.contains { $0.isByteLevel }
        default: return false
        }
    }

    /// Splits (and for some pre-tokenizers rewrites) every piece of `buffer`.
    func apply(_ buffer: inout PieceBuffer, regexes: inout RegexSession) throws {
        switch self {
        case .sequence(let items):
            for item in items { try item.apply(&buffer, regexes: &regexes) }
        case .byteLevel(let addPrefixSpace, let split, let mapsText):
            if addPrefixSpace {
                rewrite(&buffer) { bytes, piece, out in
                    if bytes[piece.start] != 0x20 { out.append(0x20) }
                    out.append(contentsOf: bytes[piece.start..<piece.end])
                }
            }
            if let split { try splitPieces(&buffer, split, .isolated, invert: false, regexes: &regexes) }
            if mapsText && !buffer.inByteAlphabet {
                rewrite(&buffer) { bytes, piece, out in
                    for b in bytes[piece.start..<piece.end] {
                        out.append(contentsOf: ByteLevelAlphabet.utf8[Int(b)])
                    }
                }
                buffer.inByteAlphabet = true
            }
        case .punctuation(let behavior):
            try splitScalars(&buffer, behavior) { text, i in
                let b = text[i]
                if b < 0x80 {
                    return ((b >= 0x21 && b <= 0x2F) || (b >= 0x3A && b <= 0x40) || (b >= 0x5B && b <= 0x60) || (b >= 0x7B && b <= 0x7E), 1)
                }
                let (c, length) = CategoryTable.shared.classAt(text.baseAddress!, i, text.count)
                return (c == CategoryTable.punctuation, length)
            }
        case .charDelimiter(let delimiter):
            try splitPieces(&buffer, .literal(delimiter), .removed, invert: false, regexes: &regexes)
        case .split(let pattern, let behavior, let invert):
            try splitPieces(&buffer, pattern, behavior, invert: invert, regexes: &regexes)
        case .whitespace(let pattern):
            try splitPieces(&buffer, pattern, .removed, invert: true, regexes: &regexes)
        case .digits(let individual):
            try splitScalars(&buffer, individual ? .isolated : .contiguous) { text, i in ScalarCategory.isNumber(text, i) }
        case .whitespaceSplit:
            try splitScalars(&buffer, .removed) { text, i in
                let (s, length) = ScalarCategory.scalar(text, i)
                return (ScalarCategory.isWhitespace(s), length)
            }
        case .metaspace(let replacement, let scheme, let split):
            rewrite(&buffer) { bytes, piece, out in
                let mark = out.count
                for b in bytes[piece.start..<piece.end] {
                    if b == 0x20 { out.append(contentsOf: replacement) } else { out.append(b) }
                }
                let startsWithReplacement = out.count - mark >= replacement.count
                    && out[mark..<(mark + replacement.count)].elementsEqual(replacement)
                let prepend: Bool
                switch scheme {
                case .always: prepend = !startsWithReplacement
                case .first: prepend = !startsWithReplacement && piece.atStart
                case .never: prepend = false
                }
                if prepend { out.insert(contentsOf: replacement, at: mark) }
            }
            if split {
                try splitPieces(&buffer, .literal(replacement), .mergedWithNext, invert: false, regexes: &regexes)
            }
        }
    }

    /// Maps pieces written in GPT-2's byte alphabet back to the bytes they stand for.
    static func mapBackToBytes(_ buffer: inout PieceBuffer) {
        guard buffer.inByteAlphabet else { return }
        var out: [UInt8] = []
        out.reserveCapacity(buffer.bytes.count)
        var pieces: [PieceBuffer.Piece] = []
        pieces.reserveCapacity(buffer.pieces.count)
        for piece in buffer.pieces {
            let start = out.count
            let text = String(decoding: buffer.bytes[piece.start..<piece.end], as: UTF8.self)
            for scalar in text.unicodeScalars {
                if let b = ByteLevelAlphabet.byte(for: scalar) {
                    out.append(b)
                } else {
                    out.append(contentsOf: Array(String(scalar).utf8))  // not in the alphabet: unknown to the model
                }
            }
            pieces.append(.init(start: start, end: out.count, atStart: piece.atStart))
        }
        buffer.bytes = out
        buffer.pieces = pieces
        buffer.inByteAlphabet = false
    }

    /// Replaces each piece by `transform`'s output, appended to the buffer.
    private func rewrite(
        _ buffer: inout PieceBuffer, _ transform: (_ bytes: [UInt8], _ piece: PieceBuffer.Piece, _ out: inout [UInt8]) -> Void
    ) {
        var out: [UInt8] = []
        var pieces: [PieceBuffer.Piece] = []
        pieces.reserveCapacity(buffer.pieces.count)
        for piece in buffer.pieces {
            let start = out.count
            transform(buffer.bytes, piece, &out)
            if out.count > start { pieces.append(.init(start: start, end: out.count, atStart: piece.atStart)) }
        }
        buffer.bytes = out
        buffer.pieces = pieces
    }

    /// Splits each piece at the matches of `pattern`, Hugging Face's `NormalizedString::split`.
    private func splitPieces(
        _ buffer: inout PieceBuffer, _ pattern: SplitPattern, _ behavior: SplitBehavior, invert: Bool,
        regexes: inout RegexSession
    ) throws {
        var result: [PieceBuffer.Piece] = []
        result.reserveCapacity(buffer.pieces.count * 2)
        var splits = SplitAccumulator(behavior: behavior, invert: invert)
        try buffer.bytes.withUnsafeBufferPointer { all in
            for piece in buffer.pieces {
                let text = UnsafeBufferPointer(rebasing: all[piece.start..<piece.end])
                splits.reset()
                var last = 0
                try pattern.forEachMatch(in: text, regexes: &regexes) { start, end in
                    if start > last { splits.add(last, start, isMatch: false) }
                    splits.add(start, end, isMatch: true)
                    last = end
                }
                if last < text.count { splits.add(last, text.count, isMatch: false) }
                splits.emit(into: &result, base: piece.start, atStart: piece.atStart)
            }
        }
        buffer.pieces = result
    }

    /// Splits each piece at every scalar for which `test` holds (each such scalar is one match).
    private func splitScalars(
        _ buffer: inout PieceBuffer, _ behavior: SplitBehavior,
        _ test: (UnsafeBufferPointer<UInt8>, Int) -> (Bool, Int)
    ) throws {
        var result: [PieceBuffer.Piece] = []
        var splits = SplitAccumulator(behavior: behavior, invert: false)
        buffer.bytes.withUnsafeBufferPointer { all in
            for piece in buffer.pieces {
                let text = UnsafeBufferPointer(rebasing: all[piece.start..<piece.end])
                splits.reset()
                var last = 0
                var i = 0
                while i < text.count {
                    let (hit, length) = test(text, i)
                    if hit {
                        if i > last { splits.add(last, i, isMatch: false) }
                        splits.add(i, i + length, isMatch: true)
                        last = i + length
                    }
                    i += length
                }
                if last < text.count { splits.add(last, text.count, isMatch: false) }
                splits.emit(into: &result, base: piece.start, atStart: piece.atStart)
            }
        }
        buffer.pieces = result
    }
}

/// Collects the (range, is-match) splits of one piece and applies a Split behaviour to them
/// exactly as Hugging Face does (empty results are dropped).
struct SplitAccumulator {
    let behavior: SplitBehavior
    let invert: Bool
    private var items: [(start: Int, end: Int, isMatch: Bool)] = []

    init(behavior: SplitBehavior, invert: Bool) {
        self.behavior = behavior
        self.invert = invert
    }

    mutating func reset() { items.removeAll(keepingCapacity: true) }

    mutating func add(_ start: Int, _ end: Int, isMatch: Bool) {
        items.append((start, end, isMatch != invert))
    }

    func emit(into out: inout [PieceBuffer.Piece], base: Int, atStart: Bool) {
        @inline(__always) func push(_ s: Int, _ e: Int) {
            if e > s { out.append(.init(start: base + s, end: base + e, atStart: atStart && s == 0)) }
        }
        switch behavior {
        case .isolated:
            for item in items { push(item.start, item.end) }
        case .removed:
            for item in items where !item.isMatch { push(item.start, item.end) }
        case .mergedWithPrevious:
            var merged: [(Int, Int)] = []
            var previousMatch = false
            for item in items {
                if item.isMatch && !previousMatch, !merged.isEmpty {
                    merged[merged.count - 1].1 = item.end
                } else {
                    merged.append((item.start, item.end))
                }
                previousMatch = item.isMatch
            }
            for m in merged { push(m.0, m.1) }
        case .mergedWithNext:
            var merged: [(Int, Int)] = []
            var previousMatch = false
            for item in items.reversed() {
                if item.isMatch && !previousMatch, !merged.isEmpty {
                    merged[merged.count - 1].0 = item.start
                } else {
                    merged.append((item.start, item.end))
                }
                previousMatch = item.isMatch
            }
            for m in merged.reversed() { push(m.0, m.1) }
        case .contiguous:
            var merged: [(Int, Int)] = []
            var previousMatch = false
            for item in items {
                if item.isMatch == previousMatch, !merged.isEmpty {
                    merged[merged.count - 1].1 = item.end
                } else {
                    merged.append((item.start, item.end))
                }
                previousMatch = item.isMatch
            }
            for m in merged { push(m.0, m.1) }
        }
    }
}
