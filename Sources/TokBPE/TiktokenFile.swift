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
        var entries: [(range: Range<Int>, rank: UInt32)] = []
        entries.reserveCapacity(input.count / 12 + 1)
        let count = input.count
        guard let base = input.baseAddress, count > 0 else {
            throw VocabularyError(source: source, reason: "the vocabulary is empty")
        }
        let bytes = try Base64.decodeTable.withUnsafeBufferPointer { table in
            try [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
                initialized = 0
                var written = 0
                var lineNumber = 0
                var position = 0
                while position < count {
                    lineNumber += 1
                    let newline = memchr(base + position, 0x0A, count - position)
                    let lineEnd = newline.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? count
                    var contentEnd = lineEnd
                    if contentEnd > position && base[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                    defer { position = lineEnd + 1 }
                    if contentEnd == position { continue }  // blank line

                    var separator = position
                    while separator < contentEnd && base[separator] != 0x20 && base[separator] != 0x09 { separator += 1 }
                    guard separator < contentEnd else {
                        throw VocabularyError(
                            source: source, line: lineNumber, reason: "expected '<base64 token> <rank>', found no rank")
                    }
                    let decoded = Base64.decode(base + position, separator - position, into: out.baseAddress! + written, table: table.baseAddress!)
                    guard decoded > 0 else {
                        let shown = String(decoding: UnsafeBufferPointer(start: base + position, count: min(40, separator - position)), as: UTF8.self)
                        throw VocabularyError(source: source, line: lineNumber, reason: "\(shown.debugDescription) is not valid base64")
                    }
                    var rankStart = separator + 1
                    while rankStart < contentEnd && (base[rankStart] == 0x20 || base[rankStart] == 0x09) { rankStart += 1 }
                    var rank: UInt64 = 0
                    var k = rankStart
                    while k < contentEnd, base[k] >= 0x30 && base[k] <= 0x39, rank < UInt64(UInt32.max) {
                        rank = rank * 10 + UInt64(base[k] - 0x30)
                        k += 1
                    }
                    guard k > rankStart, k == contentEnd, rank < UInt64(UInt32.max - 1) else {
                        let shown = String(decoding: UnsafeBufferPointer(start: base + rankStart, count: min(40, contentEnd - rankStart)), as: UTF8.self)
                        throw VocabularyError(
                            source: source, line: lineNumber,
                            reason: "\(shown.debugDescription) is not a rank (a whole number below 4294967294)")
                    }
                    entries.append((written..<(written + decoded), UInt32(rank)))
                    written += decoded
                    initialized = written
                }
            }
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
        // Ranks index flat tables: refuse a rank so far beyond the token count that they would need
        // gigabytes (tiktoken's vocabularies are dense).
        if maxRank > 4 * entries.count + 1_000_000 {
            let index = entries.firstIndex { Int($0.rank) == maxRank }!
            throw VocabularyError(
                source: source, line: lineOfEntry(index),
                reason: "rank \(maxRank) is far beyond the \(entries.count) tokens of the vocabulary (ranks must be dense)")
        }
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
        // Duplicate byte strings (found while the hash table was built).
        if let duplicate = table.duplicate {
            let a = Int(seenAt[Int(duplicate.first)]), b = Int(seenAt[Int(duplicate.second)])
            throw VocabularyError(
                source: source, line: lineOfEntry(max(a, b)),
                reason: "this token's bytes are also given on line \(lineOfEntry(min(a, b))) (ranks \(duplicate.first) and \(duplicate.second))")
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
