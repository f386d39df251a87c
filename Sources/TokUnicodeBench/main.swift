// TokUnicodeBench: throughput of the Unicode layer (not a test; run in release mode).
//
//   swift build -c release --product TokUnicodeBench
//   B=.build/release/TokUnicodeBench
//   $B make /work/shared/corpora/english/gutenberg.txt /tmp/en50.txt 50   # NFC of a corpus, repeated to 50 MB
//   $B all /tmp/en50.txt                                                 # in-memory MB/s table
//   /usr/bin/time -v $B check /tmp/en50.txt       # streaming NFC quick check from the file (peak RSS)
//   /usr/bin/time -v $B normalize /tmp/en50.txt [FORM [OUT]]  # streaming normalization, output discarded or written
//   /usr/bin/time -v $B profile /tmp/en50.txt     # streaming text profile, printed as JSON
import Foundation
import TokUnicode

func fail(_ msg: String) -> Never {
    FileHandle.standardError.write(Data((msg + "\n").utf8))
    exit(2)
}

/// Seconds taken by `body`.
func time(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func mbps(_ bytes: Int, _ seconds: Double) -> String {
    String(format: "%8.1f MB/s", Double(bytes) / 1e6 / seconds)
}

let args = CommandLine.arguments
guard args.count >= 3 else {
    fail("usage: TokUnicodeBench make SRC OUT MB | all FILE | check FILE | normalize FILE [form] | profile FILE")
}
let mode = args[1]
let url = URL(fileURLWithPath: args[2])

do {
    switch mode {
    case "make":
        guard args.count == 5, let mb = Int(args[4]) else { fail("make SRC OUT MB") }
        // The source is normalized to NFC first, so the output is "already-NFC" text for the quick-check path.
        var nfc = [UInt8]()
        try Normalizer(.nfc).normalize(contentsOf: url) { nfc.append(contentsOf: $0) }
        let src = Data(nfc)
        guard !src.isEmpty else { fail("empty source") }
        let target = mb * 1_000_000
        _ = FileManager.default.createFile(atPath: args[3], contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: args[3]))
        var written = 0
        while written < target {
            let n = min(src.count, target - written)
            // Cut only at a line end so the file stays valid UTF-8.
            var cut = n
            if n < src.count { cut = (src[..<n].lastIndex(of: 0x0A) ?? (n - 1)) + 1 }
            try out.write(contentsOf: src[..<cut])
            written += cut
            if cut == 0 { break }
        }
        try out.close()
        print("wrote \(written) bytes to \(args[3])")

    case "all":
        let data = try Data(contentsOf: url)
        let bytes = [UInt8](data)
        let n = bytes.count
        print("file: \(url.path) (\(n) bytes)")
        try bytes.withUnsafeBufferPointer { buf in
            var bad: Int?
            let tv = time { bad = UTF8Validation.firstInvalidOffset(in: buf) }
            print("UTF-8 validation                  \(mbps(n, tv))  firstInvalid=\(String(describing: bad))")
            for form in [NormalizationForm.nfc, .nfkc] {
                let norm = try Normalizer(form)
                var ok = false
                let t1 = try time { ok = try norm.isNormalized(utf8Buffer: buf) }
                print("\(form.rawValue) quick check (isNormalized)  \(mbps(n, t1))  normalized=\(ok)")
                var outBytes = 0
                let t2 = try time { try norm.normalize(utf8Buffer: buf) { outBytes += $0.count } }
                print("\(form.rawValue) normalize (chunked)         \(mbps(n, t2))  out=\(outBytes) bytes")
            }
            var runs = 0
            let t3 = time { runs = scriptRuns(in: buf).count }
            print("script runs                       \(mbps(n, t3))  runs=\(runs)")
            for kind in BoundaryKind.allCases {
                var c = 0
                let t = try time { c = try Segmenter(kind).count(in: buf) }
                print("\(kind.rawValue) count\(String(repeating: " ", count: 28 - kind.rawValue.count))\(mbps(n, t))  count=\(c)")
            }
            var profile: TextProfile?
            let t4 = try time {
                var p = try TextProfiler()
                try p.append(buf)
                profile = try p.finish()
            }
            print("text profile (one pass)           \(mbps(n, t4))")
            if let p = profile {
                print("  bytes=\(p.bytes) scalars=\(p.scalars) graphemes=\(p.graphemes) words=\(p.words) sentences=\(p.sentences) lines=\(p.lines)")
                for s in p.byScript.prefix(4) { print("  \(s.shortName): bytes=\(s.bytes) graphemes=\(s.graphemes) words=\(s.words)") }
            }
        }

    case "check":
        var ok = false
        let t = try time { ok = try Normalizer(.nfc).isNormalized(contentsOf: url) }
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        print("streaming NFC check: \(mbps(size, t))  normalized=\(ok)")

    case "normalize":
        let form = args.count > 3 ? (NormalizationForm(rawValue: args[3]) ?? .nfc) : .nfc
        // Optional 4th argument: write the normalized text there (to compare with another implementation).
        let sinkFile = args.count > 4 ? FileHandle(forWritingAtPath: args[4]) ?? {
            _ = FileManager.default.createFile(atPath: args[4], contents: nil)
            return FileHandle(forWritingAtPath: args[4])!
        }() : nil
        var out = 0
        let t = try time {
            try Normalizer(form).normalize(contentsOf: url) { piece in
                out += piece.count
                try sinkFile?.write(contentsOf: Data(buffer: piece))
            }
        }
        try sinkFile?.close()
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        print("streaming \(form.rawValue) normalize: \(mbps(size, t))  out=\(out) bytes")

    case "profile":
        var p: TextProfile?
        let t = try time { p = try TextProfile(contentsOf: url) }
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        print("streaming profile: \(mbps(size, t))")
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try enc.encode(p), as: UTF8.self))

    case "small":
        // Per-call overhead on short texts (FILE is ignored): ICU iterators are opened per profile.
        let texts = ["Hello, world!", "नमस्ते, world!", "मुझे Swift programming बहुत पसंद है।"]
        let reps = 10_000
        var words = 0
        let t = try time {
            for i in 0..<reps { words += try TextProfile(texts[i % texts.count]).words }
        }
        print(String(format: "TextProfile of a short string: %.1f µs per call (words=%d)", t / Double(reps) * 1e6, words))
        let nfc = try Normalizer(.nfc)
        var c = 0
        let t2 = try time { for i in 0..<reps { c += try nfc.normalize(texts[i % texts.count]).utf8.count } }
        print(String(format: "NFC normalize of a short string: %.2f µs per call", t2 / Double(reps) * 1e6))

    default:
        fail("unknown mode \(mode)")
    }
} catch {
    fail("error: \(error)")
}
