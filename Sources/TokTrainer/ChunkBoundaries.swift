import TokBPE

/// Where a document may be cut into chunks that are pre-tokenized (and normalized) separately, in
/// parallel, with exactly the pieces the whole document would give.
///
/// A cut goes right after a line feed whose preceding character is not white space and whose following
/// character is a letter or a number. No pre-tokenizer piece of the r50k, cl100k or o200k patterns
/// runs across such a point (a piece holding a line feed ends there unless white space, `\r`, `\n` or `/`
/// follows, and a piece beginning with a letter or number cannot start with the line feed), and none of
/// those patterns looks behind, so the pieces after the cut do not depend on the text before it. Letters,
/// numbers and non-space characters stay so under every normalization form, and a line feed is a
/// normalization boundary, so normalizing the chunks separately is also exact. The cut points depend only
/// on the text and the target size, never on the number of threads.
enum ChunkBoundaries {
    /// Start offsets of the chunks of `buffer` (the first is 0): each cut is the first safe point at or
    /// after `targetSize` bytes from the previous one. Text with no safe point stays in one chunk.
    static func chunkStarts(_ buffer: UnsafeBufferPointer<UInt8>, targetSize: Int) -> [Int] {
        var starts = [0]
        var position = targetSize
        let count = buffer.count
        while position < count {
            var i = position
            var found = -1
            while i < count {
                if buffer[i] == 0x0A && isSafeCut(buffer, afterLineFeedAt: i) { found = i + 1; break }
                i += 1
            }
            if found < 0 || found >= count { break }
            starts.append(found)
            position = found + targetSize
        }
        return starts
    }

    /// Whether cutting right after the line feed at `i` is safe (see the type's documentation):
    /// ``SafeSplit/isCutAfterLineFeed(in:at:)``, the encoder's own character classes.
    static func isSafeCut(_ buffer: UnsafeBufferPointer<UInt8>, afterLineFeedAt i: Int) -> Bool {
        SafeSplit.isCutAfterLineFeed(in: buffer, at: i)
    }
}
