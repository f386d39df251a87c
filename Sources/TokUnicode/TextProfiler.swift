/// Builds a `TextProfile` from UTF-8 fed in blocks of any size (cut anywhere, even inside a character), holding at
/// most about `chunkSize` bytes (or `maxPending` for text without line feeds) at a time.
///
/// ```swift
/// var profiler = try TextProfiler()
/// for block in blocks { try profiler.append(block) }
/// let profile = try profiler.finish()
/// ```
/// Not `Sendable`: it owns ICU break iterators. Use one per thread.
public struct TextProfiler {
    /// Text is profiled once this many bytes are pending (default 1 MiB), up to the last LF.
    public let chunkSize: Int
    /// If this many bytes are pending without a LF (default 8 MiB), a chunk is cut at a sentence boundary instead.
    public let maxPending: Int
    /// What to do with ill-formed UTF-8: throw (`.strict`, default) or count U+FFFD replacements (`.replace`).
    public let invalidUTF8: InvalidUTF8Policy

    private let iterators: Iterators
    private var pending: [UInt8] = []
    private var offset = 0  // offset in the whole input of pending[0]
    private var resolver = ScriptRunResolver()
    private var atLineStart = true
    private var lastLF = -1  // index in `pending` of its last LF, or -1
    private var totals = Counts()
    private var perScript: [Int32: Counts] = [:]

    /// A profiler with ICU root rules (or `locale`'s) and the given chunk sizes.
    /// With `invalidUTF8: .replace`, each maximal ill-formed subpart is profiled as U+FFFD (3 bytes, 1 scalar), as
    /// `TextProfile(utf8:invalidUTF8:)` does; a subpart is never split across chunks since chunks end after a LF
    /// (except in the long-line fallback).
    public init(
        locale: String = "", chunkSize: Int = 1 << 20, maxPending: Int = 8 << 20,
        invalidUTF8: InvalidUTF8Policy = .strict
    ) throws {
        self.invalidUTF8 = invalidUTF8
        self.iterators = try Iterators(locale: locale)
        self.chunkSize = max(64, chunkSize)
        self.maxPending = max(self.chunkSize, maxPending)
    }

    /// Bytes profiled so far (not counting pending bytes).
    public var bytesProfiled: Int { offset }

    /// Adds a block of UTF-8. Throws `UnicodeError.invalidUTF8(byteOffset:)` (offset in the whole input) when a
    /// chunk containing ill-formed UTF-8 is profiled.
    public mutating func append(_ block: UnsafeBufferPointer<UInt8>) throws {
        // Track the last LF incrementally so that tiny blocks never rescan what is pending.
        if let k = block.lastIndex(of: 0x0A) { lastLF = pending.count + k }
        pending.append(contentsOf: block)
        while pending.count >= chunkSize {
            let cut = try chooseCut()
            if cut == 0 { return }
            try profileChunk(count: cut)
        }
    }

    /// Adds a string.
    public mutating func append(_ text: String) throws {
        try withUTF8(text) { try append($0) }
    }

    /// Profiles what is pending and returns the profile. Throws `UnicodeError.invalidUTF8` if the input is
    /// ill-formed (including ending inside a character).
    public mutating func finish() throws -> TextProfile {
        if !pending.isEmpty { try profileChunk(count: pending.count) }
        var by = perScript.map { code, c -> ScriptCounts in
            var s = ScriptCounts(script: Script(code: code))
            s.bytes = c.bytes; s.scalars = c.scalars; s.graphemes = c.graphemes
            s.words = c.words; s.sentences = c.sentences; s.lines = c.lines
            return s
        }
        by.sort { ($0.bytes, $1.script) > ($1.bytes, $0.script) }
        return TextProfile(
            bytes: totals.bytes, scalars: totals.scalars, graphemes: totals.graphemes, words: totals.words,
            sentences: totals.sentences, lines: totals.lines, byScript: by)
    }

    // MARK: - Internals

    /// Where to cut `pending`: after its last LF; if there is none and too much is pending, at the last sentence
    /// (else word, else grapheme) boundary well before the end; 0 to wait for more input.
    private mutating func chooseCut() throws -> Int {
        let n = pending.count
        if lastLF >= 0 { return lastLF + 1 }
        if n < maxPending { return 0 }
        let off = offset
        return try pending.withUnsafeBufferPointer { buf -> Int in
            let end = UTF8Validation.scalarStart(atOrBefore: n - 1, in: buf.baseAddress!, count: n)
            let region = UnsafeBufferPointer(rebasing: buf[0..<end])
            if invalidUTF8 == .strict { try UTF8Validation.validate(region, baseOffset: off) }
            // Stay clear of the end, where the rules cannot see the following text.
            let probe = max(1, end - min(4096, end / 2))
            for it in [iterators.sentence, iterators.word, iterators.grapheme] {
                try it.setValidatedText(region)
                let b = it.preceding(probe)
                if b > 0 { return b }
            }
            return end
        }
    }

