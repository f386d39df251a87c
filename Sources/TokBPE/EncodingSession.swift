import Dispatch

/// An encoder for one thread that remembers what it has encoded across calls, so that a stream of
/// documents in the same language gets faster as it goes (words repeat across documents): whole
/// stretches of text between space cuts (" the", " world,"), looked up before pre-tokenizing, and
/// pieces that needed byte-pair merging.
///
/// ```swift
/// let session = EncodingSession(encoding)
/// for document in documents { total += session.count(document) }
/// ```
/// A session is not thread-safe: use one per thread.
/// Long stretches without a space (URLs, base64, lines of Chinese or Japanese) are kept too, from the
/// second time they are seen. Each cache is bounded (about 130,000 entries each for stretches and
/// pieces, some 10 MB together, and 16 MiB of long stretches); results are identical to
/// ``Encoding``'s. The first pass over new English text is slower than ``Encoding``'s, at about 0.6
/// of its speed (4 MB, first call of a process: 81–88 against 138–146 MB/s with cl100k_base and
/// o200k_base; on Hindi, whose words come back within the text, about level): recording every new
/// stretch costs more than the repeats within the same text save (recording only from a stretch's
/// second sighting was tried and only moved the cost to the second pass; finding the new stretches'
/// pieces 64 bytes at a time, as the one-shot path does, gained nothing). Before a text of 64 KiB or
/// more, the stretch table grows once to the size the text needs instead of a dozen times as it
/// fills (+4–10% on that first pass). Text with words seen before is 2–4× faster. For one document
/// seen once, use ``Encoding``; for a stream of new text, a session that keeps only merged pieces
/// (``init(_:cachesStretches:)`` with `false`).
public final class EncodingSession {
    /// The encoding this session uses.
    public let encoding: Encoding
    /// The caches kept across calls. A session is used by one thread at a time, so accesses are not
    /// checked for exclusivity at run time (two `swift_beginAccess` calls per text otherwise).
    @exclusivity(unchecked) @usableFromInline var caches: EncoderCaches

    /// Texts of up to this many bytes are encoded through ``scratch``.
    static let scratchCapacity = 4096
    /// Room for the ids of one short text (32 KiB), reused for every one.
    private let scratch = UnsafeMutablePointer<Int>.allocate(capacity: EncodingSession.scratchCapacity)

    deinit { scratch.deallocate() }

    /// A session for `encoding`, with empty caches.
    public convenience init(_ encoding: Encoding) {
        self.init(encoding, cachesStretches: true)
    }

    /// A session for `encoding`; with `cachesStretches` false it keeps only merged pieces (the words
    /// that needed byte-pair merging) across calls, not whole stretches.
    ///
    /// Choose `false` for text that is new to the session: one long document, a collection read
    /// once, a stream (``StreamingTokenCounter`` and `tokcost count` do). Each call then runs
    /// ``Encoding``'s one-shot path (blocks of 64 bytes looked up in the rank table) and only words
    /// that are not tokens go through the cache, so new text is counted at a one-shot call's speed
    /// while the merged words carry over from call to call. Keeping stretches pays when the same
    /// stretches come back (a server encoding similar requests, the same text again: 2–4× faster),
    /// but recording every new one makes a first pass slower. `tokcost count` on new documents, one
    /// thread, best of 5 (process start and loading included): 8.9 MB of English 0.128 → 0.102 s,
    /// 14.6 MB of Telugu 0.587 → 0.507 s, 40 MB of six scripts 0.931 → 0.804 s (two threads
    /// 0.579 → 0.512 s).
    public init(_ encoding: Encoding, cachesStretches: Bool) {
        self.encoding = encoding
        self.caches = cachesStretches
            ? EncoderCaches(stretches: PieceCache(), pieces: PieceCache(), longStretches: LongStretchCache())
            : EncoderCaches(pieces: PieceCache())
    }

