import Foundation
import TokUnicode

/// A byte-level BPE encoding: mergeable ranks, a pre-tokenizer pattern and special tokens, as a
/// tiktoken `Encoding` has. It produces exactly the ids tiktoken produces.
///
/// ```swift
/// let encoding = try Encoding.load(.o200kBase)
/// let ids = encoding.encodeOrdinary("hello world")   // [24912, 2375]
/// let n = encoding.count("hello world")              // 2
/// let text = try encoding.decode(ids).text           // "hello world"
/// ```
///
/// `Encoding` is an immutable value; share it freely across threads.
public struct Encoding: Sendable {
    /// The encoding's name, e.g. `o200k_base`.
    public let name: String
    /// The pre-tokenizer that splits text before merging.
    public let pattern: PreTokenizerPattern
    /// The mergeable ranks (ordinary tokens).
    public let ranks: MergeableRanks
    /// Special tokens by text, e.g. `["<|endoftext|>": 199999]`.
    public let specialTokens: [String: Int]
    let specialMatcher: SpecialTokenMatcher
    let specialBytesByID: [Int: [UInt8]]

    /// Creates an encoding from its parts. Special-token ids must not collide with ranks.
    public init(name: String, pattern: PreTokenizerPattern, ranks: MergeableRanks, specialTokens: [String: Int]) throws {
        for (text, id) in specialTokens {
            if ranks.table.contains(rank: id) {
                throw VocabularyError(source: name, reason: "special token \(text.debugDescription) has id \(id), which is also an ordinary token's rank")
            }
            if text.isEmpty { throw VocabularyError(source: name, reason: "a special token has no text") }
        }
        if Set(specialTokens.values).count != specialTokens.count {
            throw VocabularyError(source: name, reason: "two special tokens share an id")
        }
        self.name = name
        self.pattern = pattern
        self.ranks = ranks
        self.specialTokens = specialTokens
        self.specialMatcher = SpecialTokenMatcher(specialTokens)
        self.specialBytesByID = Dictionary(uniqueKeysWithValues: specialTokens.map { ($0.value, Array($0.key.utf8)) })
    }

    /// Loads a `.tiktoken` file as a custom encoding with the given pattern and special tokens.
    public init(contentsOf url: URL, name: String? = nil, pattern: PreTokenizerPattern, specialTokens: [String: Int] = [:]) throws {
        let ranks = try TiktokenFile.load(contentsOf: url)
        try self.init(
            name: name ?? url.deletingPathExtension().lastPathComponent, pattern: pattern, ranks: ranks,
            specialTokens: specialTokens)
    }

    /// One past the highest id, special tokens included (tiktoken's `n_vocab`).
    public var vocabularySize: Int {
        max(ranks.rankLimit, (specialTokens.values.max() ?? -1) + 1)
    }

    /// The id of the end-of-text token, if the encoding has one.
    public var endOfTextID: Int? { specialTokens["<|endoftext|>"] }

    // MARK: Encoding

    /// Encodes text, treating special-token text as ordinary text (tiktoken's `encode_ordinary`).
    public func encodeOrdinary(_ text: String) -> [Int] {
        text.withUTF8Bytes { encodeOrdinaryValidated($0) }
    }

    /// Encodes UTF-8 bytes as ordinary text. Throws ``EncodingError/invalidUTF8(byteOffset:)`` if the
    /// bytes are not valid UTF-8.
    public func encodeOrdinary(utf8 bytes: some Collection<UInt8>) throws -> [Int] {
        try withContiguousBytes(bytes) { buffer in
            try Encoding.validateUTF8(buffer)
            return encodeOrdinaryValidated(buffer)
        }
    }

