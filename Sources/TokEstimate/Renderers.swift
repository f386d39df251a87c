import Foundation

/// The output formats of reports.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Aligned plain-text tables for people.
    case table
    /// Pretty JSON with sorted keys (stable; full precision).
    case json
    /// Comma-separated values with a header row (RFC 4180 quoting; full precision).
    case csv
    /// GitHub-flavoured Markdown tables.
    case markdown
}

/// Turns reports into text. Every function returns a `String`; nothing is printed.
public enum ReportRenderer {
    /// Renders the reports of one model in `format`.
    public static func render(_ set: CostReportSet, as format: ReportFormat) throws -> String {
        switch format {
        case .table: return table(set)
        case .json: return try json(set)
        case .csv: return csv(set)
        case .markdown: return markdown(set)
        }
    }

    /// Renders a side-by-side model comparison in `format`.
    public static func render(_ comparison: ModelComparison, as format: ReportFormat) throws -> String {
        switch format {
        case .table: return comparisonTable(comparison).render() + "\n"
        case .json: return try json(comparison)
        case .csv: return comparisonCSV(comparison)
        case .markdown: return "### \(comparison.document)\n\n" + comparisonTable(comparison).markdown() + "\n"
        }
    }

    /// Pretty-printed JSON with sorted keys and a trailing newline.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// The CSV columns of ``csv(_:)``, in order.
    public static let csvColumns = [
        "name", "model", "provider", "encoding", "method", "factor", "tokens", "tokens_low", "tokens_high",
        "bytes", "characters", "graphemes", "words", "lines", "sentences",
        "chars_div_4", "words_div_0_75", "chars_div_4_error", "words_div_0_75_error",
        "input_usd", "output_usd", "total_usd", "calls", "cached",
        "window", "reserve", "used", "used_percent", "headroom", "fits", "chunks",
    ]

