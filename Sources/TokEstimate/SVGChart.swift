import Foundation

/// Draws a ``LanguageComparison`` as an SVG bar chart: one group of horizontal bars per file
/// (language), one bar per encoding, bar length = premium over the baseline, the value printed at the
/// end of each bar, an x axis with ticks, a dashed 1.0× reference line, a legend and a title.
public struct PremiumChart: Sendable {
    /// The comparison to draw.
    public var comparison: LanguageComparison
    /// The chart's title.
    public var title: String

    /// A chart of `comparison` titled `title` (by default it names the baseline).
    public init(_ comparison: LanguageComparison, title: String? = nil) {
        self.comparison = comparison
        let base = comparison.rows.first { $0.file == comparison.baseline }?.language ?? comparison.baseline
        self.title = title ?? "Token premium over \(base) (tokens ÷ \(base) tokens, same encoding)"
    }

    /// Colours of the encodings, in order (repeated when there are more encodings).
    static let palette = ["#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#B07AA1", "#EDC948", "#9C755F"]

    /// The SVG document.
    public func svg() -> String {
        let encodings = comparison.encodings
        var files: [(file: String, language: String)] = []
        for r in comparison.rows where !files.contains(where: { $0.file == r.file }) { files.append((r.file, r.language)) }
        let maxPremium = comparison.rows.compactMap(\.premium).max() ?? 1
        let step = Self.tickStep(for: maxPremium)
        let axisMax = max(step, (maxPremium / step).rounded(.up) * step)

        let barHeight = 16.0, barGap = 3.0, groupGap = 14.0
        let left = 130.0, right = 70.0, plotWidth = 640.0
        let top = 88.0
        let groupHeight = Double(encodings.count) * barHeight + Double(max(0, encodings.count - 1)) * barGap
        let plotHeight = Double(files.count) * groupHeight + Double(max(0, files.count - 1)) * groupGap + 2 * 8
        let width = left + plotWidth + right
        let height = top + plotHeight + 48
        func x(_ v: Double) -> Double { left + v / axisMax * plotWidth }

        var s = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
        <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="#FFFFFF"/>
        <text x="\(f(width / 2))" y="28" font-size="17" font-weight="bold" text-anchor="middle" fill="#222222">\(Self.escape(title))</text>

        """
        // Legend, centred under the title.
        let itemWidth = 150.0
        var lx = width / 2 - itemWidth * Double(encodings.count) / 2
        for (e, name) in encodings.enumerated() {
            s += "<rect x=\"\(f(lx))\" y=\"46\" width=\"14\" height=\"14\" fill=\"\(Self.palette[e % Self.palette.count])\"/>"
            s += "<text x=\"\(f(lx + 20))\" y=\"58\" font-size=\"13\" fill=\"#222222\">\(Self.escape(name))</text>\n"
            lx += itemWidth
        }
        // Grid lines and ticks.
        let plotBottom = top + plotHeight
        var v = 0.0
        while v <= axisMax + 1e-9 {
            let gx = x(v)
            s += "<line x1=\"\(f(gx))\" y1=\"\(f(top))\" x2=\"\(f(gx))\" y2=\"\(f(plotBottom))\" stroke=\"#E3E3E3\" stroke-width=\"1\"/>"
            s += "<line x1=\"\(f(gx))\" y1=\"\(f(plotBottom))\" x2=\"\(f(gx))\" y2=\"\(f(plotBottom + 5))\" stroke=\"#444444\" stroke-width=\"1\"/>"
            s += "<text x=\"\(f(gx))\" y=\"\(f(plotBottom + 19))\" font-size=\"12\" text-anchor=\"middle\" fill=\"#444444\">\(Self.tickLabel(v, step: step))×</text>\n"
            v += step
        }
        s += "<line x1=\"\(f(left))\" y1=\"\(f(plotBottom))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(plotBottom))\" stroke=\"#444444\" stroke-width=\"1\"/>\n"
        s += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(plotBottom + 40))\" font-size=\"13\" text-anchor=\"middle\" fill=\"#222222\">tokens relative to the baseline (1.0× = same number of tokens)</text>\n"

        // Bars.
        var y = top + 8
        for file in files {
            let groupMid = y + groupHeight / 2
            s += "<text x=\"\(f(left - 10))\" y=\"\(f(groupMid + 5))\" font-size=\"14\" text-anchor=\"end\" fill=\"#222222\">\(Self.escape(file.language))</text>\n"
            for (e, name) in encodings.enumerated() {
                let row = comparison.rows.first { $0.file == file.file && $0.encoding == name }
                let p = row?.premium ?? 0
                let w = max(0, x(p) - left)
                s += "<rect class=\"bar\" data-file=\"\(Self.escape(file.file))\" data-encoding=\"\(Self.escape(name))\" x=\"\(f(left))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(barHeight))\" fill=\"\(Self.palette[e % Self.palette.count])\"><title>\(Self.escape(file.language)), \(Self.escape(name)): \(row?.tokens ?? 0) tokens, \(String(format: "%.2f", p))×</title></rect>"
                s += "<text x=\"\(f(left + w + 5))\" y=\"\(f(y + barHeight - 4))\" font-size=\"12\" fill=\"#222222\" stroke=\"#FFFFFF\" stroke-width=\"3\" paint-order=\"stroke\">\(row?.premium == nil ? "n/a" : String(format: "%.2f×", p))</text>\n"
                y += barHeight + barGap
            }
            y += groupGap - barGap
        }
        // Reference line at 1.0×, drawn over the bars.
        let rx = x(1)
        s += "<line x1=\"\(f(rx))\" y1=\"\(f(top - 4))\" x2=\"\(f(rx))\" y2=\"\(f(plotBottom))\" stroke=\"#222222\" stroke-width=\"1.5\" stroke-dasharray=\"5,4\"/>"
        s += "<text x=\"\(f(rx + 4))\" y=\"\(f(top - 6))\" font-size=\"11\" fill=\"#222222\">1.0× (baseline)</text>\n"
        s += "</svg>\n"
        return s
    }

    /// A tick step of 0.5, 1, 2, 5, 10… giving at most about 10 ticks.
    static func tickStep(for maxValue: Double) -> Double {
        for step in [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100] where maxValue / step <= 10 { return step }
        return (maxValue / 10).rounded(.up)
    }

    static func tickLabel(_ v: Double, step: Double) -> String {
        step < 1 ? String(format: v == v.rounded() ? "%.0f" : (step < 0.5 ? "%.2f" : "%.1f"), v) : String(Int(v.rounded()))
    }

    func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Escapes text for SVG (XML).
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