    /// ``encodeOrdinary(_:)`` into 32-bit ids: the same ids in half the memory, the element type that
    /// model inputs (`int32`/`uint32` tensors) and numpy's `uint32` arrays use, and written faster
    /// (4 MB of English: 1 million ids, 4 MB instead of 8 MB to write). No id is truncated: a
    /// ``MergeableRanks`` accepts only ranks below 2^32 − 1.
    public func encodeOrdinaryUInt32(_ text: String) -> [UInt32] {
        text.withUTF8Bytes { buffer in
            CollectingSink<UInt32>.collect(forTextLength: buffer.count) { sink in encodeOrdinary(buffer, into: &sink) }
        }
    }

    /// Counts tokens, treating special-token text as ordinary text, without building an id array.
    public func count(_ text: String) -> Int {
        text.withUTF8Bytes { buffer in
            var sink = CountSink()
            encodeOrdinary(buffer, into: &sink)
            return sink.count
        }
    }

    /// Counts the tokens of UTF-8 bytes as ordinary text. Throws on invalid UTF-8.
    public func count(utf8 bytes: some Collection<UInt8>) throws -> Int {
        try withContiguousBytes(bytes) { buffer in
            try Encoding.validateUTF8(buffer)
            var sink = CountSink()
            encodeOrdinary(buffer, into: &sink)
            return sink.count
        }
    }

    /// Counts the tokens of bytes already known to be valid UTF-8 (no validation pass).
    ///
    /// - Precondition: `buffer` is valid UTF-8. Invalid bytes are not a crash, but the count is then
    ///   not defined by any reference tokenizer.
    public func count(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var sink = CountSink()
        encodeOrdinary(buffer, into: &sink)
        return sink.count
    }

    /// Encodes text with tiktoken's special-token policy.
    ///
    /// Special-token text becomes a special id only if it is in `allowedSpecial`. Any special token
    /// in `disallowedSpecial` (by default every one not allowed) makes this throw
    /// ``EncodingError/disallowedSpecialToken(_:)``; pass `disallowedSpecial: .none` to encode such
    /// text as ordinary text instead.
    public func encode(
        _ text: String, allowedSpecial: SpecialTokenSet = .none, disallowedSpecial: SpecialTokenSet = .all
    ) throws -> [Int] {
        try text.withUTF8Bytes { buffer in
            try encodeValidated(buffer, allowedSpecial: allowedSpecial, disallowedSpecial: disallowedSpecial)
        }
    }

    /// ``encode(_:allowedSpecial:disallowedSpecial:)`` on UTF-8 bytes. Throws on invalid UTF-8.
    public func encode(
        utf8 bytes: some Collection<UInt8>, allowedSpecial: SpecialTokenSet = .none,
        disallowedSpecial: SpecialTokenSet = .all
    ) throws -> [Int] {
        try withContiguousBytes(bytes) { buffer in
            try Encoding.validateUTF8(buffer)
            return try encodeValidated(buffer, allowedSpecial: allowedSpecial, disallowedSpecial: disallowedSpecial)
        }
    }

    /// The special tokens in `set`, checking that each one exists.
    func specialNames(_ set: SpecialTokenSet) throws -> Set<String> {
        let names = set.resolve(in: specialTokens)
        for name in names where specialTokens[name] == nil { throw EncodingError.unknownSpecialToken(name) }
        return names
    }

    func encodeValidated(
        _ buffer: UnsafeBufferPointer<UInt8>, allowedSpecial: SpecialTokenSet, disallowedSpecial: SpecialTokenSet
    ) throws -> [Int] {
        let allowed = try specialNames(allowedSpecial)
        let disallowed = try specialNames(disallowedSpecial).subtracting(allowed)
        if let found = specialMatcher.firstMatch(in: buffer, from: 0, allowed: disallowed) {
            throw EncodingError.disallowedSpecialToken(found.text)
        }
        let candidates = specialMatcher.candidates(allowed)
        var caches = EncoderCaches()
        return ArraySink.collect(forTextLength: buffer.count) { sink in
            var start = 0
            while true {
                let match = specialMatcher.firstMatch(in: buffer, from: start, candidates: candidates)
                let end = match?.range.lowerBound ?? buffer.count
                // Each stretch between special tokens is pre-tokenized on its own, as tiktoken does.
                if end > start {
                    encodeOrdinary(UnsafeBufferPointer(rebasing: buffer[start..<end]), into: &sink, caches: &caches)
                }
                guard let match else { break }
                sink.appendID(match.id)
                start = match.range.upperBound
            }
        }
    }

