import CTokCategories
import Dispatch
import TokUnicode

/// Where a long text can be cut so that encoding the parts separately gives exactly the ids of
/// encoding the whole: positions where every shipped pre-tokenizer ends a piece whatever follows.
///
/// Two kinds of position qualify (checked against the r50k, cl100k and o200k patterns):
/// - before an ASCII space that follows a character that is not white space: no piece can take that
///   space at its end (a piece ending in white space is all white space), and the piece before it
///   ends the same way whether or not text follows;
/// - after a LF that follows a non-white-space character, when the next character is neither white
///   space nor `/` (o200k's punctuation pieces absorb trailing `[\r\n/]*`, cl100k's `[\r\n]*`).
public enum SafeSplit {
    /// The largest safe cut in `buffer` within `lower...upper`, or `nil` if there is none.
    public static func point(in buffer: UnsafeBufferPointer<UInt8>, from lower: Int, through upper: Int) -> Int? {
        guard let base = buffer.baseAddress, buffer.count >= 3 else { return nil }
        let text = ClassifiedBytes(base: base, count: buffer.count)
        var x = min(upper, buffer.count - 1)
        let low = max(lower, 2)
        while x >= low {
            let byte = base[x]
            if byte == 0x20 && !endsWithWhitespace(text, at: x) { return x }
            if base[x - 1] == 0x0A && byte != UInt8(ascii: "/") && !endsWithWhitespace(text, at: x - 1)
                && !startsWithWhitespace(text, at: x)
            {
                return x
            }
            x -= 1
        }
        return nil
    }

    /// `true` if cutting right after the line feed at `i` is safe both for the pre-tokenizers and for
    /// every normalization form: the character before it is not white space and the one after it is a
    /// letter or a number (these stay non-space under every form, and a line feed is a normalization
    /// boundary). A stricter kind of ``point(in:from:through:)``, for cutting text that is normalized
    /// chunk by chunk (the trainer does).
    public static func isCutAfterLineFeed(in buffer: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard let base = buffer.baseAddress, i > 0, i + 1 < buffer.count, base[i] == 0x0A else { return false }
        let text = ClassifiedBytes(base: base, count: buffer.count)
        let next = text.classAt(i + 1).cls
        guard (1 << next) & CharClass.letterSet != 0 || next == CharClass.number else { return false }
        return !endsWithWhitespace(text, at: i)
    }

    /// `true` if the character that ends just before `end` is white space (or cannot be decoded).
    @usableFromInline
    static func endsWithWhitespace(_ text: ClassifiedBytes, at end: Int) -> Bool {
        var start = end - 1
        while start > 0 && end - start < 4 && text[start] & 0xC0 == 0x80 { start -= 1 }
        guard start >= 0 else { return true }
        let (cls, length) = text.classAt(start)
        guard start + length == end else { return true }
        return (1 << cls) & CharClass.whitespaceSet != 0
    }

    static func startsWithWhitespace(_ text: ClassifiedBytes, at start: Int) -> Bool {
        (1 << text.classAt(start).cls) & CharClass.whitespaceSet != 0
    }

    /// Cuts `buffer` into about `parts` ranges at safe points (fewer if there are not enough).
    public static func ranges(of buffer: UnsafeBufferPointer<UInt8>, parts: Int) -> [Range<Int>] {
        let n = buffer.count
        guard parts > 1, n > 1 << 16 else { return [0..<n] }
        var cuts: [Int] = [0]
        for k in 1..<parts {
            let target = n * k / parts
            if let cut = point(in: buffer, from: max(cuts.last! + 1, target - (1 << 20)), through: target), cut > cuts.last! {
                cuts.append(cut)
            }
        }
        cuts.append(n)
        return zip(cuts, cuts.dropFirst()).map { $0..<$1 }
    }
}

