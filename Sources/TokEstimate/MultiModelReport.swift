import Foundation

/// Documents priced on several models (`--models a,b,c`): one side-by-side comparison per document,
/// plus the full report of every model.
public struct MultiModelReport: Codable, Sendable, Equatable {
    /// One comparison per document, in input order.
    public var comparisons: [ModelComparison]
    /// The full reports, one set per model, in the order given.
    public var reports: [CostReportSet]

    /// Groups the comparisons and reports.
    public init(comparisons: [ModelComparison], reports: [CostReportSet]) {
        self.comparisons = comparisons
        self.reports = reports
    }

    /// Renders the comparisons (table, CSV, Markdown; with no comparisons, every model's report) or,
    /// for JSON, `{"comparisons": […], "reports": […]}`.
    public func render(as format: ReportFormat) throws -> String {
        if format == .json { return try ReportRenderer.json(self) }
        if comparisons.isEmpty {
            return try reports.map { try ReportRenderer.render($0, as: format) }.joined(separator: "\n")
        }
        if format == .csv {
            let parts = try comparisons.map { try ReportRenderer.render($0, as: .csv) }
            return parts.enumerated().map { i, p in i == 0 ? p : String(p.drop(while: { $0 != "\n" }).dropFirst()) }.joined()
        }
        var parts = try comparisons.enumerated().map { i, c in
            (format == .table ? summary(document: i, name: c.document) + "\n\n" : "") + (try ReportRenderer.render(c, as: format))
        }
        if comparisons.count > 1 {
            let t = totalsTable()
            parts.append(format == .table ? "TOTAL (\(comparisons.count) documents)\n\n" + t.render() + "\n"
                                          : "### TOTAL (\(comparisons.count) documents)\n\n" + t.markdown() + "\n")
        }
        return parts.joined(separator: "\n")
    }

    /// One row per model with the sums over all documents.
    func totalsTable() -> TextTable {
        var t = TextTable(headers: ["Model", "Tokens", "Input", "Output", "Total", "Fits", "Chunks"],
                          align: [.left, .right, .right, .right, .right, .right, .right])
        for set in reports {
            let x = set.total
            let estimated = set.documents.first?.counting.method == "estimated"
            t.rows.append([set.model, (estimated ? "~" : "") + NumberText.int(x.tokens), USD.format(x.cost.inputUSD),
                           USD.format(x.cost.outputUSD), USD.format(x.cost.totalUSD), x.fitsAll ? "all" : "not all",
                           NumberText.int(x.chunks)])
        }
        return t
    }

    /// `name · 4,788 bytes · 4,788 characters · 796 words · 77 lines` for document `i`.
    func summary(document i: Int, name: String) -> String {
        guard let r = reports.first?.documents, r.indices.contains(i) else { return name }
        let d = r[i]
        return "\(name) · \(NumberText.int(d.bytes)) bytes · \(NumberText.int(d.characters)) characters · "
            + "\(NumberText.int(d.graphemes)) graphemes · \(NumberText.int(d.words)) words · \(NumberText.int(d.lines)) lines"
    }
}
