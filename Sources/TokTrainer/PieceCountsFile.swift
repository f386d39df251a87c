import Foundation
import TokBPE
import TokUnicode

/// The piece-counts file format: one piece per line, its bytes in base64, a tab, its count, in the
/// canonical order (sorted by bytes). Pieces may hold tabs, line breaks and partial UTF-8, so they are
/// never written raw. Lines starting with `#` are comments; the first line written is a header such as
/// `# tokcost pieces v1 pattern=o200k normalize=nfc`, which records how the pieces were made.
///
/// ```
/// # tokcost pieces v1 pattern=o200k normalize=nfc
/// IHRoZQ==	1289
/// ```
public enum PieceCountsFile {
    /// How a counts file was made, from its header line.
    public struct Header: Sendable, Equatable {
        /// The pre-tokenizer pattern.
        public var pattern: PreTokenizerPattern
        /// The normalization form (`nil`: none).
        public var normalization: NormalizationForm?

        /// A header with the given pattern and normalization.
        public init(pattern: PreTokenizerPattern, normalization: NormalizationForm?) {
            self.pattern = pattern
            self.normalization = normalization
        }

        /// The header line, without its line feed.
        public var line: String {
            "# tokcost pieces v1 pattern=\(pattern.rawValue) normalize=\(normalization?.rawValue ?? "none")"
        }
    }

    /// Serializes counts, with a header line when `header` is given.
    public static func serialize(_ counts: PieceCounts, header: Header?) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(counts.uniqueCount * 16)
        if let header { out.append(contentsOf: header.line.utf8); out.append(0x0A) }
        for entry in counts.sortedEntries() {
            out.append(contentsOf: Base64.encode(entry.bytes).utf8)
            out.append(0x09)
            out.append(contentsOf: String(entry.count).utf8)
            out.append(0x0A)
        }
        return Data(out)
    }

    /// Parses a counts file. `source` names it in errors, which give the 1-based line number.
    public static func parse(_ data: Data, source: String) throws -> (counts: PieceCounts, header: Header?) {
        var counts = PieceCounts()
        var header: Header?
        var decoded: [UInt8] = []
        try data.withUnsafeBytes { raw in
            let input = raw.bindMemory(to: UInt8.self)
            var position = 0
            var line = 0
            while position < input.count {
                line += 1
                var end = position
                while end < input.count && input[end] != 0x0A { end += 1 }
                defer { position = end + 1 }
                var contentEnd = end
                if contentEnd > position && input[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                if contentEnd == position { continue }
                if input[position] == UInt8(ascii: "#") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: input[position..<contentEnd]), as: UTF8.self)
                    if let parsed = try parseHeader(text, source: source, line: line) {
                        if let header, header != parsed {
                            throw TrainerError.malformedCounts(source: source, line: line, reason: "a second header disagrees with the first")
                        }
                        header = parsed
                    }
                    continue
                }
                var tab = position
                while tab < contentEnd && input[tab] != 0x09 { tab += 1 }
                guard tab < contentEnd else {
                    throw TrainerError.malformedCounts(source: source, line: line, reason: "expected '<base64 piece><TAB><count>', found no tab")
                }
                decoded.removeAll(keepingCapacity: true)
                let token = UnsafeBufferPointer(rebasing: input[position..<tab])
                guard Base64.decode(token, appendingTo: &decoded), !decoded.isEmpty else {
                    let shown = String(decoding: token.prefix(40), as: UTF8.self)
                    throw TrainerError.malformedCounts(source: source, line: line, reason: "\(shown.debugDescription) is not a non-empty piece in base64")
                }
                var value = 0
                var digits = 0
                var k = tab + 1
                while k < contentEnd, input[k] >= 0x30 && input[k] <= 0x39 {
                    let (m, o1) = value.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(Int(input[k] - 0x30))
                    if o1 || o2 { digits = -1; break }
                    value = s
                    digits += 1
                    k += 1
                }
                guard digits > 0, k == contentEnd, value > 0 else {
                    let shown = String(decoding: input[(tab + 1)..<contentEnd].prefix(40), as: UTF8.self)
                    throw TrainerError.malformedCounts(source: source, line: line, reason: "\(shown.debugDescription) is not a count (a whole number from 1 to \(Int.max))")
                }
                decoded.withUnsafeBufferPointer { counts.add($0, count: value) }
            }
        }
        return (counts, header)
    }

    /// Reads and parses a counts file.
    public static func load(contentsOf url: URL) throws -> (counts: PieceCounts, header: Header?) {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw TrainerError.unreadable(path: url.relativePath, reason: error.localizedDescription)
        }
        return try parse(data, source: url.relativePath)
    }

    /// Reads several counts files and adds them up. Their headers must agree; the common header is
    /// returned (`nil` if none of the files has one).
    public static func load(contentsOf urls: [URL]) throws -> (counts: PieceCounts, header: Header?) {
        var total = PieceCounts()
        var common: Header?
        var commonSource = ""
        for url in urls {
            let (counts, header) = try load(contentsOf: url)
            if let header {
                if let common, common != header {
                    throw TrainerError.inconsistentCounts("\(url.path) was made with '\(header.line.dropFirst(2))' but \(commonSource) with '\(common.line.dropFirst(2))'")
                }
                common = header
                commonSource = url.path
            }
            if total.isEmpty { total = counts } else { total.merge(counts) }
        }
        return (total, common)
    }

    /// Parses a `# tokcost pieces …` header line; other comments give `nil`.
    static func parseHeader(_ text: String, source: String, line: Int) throws -> Header? {
        let words = text.dropFirst().split(separator: " ")
        guard words.count >= 2, words[0] == "tokcost", words[1] == "pieces" else { return nil }
        var pattern: PreTokenizerPattern?
        var normalization: NormalizationForm?
        var sawNormalization = false
        for word in words.dropFirst(2) {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "pattern":
                guard let p = PreTokenizerPattern(name: parts[1]) else {
                    throw TrainerError.malformedCounts(source: source, line: line, reason: "unknown pattern '\(parts[1])' in the header")
                }
                pattern = p
            case "normalize":
                sawNormalization = true
                if parts[1] != "none" {
                    guard let form = NormalizationForm(rawValue: parts[1]) else {
                        throw TrainerError.malformedCounts(source: source, line: line, reason: "unknown normalization '\(parts[1])' in the header")
                    }
                    normalization = form
                }
            default: continue
            }
        }
        guard let pattern, sawNormalization else {
            throw TrainerError.malformedCounts(source: source, line: line, reason: "the header lacks pattern= or normalize=")
        }
        return Header(pattern: pattern, normalization: normalization)
    }
}