    /// Encodes text as ordinary text (``Encoding/encodeOrdinary(_:)``).
    public func encodeOrdinary(_ text: String) -> [Int] {
        text.withUTF8Bytes { encodeOrdinary(validatedUTF8: $0) }
    }

    /// Encodes text as ordinary text into 32-bit ids (``Encoding/encodeOrdinaryUInt32(_:)``).
    public func encodeOrdinaryUInt32(_ text: String) -> [UInt32] {
        text.withUTF8Bytes { buffer in
            CollectingSink<UInt32>.collect(forTextLength: buffer.count) { sink in
                encoding.encodeOrdinary(buffer, into: &sink, caches: &caches)
            }
        }
    }

    /// Encodes bytes known to be valid UTF-8 as ordinary text.
    ///
    /// A text of up to ``scratchCapacity`` bytes is encoded into the session's ``scratch`` buffer and
    /// copied into an array of exactly its ids. Creating an array of uninitialized capacity looks its
    /// storage type up in the runtime's generic metadata cache (about 250 instructions and a lock),
    /// while copying from a buffer is compiled for `Int` in place: on batches of 200-byte texts this
    /// is 8–15% faster (measured pinned, interleaved) and allocates only what the ids need.
    public func encodeOrdinary(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard buffer.count <= EncodingSession.scratchCapacity else {
            return ArraySink.collect(forTextLength: buffer.count) { sink in
                encoding.encodeOrdinary(buffer, into: &sink, caches: &caches)
            }
        }
        // Every token has at least one byte, so the ids fit; the sink would move them to a buffer of
        // its own (never freeing the scratch) if they did not.
        var sink = ArraySink(storage: scratch, capacity: EncodingSession.scratchCapacity)
        encoding.encodeOrdinary(buffer, into: &sink, caches: &caches)
        let ids = Array(UnsafeBufferPointer(start: sink.storage, count: sink.count))
        if sink.ownsStorage { sink.storage.deallocate() }
        return ids
    }

    /// Encodes many texts in order on this thread, keeping the session's caches across texts and
    /// across calls (a server that encodes request after request keeps one session per thread).
    public func encodeBatch(_ texts: [String]) -> [[Int]] {
        texts.map { encodeOrdinary($0) }
    }

    /// Counts the tokens of many texts in order on this thread (see ``encodeBatch(_:)``).
    public func countBatch(_ texts: [String]) -> [Int] {
        texts.map { count($0) }
    }

    /// Encodes many texts in order on this thread into one flat array (``TokenBatch``): the same ids
    /// as ``encodeBatch(_:)``, without an array per text. For short texts that array is a real share of
    /// the work (an allocation, a metadata lookup and a release for a few dozen ids).
    public func encodeBatchFlat(_ texts: [String]) -> TokenBatch {
        var offsets: [Int] = []
        offsets.reserveCapacity(texts.count + 1)
        offsets.append(0)
        var bytes = 0
        for text in texts { bytes += text.utf8.count }
        let ids = ArraySink.collect(forTextLength: bytes) { sink in
            for text in texts {
                text.withUTF8Bytes { encoding.encodeOrdinary($0, into: &sink, caches: &caches) }
                offsets.append(sink.count)
            }
        }
        return TokenBatch(ids: ids, offsets: offsets)
    }

    /// Counts tokens (``Encoding/count(_:)``).
    public func count(_ text: String) -> Int {
        text.withUTF8Bytes { count(validatedUTF8: $0) }
    }

    /// Counts the tokens of bytes known to be valid UTF-8.
    public func count(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var sink = CountSink()
        encoding.encodeOrdinary(buffer, into: &sink, caches: &caches)
        return sink.count
    }
}

extension Encoding {
    /// Encodes many texts as ordinary text on up to `threads` threads, each with its own cache of
    /// merged pieces; results are in input order and identical to ``encodeOrdinary(_:)``. To keep caches
    /// across batches (a server encoding request after request), use ``EncodingSession/encodeBatch(_:)``
    /// with one session per thread.
    public func encodeBatch(_ texts: [String], threads: Int = 1) -> [[Int]] {
        inBatch(texts, threads: threads) { session, text in session.encodeOrdinary(text) }
    }

