import Foundation

/// The `.tiktoken` file format: one token per line, its bytes in base64, a space, its rank.
///
/// ```
/// IQ== 0
/// Ig== 1
/// ```
/// Blank lines are skipped; a trailing CR is accepted. Ranks need not be contiguous, but a rank or a
/// byte string may appear only once.
public enum TiktokenFile {
    /// Parses the contents of a `.tiktoken` file. `source` names it in error messages.
    public static func parse(_ data: Data, source: String) throws -> MergeableRanks {
        try data.withUnsafeBytes { raw in
            try parse(raw.bindMemory(to: UInt8.self), source: source)
        }
    }

    /// Reads and parses a `.tiktoken` file.
    public static func load(contentsOf url: URL) throws -> MergeableRanks {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw VocabularyError(source: url.path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(data, source: url.path)
    }

    static func parse(_ input: UnsafeBufferPointer<UInt8>, source: String) throws -> MergeableRanks {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.count * 3 / 5)
        var entries: [(range: Range<Int>, rank: UInt32)] = []
        entries.reserveCapacity(input.count / 12)
        var lineNumber = 0
        var position = 0
        let count = input.count
        while position < count {
            lineNumber += 1
            var lineEnd = position
            while lineEnd < count && input[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > position && input[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            defer { position = lineEnd + 1 }
            if contentEnd == position { continue }  // blank line

            var separator = position
            while separator < contentEnd && input[separator] != 0x20 && input[separator] != 0x09 {
                separator += 1
            }
            guard separator < contentEnd else {
                throw VocabularyError(
                    source: source, line: lineNumber,
                    reason: "expected '<base64 token> <rank>', found no rank")
            }
            let tokenStart = bytes.count
            let token = UnsafeBufferPointer(rebasing: input[position..<separator])
            guard !token.isEmpty, Base64.decode(token, appendingTo: &bytes), bytes.count > tokenStart else {
                bytes.removeSubrange(tokenStart...)
                let shown = String(decoding: token.prefix(40), as: UTF8.self)
                throw VocabularyError(
                    source: source, line: lineNumber, reason: "\(shown.debugDescription) is not valid base64")
            }
            var rankStart = separator + 1
            while rankStart < contentEnd && (input[rankStart] == 0x20 || input[rankStart] == 0x09) {
                rankStart += 1
            }
            var rank: UInt64 = 0
            var digits = 0
            var k = rankStart
            while k < contentEnd, input[k] >= 0x30 && input[k] <= 0x39, rank < UInt64(UInt32.max) {
                rank = rank * 10 + UInt64(input[k] - 0x30)
                digits += 1
                k += 1
            }
            guard digits > 0, k == contentEnd, rank < UInt64(UInt32.max - 1) else {
                let shown = String(decoding: input[rankStart..<contentEnd].prefix(40), as: UTF8.self)
                throw VocabularyError(
                    source: source, line: lineNumber,
                    reason: "\(shown.debugDescription) is not a rank (a whole number below 4294967294)")
            }
            entries.append((tokenStart..<bytes.count, UInt32(rank)))
        }
        return try MergeableRanks(bytes: bytes, entries: entries, source: source, lineOfEntry: { index in
            // Entries are in file order; recover line numbers only when reporting an error.
            lineNumberOfEntry(index, in: input)
        })
    }

    /// The 1-based line of the `index`-th non-blank line.
    private static func lineNumberOfEntry(_ index: Int, in input: UnsafeBufferPointer<UInt8>) -> Int {
        var seen = -1
        var line = 0
        var position = 0
        while position < input.count {
            line += 1
            var end = position
            while end < input.count && input[end] != 0x0A { end += 1 }
            let blank = end == position || (end == position + 1 && input[position] == 0x0D)
            if !blank {
                seen += 1
                if seen == index { return line }
            }
            position = end + 1
        }
        return line
    }

    /// Writes ranks in the `.tiktoken` format (sorted by rank), as tiktoken's `dump_tiktoken_bpe` does.
    public static func serialize(_ ranks: MergeableRanks) -> Data {
        var out = ""
        out.reserveCapacity(ranks.count * 12)
        for rank in 0..<ranks.table.rankLimit where ranks.table.contains(rank: rank) {
            out += Base64.encode(ranks.table.bytes(ofRank: rank))
            out += " \(rank)\n"
        }
        return Data(out.utf8)
    }
}

/// A validated set of mergeable ranks (token bytes → rank), ready for encoding.
public struct MergeableRanks: Sendable {
    @usableFromInline let table: RankTable

    /// How many tokens there are.
    public var count: Int { table.tokenCount }
    /// One past the highest rank.
    public var rankLimit: Int { table.rankLimit }
    /// The longest token in bytes.
    public var maxTokenLength: Int { table.maxTokenLength }

    /// Builds ranks from pairs of token bytes and rank. `source` names them in error messages.
    public init(_ pairs: some Sequence<(bytes: [UInt8], rank: Int)>, source: String = "ranks") throws {
        var bytes: [UInt8] = []
        var entries: [(range: Range<Int>, rank: UInt32)] = []
        for (index, pair) in pairs.enumerated() {
            guard pair.rank >= 0, pair.rank < Int(UInt32.max - 1) else {
                throw VocabularyError(source: source, line: index + 1, reason: "rank \(pair.rank) is out of range")
            }
            guard !pair.bytes.isEmpty else {
                throw VocabularyError(source: source, line: index + 1, reason: "a token has no bytes")
            }
            let start = bytes.count
            bytes.append(contentsOf: pair.bytes)
            entries.append((start..<bytes.count, UInt32(pair.rank)))
        }
        try self.init(bytes: bytes, entries: entries, source: source, lineOfEntry: { $0 + 1 })
    }

    init(
        bytes: [UInt8], entries: [(range: Range<Int>, rank: UInt32)], source: String,
        lineOfEntry: (Int) -> Int
    ) throws {
        guard !entries.isEmpty else {
            throw VocabularyError(source: source, reason: "the vocabulary is empty")
        }
        // Duplicate ranks.
        let maxRank = Int(entries.map(\.rank).max()!)
        var seenAt = [Int32](repeating: -1, count: maxRank + 1)
        for (index, entry) in entries.enumerated() {
            let previous = seenAt[Int(entry.rank)]
            if previous >= 0 {
                throw VocabularyError(
                    source: source, line: lineOfEntry(index),
                    reason: "rank \(entry.rank) is given twice (first on line \(lineOfEntry(Int(previous))))")
            }
            seenAt[Int(entry.rank)] = Int32(index)
        }
        let table = RankTable(bytes: bytes, entries: entries)
        // Duplicate byte strings: a lookup must find each entry's own rank.
        for (index, entry) in entries.enumerated() {
            let found = bytes.withUnsafeBufferPointer { buffer in
                table.rank(buffer.baseAddress! + entry.range.lowerBound, entry.range.count)
            }
            if found != entry.rank {
                let first = Int(seenAt[Int(found)])
                let (a, b) = first < index ? (first, index) : (index, first)
                throw VocabularyError(
                    source: source, line: lineOfEntry(b),
                    reason: "this token's bytes are also given on line \(lineOfEntry(a)) (ranks \(found) and \(entry.rank))")
            }
        }
        for byte in 0..<256 where table.byteRanks[byte] == RankTable.absent {
            throw VocabularyError(
                source: source,
                reason: "the vocabulary has no token for the single byte 0x\(String(byte, radix: 16, uppercase: true)); byte-level BPE needs all 256")
        }
        self.table = table
    }

    /// The bytes of the token with this rank, or `nil` if no token has it.
    public func bytes(forRank rank: Int) -> [UInt8]? {
        table.contains(rank: rank) ? Array(table.bytes(ofRank: rank)) : nil
    }

    /// The rank of these bytes, or `nil` if they are not a token.
    public func rank(of bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty else { return nil }
        let rank = bytes.withUnsafeBufferPointer { table.rank($0.baseAddress!, $0.count) }
        return rank == RankTable.absent ? nil : Int(rank)
    }
}
