import CICU

/// A maximal stretch of text in one script, as UTF-8 byte offsets into the text it was found in.
public struct ScriptRun: Hashable, Sendable, Codable {
    /// The script of the run (Common only if the text has no letters of any specific script).
    public let script: Script
    /// The run's UTF-8 byte range.
    public let byteRange: Range<Int>

    /// A run of `script` over `byteRange`.
    public init(script: Script, byteRange: Range<Int>) {
        self.script = script
        self.byteRange = byteRange
    }
}

/// Splits UTF-8 text into runs of one script.
///
/// Resolution follows UAX #24's guidance for script runs:
/// - Characters with a specific script (Latin, Devanagari, …) start a new run when their script differs from the
///   current run's.
/// - Common characters (spaces, digits, punctuation, symbols) and Inherited ones (combining marks, ZWJ, ZWNJ) join
///   the run before them; at the start of the text they join the first run that follows.
/// - Script_Extensions refine this: a Common character whose extensions exclude the current run's script but include
///   the next specific script (e.g. DEVANAGARI DANDA U+0964 after Latin text, before Devanagari) starts the next run,
///   taking the neutral characters after it along.
/// - Text with no character of a specific script is a single Common run.
///
/// So "नमस्ते, world!" is a Devanagari run "नमस्ते, " and a Latin run "world!". Paired brackets are not matched
/// (UAX #24's optional bracket rule is not applied). Ill-formed UTF-8 bytes are treated as Common, one byte at a
/// time (this function never fails; validate first if that matters).
public func scriptRuns(in utf8: UnsafeBufferPointer<UInt8>) -> [ScriptRun] {
    var r = ScriptRunResolver()
    return r.runs(in: utf8)
}

/// Script runs of `text`, with UTF-8 byte ranges into `text.utf8` (see `scriptRuns(in:)` for the rules).
public func scriptRuns(in text: String) -> [ScriptRun] {
    withUTF8(text) { scriptRuns(in: $0) }
}

/// Resolves script runs incrementally: the script of the last run carries over from one chunk to the next so
/// that neutral characters at the start of a chunk join the run that the previous chunk ended with.
package struct ScriptRunResolver {
    /// The script of the current run, or -1 before any specific script has been seen.
    package var current: Int32 = -1

    /// A resolver that has seen no text yet.
    package init() {}

    /// Runs in `utf8`, with byte ranges relative to it; updates `current`.
    package mutating func runs(in utf8: UnsafeBufferPointer<UInt8>) -> [ScriptRun] {
        guard let p = utf8.baseAddress, utf8.count > 0 else { return [] }
        let n = utf8.count
        let common = Script.common.code, inherited = Script.inherited.code, latin = Script.latin.code
        var runs: [ScriptRun] = []
        var cur = current
        var runStart = 0
        var candidate = -1
        var candScx: [Int32] = []
        var scxBuf = [Int32](repeating: 0, count: 64)
        var cacheKey = [UInt32](repeating: UInt32.max, count: 512)
        var cacheVal = [Int32](repeating: 0, count: 512)
        var i = 0
        while i < n {
            let b = p[i]
            var sc: Int32
            var len = 1
            var cp: UInt32 = UInt32(b)
            if b < 0x80 {
                let lower = b | 0x20
                if lower >= 0x61 && lower <= 0x7A {
                    sc = latin
                } else {
                    i += 1
                    continue  // ASCII neutral: Script_Extensions = {Common}
                }
            } else {
                len = UTF8Validation.sequenceLength(p, i, n)
                if len == 0 { i += 1; continue }  // ill-formed byte: Common
                cp = UTF8Validation.decode(p, i).0
                // Direct-mapped cache: text repeats a small set of code points.
                let slot = Int(cp & 0x1FF)
                if cacheKey[slot] == cp {
                    sc = cacheVal[slot]
                } else {
                    sc = cicu_script_of(Int32(bitPattern: cp))
                    cacheKey[slot] = cp
                    cacheVal[slot] = sc
                }
            }
            if sc == common || sc == inherited {
                if sc == common && cur >= 0 && candidate < 0 {
                    let k = Int(scxBuf.withUnsafeMutableBufferPointer {
                        cicu_script_extensions(Int32(bitPattern: cp), $0.baseAddress, 64)
                    })
                    let scx = scxBuf.prefix(min(k, 64))
                    if !scx.isEmpty && !(scx.count == 1 && scx.first == common) && !scx.contains(cur) {
                        candidate = i
                        candScx = Array(scx)
                    }
                }
                i += len
                continue
            }
            if cur < 0 {
                cur = sc
            } else if sc != cur {
                let split = (candidate >= 0 && candScx.contains(sc)) ? candidate : i
                if split > runStart { runs.append(ScriptRun(script: Script(code: cur), byteRange: runStart..<split)) }
                runStart = split
                cur = sc
            }
            candidate = -1
            i += len
        }
        if n > runStart {
            runs.append(ScriptRun(script: Script(code: cur < 0 ? common : cur), byteRange: runStart..<n))
        }
        current = cur
        return runs
    }
}
