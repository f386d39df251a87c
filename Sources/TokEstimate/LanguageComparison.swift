import Foundation

/// One file counted with one encoding, compared with the baseline file counted with the same encoding.
public struct LanguageRow: Codable, Sendable, Equatable {
    /// Language label (from the file name, see ``LanguageNames``).
    public var language: String
    /// The file as given.
    public var file: String
    /// The encoding.
    public var encoding: String
    /// Tokens.
    public var tokens: Int
    /// Unicode scalars.
    public var characters: Int
    /// Words.
    public var words: Int
    /// `characters / tokens` (`nil` without tokens).
    public var charsPerToken: Double?
    /// `tokens / words`, the fertility (`nil` without words).
    public var tokensPerWord: Double?
    /// `tokens / baseline tokens` in the same encoding (`nil` when the baseline has no tokens).
    public var premium: Double?
    /// The rules of thumb and their signed errors against ``tokens``.
    public var heuristics: HeuristicEstimate

    /// Computes a row from a file's figures and the baseline's token count in the same encoding.
    public init(language: String, encoding: String, figures: DocumentFigures, baselineTokens: Int) {
        self.language = language
        file = figures.name
        self.encoding = encoding
        tokens = figures.tokens
        characters = figures.characters
        words = figures.words
        charsPerToken = tokens > 0 ? Double(characters) / Double(tokens) : nil
        tokensPerWord = words > 0 ? Double(tokens) / Double(words) : nil
        premium = baselineTokens > 0 ? Double(tokens) / Double(baselineTokens) : nil
        heuristics = HeuristicEstimate(characters: characters, words: words, exactTokens: tokens)
    }

    enum CodingKeys: String, CodingKey {
        case language, file, encoding, tokens, characters, words
        case charsPerToken = "chars_per_token"
        case tokensPerWord = "tokens_per_word"
        case premium, heuristics
    }

    /// Encodes every key; undefined ratios are `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(language, forKey: .language)
        try c.encode(file, forKey: .file)
        try c.encode(encoding, forKey: .encoding)
        try c.encode(tokens, forKey: .tokens)
        try c.encode(characters, forKey: .characters)
        try c.encode(words, forKey: .words)
        try c.encode(charsPerToken, forKey: .charsPerToken)
        try c.encode(tokensPerWord, forKey: .tokensPerWord)
        try c.encode(premium, forKey: .premium)
        try c.encode(heuristics, forKey: .heuristics)
    }
}

/// Parallel texts (the same content in several languages) counted with several encodings: what each
/// language costs relative to a baseline file (`tokcost compare`).
public struct LanguageComparison: Codable, Sendable, Equatable {
    /// The baseline file.
    public var baseline: String
    /// The encodings, in the order given.
    public var encodings: [String]
    /// One row per file and encoding, files in input order, encodings in order within a file.
    public var rows: [LanguageRow]

    /// Builds the comparison. `tokens[e][i]` is the token count of file `i` in encoding `encodings[e]`;
    /// `figures[i]` holds the encoding-independent counts of file `i` (its `tokens` is ignored).
    public init(figures: [DocumentFigures], labels: [String], encodings: [String], tokens: [[Int]], baselineIndex: Int) {
        baseline = figures.indices.contains(baselineIndex) ? figures[baselineIndex].name : ""
        self.encodings = encodings
        var rows: [LanguageRow] = []
        for (i, f) in figures.enumerated() {
            for (e, name) in encodings.enumerated() {
                var g = f
                g.tokens = tokens[e][i]
                rows.append(LanguageRow(language: labels[i], encoding: name, figures: g, baselineTokens: tokens[e][baselineIndex]))
            }
        }
        self.rows = rows
    }

    /// CSV columns of ``render(as:)`` with `.csv`.
    public static let csvColumns = [
        "language", "file", "encoding", "tokens", "characters", "words", "chars_per_token", "tokens_per_word",
        "premium", "chars_div_4", "words_div_0_75", "chars_div_4_error", "words_div_0_75_error",
    ]

    /// Renders the comparison: an aligned table, JSON, CSV or Markdown.
    public func render(as format: ReportFormat) throws -> String {
        switch format {
        case .json: return try ReportRenderer.json(self)
        case .csv:
            var lines = [Self.csvColumns.joined(separator: ",")]
            for r in rows {
                let h = r.heuristics
                let cells = [r.language, r.file, r.encoding, String(r.tokens), String(r.characters), String(r.words),
                             r.charsPerToken.map(ReportRenderer.num) ?? "", r.tokensPerWord.map(ReportRenderer.num) ?? "",
                             r.premium.map(ReportRenderer.num) ?? "", ReportRenderer.num(h.charsDiv4), ReportRenderer.num(h.wordsDiv075),
                             h.charsDiv4Error.map(ReportRenderer.num) ?? "", h.wordsDiv075Error.map(ReportRenderer.num) ?? ""]
                lines.append(cells.map(ReportRenderer.csvField).joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        case .table:
            return "Baseline: \(baseline) · premium = tokens ÷ baseline tokens in the same encoding\n\n" + table().render() + "\n"
        case .markdown:
            return "Baseline: `\(baseline)`; premium = tokens ÷ baseline tokens in the same encoding.\n\n" + table().markdown() + "\n"
        }
    }

    func table() -> TextTable {
        var t = TextTable(headers: ["Language", "File", "Encoding", "Tokens", "Chars/token", "Tokens/word", "Premium",
                                    "chars/4 err", "words/0.75 err"],
                          align: [.left, .left, .left, .right, .right, .right, .right, .right, .right])
        for r in rows {
            t.rows.append([
                r.language, r.file, r.encoding, NumberText.int(r.tokens),
                r.charsPerToken.map { NumberText.decimal($0, 2) } ?? "-", r.tokensPerWord.map { NumberText.decimal($0, 2) } ?? "-",
                r.premium.map { NumberText.decimal($0, 2) + "×" } ?? "-",
                NumberText.signedPercent(r.heuristics.charsDiv4Error), NumberText.signedPercent(r.heuristics.wordsDiv075Error),
            ])
        }
        return t
    }
}