    /// One CSV row per document plus a final `TOTAL` row; numbers at full precision, empty cells for undefined values.
    public static func csv(_ set: CostReportSet) -> String {
        var lines = [csvColumns.joined(separator: ",")]
        for r in set.documents {
            let cells: [String] = [
                r.name, r.model, r.provider, r.encoding, r.counting.method, num(r.counting.factor),
                String(r.tokens), String(r.counting.tokensLow), String(r.counting.tokensHigh),
                String(r.bytes), String(r.characters), String(r.graphemes), String(r.words), String(r.lines), String(r.sentences),
                num(r.heuristics.charsDiv4), num(r.heuristics.wordsDiv075),
                r.heuristics.charsDiv4Error.map(num) ?? "", r.heuristics.wordsDiv075Error.map(num) ?? "",
                num(r.cost.inputUSD), num(r.cost.outputUSD), num(r.cost.totalUSD), String(r.cost.calls), String(r.cost.cached),
                String(r.context.window), String(r.context.reserve), String(r.context.used), num(r.context.usedPercent),
                String(r.context.headroom), String(r.context.fits), String(r.context.chunks),
            ]
            lines.append(cells.map(csvField).joined(separator: ","))
        }
        let t = set.total
        var total = [String](repeating: "", count: csvColumns.count)
        let put: [(String, String)] = [
            ("name", "TOTAL"), ("model", set.model), ("tokens", String(t.tokens)), ("bytes", String(t.bytes)),
            ("characters", String(t.characters)), ("graphemes", String(t.graphemes)), ("words", String(t.words)),
            ("lines", String(t.lines)), ("sentences", String(t.sentences)),
            ("input_usd", num(t.cost.inputUSD)), ("output_usd", num(t.cost.outputUSD)), ("total_usd", num(t.cost.totalUSD)),
            ("fits", String(t.fitsAll)), ("chunks", String(t.chunks)),
        ]
        for (k, v) in put { total[csvColumns.firstIndex(of: k)!] = v }
        lines.append(total.map(csvField).joined(separator: ","))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Human-readable tables: a header line about the model, one row per document, a total row,
    /// then per-script rows when there are any.
    public static func table(_ set: CostReportSet) -> String {
        var out = header(set) + "\n\n" + documentTable(set).render() + "\n\n" + spendTable(set).render() + "\n"
        if let line = spendLine(set) { out += line + "\n" }
        let scripts = scriptTable(set)
        if !scripts.rows.isEmpty { out += "\n" + scripts.render() + "\n" }
        if let note = set.documents.first?.counting.note { out += "\nNote: " + note + "\n" }
        return out
    }

    /// The same tables as ``table(_:)`` in Markdown.
    public static func markdown(_ set: CostReportSet) -> String {
        var out = "**" + header(set) + "**\n\n" + documentTable(set).markdown() + "\n\n" + spendTable(set).markdown() + "\n"
        if let line = spendLine(set) { out += "\n" + line + "\n" }
        let scripts = scriptTable(set)
        if !scripts.rows.isEmpty { out += "\n" + scripts.markdown() + "\n" }
        if let note = set.documents.first?.counting.note { out += "\n> " + note + "\n" }
        return out
    }

    // MARK: - Pieces

    static func header(_ set: CostReportSet) -> String {
        guard let r = set.documents.first else { return "\(set.model): no documents" }
        let counting: String
        if r.counting.method == "exact" {
            counting = "exact \(r.encoding)"
        } else {
            counting = "estimated: \(r.encoding) × \(NumberText.decimal(r.counting.factor, 2)) ± \(NumberText.decimal(r.counting.uncertainty * 100, 0))%"
        }
        return "\(r.model) (\(r.provider)) · \(counting) · window \(NumberText.int(r.context.window))"
            + " · reserve \(NumberText.int(r.context.reserve)) · prices as of \(set.pricesAsOf)"
    }

    static func documentTable(_ set: CostReportSet) -> TextTable {
        var t = TextTable(
            headers: ["Document", "Tokens", "Bytes", "Chars", "Graphemes", "Words", "Lines",
                      "chars/4", "err", "words/0.75", "err"],
            align: [.left] + [TextTable.Align](repeating: .right, count: 10))
        for r in set.documents {
            t.rows.append([
                r.name, tokensText(r), NumberText.int(r.bytes), NumberText.int(r.characters), NumberText.int(r.graphemes),
                NumberText.int(r.words), NumberText.int(r.lines),
                NumberText.int(Int(r.heuristics.charsDiv4.rounded())), NumberText.signedPercent(r.heuristics.charsDiv4Error),
                NumberText.int(Int(r.heuristics.wordsDiv075.rounded())), NumberText.signedPercent(r.heuristics.wordsDiv075Error),
            ])
        }
        if set.documents.count > 1 {
            let x = set.total
            t.rows.append([
                "TOTAL (\(x.documents))", totalTokensText(set), NumberText.int(x.bytes), NumberText.int(x.characters),
                NumberText.int(x.graphemes), NumberText.int(x.words), NumberText.int(x.lines), "", "", "", "",
            ])
        }
        return t
    }

    static func spendTable(_ set: CostReportSet) -> TextTable {
        var t = TextTable(
            headers: ["Document", "Tokens", "Input", "Output", "Total", "Used", "Headroom", "Fits", "Chunks"],
            align: [.left] + [TextTable.Align](repeating: .right, count: 8))
        for r in set.documents {
            t.rows.append([
                r.name, tokensText(r), USD.format(r.cost.inputUSD), USD.format(r.cost.outputUSD), USD.format(r.cost.totalUSD),
                NumberText.percent(r.context.usedPercent), NumberText.int(r.context.headroom),
                r.context.fits ? "yes" : "no", NumberText.int(r.context.chunks),
            ])
        }
        if set.documents.count > 1 {
            let x = set.total
            t.rows.append([
                "TOTAL (\(x.documents))", totalTokensText(set), USD.format(x.cost.inputUSD), USD.format(x.cost.outputUSD),
                USD.format(x.cost.totalUSD), "", "", x.fitsAll ? "all" : "not all", NumberText.int(x.chunks),
            ])
        }
        return t
    }

    static func totalTokensText(_ set: CostReportSet) -> String {
        (set.documents.first?.counting.method == "estimated" ? "~" : "") + NumberText.int(set.total.tokens)
    }

    /// A line about the spend settings when they are not the defaults (one call, no output, not cached).
    static func spendLine(_ set: CostReportSet) -> String? {
        guard let c = set.documents.first?.cost else { return nil }
        var parts: [String] = []
        if c.calls != 1 { parts.append("\(NumberText.int(c.calls)) calls") }
        if set.documents.contains(where: { $0.cost.outputTokens > 0 }) {
            let outs = Set(set.documents.map(\.cost.outputTokens))
            let amount = outs.count == 1 ? NumberText.int(c.outputTokens) + " output tokens per call" : "output tokens per call by ratio"
            parts.append("\(amount) at $\(num(c.outputPricePerMillion))/M")
        }
        if c.cached { parts.append("input at the cached rate $\(num(c.inputPricePerMillion))/M") }
        return parts.isEmpty ? nil : "Spend: " + parts.joined(separator: " · ")
    }

    static func tokensText(_ r: CostReport) -> String {
        r.counting.method == "exact" ? NumberText.int(r.tokens) : "~" + NumberText.int(r.tokens)
    }

    static func scriptTable(_ set: CostReportSet) -> TextTable {
        var t = TextTable(headers: ["Document", "Script", "Tokens", "Chars", "Words", "Chars/token", "Tokens/word", "Share"],
                          align: [.left, .left, .right, .right, .right, .right, .right, .right])
        for r in set.documents {
            for s in r.scripts {
                t.rows.append([
                    r.name, s.script, NumberText.int(s.tokens), NumberText.int(s.characters), NumberText.int(s.words),
                    s.charsPerToken.map { NumberText.decimal($0, 2) } ?? "-",
                    s.tokensPerWord.map { NumberText.decimal($0, 2) } ?? "-",
                    NumberText.percent(s.share * 100),
                ])
            }
        }
        return t
    }

    static func comparisonTable(_ c: ModelComparison) -> TextTable {
        var t = TextTable(headers: ["Model", "Provider", "Counting", "Tokens", "Range", "Input", "Output", "Total",
                                    "Window", "Used", "Fits", "Chunks"],
                          align: [.left, .left, .left] + [TextTable.Align](repeating: .right, count: 9))
        for r in c.rows {
            let exact = r.method == "exact"
            t.rows.append([
                r.model, r.provider, exact ? "exact \(r.encoding)" : "~\(r.encoding)",
                (exact ? "" : "~") + NumberText.int(r.tokens),
                exact ? "" : "\(NumberText.int(r.tokensLow))–\(NumberText.int(r.tokensHigh))",
                USD.format(r.inputUSD), USD.format(r.outputUSD), USD.format(r.totalUSD),
                NumberText.int(r.window), NumberText.percent(r.usedPercent), r.fits ? "yes" : "no", NumberText.int(r.chunks),
            ])
        }
        return t
    }

    /// The CSV columns of a comparison, in order.
    public static let comparisonCSVColumns = [
        "document", "model", "provider", "method", "encoding", "tokens", "tokens_low", "tokens_high",
        "input_usd", "output_usd", "total_usd", "window", "reserve", "used_percent", "fits", "chunks",
    ]

    static func comparisonCSV(_ c: ModelComparison) -> String {
        var lines = [comparisonCSVColumns.joined(separator: ",")]
        for r in c.rows {
            let cells = [c.document, r.model, r.provider, r.method, r.encoding, String(r.tokens), String(r.tokensLow),
                         String(r.tokensHigh), num(r.inputUSD), num(r.outputUSD), num(r.totalUSD), String(r.window),
                         String(r.reserve), num(r.usedPercent), String(r.fits), String(r.chunks)]
            lines.append(cells.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Shortest round-tripping decimal text of a number (`0.0125`, `3`), as JSON writes it.
    static func num(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }

    /// Quotes a CSV field when it contains a comma, quote or line break.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
