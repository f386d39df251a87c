import Foundation
import TokBPE
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TokUnicode

/// The result of analysing one document: its figures and the chunk count for each requested plan.
public struct DocumentAnalysis: Sendable, Equatable {
    /// Counts of the document (tokens in the analyser's encoding).
    public var figures: DocumentFigures
    /// Chunks needed for each ``ChunkPlan`` the analyser was given (greedy split at sentence boundaries).
    public var chunks: [ChunkPlan: Int]

    /// Creates an analysis.
    public init(figures: DocumentFigures, chunks: [ChunkPlan: Int] = [:]) {
        self.figures = figures
        self.chunks = chunks
    }
}

/// Turns UTF-8 text into ``DocumentFigures``: bytes, Unicode scalars, grapheme clusters, words, lines,
/// sentences (from the ICU layer, ``TextProfiler``), the exact token count in one encoding, and a
/// per-script breakdown whose token counts add up to the total exactly (each token belongs to the
/// script run where its first byte lies).
///
/// With a tiktoken-style ``Encoding``, text is processed in chunks of at least ``chunkSize`` bytes cut at
/// ``SafeSplit`` points, so the token count equals the count of the whole text and memory stays bounded
/// whatever the file size. Other tokenizers (Hugging Face: normalizers, Metaspace, added tokens) are not
/// proven to cut there, so they see the whole document at once.
/// Chunk counts for context budgets are packed incrementally (``ChunkPacker``): sentence boundaries
/// are only looked for in a chunk of text that would not fit the current chunk whole. A chunk cut
/// counts as a sentence boundary. Special-token text is ordinary text.
///
/// ```swift
/// let analyzer = DocumentAnalyzer(encoding: try Encoding.load(.o200kBase))
/// let figures = try analyzer.analyze("नमस्ते, world!").figures
/// ```
public struct DocumentAnalyzer: Sendable {
    /// The encoding that counts tokens.
    public let encoding: any TextTokenizer
    /// Threads for the encoder (the result is the same for any number).
    public var threads: Int
    /// Plans whose chunk counts to measure.
    public var plans: [ChunkPlan]
    /// Bytes gathered before a chunk is processed (at least 64 KiB; default 8 MiB).
    public var chunkSize: Int

    /// An analyser counting with `encoding` on `threads` threads and measuring chunks for `plans`.
    public init(encoding: any TextTokenizer, threads: Int = 1, plans: [ChunkPlan] = [], chunkSize: Int = 8 << 20) {
        self.encoding = encoding
        self.threads = max(1, threads)
        self.plans = plans
        self.chunkSize = max(1 << 16, chunkSize)
    }

    /// Starts a streaming analysis of a document called `name`.
    public func stream(name: String) throws -> DocumentStream {
        try DocumentStream(analyzer: self, name: name)
    }

    /// Analyses valid or invalid UTF-8 bytes (invalid bytes throw ``AnalysisError/invalidUTF8(document:byteOffset:)``).
    public func analyze(utf8 buffer: UnsafeBufferPointer<UInt8>, name: String = "-") throws -> DocumentAnalysis {
        var s = try stream(name: name)
        var start = 0
        let block = 1 << 20
        while start < buffer.count {
            let end = min(buffer.count, start + block)
            try s.append(UnsafeBufferPointer(rebasing: buffer[start..<end]))
            start = end
        }
        return try s.finish()
    }

    /// Analyses a string.
    public func analyze(_ text: String, name: String = "-") throws -> DocumentAnalysis {
        var text = text
        return try text.withUTF8 { try analyze(utf8: $0, name: name) }
    }

