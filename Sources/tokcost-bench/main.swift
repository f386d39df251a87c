// tokcost-bench: single-thread throughput of the encoder on files, for side-by-side comparison with
// tiktoken (see Tests/Benchmarks/bench_encoder.py, which runs both and prints the ratios).
//
// Usage: tokcost-bench ENCODING REPETITIONS FILE...
// Prints one JSON object per file: {"file", "encoding", "bytes", "tokens", "encode_s": [...], "count_s": [...], "load_s"}.
import Foundation
import TokBPE

let arguments = CommandLine.arguments
guard arguments.count >= 4, let known = KnownEncoding(name: arguments[1]), let repetitions = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: tokcost-bench ENCODING REPETITIONS FILE...\n".utf8))
    exit(2)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var encoding: Encoding? = nil
let loadSeconds = try seconds { encoding = try Encoding.load(known) }
let enc = encoding!

for path in arguments[3...] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var tokens = 0
    var encodeTimes: [Double] = []
    var countTimes: [Double] = []
    for _ in 0..<repetitions {
        encodeTimes.append(seconds { tokens = enc.encodeOrdinary(text).count })
        countTimes.append(seconds { precondition(enc.count(text) == tokens) })
    }
    let object: [String: Any] = [
        "file": path, "encoding": known.rawValue, "bytes": text.utf8.count, "tokens": tokens,
        "encode_s": encodeTimes, "count_s": countTimes, "load_s": loadSeconds,
    ]
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}
