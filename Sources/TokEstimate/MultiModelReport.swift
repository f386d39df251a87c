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
        return try comparisons.map { c in
            (format == .table ? c.document + "\n" : "") + (try ReportRenderer.render(c, as: format))
        }.joined(separator: "\n")
    }
}