extension ClassifiedBytes {
    /// The first ``SafeSplit`` point of the first kind after `start` (an ASCII space at `x > start`
    /// whose preceding character is not white space), or `count` if there is none. Encoding the text
    /// between two such points on its own gives exactly the ids it gets inside the whole text, so the
    /// encoder caches those stretches whole (see `Encoding.run`). This is the definition, a byte at a
    /// time; the encoder finds the same points with ``SpaceCuts``, and the tests compare the two.
    @inlinable @inline(__always)
    func nextSpaceCut(after start: Int) -> Int {
        var x = start &+ 1
        while true {
            x = nextSpace(from: x)
            if x >= count { return count }
            let before = base[x &- 1]
            if before < 0x80 {
                if (1 &<< asciiClasses[Int(before)]) & CharClass.whitespaceSet == 0 { return x }
            } else if !SafeSplit.endsWithWhitespace(self, at: x) {
                return x
            }
            x &+= 1
        }
    }

    /// The first index `>= from` that holds an ASCII space, or `count`; eight bytes at a time.
    @inlinable @inline(__always)
    func nextSpace(from i: Int) -> Int {
        var j = i
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        while j &+ 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)) ^ (0x20 &* ones)
            // The lowest flagged byte is the first zero byte (a space); higher flags may be false.
            let zero = (word &- ones) & ~word & high
            if zero != 0 { return j &+ zero.trailingZeroBitCount / 8 }
            j &+= 8
        }
        while j < count && base[j] != 0x20 { j &+= 1 }
        return j
    }
}

/// The space cuts of a text (``ClassifiedBytes/nextSpaceCut(after:)``) in order, found from bit masks
/// of 64 bytes at a time (`tok_space_masks`): each cut then costs a few bit operations instead of a
/// scan for the next space and a look at the byte before it, and no branch on how far away it is.
/// Spaces after a byte of 0x80 or more are confirmed one by one (the character ending there may be
/// non-ASCII white space).
@usableFromInline
struct SpaceCuts {
    @usableFromInline let text: ClassifiedBytes
    /// Where the current block of 64 bytes starts.
    @usableFromInline var blockStart: Int
    /// The current block's spaces not after ASCII white space, not yet returned (bit k: `blockStart + k`).
    @usableFromInline var pending: UInt64 = 0
    /// Those of `pending` that follow a byte of 0x80 or more.
    @usableFromInline var unsure: UInt64 = 0

    /// The cuts of `text` after `start`.
    @inlinable
    init(_ text: ClassifiedBytes, after start: Int) {
        self.text = text
        blockStart = start & ~63
        load()
        // The cuts at or before `start` are behind the caller.
        let keep = ~((UInt64(2) &<< UInt64(truncatingIfNeeded: start &- blockStart)) &- 1)
        pending &= keep
        unsure &= keep
    }

    /// Fills ``pending`` and ``unsure`` for the block at ``blockStart``.
    @inlinable @inline(__always)
    mutating func load() {
        var spaces: UInt64 = 0, whitespace: UInt64 = 0, nonASCII: UInt64 = 0
        let remaining = text.count &- blockStart
        guard remaining > 0 else {
            pending = 0
            unsure = 0
            return
        }
        if remaining < 64 && text.count >= 64 {
            // The last, partial block: the 64 bytes that end where the text ends, shifted down to it
            // (the batches of short texts have one of these each).
            tok_space_masks(text.base + (text.count &- 64), 64, &spaces, &whitespace, &nonASCII)
            let drop = UInt64(truncatingIfNeeded: 64 &- remaining)
            spaces &>>= drop
            whitespace &>>= drop
            nonASCII &>>= drop
        } else {
            tok_space_masks(text.base + blockStart, Int64(remaining), &spaces, &whitespace, &nonASCII)
        }
        // The byte before the block: none (no cut at 0), ASCII white space, or non-ASCII.
        var whitespaceBefore: UInt64 = 1, nonASCIIBefore: UInt64 = 0
        if blockStart > 0 {
            let before = text.base[blockStart &- 1]
            if before >= 0x80 {
                whitespaceBefore = 0
                nonASCIIBefore = 1
            } else {
                whitespaceBefore = (1 &<< text.asciiClasses[Int(before)]) & CharClass.whitespaceSet != 0 ? 1 : 0
            }
        }
        pending = spaces & ~(whitespace &<< 1 | whitespaceBefore)
        unsure = pending & (nonASCII &<< 1 | nonASCIIBefore)
    }

