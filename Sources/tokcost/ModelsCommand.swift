import ArgumentParser
import Foundation
import TokEstimate

/// `tokcost models`: the model catalogue.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models tokcost knows: window, maximum output, prices, how tokens are counted, date.",
        discussion: "Warns on standard error when the prices are more than 180 days old. --json prints the catalogue in tokcost's own file format (usable with --prices).")

    @Option(name: .long, help: "A model catalogue to list instead of the bundled one: tokcost's format or litellm's JSON.")
    var prices: String?

    @OptionGroup var formatOptions: FormatOptions

    func run() throws {
        let format = try formatOptions.format()
        let catalogue = try ModelOptions.parse(prices.map { ["--prices", $0] } ?? []).catalogue()
        let text = try ReportRenderer.render(catalogue, as: format)
        if let warning = catalogue.stalenessWarning() { printError("tokcost: warning: \(warning)") }
        if !catalogue.skipped.isEmpty {
            printError("tokcost: note: \(catalogue.skipped.count) entries of \(prices ?? "the catalogue") were skipped (not text models, or unusable values)")
        }
        var out = StandardOutput()
        out.write(text)
        out.flush()
    }
}