    /// Analyses a file, read in 1 MiB blocks in bounded memory. `progress` is called with the bytes
    /// read so far after each block.
    public func analyze(contentsOf url: URL, name: String? = nil, progress: ((Int) -> Void)? = nil) throws -> DocumentAnalysis {
        let label = name ?? url.path
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw AnalysisError.unreadable(path: label, reason: "cannot open for reading")
        }
        defer { try? handle.close() }
        var s = try stream(name: label)
        var done = 0
        // One buffer for every block (a new `Data` per block is fresh memory from the system each time).
        let blockSize = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let got = read(handle.fileDescriptor, buffer.baseAddress, blockSize)
            if got < 0 {
                if errno == EINTR { continue }
                throw AnalysisError.unreadable(path: label, reason: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            try s.append(UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: got))
            done += got
            progress?(done)
        }
        return try s.finish()
    }
}

/// A document being analysed block by block (blocks may be cut anywhere, even inside a character).
/// Not `Sendable`: it owns ICU break iterators.
public struct DocumentStream {
    private let analyzer: DocumentAnalyzer
    private let name: String
    /// Never `nil` outside ``process(_:)``, which lends it to another thread (see there).
    private var profiler: TextProfiler?
    private let sentences = Segmenter(.sentence)
    private var resolver = ScriptRunResolver()
    private var pending: [UInt8] = []
    private var cuts = PendingCutFinder()
    private var consumed = 0
    private var tokens = 0
    private var tokensByScript: [Int32: Int] = [:]
    private var packers: [ChunkPacker]

    init(analyzer: DocumentAnalyzer, name: String) throws {
        self.analyzer = analyzer
        self.name = name
        profiler = try TextProfiler()
        packers = analyzer.plans.map(ChunkPacker.init(plan:))
    }

    /// Bytes fully processed so far.
    public var bytesProcessed: Int { consumed }

    /// Adds a block of UTF-8.
    /// - Throws: ``AnalysisError/invalidUTF8(document:byteOffset:)`` with the offset in the whole document.
    public mutating func append(_ block: UnsafeBufferPointer<UInt8>) throws {
        pending.append(contentsOf: block)
        if pending.count >= analyzer.chunkSize { try processPending(final: false) }
    }

    /// Processes what is left and returns the analysis.
    public mutating func finish() throws -> DocumentAnalysis {
        try processPending(final: true)
        let profile: TextProfile
        do { profile = try profiler!.finish() } catch let UnicodeError.invalidUTF8(offset) {
            throw AnalysisError.invalidUTF8(document: name, byteOffset: offset)
        }
        var rows: [String: ScriptFigures] = [:]
        for s in profile.byScript {
            rows[s.script] = ScriptFigures(script: s.script, tokens: 0, characters: s.scalars, words: s.words)
        }
        for (code, n) in tokensByScript {
            let scriptName = Script(code: code).name
            rows[scriptName, default: ScriptFigures(script: scriptName, tokens: 0, characters: 0, words: 0)].tokens += n
        }
        let scripts = rows.values.sorted { ($0.tokens, $0.characters, $1.script) > ($1.tokens, $1.characters, $0.script) }
        let figures = DocumentFigures(
            name: name, bytes: profile.bytes, characters: profile.scalars, graphemes: profile.graphemes,
            words: profile.words, lines: profile.lines, sentences: profile.sentences, tokens: tokens, scripts: scripts)
        var chunks: [ChunkPlan: Int] = [:]
        for p in packers { chunks[p.plan] = p.chunks }
        return DocumentAnalysis(figures: figures, chunks: chunks)
    }

    private mutating func processPending(final: Bool) throws {
        let n = pending.count
        guard n > 0 else { return }
        // Only tiktoken-style encodings are proven to give the same ids across SafeSplit points; other
        // tokenizers (normalizers, Metaspace, added tokens with spaces) see the whole document.
        guard final || analyzer.encoding is Encoding else { return }
        var cuts = self.cuts
        let cut: Int? = pending.withUnsafeBufferPointer { buffer in
            if final { return n }
            return cuts.cut(in: buffer)
        }
        self.cuts = cuts
        guard let cut, cut > 0 else { return }
        try pending.withUnsafeBufferPointer { buffer in
            try process(UnsafeBufferPointer(rebasing: buffer[0..<cut]))
        }
        pending.removeFirst(cut)
    }

