import Foundation
import TokTrainer
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error (phase or file, done / total, rate, ETA), drawn only when
/// standard error is a terminal, not `--quiet`, and after `delay` seconds (so quick runs stay silent).
/// Safe to call from several threads.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let delay: TimeInterval
    private let created = Date()
    private let lock = NSLock()
    private var label: String?
    private var phaseStart = Date()
    private var phaseStartCompleted = 0
    private var lastDraw = Date.distantPast
    private var drawn = false
    private let fixedLabel: String?
    private let fixedTotal: Int?

    /// A bar that draws only if `quiet` is false and standard error is a terminal.
    init(quiet: Bool, delay: TimeInterval = 0) {
        enabled = !quiet && isatty(2) != 0
        self.delay = delay
        fixedLabel = nil
        fixedTotal = nil
    }

    /// A bar for reading one input of `total` bytes (if known), shown after a second.
    convenience init(label: String, total: Int?) {
        self.init(quiet: false, delay: 1, label: label, total: total)
    }

    private init(quiet: Bool, delay: TimeInterval, label: String, total: Int?) {
        enabled = !quiet && isatty(2) != 0
        self.delay = delay
        fixedLabel = label
        fixedTotal = total
    }

    /// Records the bytes of the input read so far (for bars made with `init(label:total:)`).
    func update(_ bytesDone: Int) {
        update(label: fixedLabel ?? "", completed: bytesDone, total: fixedTotal, unit: "MB", scale: 1_048_576)
    }

    /// Records the trainer's progress.
    func update(_ progress: TrainingProgress) {
        update(
            label: progress.phase.rawValue, completed: progress.completed, total: progress.total,
            unit: progress.phase == .counting ? "chunks" : "tokens", scale: 1, showRate: progress.phase == .merging)
    }

    /// Records progress: `completed` of `total` (unknown if `nil`) `unit`s, each `scale` raw units.
    func update(label: String, completed: Int, total: Int?, unit: String, scale: Double, showRate: Bool = false) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(created) >= delay else { return }
        if label != self.label {
            self.label = label
            phaseStart = now
            phaseStartCompleted = completed
        }
        let finished = total.map { completed >= $0 } ?? false
        guard finished || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let done = Double(completed) / scale
        var line = label
        if let total, total > 0 {
            let fraction = min(1, Double(completed) / Double(total))
            let width = 24
            let filled = Int(fraction * Double(width))
            line += " [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
            line += scale == 1 ? " \(completed)/\(total) \(unit)" : String(format: " %.1f/%.1f %@", done, Double(total) / scale, unit)
        } else {
            line += scale == 1 ? " \(completed) \(unit)" : String(format: " %.1f %@", done, unit)
        }
        let elapsed = now.timeIntervalSince(phaseStart)
        let rate = elapsed > 0 ? Double(completed - phaseStartCompleted) / elapsed : 0
        if showRate && rate > 0 { line += String(format: "  %.0f/s", rate) }
        if let total, rate > 0 && !finished { line += String(format: "  ETA %.0fs", Double(total - completed) / rate) }
        let bytes = Array(("\r\u{1B}[2K" + line).utf8)
        bytes.withUnsafeBytes { raw in _ = systemWrite(2, raw.baseAddress!, raw.count) }
        drawn = true
    }

    /// Clears the bar's line, if one was drawn.
    func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        if drawn {
            let bytes = Array("\r\u{1B}[2K".utf8)
            bytes.withUnsafeBytes { raw in _ = systemWrite(2, raw.baseAddress!, raw.count) }
        }
        drawn = false
    }
}
