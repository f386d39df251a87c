import Dispatch

/// Records where each token starts (UTF-8 byte offset relative to the encoded buffer).
struct StartOffsetSink: TokenSink {
    let table: RankTable
    var offset: Int
    var starts: [Int] = []

    init(table: RankTable, base: Int, reservingCapacity capacity: Int) {
        self.table = table
        offset = base
        starts.reserveCapacity(capacity)
    }

    @inline(__always) mutating func append(_ rank: UInt32) {
        starts.append(offset)
        offset += table.bytes(ofRank: Int(rank)).count
    }
}

extension Encoding {
    /// The UTF-8 byte length of token `id` (0 for an unknown id; special tokens count their text).
    package func tokenLength(_ id: Int) -> Int {
        if ranks.table.contains(rank: id) { return ranks.table.bytes(ofRank: id).count }
        return (try? tokenBytes(id).count) ?? 0
    }

    /// The byte offset where each token of `buffer` (encoded as ordinary text) starts, in order; the
    /// array's count is the token count. Runs on up to `threads` threads, cutting only at ``SafeSplit``
    /// points, so the result is the same for any number of threads.
    /// - Precondition: `buffer` is valid UTF-8.
    public func tokenStarts(validatedUTF8 buffer: UnsafeBufferPointer<UInt8>, threads: Int = 1) -> [Int] {
        let parts = SafeSplit.ranges(of: buffer, parts: max(1, threads))
        if parts.count == 1 { return starts(buffer, 0..<buffer.count) }
        let results = UnsafeMutableBufferPointer<[Int]>.allocate(capacity: parts.count)
        results.initialize(repeating: [])
        defer { results.deinitialize(); results.deallocate() }
        let shared = StartResults(input: buffer, results: results)
        DispatchQueue.concurrentPerform(iterations: parts.count) { i in
            shared.results[i] = starts(shared.input, parts[i])
        }
        return results.flatMap { $0 }
    }

    /// Token start offsets of `buffer[range]`, relative to `buffer`.
    private func starts(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [Int] {
        var sink = StartOffsetSink(table: ranks.table, base: range.lowerBound, reservingCapacity: range.count / 3)
        encodeOrdinary(UnsafeBufferPointer(rebasing: buffer[range]), into: &sink)
        return sink.starts
    }
}

/// Result slots shared by worker threads; each thread writes only its own slot.
private struct StartResults: @unchecked Sendable {
    let input: UnsafeBufferPointer<UInt8>
    let results: UnsafeMutableBufferPointer<[Int]>
}