    /// Writes the next cuts in order to `out`, at most `max` (at least 1) of them, and returns how many
    /// it wrote; when the text has no more cuts, the last one written is `text.count`. In a block
    /// without non-ASCII bytes every pending space is a cut: a few bit operations each.
    @inlinable @inline(__always)
    mutating func fill(_ out: UnsafeMutablePointer<Int>, max: Int) -> Int {
        var n = 0
        while true {
            if unsure == 0 {
                while pending != 0 {
                    out[n] = blockStart &+ pending.trailingZeroBitCount
                    pending &= pending &- 1
                    n &+= 1
                    if n == max { return n }
                }
            } else {
                while pending != 0 {
                    let x = blockStart &+ pending.trailingZeroBitCount
                    let bit = pending & (0 &- pending)
                    pending &= pending &- 1
                    if unsure & bit != 0 && SafeSplit.endsWithWhitespace(text, at: x) { continue }
                    out[n] = x
                    n &+= 1
                    if n == max { return n }
                }
            }
            if blockStart &+ 64 >= text.count {
                out[n] = text.count
                return n &+ 1
            }
            blockStart &+= 64
            load()
        }
    }
}

/// Finds cut points in a buffer that grows at its end and is consumed from its front (a streaming
/// reader's pending text) without rescanning: positions already searched stay searched, so text with no
/// cut point at all costs linear time, not quadratic.
public struct PendingCutFinder: Sendable {
    /// Positions `1...searchedThrough` of the current buffer are known to hold no cut point.
    private var searchedThrough = 0

    /// A finder for an empty buffer.
    public init() {}

    /// The largest ``SafeSplit`` point of `buffer` that leaves at least 4 bytes after it (so the cut
    /// never falls inside a character of text still arriving), or `nil`. When a point is returned, the
    /// caller removes that many bytes from the front of its buffer before the next call.
    public mutating func cut(in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        let upper = buffer.count - 4
        let lower = max(1, searchedThrough + 1)
        guard upper >= lower else { return nil }
        // A point's test reads at most 4 bytes before and 4 after it, all inside the buffer up to `upper`.
        if let point = SafeSplit.point(in: buffer, from: lower, through: upper) {
            searchedThrough = upper - point
            return point
        }
        searchedThrough = upper
        return nil
    }
}

extension SafeSplit {
    /// How many parts per thread a long text is cut into when threads share it: they take the parts
    /// one at a time (``forEachPart(_:workers:_:)``), so that a thread whose parts went faster (English
    /// beside Telugu, say) takes more of them instead of waiting for the other.
    public static let partsPerThread = 8

    /// The parts that `threads` threads share `buffer` in (``ranges(of:parts:)``): ``partsPerThread``
    /// per thread, but none shorter than `minimumLength` bytes unless that leaves fewer than one per
    /// thread.
    static func workParts(of buffer: UnsafeBufferPointer<UInt8>, threads: Int, minimumLength: Int) -> [Range<Int>] {
        let threads = max(1, threads)
        let wanted = max(threads, min(threads * partsPerThread, buffer.count / max(minimumLength, 1)))
        return ranges(of: buffer, parts: wanted)
    }

    /// Calls `body(worker, part)` once for each part in `0..<parts`, on up to `workers` threads:
    /// `worker` (below `workers`) names the thread, which takes the next part not yet taken until none
    /// is left.
    static func forEachPart(_ parts: Int, workers: Int, _ body: @Sendable (_ worker: Int, _ part: Int) -> Void) {
        let queue = PartQueue(count: parts)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, parts))) { worker in
            while let part = queue.take() { body(worker, part) }
        }
    }
}

