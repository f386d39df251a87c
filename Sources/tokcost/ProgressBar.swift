import Foundation
import TokTrainer
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error (phase, done / total, rate, ETA), drawn only when standard
/// error is a terminal and not `--quiet`. Safe to call from several threads.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var phase: TrainingProgress.Phase?
    private var phaseStart = Date()
    private var phaseStartCompleted = 0
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// A bar that draws only if `quiet` is false and standard error is a terminal.
    init(quiet: Bool) { enabled = !quiet && isatty(2) != 0 }

    /// Records progress; redraws at most ten times a second (and at the end of a phase).
    func update(_ progress: TrainingProgress) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        if progress.phase != phase {
            phase = progress.phase
            phaseStart = now
            phaseStartCompleted = progress.completed
        }
        let finished = progress.completed >= progress.total
        guard finished || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let unit = progress.phase == .counting ? "chunks" : "tokens"
        let fraction = progress.total > 0 ? min(1, Double(progress.completed) / Double(progress.total)) : 1
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let elapsed = now.timeIntervalSince(phaseStart)
        let rate = elapsed > 0 ? Double(progress.completed - phaseStartCompleted) / elapsed : 0
        var line = "\(progress.phase.rawValue) [\(bar)] \(progress.completed)/\(progress.total) \(unit)"
        if rate > 0 && progress.phase == .merging { line += String(format: "  %.0f/s", rate) }
        if rate > 0 && !finished {
            let eta = Double(progress.total - progress.completed) / rate
            line += String(format: "  ETA %.0fs", eta)
        }
        let text = "\r\u{1B}[2K" + line
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in _ = Glibc.write(2, raw.baseAddress!, raw.count) }
        drawn = true
    }

    /// Ends the bar's line, if one was drawn.
    func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        if drawn { printError("") }
        drawn = false
    }
}
