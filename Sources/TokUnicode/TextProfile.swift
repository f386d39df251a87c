import Foundation

/// Counts for the part of a text written in one script (see `TextProfile` for what each count means).
public struct ScriptCounts: Sendable, Codable, Equatable {
    /// The script's long name ("Devanagari", "Latin", "Common").
    public var script: String
    /// The script's ISO 15924 code ("Deva", "Latn", "Zyyy").
    public var shortName: String
    /// UTF-8 bytes in runs of this script.
    public var bytes: Int
    /// Unicode scalars in runs of this script.
    public var scalars: Int
    /// Grapheme clusters that start in runs of this script.
    public var graphemes: Int
    /// Word-like words that start in runs of this script.
    public var words: Int
    /// Sentences whose first non-blank character is in a run of this script.
    public var sentences: Int
    /// Lines that start in runs of this script.
    public var lines: Int

    /// Empty counts for `script`.
    public init(script: Script) {
        self.script = script.name
        self.shortName = script.shortName
        bytes = 0; scalars = 0; graphemes = 0; words = 0; sentences = 0; lines = 0
    }
}

/// One-pass counts of a text, in total and per script, as the cost module needs them.
///
/// - `bytes`: UTF-8 bytes.
/// - `scalars`: Unicode scalar values (code points).
/// - `graphemes`: extended grapheme clusters by ICU 72's root rules (क्षि and श्री count 1 each, as for Swift's
///   `Character`; the two differ on about 0.06% of Hindi clusters; see the module README for the choice).
/// - `words`: word-like segments of ICU's word break iterator (letters, numbers, kana, ideographs; not spaces or
///   punctuation).
/// - `sentences`: ICU sentence segments that contain a character other than white space and controls.
/// - `lines`: the number of LF (U+000A) characters, plus 1 if the text is non-empty and does not end with LF — i.e.
///   the number of lines an editor shows, without a phantom empty last line. CRLF counts once; a lone CR or other
///   separators (U+2028) do not end a line. Empty text has 0 lines.
/// - `byScript`: the same counts split by script run (`scriptRuns(in:)`), each segment counted for the script of
///   the run in which it starts, so the per-script counts add up to the totals. Ordered by bytes, largest first.
///
/// Text is processed in chunks cut after a LF (or, for a very long line, at a sentence, word or grapheme boundary),
/// so profiling a file takes memory bounded by the chunk size however large the file is.
public struct TextProfile: Sendable, Codable, Equatable {
    /// UTF-8 bytes.
    public var bytes: Int
    /// Unicode scalars.
    public var scalars: Int
    /// Grapheme clusters (ICU).
    public var graphemes: Int
    /// Word-like words.
    public var words: Int
    /// Non-blank sentences.
    public var sentences: Int
    /// Lines: LF count, plus 1 if the text is non-empty and does not end with LF.
    public var lines: Int
    /// Counts per script, largest first.
    public var byScript: [ScriptCounts]

    /// Profiles UTF-8 bytes. With `.strict` (default) ill-formed input throws `UnicodeError.invalidUTF8(byteOffset:)`;
    /// with `.replace` each ill-formed subpart is counted as U+FFFD (3 bytes) instead.
    public init(utf8 bytes: some Collection<UInt8>, invalidUTF8: InvalidUTF8Policy = .strict) throws {
        var profiler = try TextProfiler(invalidUTF8: invalidUTF8)
        try withContiguousBytes(bytes) { try profiler.append($0) }
        self = try profiler.finish()
    }

    /// Profiles UTF-16 code units (e.g. from an NSString or a UTF-16 file). Throws
    /// `UnicodeError.unpairedSurrogate(codeUnitOffset:)` if there is a lone surrogate.
    public init(utf16 units: some Collection<UInt16>) throws {
        try self.init(utf8: try UTF8Validation.utf8(fromUTF16: units))
    }

    /// Profiles a string.
    public init(_ string: String) throws {
        var profiler = try TextProfiler()
        try withUTF8(string) { try profiler.append($0) }
        self = try profiler.finish()
    }

    /// Profiles the UTF-8 file at `url` in bounded memory. Throws `UnicodeError.io`, or with `.strict` (default)
    /// `.invalidUTF8(byteOffset:)` (offset in the file); with `.replace` ill-formed bytes count as U+FFFD.
    public init(contentsOf url: URL, invalidUTF8: InvalidUTF8Policy = .strict) throws {
        var profiler = try TextProfiler(invalidUTF8: invalidUTF8)
        try FileBlocks.forEach(url) { try profiler.append($0) }
        self = try profiler.finish()
    }

    /// The counts for `script`, or nil if the text has none of it.
    public func counts(for script: Script) -> ScriptCounts? {
        byScript.first { $0.shortName == script.shortName }
    }

    /// Memberwise initializer.
    public init(bytes: Int, scalars: Int, graphemes: Int, words: Int, sentences: Int, lines: Int, byScript: [ScriptCounts]) {
        self.bytes = bytes; self.scalars = scalars; self.graphemes = graphemes; self.words = words
        self.sentences = sentences; self.lines = lines; self.byScript = byScript
    }
}