extension Encoding {
    /// The shortest part that the one-shot threaded calls cut a text into: each part starts with
    /// fresh caches, which a long part amortizes.
    static let minimumThreadPart = 1 << 20

    /// Counts tokens of valid UTF-8 on up to `threads` threads, cutting only at ``SafeSplit`` points, so
    /// the result equals the single-threaded count.
    public func count(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, threads: Int) -> Int {
        let parts = SafeSplit.workParts(of: buffer, threads: threads, minimumLength: Encoding.minimumThreadPart)
        if parts.count == 1 { return count(validatedUTF8: buffer) }
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts.count)
        defer { counts.deallocate() }
        let shared = SendablePointers(input: buffer, counts: counts)
        SafeSplit.forEachPart(parts.count, workers: threads) { _, i in
            shared.counts[i] = count(validatedUTF8: UnsafeBufferPointer(rebasing: shared.input[parts[i]]))
        }
        return counts.reduce(0, +)
    }

    /// Encodes valid UTF-8 as ordinary text on up to `threads` threads; the same ids as one thread.
    public func encodeOrdinary(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, threads: Int = 1) -> [Int] {
        let parts = SafeSplit.workParts(of: buffer, threads: threads, minimumLength: Encoding.minimumThreadPart)
        if parts.count == 1 { return encodeOrdinaryValidated(buffer) }
        let results = UnsafeMutableBufferPointer<[Int]>.allocate(capacity: parts.count)
        results.initialize(repeating: [])
        defer { results.deinitialize(); results.deallocate() }
        let shared = SendablePointers(input: buffer, counts: nil, results: results)
        SafeSplit.forEachPart(parts.count, workers: threads) { _, i in
            shared.results![i] = encodeOrdinaryValidated(UnsafeBufferPointer(rebasing: shared.input[parts[i]]))
        }
        return results.flatMap { $0 }
    }
}

/// A streaming counter's text, sessions and results, shared by its worker threads; worker `i` uses only
/// session `i` and writes only slot `i`.
private struct SessionSlots: @unchecked Sendable {
    let input: UnsafeBufferPointer<UInt8>
    let sessions: [EncodingSession]
    let counts: UnsafeMutableBufferPointer<Int>
}

/// Hands out the indices `0..<count` one at a time to the threads that ask, each index once.
private final class PartQueue: @unchecked Sendable {
    private let lock = DispatchQueue(label: "tokcost.part-queue")
    private let count: Int
    private var next = 0

    init(count: Int) { self.count = count }