    /// Profiles and counts one chunk that ends at a safe split point (or the end of the document).
    ///
    /// With more than one thread, the text profile (ICU's grapheme, word and sentence boundaries,
    /// which take about as long as the tokens) is taken on another thread while this one counts the
    /// tokens: the profiler is moved into a ``ProfileJob`` and back, so that it is never shared (and
    /// its buffers are never copied). `tokcost FILE` on 2 threads, best of 3: 14.6 MB of Telugu
    /// 1.04 → 0.74 s, 6 MB of English 0.32 → 0.20 s, 40 MB of six scripts 2.40 → 1.70 s.
    private mutating func process(_ chunk: UnsafeBufferPointer<UInt8>) throws {
        if let offset = UTF8Validation.firstInvalidOffset(in: chunk) {
            throw AnalysisError.invalidUTF8(document: name, byteOffset: consumed + offset)
        }
        let job = ProfileJob(profiler: profiler.take()!, chunk: chunk)
        if analyzer.threads > 1 {
            let done = DispatchGroup()
            DispatchQueue.global().async(group: done) { job.run() }
            let counted = Result { try countTokens(chunk) }
            done.wait()
            try finish(job)
            try counted.get()
        } else {
            job.run()
            try finish(job)
            try countTokens(chunk)
        }
        consumed += chunk.count
    }

    /// Takes the profiler back from `job` and throws its error, if it had one.
    private mutating func finish(_ job: ProfileJob) throws {
        profiler = job.profiler.take()
        if case UnicodeError.invalidUTF8(let offset)? = job.error as? UnicodeError {
            throw AnalysisError.invalidUTF8(document: name, byteOffset: offset)
        }
        if let error = job.error { throw error }
    }

    /// Counts the tokens of a chunk, by script run and into the chunk packers.
    private mutating func countTokens(_ chunk: UnsafeBufferPointer<UInt8>) throws {
        let starts = try analyzer.encoding.tokenStarts(validatedUTF8: chunk, threads: analyzer.threads)
        tokens += starts.count

        // Tokens per script run, by the run holding each token's first byte.
        var t = 0
        for run in resolver.runs(in: chunk) {
            var k = 0
            while t < starts.count && starts[t] < run.byteRange.upperBound { k += 1; t += 1 }
            if k > 0 { tokensByScript[run.script.code, default: 0] += k }
        }
        if t < starts.count { tokensByScript[Script.common.code, default: 0] += starts.count - t }

        // Chunk counts: sentences are only needed where the text does not fit the current chunk whole.
        if !packers.isEmpty {
            if packers.allSatisfy({ $0.canAbsorb(encodingTokens: starts.count) }) {
                for i in packers.indices { packers[i].absorb(encodingTokens: starts.count) }
            } else {
                let bounds = try sentences.boundaries(in: chunk)
                var t = 0
                for end in bounds.dropFirst() {
                    var k = 0
                    while t < starts.count && starts[t] < end { k += 1; t += 1 }
                    for i in packers.indices { packers[i].add(sentenceTokens: k) }
                }
            }
        }
    }
}

/// A text profiler lent to another thread for one chunk (``DocumentStream``): it holds the profiler
/// and the chunk until ``run()`` is done, and only one thread uses it at a time (the lending thread
/// waits before it takes the profiler back), hence `@unchecked Sendable`.
private final class ProfileJob: @unchecked Sendable {
    var profiler: TextProfiler?
    let chunk: UnsafeBufferPointer<UInt8>
    var error: Error?

    init(profiler: TextProfiler, chunk: UnsafeBufferPointer<UInt8>) {
        self.profiler = profiler
        self.chunk = chunk
    }

    func run() {
        do { try profiler!.append(chunk) } catch { self.error = error }
    }
}
