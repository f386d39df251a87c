import Foundation
import TokBPE
import TokUnicode

/// Why a text could not be split into chunks within a budget.
public struct SplitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset of the piece that is too large.
    public var byteOffset: Int
    /// Tokens of that piece.
    public var tokens: Int
    /// The budget.
    public var budget: Int

    /// One line naming the place.
    public var description: String {
        "cannot split: the character at byte offset \(byteOffset) alone is \(tokens) tokens, more than the budget of \(budget)"
    }
}

/// Splits text into consecutive chunks of at most `budget` tokens each, cutting at sentence boundaries,
/// inside a sentence that is too long at word boundaries, and inside a word that is too long at
/// grapheme-cluster boundaries (never inside a grapheme cluster). Chunks are packed greedily and each
/// chunk's token count is checked on the chunk's own text (a chunk is tokenized on its own when sent).
/// The chunks concatenate back to the input exactly.
public struct ChunkSplitter: Sendable {
    /// The encoding that counts.
    public let encoding: any TextTokenizer
    /// Most tokens per chunk (at least 1).
    public let budget: Int

    /// A splitter into chunks of at most `budget` tokens of `encoding`.
    public init(encoding: any TextTokenizer, budget: Int) {
        self.encoding = encoding
        self.budget = max(1, budget)
    }

    /// The chunks of `text`, in order.
    public func split(_ text: String) throws -> [String] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            try ranges(in: buffer).map { String(decoding: buffer[$0], as: UTF8.self) }
        }
    }

    /// The byte ranges of the chunks of valid UTF-8 `buffer`; they cover it in order.
    public func ranges(in buffer: UnsafeBufferPointer<UInt8>) throws -> [Range<Int>] {
        guard buffer.count > 0 else { return [] }
        if let offset = UTF8Validation.firstInvalidOffset(in: buffer) {
            throw AnalysisError.invalidUTF8(document: "input", byteOffset: offset)
        }
        func count(_ r: Range<Int>) throws -> Int { try encoding.count(validatedUTF8: UnsafeBufferPointer(rebasing: buffer[r])) }
        if try count(0..<buffer.count) <= budget { return [0..<buffer.count] }

        // Units: sentences, or words/graphemes of sentences that are too long on their own.
        var units: [(range: Range<Int>, tokens: Int)] = []
        func addUnits(_ r: Range<Int>, levels: ArraySlice<BoundaryKind>) throws {
            let n = try count(r)
            if n <= budget { units.append((r, n)); return }
            guard let kind = levels.first else { throw SplitError(byteOffset: r.lowerBound, tokens: n, budget: budget) }
            let bounds = try Segmenter(kind).boundaries(in: UnsafeBufferPointer(rebasing: buffer[r])).map { $0 + r.lowerBound }
            for (a, b) in zip(bounds, bounds.dropFirst()) where a < b {
                try addUnits(a..<b, levels: levels.dropFirst())
            }
        }
        let sentences = try Segmenter(.sentence).boundaries(in: buffer)
        for (a, b) in zip(sentences, sentences.dropFirst()) where a < b {
            try addUnits(a..<b, levels: [.word, .grapheme])
        }

        // Greedy packing on the units' own counts, then checked on each chunk's text.
        var chunks: [Range<Int>] = []
        var i = 0
        while i < units.count {
            var j = i
            var sum = 0
            while j < units.count && sum + units[j].tokens <= budget { sum += units[j].tokens; j += 1 }
            // Tokens can merge across a cut; drop units from the end until the chunk's own count fits.
            while try j > i + 1 && count(units[i].range.lowerBound..<units[j - 1].range.upperBound) > budget { j -= 1 }
            let chunk = units[i].range.lowerBound..<units[j - 1].range.upperBound
            let n = try count(chunk)
            if n > budget { throw SplitError(byteOffset: chunk.lowerBound, tokens: n, budget: budget) }
            chunks.append(chunk)
            i = j
        }
        return chunks
    }
}
