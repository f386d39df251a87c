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
/// ``Encoding``'s. The first pass over new text is no faster than ``Encoding``'s (filling the caches
/// costs about what it saves); text with words seen before is 2–4× faster.
public final class EncodingSession {
    /// The encoding this session uses.
    public let encoding: Encoding
    /// The caches kept across calls. A session is used by one thread at a time, so accesses are not
    /// checked for exclusivity at run time (two `swift_beginAccess` calls per text otherwise).
    @exclusivity(unchecked) @usableFromInline var caches: EncoderCaches

    /// A session for `encoding`, with empty caches.
    public convenience init(_ encoding: Encoding) {
        self.init(encoding, cachesStretches: true)
    }

    /// A session that caches only merged pieces when `cachesStretches` is false (for one-shot batches,
    /// which see their text once).
    init(_ encoding: Encoding, cachesStretches: Bool) {
        self.encoding = encoding
        self.caches = cachesStretches
            ? EncoderCaches(stretches: PieceCache(), longStretches: LongStretchCache()) : EncoderCaches()
    }

    /// Encodes text as ordinary text (``Encoding/encodeOrdinary(_:)``).
    public func encodeOrdinary(_ text: String) -> [Int] {
        text.withUTF8Bytes { encodeOrdinary(validatedUTF8: $0) }
    }

    /// Encodes bytes known to be valid UTF-8 as ordinary text.
    public func encodeOrdinary(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>) -> [Int] {
        ArraySink.collect(forTextLength: buffer.count) { sink in
            encoding.encodeOrdinary(buffer, into: &sink, caches: &caches)
        }
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
