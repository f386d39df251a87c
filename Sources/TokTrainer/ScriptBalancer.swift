import Foundation
import TokUnicode

/// Reweights piece counts per script with temperature sampling, so that scripts with little text (e.g.
/// Indic scripts in an English-heavy corpus) are not starved of merges.
///
/// The script of a piece is the script (ICU's `Script` property, via `TokUnicode`) of most of its letters,
/// marks and digits, ignoring Common and Inherited characters (ties: the smaller ICU script code). Pieces
/// without any such character (spaces, punctuation, ASCII digits) keep their counts.
///
/// With `share(s)` the fraction of the lettered pieces' total count in script `s`, the target share is
/// `share(s)^(1/T) / Σ share^(1/T)`, and every count of script `s` is multiplied by
/// `target(s) / share(s)` (rounded, at least 1). `T = 1` changes nothing; larger `T` moves the scripts
/// towards equal shares. The lettered total stays about the same.
public struct ScriptBalancer: Sendable {
    /// The temperature `T` (> 0).
    public let temperature: Double

    /// A balancer with temperature `temperature`.
    public init(temperature: Double) { self.temperature = temperature }

    /// One script's share before and after balancing.
    public struct Share: Sendable, Equatable {
        /// The script.
        public let script: Script
        /// Its fraction of the lettered count before balancing.
        public let before: Double
        /// Its target fraction after balancing.
        public let after: Double
    }

    /// The dominant script of a piece, or `nil` if it has no letters, marks or digits of a specific script.
    public static func dominantScript(of piece: UnsafeBufferPointer<UInt8>) -> Script? {
        var tally: [Int32: Int] = [:]
        for scalar in String(decoding: piece, as: UTF8.self).unicodeScalars where !scalar.isASCII || scalar.properties.isAlphabetic {
            let script = Script.of(scalar)
            if script.isCommonOrInherited { continue }
            tally[script.code, default: 0] += 1
        }
        guard let best = tally.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else { return nil }
        return Script(code: best.key)
    }

    /// The shares of each script in `counts`, before and after balancing, by script code.
    public func shares(_ counts: PieceCounts) -> [Share] {
        let (_, mass) = classify(counts)
        return factors(mass).map { Share(script: Script(code: $0.code), before: $0.share, after: $0.target) }
    }

    /// The balanced count of every entry of `counts`, in its entry order.
    func balancedCounts(_ counts: PieceCounts) -> [Int] {
        let (scripts, mass) = classify(counts)
        var factor: [Int32: Double] = [:]
        for f in factors(mass) { factor[f.code] = f.target / f.share }
        return counts.counts.indices.map { i in
            let code = scripts[i]
            guard code >= 0, let f = factor[code] else { return counts.counts[i] }
            return max(1, Int((Double(counts.counts[i]) * f).rounded()))
        }
    }

    /// The script code of every entry (-1: none) and the total count per script.
    private func classify(_ counts: PieceCounts) -> ([Int32], [Int32: Int]) {
        var scripts = [Int32](repeating: -1, count: counts.uniqueCount)
        var mass: [Int32: Int] = [:]
        for i in 0..<counts.uniqueCount {
            counts.withEntry(i) { bytes, count in
                if let script = ScriptBalancer.dominantScript(of: bytes) {
                    scripts[i] = script.code
                    mass[script.code, default: 0] += count
                }
            }
        }
        return (scripts, mass)
    }

    private func factors(_ mass: [Int32: Int]) -> [(code: Int32, share: Double, target: Double)] {
        let total = Double(mass.values.reduce(0, +))
        guard total > 0 else { return [] }
        let codes = mass.keys.sorted()
        let shares = codes.map { Double(mass[$0]!) / total }
        let powered = shares.map { pow($0, 1 / temperature) }
        let sum = powered.reduce(0, +)
        return codes.indices.map { (codes[$0], shares[$0], powered[$0] / sum) }
    }
}