    func encodeOrdinaryValidated(_ buffer: UnsafeBufferPointer<UInt8>) -> [Int] {
        ArraySink.collect(forTextLength: buffer.count) { sink in encodeOrdinary(buffer, into: &sink) }
    }

    /// The encoder's core loop: pre-tokenize, then encode each piece.
    @inlinable
    func encodeOrdinary<Sink: TokenSink>(_ buffer: UnsafeBufferPointer<UInt8>, into sink: inout Sink) {
        var caches = EncoderCaches()
        encodeOrdinary(buffer, into: &sink, caches: &caches)
    }

    /// The core loop with caller-owned caches (kept across calls by ``EncodingSession``).
    @inlinable
    func encodeOrdinary<Sink: TokenSink>(_ buffer: UnsafeBufferPointer<UInt8>, into sink: inout Sink, caches: inout EncoderCaches) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        let text = ClassifiedBytes(base: base, count: buffer.count)
        switch pattern {
        case .r50k: Encoding.run(R50kScanner.self, text, ranks.table, &sink, &caches)
        case .cl100k: Encoding.run(Cl100kScanner.self, text, ranks.table, &sink, &caches)
        case .o200k: Encoding.run(O200kScanner.self, text, ranks.table, &sink, &caches)
        }
    }

    /// Encodes `text`. With a stretch cache (an ``EncodingSession``'s), the text is walked from one
    /// space cut (``ClassifiedBytes/nextSpaceCut(after:)``) to the next, and each stretch of up to
    /// ``PieceCache/maxStretchLength`` bytes (" the", " world,") is looked up whole: a hit costs one
    /// hash probe instead of pre-tokenizing and looking up its pieces. A miss encodes the stretch piece
    /// by piece and records it (``encodeStretch(_:_:from:to:key:_:_:_:)``).
    ///
    /// Stretches go in batches of 32: a first pass finds their ends (``SpaceCuts/fill(_:max:)``), a
    /// second their keys, prefetching their first two slots, and a third looks them up
    /// (``appendHits(_:_:from:to:start:_:_:_:_:)``), so that probes into a table larger than the
    /// processor's caches overlap instead of waiting one after the other (a batch of 8 left most of
    /// the wait in place). Each pass is a short loop that keeps its values in registers: as one loop
    /// with the miss path's calls inside, they spilled to the stack (warm English 29.9 → 22.8
    /// instructions per byte).
    @inlinable
    static func run<Scanner: PieceScanner, Sink: TokenSink>(
        _ scanner: Scanner.Type, _ text: ClassifiedBytes, _ table: RankTable, _ sink: inout Sink,
        _ caches: inout EncoderCaches
    ) {
        guard caches.stretches != nil else {
            if Scanner.hasBlockStarts {
                encodeByBlocks(Scanner.self, text, table, &sink, &caches.pieces)
            } else {
                _ = encodePieces(Scanner.self, text, from: 0, through: text.count, table, &sink, &caches.pieces)
            }
            return
        }
        // Borrowed, not retained (an atomic increment and decrement per call, which batches of short
        // texts feel): `caches` holds the cache for the whole call and nothing here replaces it.
        Unmanaged.passUnretained(caches.stretches.unsafelyUnwrapped)._withUnsafeGuaranteedRef { stretches in
            // A long text: the stretch table grows once now rather than a dozen times as it fills.
            if text.count >= 1 << 16 { stretches.reserveStretchSlots(forTextLength: text.count) }
            runStretches(Scanner.self, text, table, &sink, &caches, stretches)
        }
    }

    /// ``run(_:_:_:_:_:)`` with a stretch cache. Not inlined into `run`: compiled on its own, neither
    /// loop's register allocation is shaped by the other's.
    @inlinable @inline(never)
    static func runStretches<Scanner: PieceScanner, Sink: TokenSink>(
        _ scanner: Scanner.Type, _ text: ClassifiedBytes, _ table: RankTable, _ sink: inout Sink,
        _ caches: inout EncoderCaches, _ stretches: PieceCache
    ) {
        let maxLength = PieceCache.maxStretchLength
        let batch = 32
        withUnsafeTemporaryAllocation(of: Int.self, capacity: batch) { cutRing in
            withUnsafeTemporaryAllocation(of: PieceCache.Key.self, capacity: batch) { keyRing in
                var out = sink
                defer { sink = out }
                let cutsAt = cutRing.baseAddress.unsafelyUnwrapped, keysAt = keyRing.baseAddress.unsafelyUnwrapped
                let base = text.base, count = text.count
                var cuts = SpaceCuts(text, after: 0)
                var start = 0
                while start < count {
                    let found = cuts.fill(cutsAt, max: batch)
                    let current = stretches.table
                    var from = start
                    for i in 0..<found {
                        let cut = cutsAt[i]
                        let length = cut &- from
                        // A stretch too long for the table is not looked up there: no key, no prefetch.
                        var key = PieceCache.Key(hash: 0, low: 0, high: 0)
                        if length <= maxLength {
                            key = PieceCache.key(base + from, length, readable: count &- from, behind: from)
                            current.prefetch(key)
                        }
                        keysAt[i] = key
                        from = cut
                    }
                    var slots = current
                    var i = 0
                    while true {
                        i = appendHits(cutsAt, keysAt, from: i, to: found, start: &start, base, stretches, slots, &out)
                        if i == found { break }
                        // What the hit loop leaves: a probe past the second slot, a stretch over 64
                        // bytes, a full sink, or a miss.
                        let cut = cutsAt[i]
                        let length = cut &- start
                        if length <= maxLength, let slot = stretches.find(keysAt[i], base + start, length, in: slots) {
                            stretches.appendRanks(of: slot, into: &out)
                            start = cut
                            i &+= 1
                            continue
                        }
                        let end = encodeStretch(Scanner.self, text, from: start, to: cut, key: keysAt[i], table, &out, &caches)
                        i &+= 1
                        slots = stretches.table
                        start = end
                        // Only on text that is not valid UTF-8 does a piece run past the cut: the stretches
                        // are then found again from where the pieces ended.
                        if end != cut {
                            cuts = SpaceCuts(text, after: end)
                            break
                        }
                    }
                }
            }
        }
    }

    /// Appends the ranks of the stretches `i..<found` of a batch (stretch `i` ends at `cuts[i]`, its key
    /// is `keys[i]`; the first starts at `start`) to `sink` while the stretch cache holds them at the
    /// first or second slot probed (both prefetched: 95% and 4% of a warm pass over English). Returns
    /// the index of the first stretch it leaves to the caller (`found` if none, or if the sink would
    /// have to grow), with `start` where that one starts. A function of its own with no
    /// calls, so that its loop keeps its values in registers (in `runStretches`, around the calls that
    /// encode a missed stretch, they were kept on the stack).
    @inlinable @inline(never)
    static func appendHits<Sink: TokenSink>(
        _ cuts: UnsafeMutablePointer<Int>, _ keys: UnsafeMutablePointer<PieceCache.Key>, from i: Int, to found: Int,
        start: inout Int, _ text: UnsafePointer<UInt8>, _ stretches: PieceCache, _ slots: PieceCache.Table,
        _ sink: inout Sink
    ) -> Int {
        let keyBytes = stretches.keys, values = stretches.values
        var i = i
        var at = start
        var out = sink
        while i < found {
            let cut = cuts[i]
            let length = cut &- at
            let key = keys[i]
            let home = Int(truncatingIfNeeded: key.hash) & slots.mask
            var slot = slots.slots + home
            var info = slot.pointee.info
            // The length clamped to 255: no stored stretch is longer than 64 bytes, and a length of
            // 256 or more would run into the tag.
            let want = (key.hash >> 48) << 48 | UInt64(truncatingIfNeeded: min(length, 255)) << 40
            // The tag and the length match, then the first 16 bytes, then the rest.
            @inline(__always) func holdsKey(_ slot: UnsafeMutablePointer<PieceCache.Slot>, _ info: UInt64) -> Bool {
                info & 0xFFFF_FF00_0000_0000 == want && slot.pointee.low == key.low && slot.pointee.high == key.high
                    && (length <= 16 || memcmpEqual(keyBytes + Int(slot.pointee.extra >> 32) + 16, text + at + 16, length &- 16))
            }
            if !holdsKey(slot, info) {
                // The slot after it, which the batch prefetched too (a key displaced by one): found
                // here, not through `find` after leaving the loop.
                slot = slots.slots + ((home &+ 1) & slots.mask)
                info = slot.pointee.info
                guard holdsKey(slot, info) else { break }
            }
            let count = Int(truncatingIfNeeded: (info >> 32) & 0xFF)
            let first = UInt32(truncatingIfNeeded: info)
            if PieceCache.ranksAreInline(count: count, length: length) {
                let extra = slot.pointee.extra
                guard out.appendIfRoom(first, UInt32(truncatingIfNeeded: extra), UInt32(truncatingIfNeeded: extra >> 32), count: count)
                else { break }
            } else {
                guard out.appendIfRoom(ranks: values + Int(first), count: count) else { break }
            }
            at = cut
            i &+= 1
        }
        start = at
        sink = out
        return i
    }

    /// Encodes the stretch `start..<cut` that the session's stretch cache does not hold, piece by
    /// piece, and records it: in the stretch cache when it is at most
    /// ``PieceCache/maxStretchLength`` bytes long (`key` is then its ``PieceCache/Key``), else in the
    /// long-stretch cache from its second sighting. Returns where the last piece ended (`cut`, unless
    /// the text is not valid UTF-8).
    @usableFromInline @inline(never)
    static func encodeStretch<Scanner: PieceScanner, Sink: TokenSink>(
        _ scanner: Scanner.Type, _ text: ClassifiedBytes, from start: Int, to cut: Int, key: PieceCache.Key,
        _ table: RankTable, _ sink: inout Sink, _ caches: inout EncoderCaches
    ) -> Int {
        let length = cut &- start
        let p = text.base + start
        if length <= PieceCache.maxStretchLength, let stretches = caches.stretches {
            let valueStart = stretches.valueCount
            var recorder = CacheRecordingSink(cache: stretches)
            let end = encodePieces(Scanner.self, text, from: start, through: cut, table, &recorder, &caches.pieces)
            sink.append(ranks: stretches.values + valueStart, count: stretches.valueCount &- valueStart)
            if end == cut {
                stretches.insert(p, length, hash: key.hash, valueStart: valueStart)
            } else {
                stretches.valueCount = valueStart  // a piece ran past the cut: not a stretch to keep
            }
            return end
        }
        guard length > PieceCache.maxStretchLength, let long = caches.longStretches else {
            return encodePieces(Scanner.self, text, from: start, through: cut, table, &sink, &caches.pieces)
        }
        let hash = RankTable.hash(p, length)
        if let ranks = long.lookup(p, length, hash: hash) {
            ranks.withUnsafeBufferPointer { sink.append(ranks: $0.baseAddress!, count: $0.count) }
            return cut
        }
        if !long.seenBefore(hash: hash) {
            return encodePieces(Scanner.self, text, from: start, through: cut, table, &sink, &caches.pieces)
        }
        var recorder = RankArraySink()
        let end = encodePieces(Scanner.self, text, from: start, through: cut, table, &recorder, &caches.pieces)
        recorder.ranks.withUnsafeBufferPointer { sink.append(ranks: $0.baseAddress!, count: $0.count) }
        if end == cut { long.insert(p, length, hash: hash, ranks: recorder.ranks) }
        return end
    }

    /// Encodes the pieces that start at `start`, until one ends at or after `cut` (at `cut` when
    /// `cut` is a space cut); returns where the last piece ended.
    @inlinable @inline(__always)
    static func encodePieces<Scanner: PieceScanner, Sink: TokenSink>(
        _ scanner: Scanner.Type, _ text: ClassifiedBytes, from start: Int, through cut: Int, _ table: RankTable,
        _ sink: inout Sink, _ pieces: inout PieceCache?
    ) -> Int {
        var start = start
        repeat {
            let end = Scanner.pieceEnd(text, start)
            table.encodePiece(text.base + start, end &- start, readable: text.count &- start, into: &sink, cache: &pieces)
            start = end
        } while start < cut
        return start
    }

    // MARK: Decoding

    /// The bytes of these tokens, concatenated. Throws ``EncodingError/unknownTokenID(_:)``.
    public func decodeBytes(_ ids: some Sequence<Int>) throws -> [UInt8] {
        var out: [UInt8] = []
        for id in ids {
            if ranks.table.contains(rank: id) {
                out.append(contentsOf: ranks.table.bytes(ofRank: id))
            } else if let special = specialBytesByID[id] {
                out.append(contentsOf: special)
            } else {
                throw EncodingError.unknownTokenID(id)
            }
        }
        return out
    }

    /// The bytes of one token.
    public func tokenBytes(_ id: Int) throws -> [UInt8] {
        try decodeBytes(CollectionOfOne(id))
    }

    /// Decodes tokens to text, saying whether the bytes end in the middle of a character.
    public func decode(_ ids: some Sequence<Int>) throws -> DecodedText {
        DecodedText(bytes: try decodeBytes(ids))
    }

    /// Throws ``EncodingError/invalidUTF8(byteOffset:)`` at the first ill-formed byte.
    public static func validateUTF8(_ buffer: UnsafeBufferPointer<UInt8>) throws {
        if let offset = UTF8Validation.firstInvalidOffset(in: buffer) { throw EncodingError.invalidUTF8(byteOffset: offset) }
    }

    private func withContiguousBytes<R>(
        _ bytes: some Collection<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
    ) throws -> R {
        if let result = try bytes.withContiguousStorageIfAvailable(body) { return result }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer in try body(buffer) }
    }
}

