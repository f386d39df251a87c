import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error, shown only when standard error is a terminal and the
/// input has taken more than a second.
struct ProgressBar {
    let label: String
    let total: Int?
    private let start = Date()
    private let enabled = isatty(2) != 0
    private var shown = false
    private var lastDraw = Date.distantPast

    init(label: String, total: Int?) {
        self.label = label
        self.total = total
    }

    mutating func update(_ done: Int) {
        guard enabled, Date().timeIntervalSince(start) > 1, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        shown = true
        let mb = Double(done) / 1_048_576
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            draw(String(format: "%@ [%@] %3.0f%% %.1f MB", label, bar, fraction * 100, mb))
        } else {
            draw(String(format: "%@ %.1f MB", label, mb))
        }
    }

    mutating func finish() {
        guard shown else { return }
        draw("")
        shown = false
    }

    private func draw(_ text: String) {
        let line = Array(("\r\u{1B}[K" + text).utf8)
        line.withUnsafeBytes { raw in _ = Glibc.write(2, raw.baseAddress!, raw.count) }
    }
}