    /// Counts the tokens of many texts (see ``encodeBatch(_:threads:)``).
    public func countBatch(_ texts: [String], threads: Int = 1) -> [Int] {
        inBatch(texts, threads: threads) { session, text in session.count(text) }
    }

    /// ``encodeBatch(_:threads:)`` into one flat array of ids (``TokenBatch``) instead of an array per
    /// text. With several threads, each encodes a contiguous share of the texts, and the shares are
    /// joined in order.
    public func encodeBatchFlat(_ texts: [String], threads: Int = 1) -> TokenBatch {
        let workers = max(1, min(threads, texts.count))
        if workers == 1 { return EncodingSession(self, cachesStretches: false).encodeBatchFlat(texts) }
        let shares = UnsafeMutableBufferPointer<TokenBatch?>.allocate(capacity: workers)
        shares.initialize(repeating: nil)
        defer { shares.deinitialize(); shares.deallocate() }
        let shared = BatchSlots(results: shares)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let range = texts.count * worker / workers ..< texts.count * (worker + 1) / workers
            shared.results[worker] = EncodingSession(self, cachesStretches: false).encodeBatchFlat(Array(texts[range]))
        }
        return TokenBatch(joining: shares.map { $0! })
    }

    /// Runs `body` on every text, round-robin over up to `threads` workers with a session each.
    private func inBatch<Result>(_ texts: [String], threads: Int, _ body: @Sendable (EncodingSession, String) -> Result) -> [Result] {
        let workers = max(1, min(threads, texts.count))
        if workers == 1 {
            let session = EncodingSession(self, cachesStretches: false)
            return texts.map { body(session, $0) }
        }
        let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: texts.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let shared = BatchSlots(results: results)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let session = EncodingSession(self, cachesStretches: false)
            var i = worker
            while i < texts.count {
                shared.results[i] = body(session, texts[i])
                i += workers
            }
        }
        return results.map { $0! }
    }
}

/// The output slots of one batch call; each worker writes only its own indices.
private struct BatchSlots<Result>: @unchecked Sendable {
    let results: UnsafeMutableBufferPointer<Result?>
}

/// The ids of many texts in one flat array (``EncodingSession/encodeBatchFlat(_:)``,
/// ``Encoding/encodeBatchFlat(_:threads:)``): text `i`'s ids are `ids[offsets[i] ..< offsets[i + 1]]`.
public struct TokenBatch: Sendable, Equatable {
    /// Every text's ids, one text after another.
    public let ids: [Int]
    /// Where each text's ids start in ``ids``, and where the last one's end: one more entry than texts.
    public let offsets: [Int]

    /// A batch from its parts: `offsets` starts at 0, never decreases and ends at `ids.count` (the
    /// encoders build it so; not public, so that no batch can be built otherwise).
    init(ids: [Int], offsets: [Int]) {
        self.ids = ids
        self.offsets = offsets
    }

    /// The batches' texts in order, in one batch.
    init(joining parts: [TokenBatch]) {
        var ids: [Int] = []
        ids.reserveCapacity(parts.reduce(0) { $0 + $1.ids.count })
        var offsets = [0]
        offsets.reserveCapacity(parts.reduce(1) { $0 + $1.count })
        for part in parts {
            let base = ids.count
            ids.append(contentsOf: part.ids)
            offsets.append(contentsOf: part.offsets.dropFirst().map { $0 + base })
        }
        self.init(ids: ids, offsets: offsets)
    }

    /// How many texts the batch holds.
    public var count: Int { offsets.count - 1 }

    /// The ids of text `index`.
    public subscript(index: Int) -> ArraySlice<Int> { ids[offsets[index] ..< offsets[index + 1]] }

    /// The token count of every text.
    public var counts: [Int] { (0..<count).map { offsets[$0 + 1] - offsets[$0] } }
}
