// tokcost-hf-bench: single-thread throughput of the Hugging Face tokenizer.json encoder on files, for
// side-by-side comparison with Hugging Face `tokenizers` (see Tests/Benchmarks/bench_hf.py).
//
// Usage: tokcost-hf-bench [--lines] TOKENIZER REPETITIONS FILE...
// TOKENIZER is a path to a tokenizer.json or a bundled name (deepseek_v3). With --lines each line is
// encoded on its own (as a batch of short texts would be), else the whole file is one text.
// Prints one JSON object per file: {"file", "tokenizer", "bytes", "tokens", "encode_s": [...], "load_s"}.
import Foundation
import TokHuggingFace

var arguments = CommandLine.arguments
let byLine = arguments.count > 1 && arguments[1] == "--lines"
if byLine { arguments.remove(at: 1) }
guard arguments.count >= 4, let repetitions = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: tokcost-hf-bench TOKENIZER REPETITIONS FILE...\n".utf8))
    exit(2)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

do {
    var loaded: HFTokenizer? = nil
    let spec = arguments[1]
    let loadSeconds = try seconds {
        loaded = HFTokenizer.bundledNames.contains(spec)
            ? try HFTokenizer.bundled(spec) : try HFTokenizer(contentsOf: URL(fileURLWithPath: spec))
    }
    let tokenizer = loaded!
    for path in arguments[3...] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = byLine ? text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) : [text]
        var tokens = 0
        var encodeTimes: [Double] = []
        for _ in 0..<repetitions {
            encodeTimes.append(try seconds {
                tokens = 0
                for line in lines { tokens += try tokenizer.encode(line, allowedSpecial: .all).count }
            })
        }
        let object: [String: Any] = [
            "file": path, "tokenizer": spec, "lines": byLine, "bytes": text.utf8.count, "tokens": tokens, "encode_s": encodeTimes,
            "load_s": loadSeconds,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
} catch {
    FileHandle.standardError.write(Data("tokcost-hf-bench: \(error)\n".utf8))
    exit(1)
}