    /// Profiles `pending[0..<count]` and removes it.
    private mutating func profileChunk(count: Int) throws {
        let base = offset
        var res = resolver
        var lineStart = atLineStart
        let policy = invalidUTF8
        let runCounts = try pending.withUnsafeBufferPointer { all -> [(Int32, Counts)] in
            let buf = UnsafeBufferPointer(rebasing: all[0..<count])
            if policy == .replace, UTF8Validation.firstInvalidOffset(in: buf) != nil {
                let fixed = UTF8Validation.repaired(buf)
                return try fixed.withUnsafeBufferPointer { try measure($0, &res, &lineStart) }
            }
            try UTF8Validation.validate(buf, baseOffset: base)
            return try measure(buf, &res, &lineStart)
        }
        resolver = res
        atLineStart = lineStart
        for (code, c) in runCounts {
            totals.add(c)
            perScript[code, default: Counts()].add(c)
        }
        pending.removeFirst(count)
        offset += count
        lastLF = lastLF >= count ? lastLF - count : -1
    }

    /// Counts well-formed UTF-8 `buf` per script run; returns (script code, counts) for each run.
    private func measure(
        _ buf: UnsafeBufferPointer<UInt8>, _ res: inout ScriptRunResolver, _ lineStart: inout Bool
    ) throws -> [(Int32, Counts)] {
        guard let p = buf.baseAddress, buf.count > 0 else { return [] }
        let its = iterators
        let runs = res.runs(in: buf)
        var perRun = [Counts](repeating: Counts(), count: runs.count)

        // Bytes, scalars, line starts per run.
        for (k, run) in runs.enumerated() {
            perRun[k].bytes = run.byteRange.count
            var sc = 0
            var ls = 0
            for i in run.byteRange {
                let b = p[i]
                if b & 0xC0 != 0x80 { sc += 1 }
                if lineStart { ls += 1; lineStart = false }
                if b == 0x0A { lineStart = true }
            }
            perRun[k].scalars = sc
            perRun[k].lines = ls
        }

        if runs.count == 1 {
            // One script: nothing to attribute.
            var g = 0
            try forEachGraphemeStart(its.grapheme, buf) { _ in g += 1 }
            perRun[0].graphemes = g
            var w = 0
            try forEachWordLikeStart(its.word, buf) { _ in w += 1 }
            perRun[0].words = w
        } else {
            var r = 0
            try forEachGraphemeStart(its.grapheme, buf) { start in
                while runs[r].byteRange.upperBound <= start { r += 1 }
                perRun[r].graphemes += 1
            }
            var rw = 0
            try forEachWordLikeStart(its.word, buf) { start in
                while runs[rw].byteRange.upperBound <= start { rw += 1 }
                perRun[rw].words += 1
            }
        }
        // Sentences: attributed at their first non-blank character.
        try its.sentence.setValidatedText(buf)
        var prev = 0
        var r = 0
        while true {
            let b = Int(its.sentence.next())
            if b < 0 { break }
            if let start = firstNonBlank(p, prev, b) {
                while runs[r].byteRange.upperBound <= start { r += 1 }
                perRun[r].sentences += 1
            }
            prev = b
        }
        return runs.enumerated().map { ($1.script.code, perRun[$0]) }
    }

    /// The counts accumulated for a text or a script.
    struct Counts {
        var bytes = 0, scalars = 0, graphemes = 0, words = 0, sentences = 0, lines = 0
        mutating func add(_ o: Counts) {
            bytes += o.bytes; scalars += o.scalars; graphemes += o.graphemes
            words += o.words; sentences += o.sentences; lines += o.lines
        }
    }

    /// The three break iterators a profiler reuses for every chunk.
    final class Iterators {
        let grapheme: BreakIterator
        let word: BreakIterator
        let sentence: BreakIterator
        init(locale: String) throws {
            grapheme = try BreakIterator(.grapheme, locale: locale)
            word = try BreakIterator(.word, locale: locale)
            sentence = try BreakIterator(.sentence, locale: locale)
        }
    }
}
