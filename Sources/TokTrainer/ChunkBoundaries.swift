/// Where a document may be cut into chunks that are pre-tokenized (and normalized) separately, in
/// parallel, with exactly the pieces the whole document would give.
///
/// A cut goes right after a line feed whose preceding character is not white space and whose following
/// character is a letter or a decimal digit. No pre-tokenizer piece of the r50k, cl100k or o200k patterns
/// runs across such a point (a piece holding a line feed ends there unless white space, `\r`, `\n` or `/`
/// follows, and a piece beginning with a letter or digit cannot start with the line feed), and none of
/// those patterns looks behind, so the pieces after the cut do not depend on the text before it. Letters,
/// digits and non-space characters stay so under every normalization form, and a line feed is a
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

    /// Whether cutting right after the line feed at `i` is safe (see the type's documentation).
    static func isSafeCut(_ buffer: UnsafeBufferPointer<UInt8>, afterLineFeedAt i: Int) -> Bool {
        guard i > 0, i + 1 < buffer.count else { return false }
        // The character after: a letter or a decimal digit.
        guard let next = scalar(in: buffer, at: i + 1) else { return false }
        if next.isASCII {
            let v = next.value
            let alphanumeric = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
            if !alphanumeric { return false }
        } else {
            switch next.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber: break
            default: return false
            }
        }
        // The character before: not white space (and a complete UTF-8 sequence).
        var start = i - 1
        while start > 0 && start > i - 4 && buffer[start] & 0xC0 == 0x80 { start -= 1 }
        guard let previous = scalar(in: buffer, at: start) else { return false }
        if previous.properties.isWhitespace { return false }
        return true
    }

    /// Decodes the scalar starting at `i`, or `nil` if the bytes there are not a well-formed sequence.
    static func scalar(in buffer: UnsafeBufferPointer<UInt8>, at i: Int) -> Unicode.Scalar? {
        let lead = buffer[i]
        let length: Int
        switch lead {
        case 0x00...0x7F: return Unicode.Scalar(lead)
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        guard i + length <= buffer.count else { return nil }
        var value = UInt32(lead) & (0xFF >> UInt32(length + 1))
        for k in 1..<length {
            let byte = buffer[i + k]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return Unicode.Scalar(value)
    }
}
