import CTokCategories

/// Walks the pieces of a text for a scanner that finds piece starts 64 bytes at a time
/// (``PieceScanner/blockStarts(_:_:_:)``: cl100k_base and o200k_base): the starts of a block come from
/// bit masks of its bytes' classes, and the pieces between them are handed out with no branch on what
/// kind of piece each one is.
///
/// Each block begins where a piece begins (the patterns look at nothing before a piece's start) and
/// settles the starts up to the first byte its masks do not classify, or up to a run of white space at
/// its end; the piece that starts at its last settled start begins the next block. cl100k_base's
/// blocks classify characters outside ASCII too (`tok_nonascii_masks`: letters and punctuation of
/// every script, runs of Indic digits; white space and other numbers outside ASCII, and bytes that are
/// not well-formed UTF-8, end what a block settles); o200k_base's stop at the first byte of 0x80 or more. Text the masks do not
/// settle (a piece longer than a block, the last ``readable`` bytes, what ends a block) goes through the
/// scanner's ``PieceScanner/pieceEnd(_:_:)``, which gives the same pieces.
@usableFromInline
struct BlockPieceWalker<Scanner: PieceScanner> {
    /// The bytes a block needs readable from its start: 64, the two after them that a contraction
    /// may need, and a margin so that the text goes on past the block.
    @usableFromInline static var readable: Int { 80 }
    /// After a block stops at a byte it cannot classify (for o200k_base any byte of 0x80 or more), at
    /// least this many bytes past it go piece by piece before a block is tried again (on such text a
    /// block would otherwise be tried, and wasted, at nearly every piece); each further block that
    /// stops early doubles the distance, up to ``maxPiecewise``, and a block settled to its end resets
    /// it.
    @usableFromInline static var minPiecewise: Int { 256 }
    @usableFromInline static var maxPiecewise: Int { 8192 }

    /// Settled starts not yet handed out: bit k is a start at `base + k`.
    @usableFromInline var starts: UInt64 = 0
    @usableFromInline var base = 0
    /// Until here, pieces go one by one through the scanner.
    @usableFromInline var piecewiseUntil = 0
    /// How far past the next byte that a block cannot classify pieces go one by one.
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
        if settle(text, from: start) {
            let end = base &+ starts.trailingZeroBitCount
            starts &= starts &- 1
            return end
        }
        return Scanner.pieceEnd(text, start)
    }

    /// Whether a block may be tried at `start` (no settled start left, past the text that goes piece by
    /// piece, and ``readable`` bytes left).
    @inlinable @inline(__always)
    func mayTryBlock(_ text: ClassifiedBytes, at start: Int) -> Bool {
        starts == 0 && start >= piecewiseUntil && text.count &- start >= Self.readable
    }

    /// Finds the starts that the block at `start` settles; returns `false` if it settles none after
    /// `start` (the piece that starts there is longer than the block, or non-ASCII text comes first).
    /// Not inlined into the encoder's loop (once per block).
    @inlinable @inline(never)
    mutating func settle(_ text: ClassifiedBytes, from start: Int) -> Bool {
        var trusted: Int64 = 0, unclassifiedAt: Int64 = 0
        let found = Scanner.blockStarts(text.base + start, &trusted, &unclassifiedAt) & ~1
        if unclassifiedAt < 64 {
            piecewiseUntil = start &+ Int(unclassifiedAt) &+ piecewise
            piecewise = min(piecewise &* 2, Self.maxPiecewise)
        } else {
            piecewise = Self.minPiecewise
        }
        // Each settled start ends the piece before it; the piece that starts at the last one goes on
        // past what this block settles and begins the next block.
        base = start
        starts = found
        return found != 0
    }

    /// Appends the ranks of the settled pieces from `start` on while each is a whole token of at most
    /// 16 bytes (most pieces of English: a word with its space, punctuation, a number) or a piece of at
    /// most 16 bytes found at the first slot it probes in `cache` (a word merged before in this call,
    /// with up to three ranks), and moves `start` past them. Leaves the first other piece (one that
    /// needs merging, a longer one) to the caller, and all of them if the sink has no room for 192
    /// ranks without growing. Returns how many pieces came from `cache`. A function of its own, with no
    /// calls, so that its loop keeps the tables, the text and the sink in registers: about 55
    /// instructions for a piece, against about 85 through
    /// ``RankTable/encodePiece(_:_:readable:into:cache:)`` in the general loop.
    ///
    /// Every settled piece has 16 bytes readable from its start: it starts in the first 64 of the
    /// block's ``readable`` bytes.
    @inlinable @inline(never)
    mutating func appendWholeTokens<Sink: TokenSink>(
        _ text: UnsafePointer<UInt8>, start: inout Int, _ table: RankTable, _ cache: PieceCache.Table?,
        _ sink: inout Sink
    ) -> Int {
        // A block has at most 64 pieces of at most three ranks: with room for them, no piece checks.
        guard sink.hasRoom(for: 192) else { return 0 }
        let slots = table.slots, filter = table.filter, slotMask = table.slotMask, filterMask = table.filterMask
        let block = text + base
        var bits = starts
        var p = text + start
        var out = sink
        var cached = 0
        while bits != 0 {
            let end = block + bits.trailingZeroBitCount
            let length = end - p
            // Pieces of one or two bytes too go through the hash table, not the direct tables the
            // general loop uses: a branch on the length, which English makes hard to predict, cost
            // more than the hashing (4 MB of English cold: +8% to +10% best of 24-32, pinned).
            guard length <= 16 else { break }
            let key = RankTable.hashAndWords(ofShortKey: p, length)
            let want = RankTable.slotInfo(hash: key.hash, length: length)
            var index = Int(truncatingIfNeeded: key.hash) & slotMask
            var rank = RankTable.absent
            let bit = RankTable.filterBit(hash: key.hash, mask: filterMask)
            if (filter[bit &>> 6] &>> UInt64(truncatingIfNeeded: bit & 63)) & 1 != 0 {
                while true {
                    let slot = slots[index]
                    if slot.info == 0 { break }
                    if slot.info & 0xFFFF_FFFF_0000_0000 == want && slot.low == key.low && slot.high == key.high {
                        rank = UInt32(truncatingIfNeeded: slot.info & 0xFFFF_FFFF)
                        break
                    }
                    index = (index &+ 1) & slotMask
                }
            }
            if rank != RankTable.absent {
                out.appendWithoutGrowing(rank)
            } else {
                // Not a token: a piece merged before, if its key sits at the first slot it probes.
                guard let cache else { break }
                let slot = cache.slots[Int(truncatingIfNeeded: key.hash) & cache.mask]
                let info = slot.info
                let count = Int(truncatingIfNeeded: (info &>> 32) & 0xFF)
                guard info & 0xFFFF_FF00_0000_0000 == (key.hash &>> 48) &<< 48 | UInt64(truncatingIfNeeded: length) &<< 40,
                      slot.low == key.low, slot.high == key.high, count <= 3
                else { break }
                out.appendWithoutGrowing(
                    UInt32(truncatingIfNeeded: info), UInt32(truncatingIfNeeded: slot.extra),
                    UInt32(truncatingIfNeeded: slot.extra &>> 32), count: count)
                cached &+= 1
            }
            bits &= bits &- 1
            p = end
        }
        starts = bits
        start = p - text
        sink = out
        return cached
    }

    /// The end of the piece that starts at `start` when ``starts`` is not empty: the next settled start.
    @inlinable @inline(__always)
    mutating func takeSettled() -> Int {
        let end = base &+ starts.trailingZeroBitCount
        starts &= starts &- 1
        return end
    }
}

