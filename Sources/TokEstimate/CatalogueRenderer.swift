import Foundation

extension ReportRenderer {
    /// The CSV columns of a catalogue listing, in order.
    public static let catalogueCSVColumns = [
        "id", "provider", "mode", "context_window", "max_output", "input_per_million", "cached_input_per_million",
        "output_per_million", "method", "encoding", "factor", "uncertainty", "chat_format", "aliases", "as_of", "source",
    ]

    /// Lists a catalogue (for a `models` command): one row per model with window, maximum output,
    /// prices and counting method. JSON is the catalogue in tokcost's own file format.
    public static func render(_ catalogue: ModelCatalogue, as format: ReportFormat) throws -> String {
        switch format {
        case .json:
            return String(decoding: try catalogue.jsonData(), as: UTF8.self) + "\n"
        case .csv:
            var lines = [catalogueCSVColumns.joined(separator: ",")]
            for m in catalogue.models {
                let cells = [
                    m.id, m.provider, m.mode, String(m.contextWindow), m.maxOutput.map(String.init) ?? "",
                    num(m.price.inputPerMillion), m.price.cachedInputPerMillion.map(num) ?? "", num(m.price.outputPerMillion),
                    m.tokenization.method, m.tokenization.encoding, num(m.tokenization.factor), num(m.tokenization.uncertainty),
                    m.chatFormat.rawValue, m.aliases.joined(separator: " "), m.asOf, m.source,
                ]
                lines.append(cells.map(csvField).joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        case .table:
            return "\(catalogue.models.count) models · prices as of \(catalogue.asOf) · \(catalogue.source)\n\n"
                + catalogueTable(catalogue).render() + "\n"
        case .markdown:
            return "**\(catalogue.models.count) models · prices as of \(catalogue.asOf)**\n\n" + catalogueTable(catalogue).markdown() + "\n"
        }
    }

    static func catalogueTable(_ catalogue: ModelCatalogue) -> TextTable {
        var t = TextTable(headers: ["Model", "Provider", "Window", "Max out", "Input $/M", "Cached $/M", "Output $/M", "Counting"],
                          align: [.left, .left, .right, .right, .right, .right, .right, .left])
        for m in catalogue.models {
            let counting: String
            switch m.tokenization {
            case .exact(let e): counting = "exact \(e)"
            case let .estimated(p, f, u, _):
                counting = "~\(p) × \(NumberText.decimal(f, 2)) ± \(NumberText.decimal(u * 100, 0))%"
            }
            t.rows.append([
                m.id, m.provider, NumberText.int(m.contextWindow), m.maxOutput.map(NumberText.int) ?? "-",
                price(m.price.inputPerMillion), m.price.cachedInputPerMillion.map(price) ?? "-", price(m.price.outputPerMillion),
                counting,
            ])
        }
        return t
    }

    /// A price per million with up to 4 decimals and no trailing zeros: `2.5`, `0.075`, `10`.
    static func price(_ x: Double) -> String {
        var s = NumberText.decimal(x, 4)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