    /// The next index not yet taken, or `nil` when all are.
    func take() -> Int? {
        lock.sync {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// Buffers shared by the worker threads of one call; each thread writes only its own slot.
private struct SendablePointers: @unchecked Sendable {
    let input: UnsafeBufferPointer<UInt8>
    var counts: UnsafeMutableBufferPointer<Int>! = nil
    var results: UnsafeMutableBufferPointer<[Int]>? = nil
}

/// Counts the tokens of a text fed in blocks of any size (cut anywhere, even inside a character),
/// in bounded memory: text is counted in chunks cut at ``SafeSplit`` points, so the total equals
/// ``Encoding/count(_:)`` of the whole text. Special-token text is ordinary text.
///
/// Each thread counts with an ``EncodingSession`` that is kept from chunk to chunk, so words that
/// needed merging in earlier chunks (or, with shared sessions, earlier documents) are looked up
/// whole. The counter's own sessions keep only merged pieces
/// (``EncodingSession/init(_:cachesStretches:)`` with `false`): a stream is mostly text they have not
/// seen, which that kind counts faster.
///
/// A stretch of more than `chunkSize` bytes with no safe point (a long run without spaces or line
/// breaks) is held until one appears or the text ends.
public struct StreamingTokenCounter {
    /// The encoding that counts.
    public let encoding: Encoding
    /// Bytes gathered before a chunk is counted.
    public let chunkSize: Int
    /// Threads used per chunk.
    public let threads: Int
    /// One session per thread.
    private let sessions: [EncodingSession]
    private var pending: [UInt8] = []
    private var consumed = 0
    private var cuts = PendingCutFinder()
    /// Tokens counted so far.
    public private(set) var tokens = 0

    /// A counter for `encoding`, counting `chunkSize`-byte chunks on `threads` threads, each with a
    /// session that keeps merged pieces.
    public init(encoding: Encoding, chunkSize: Int = 8 << 20, threads: Int = 1) {
        self.init(sessions: (0..<max(threads, 1)).map { _ in EncodingSession(encoding, cachesStretches: false) },
                  chunkSize: chunkSize)
    }

    /// A counter that counts with these sessions, one thread each (all of the same encoding, none used
    /// elsewhere while this counter counts). Passing the same sessions to the counter of each document
    /// of a collection keeps what they learned from one document to the next.
    public init(sessions: [EncodingSession], chunkSize: Int = 8 << 20) {
        precondition(!sessions.isEmpty, "StreamingTokenCounter needs at least one session")
        self.encoding = sessions[0].encoding
        self.sessions = sessions
        self.chunkSize = max(chunkSize, 1 << 12)
        self.threads = sessions.count
        pending.reserveCapacity(self.chunkSize + (1 << 20))
    }

    /// Bytes fully counted so far.
    public var bytesCounted: Int { consumed }

    /// Adds a block of UTF-8. Throws ``EncodingError/invalidUTF8(byteOffset:)`` with the offset in the
    /// whole stream.
    public mutating func append(_ block: UnsafeBufferPointer<UInt8>) throws {
        pending.append(contentsOf: block)
        if pending.count >= chunkSize { try countPending(final: false) }
    }

    /// Counts what is left and returns the total.
    public mutating func finish() throws -> Int {
        try countPending(final: true)
        return tokens
    }

    private mutating func countPending(final: Bool) throws {
        let sessions = self.sessions, consumed = self.consumed
        var cuts = self.cuts
        defer { self.cuts = cuts }
        let counted: (cut: Int, tokens: Int)? = try pending.withUnsafeBufferPointer { buffer in
            let cut: Int
            if final {
                cut = buffer.count
            } else {
                guard let point = cuts.cut(in: buffer) else { return nil }
                cut = point
            }
            let part = UnsafeBufferPointer(rebasing: buffer[0..<cut])
            if let offset = UTF8Validation.firstInvalidOffset(in: part) {
                throw EncodingError.invalidUTF8(byteOffset: consumed + offset)
            }
            return (cut, StreamingTokenCounter.count(part, on: sessions))
        }
        guard let counted else { return }
        tokens += counted.tokens
        self.consumed += counted.cut
        pending.removeFirst(counted.cut)
    }

    /// Counts `text` cut at ``SafeSplit`` points into ``SafeSplit/partsPerThread`` parts per session;
    /// each session counts on its own thread, taking the next part until none is left
    /// (``SafeSplit/forEachPart(_:workers:_:)``), so that each session sees parts from all over the chunk.
    private static func count(_ text: UnsafeBufferPointer<UInt8>, on sessions: [EncodingSession]) -> Int {
        if sessions.count == 1 { return sessions[0].count(validatedUTF8: text) }
        let parts = SafeSplit.workParts(of: text, threads: sessions.count, minimumLength: 0)
        if parts.count == 1 { return sessions[0].count(validatedUTF8: text) }
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: sessions.count)
        counts.initialize(repeating: 0)
        defer { counts.deallocate() }
        let shared = SessionSlots(input: text, sessions: sessions, counts: counts)
        SafeSplit.forEachPart(parts.count, workers: sessions.count) { worker, i in
            shared.counts[worker] += shared.sessions[worker].count(validatedUTF8: UnsafeBufferPointer(rebasing: shared.input[parts[i]]))
        }
        return counts.reduce(0, +)
    }
}