extension Encoding {
    /// The one-shot loop of an encoding whose scanner finds starts by blocks (``BlockPieceWalker``):
    /// a settled block's pieces that are whole tokens, or merged earlier in the call, go through
    /// ``BlockPieceWalker/appendWholeTokens(_:start:_:_:_:)``; the others, and the text that blocks do
    /// not settle, piece by piece through ``RankTable/encodePiece(_:_:readable:into:cache:)`` (its
    /// one call site here, so that it is inlined).
    @inlinable
    static func encodeByBlocks<Scanner: PieceScanner, Sink: TokenSink>(
        _ scanner: Scanner.Type, _ text: ClassifiedBytes, _ table: RankTable, _ sink: inout Sink,
        _ pieces: inout PieceCache?
    ) {
        let base = text.base, count = text.count
        var walker = BlockPieceWalker<Scanner>()
        var start = 0
        // Whether the block's pieces go to `appendWholeTokens`: until it leaves a piece within 16
        // bytes of where it began for the second time in the block (text whose pieces are often not
        // tokens, such as base64, would otherwise pay for a hash and a call twice for many pieces;
        // English leaves rarely, for a word it has not merged before, and the rest of the block goes
        // back to the loop: 4 MB of English cold +2%, random base64 -2%; going back after every
        // leave made base64 13-15% slower).
        var wholeTokens = true
        var shortLeaves = 0
        while start < count {
            if walker.mayTryBlock(text, at: start) {
                wholeTokens = walker.settle(text, from: start)
                shortLeaves = 0
            }
            if wholeTokens && walker.starts != 0 {
                let from = start
                if pieces != nil {
                    // Borrowed, not retained: `pieces` holds the cache for the whole call.
                    Unmanaged.passUnretained(pieces.unsafelyUnwrapped)._withUnsafeGuaranteedRef { cache in
                        cache.windowHits &+= walker.appendWholeTokens(base, start: &start, table, cache.table, &sink)
                    }
                } else {
                    _ = walker.appendWholeTokens(base, start: &start, table, nil, &sink)
                }
                if walker.starts == 0 { continue }
                if start &- from < 16 {
                    shortLeaves &+= 1
                    wholeTokens = shortLeaves < 2
                }
            }
            let end = walker.starts != 0 ? walker.takeSettled() : Scanner.pieceEnd(text, start)
            table.encodePiece(base + start, end &- start, readable: count &- start, into: &sink, cache: &pieces)
            start = end
        }
    }
}