/// Text decoded from token ids, with what a caller needs to handle a token boundary that falls
/// inside a UTF-8 character (common when decoding a prefix of a token stream).
public struct DecodedText: Sendable, Equatable {
    /// The raw bytes of the tokens.
    public let bytes: [UInt8]
    /// The bytes as text; invalid or incomplete sequences become U+FFFD (as Python's
    /// `errors="replace"`).
    public let text: String
    /// How many bytes at the end start a UTF-8 character that the bytes do not finish.
    public let incompleteSuffixLength: Int
    /// `true` if the bytes are valid UTF-8 apart from a possibly incomplete last character.
    public let isValidUTF8: Bool

    /// `true` if the bytes stop in the middle of a character.
    public var endsMidCharacter: Bool { incompleteSuffixLength > 0 }

    /// Decodes `bytes`.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.text = String(decoding: bytes, as: UTF8.self)
        var suffix = 0
        // Look back at most 3 bytes for the start of an unfinished sequence.
        var i = bytes.count - 1
        var continuation = 0
        while i >= 0 && bytes.count - i <= 4 {
            let b = bytes[i]
            if b & 0xC0 == 0x80 {
                continuation += 1
                i -= 1
                continue
            }
            let needed = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0
            if b >= 0xC0 && continuation < needed { suffix = continuation + 1 }
            break
        }
        self.incompleteSuffixLength = suffix
        let complete = bytes.prefix(bytes.count - suffix)
        self.isValidUTF8 = complete.withContiguousStorageIfAvailable {
            UTF8Validation.firstInvalidOffset(in: $0) == nil
        } ?? true
    }
}
