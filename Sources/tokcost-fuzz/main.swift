// tokcost-fuzz: long seeded fuzz runs of the encoder's invariants, and a JSONL encoder for the
// differential test against tiktoken (Tests/Reliability/differential.py).
//
//   tokcost-fuzz invariants CASES [SEED] [ENCODING ...]   check CASES random texts + CASES/4 random byte strings per encoding
//   tokcost-fuzz encode-jsonl ENCODING                    stdin: one JSON string per line; stdout: one JSON array of ids per line
//                                                         (through one EncodingSession, so its caches are tested too)
//   tokcost-fuzz encode-jsonl-oneshot ENCODING            the same, one `Encoding.encodeOrdinary` call per line (no session)
//   tokcost-fuzz encode-jsonl-hf PATH|NAME                 the same with a Hugging Face tokenizer.json (or a bundled name)
import Foundation
import TokBPE
import TokFuzzSupport
import TokHuggingFace

let arguments = Array(CommandLine.arguments.dropFirst())
func usage() -> Never {
    FileHandle.standardError.write(Data("usage: tokcost-fuzz invariants CASES [SEED] [ENCODING ...] | encode-jsonl[-oneshot] ENCODING | encode-jsonl-hf PATH|NAME\n".utf8))
    exit(2)
}
guard let mode = arguments.first else { usage() }

switch mode {
case "invariants":
    guard arguments.count >= 2, let cases = Int(arguments[1]) else { usage() }
    let seed = arguments.count >= 3 ? UInt64(arguments[2]) ?? 1 : 1
    let names = arguments.count >= 4 ? Array(arguments[3...]) : ["o200k_base", "cl100k_base", "p50k_base", "r50k_base"]
    var failed = false
    for name in names {
        guard let known = KnownEncoding(name: name) else { usage() }
        let encoding = try Encoding.load(known)
        let start = Date()
        // Split the cases over the cores; each worker has its own seed, so the run is reproducible.
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let lock = NSLock()
        nonisolated(unsafe) var total = 0
        nonisolated(unsafe) var failures: [String] = []
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var checker = InvariantChecker(encoding: encoding)
            var texts = RandomText(seed: seed &* 1_000_003 &+ UInt64(worker))
            let share = cases / workers + (worker < cases % workers ? 1 : 0)
            for i in 0..<share {
                checker.check(texts.next())
                // Longer, mostly ASCII texts reach the block scanners of cl100k_base and o200k_base;
                // texts mostly in other scripts reach cl100k_base's masks of non-ASCII characters.
                if i % 4 == 1 { checker.check(texts.nextMostlyASCII()) }
                if i % 4 == 3 { checker.check(texts.nextMostlyOtherScripts()) }
                if i % 4 == 0 { checker.check(bytes: texts.nextBytes()) }
            }
            lock.lock()
            total += checker.cases
            failures += checker.failures
            lock.unlock()
        }
        let seconds = Date().timeIntervalSince(start)
        print("\(name): \(total) cases, \(failures.count) failures, \(String(format: "%.1f", seconds)) s (seed \(seed))")
        for failure in failures.prefix(10) { print("  FAIL \(failure)") }
        if !failures.isEmpty { failed = true }
    }
    exit(failed ? 1 : 0)
case "encode-jsonl", "encode-jsonl-oneshot", "encode-jsonl-hf":
    guard arguments.count == 2 else { usage() }
    // tiktoken encodings go through one EncodingSession, so that its caches (filled by earlier lines)
    // are part of what the differential test compares.
    let encode: (UnsafeBufferPointer<UInt8>) throws -> [Int]
    if mode == "encode-jsonl" {
        guard let known = KnownEncoding(name: arguments[1]) else { usage() }
        let session = EncodingSession(try Encoding.load(known))
        encode = { session.encodeOrdinary(validatedUTF8: $0) }
    } else if mode == "encode-jsonl-oneshot" {
        // The one-shot path has loops of its own (cl100k_base's block loop): one call per line.
        guard let known = KnownEncoding(name: arguments[1]) else { usage() }
        let encoding = try Encoding.load(known)
        encode = { try encoding.encodeOrdinary(utf8: $0) }
    } else {
        let tokenizer = HFTokenizer.bundledNames.contains(arguments[1])
            ? try HFTokenizer.bundled(arguments[1]) : try HFTokenizer(contentsOf: URL(fileURLWithPath: arguments[1]))
        encode = { try tokenizer.encodeOrdinary(validatedUTF8: $0) }
    }
    var output = ""
    while let line = readLine(strippingNewline: true) {
        guard let data = line.data(using: .utf8),
              var text = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? String
        else { usage() }
        let ids = try text.withUTF8 { try encode($0) }
        output += "[" + ids.map(String.init).joined(separator: ",") + "]\n"
        if output.utf8.count > 1 << 16 {
            FileHandle.standardOutput.write(Data(output.utf8))
            output = ""
        }
    }
    FileHandle.standardOutput.write(Data(output.utf8))
default:
    usage()
}
