import CTokCategories

/// Walks the pieces of a text for a scanner that finds piece starts 64 bytes at a time
/// (``PieceScanner/blockStarts(_:_:_:)``: cl100k_base and o200k_base): the starts of a block come from
/// bit masks of its bytes' classes, and the pieces between them are handed out with no branch on what
/// kind of piece each one is.
///
/// Each block begins where a piece begins (the patterns look at nothing before a piece's start) and
/// settles the starts up to its first non-ASCII byte, or up to a run of white space at its end; the
/// piece that starts at its last settled start begins the next block. Text the masks do not settle
/// (non-ASCII bytes, a piece longer than a block, the last ``readable`` bytes) goes through the
/// scanner's ``PieceScanner/pieceEnd(_:_:)``, which gives the same pieces.
@usableFromInline
struct BlockPieceWalker<Scanner: PieceScanner> {
    /// The bytes a block needs readable from its start: 64, the two after them that a contraction
    /// may need, and a margin so that the text goes on past the block.
    @usableFromInline static var readable: Int { 80 }
    /// After a block meets a byte of 0x80 or more, at least this many bytes past it go piece by piece
    /// before a block is tried again (on text in other scripts a block would otherwise be tried, and
    /// wasted, at nearly every piece); each further block that meets one doubles the distance, up to
    /// ``maxPiecewise``, and a block of ASCII only resets it.
    @usableFromInline static var minPiecewise: Int { 256 }
    @usableFromInline static var maxPiecewise: Int { 8192 }

    /// Settled starts not yet handed out: bit k is a start at `base + k`.
    @usableFromInline var starts: UInt64 = 0
    @usableFromInline var base = 0
    /// Until here, pieces go one by one through the scanner.
    @usableFromInline var piecewiseUntil = 0
    /// How far past the next non-ASCII byte that a block meets pieces go one by one.
    @usableFromInline var piecewise = BlockPieceWalker.minPiecewise

    @inlinable init() {}

    /// The end of the piece that starts at `start` (where the previous piece ended, or 0).
    @inlinable @inline(__always)
    mutating func pieceEnd(_ text: ClassifiedBytes, from start: Int) -> Int {
        if starts != 0 {
            let end = base &+ starts.trailingZeroBitCount
            starts &= starts &- 1
            return end
        }
        // Text in other scripts stays in this loop, with the scanner inline, as it did without blocks.
        if start < piecewiseUntil || text.count &- start < Self.readable { return Scanner.pieceEnd(text, start) }
        return nextBlock(text, from: start)
    }

    /// ``pieceEnd(_:from:)`` when no settled start is left and a block may be tried: a new block at
    /// `start`, or the scanner when the block settles no start after `start`.
    @inlinable @inline(never)
    mutating func nextBlock(_ text: ClassifiedBytes, from start: Int) -> Int {
        var trusted: Int64 = 0, nonASCIIAt: Int64 = 0
        let found = Scanner.blockStarts(text.base + start, &trusted, &nonASCIIAt) & ~1
        if nonASCIIAt < 64 {
            piecewiseUntil = start &+ Int(nonASCIIAt) &+ piecewise
            piecewise = min(piecewise &* 2, Self.maxPiecewise)
        } else {
            piecewise = Self.minPiecewise
        }
        if found != 0 {
            // Each settled start ends the piece before it; the piece that starts at the last one goes
            // on past what this block settles and begins the next block.
            base = start
            starts = found & (found &- 1)
            return start &+ found.trailingZeroBitCount
        }
        return Scanner.pieceEnd(text, start)
    }
}

extension Encoding {
    /// The one-shot loop of an encoding whose scanner finds starts by blocks (``BlockPieceWalker``).
    @inlinable
    static func encodeByBlocks<Scanner: PieceScanner, Sink: TokenSink>(
        _ scanner: Scanner.Type, _ text: ClassifiedBytes, _ table: RankTable, _ sink: inout Sink,
        _ pieces: inout PieceCache?
    ) {
        let base = text.base, count = text.count
        var walker = BlockPieceWalker<Scanner>()
        var start = 0
        while start < count {
            let end = walker.pieceEnd(text, from: start)
            table.encodePiece(base + start, end &- start, readable: count &- start, into: &sink, cache: &pieces)
            start = end
        }
    }
}
