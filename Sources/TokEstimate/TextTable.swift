/// A plain-text table with aligned columns, used by the human renderer.
struct TextTable {
    enum Align { case left, right }

    var headers: [String]
    var align: [Align]
    var rows: [[String]] = []

    /// Display width: one column per grapheme (good enough for Latin and most Indic text in a terminal).
    static func width(_ s: String) -> Int { s.count }

    func render() -> String {
        var widths = headers.map(TextTable.width)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], TextTable.width(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, w) in widths.enumerated() {
                let cell = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: max(0, w - TextTable.width(cell)))
                parts.append(align[i] == .left ? cell + pad : pad + cell)
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out = [line(headers), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table.
    func markdown() -> String {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = ["| " + headers.map(esc).joined(separator: " | ") + " |",
                   "|" + align.map { $0 == .left ? " --- |" : " ---: |" }.joined()]
        out += rows.map { "| " + $0.map(esc).joined(separator: " | ") + " |" }
        return out.joined(separator: "\n")
    }
}

/// Number formatting for text output, independent of the locale.
enum NumberText {
    /// `1234567` → `1,234,567`.
    static func int(_ n: Int) -> String {
        n < 0 ? "-" + int(-n) : USD.grouped(String(n))
    }

    /// Fixed decimals, e.g. `decimal(3.14159, 2)` → `3.14`.
    static func decimal(_ x: Double, _ places: Int) -> String {
        guard x.isFinite else { return "-" }
        return x < 0 ? "-" + USD.fixed(-x, decimals: places) : USD.fixed(x, decimals: places)
    }

    /// A signed percentage, e.g. `-0.123` → `-12.3%`; `nil` → `n/a`.
    static func signedPercent(_ x: Double?) -> String {
        guard let x else { return "n/a" }
        return (x >= 0 ? "+" : "") + decimal(x * 100, 1) + "%"
    }

    /// A percentage of 0…100, e.g. `12.345` → `12.3%`.
    static func percent(_ x: Double) -> String { decimal(x, 1) + "%" }
}
