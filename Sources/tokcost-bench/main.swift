// tokcost-bench: single-thread throughput of the encoder on files, for side-by-side comparison with
// tiktoken (see Tests/Benchmarks/run_benchmarks.py, which runs both and prints the ratios).
//
// Usage: tokcost-bench ENCODING REPETITIONS FILE...
// Prints one JSON object per file: {"file", "encoding", "bytes", "tokens", "load_s",
//   "encode_s": [...]        encodeOrdinary, a fresh piece cache per call (cold),
//   "encode_u32_s": [...]    encodeOrdinaryUInt32 (32-bit ids, as gigatoken's numpy arrays), cold,
//   "count_s": [...]         count, cold,
//   "session_encode_s": [...] one EncodingSession reused across the repetitions (warm after the first),
//   "batch_s": [...]         the file cut into ~200-byte texts at spaces, encodeBatch on one thread
//                            (a fresh session per call: cold),
//   "session_batch_s": [...] the same texts through one EncodingSession that has already encoded the
//                            file once (warm, as a long-running server's session),
//   "batch_flat_s", "session_batch_flat_s": [...] the same two with encodeBatchFlat (one flat id array),
//   "calls_s": [...]         the same texts, one encodeOrdinary call each (per-call overhead),
//   "batch_texts": N}.
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

/// Resident memory of this process in bytes (VmRSS), or 0 where /proc is not available.
func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}

var encoding: Encoding? = nil
let rssBefore = residentBytes()
let loadSeconds = try seconds { encoding = try Encoding.load(known) }
let loadRSS = residentBytes() - rssBefore
let enc = encoding!

for path in arguments[3...] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var tokens = 0
    var encodeTimes: [Double] = []
    var countTimes: [Double] = []
    var encodeU32Times: [Double] = []
    var sessionTimes: [Double] = []
    var batchTimes: [Double] = []
    var sessionBatchTimes: [Double] = []
    var batchFlatTimes: [Double] = []
    var sessionBatchFlatTimes: [Double] = []
    let batchFlatSession = EncodingSession(enc)
    var callTimes: [Double] = []
    let batchSession = EncodingSession(enc)
    let session = EncodingSession(enc)
    // ~200-byte texts cut at spaces, for the many-short-texts figure.
    var texts: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
        current += word
        current += " "
        if current.utf8.count >= 200 {
            texts.append(current)
            current = ""
        }
    }
    if !current.isEmpty { texts.append(current) }
    // For instruction profiles of one path: TOKCOST_BENCH_ONLY=encode|encode-u32|count|session|batch|session-batch|batch-flat|session-batch-flat|calls runs only
    // that figure (TOKCOST_BENCH_ENCODE_ONLY=1 is the same as TOKCOST_BENCH_ONLY=encode).
    let environment = ProcessInfo.processInfo.environment
    let only = environment["TOKCOST_BENCH_ONLY"] ?? (environment["TOKCOST_BENCH_ENCODE_ONLY"] != nil ? "encode" : nil)
    func runs(_ figure: String) -> Bool { only == nil || only == figure }
    // Each figure's repetitions run back to back, as the references' repetitions do (a figure run
    // between two repetitions of another would evict its tables and caches from the processor's).
    if runs("encode") { for _ in 0..<repetitions { encodeTimes.append(seconds { tokens = enc.encodeOrdinary(text).count }) } }
    if runs("encode-u32") { for _ in 0..<repetitions { encodeU32Times.append(seconds { tokens = enc.encodeOrdinaryUInt32(text).count }) } }
    if runs("count") { for _ in 0..<repetitions { countTimes.append(seconds { tokens = enc.count(text) }) } }
    if runs("session") { for _ in 0..<repetitions { sessionTimes.append(seconds { tokens = session.encodeOrdinary(text).count }) } }
    if runs("batch") { for _ in 0..<repetitions { batchTimes.append(seconds { _ = enc.encodeBatch(texts) }) } }
    if runs("batch-flat") { for _ in 0..<repetitions { batchFlatTimes.append(seconds { _ = enc.encodeBatchFlat(texts) }) } }
    if runs("session-batch-flat") {
        _ = batchFlatSession.encodeOrdinary(text)
        for _ in 0..<repetitions { sessionBatchFlatTimes.append(seconds { _ = batchFlatSession.encodeBatchFlat(texts) }) }
    }
    if runs("calls") { for _ in 0..<repetitions { callTimes.append(seconds { for t in texts { _ = enc.encodeOrdinary(t) } }) } }
    if runs("session-batch") {
        _ = batchSession.encodeOrdinary(text)
        for _ in 0..<repetitions { sessionBatchTimes.append(seconds { _ = batchSession.encodeBatch(texts) }) }
    }
    let object: [String: Any] = [
        "file": path, "encoding": known.rawValue, "bytes": text.utf8.count, "tokens": tokens,
        "encode_s": encodeTimes, "encode_u32_s": encodeU32Times, "count_s": countTimes, "session_encode_s": sessionTimes,
        "batch_s": batchTimes, "session_batch_s": sessionBatchTimes, "batch_flat_s": batchFlatTimes, "session_batch_flat_s": sessionBatchFlatTimes, "calls_s": callTimes, "batch_texts": texts.count, "load_s": loadSeconds, "load_rss_bytes": loadRSS,
    ]
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}
