import Foundation
import TokBPE
import TokUnicode

/// A document to count: its bytes and the name used in error messages.
public struct CorpusDocument: Sendable {
    /// The file path, or a name such as `-` for standard input.
    public let name: String
    /// The raw text, UTF-8 (it is validated while counting).
    public let bytes: Data
    /// The address of the file mapping `bytes` wraps, when it is one (`nil` for bytes in memory, 0 if
    /// `Data` copied the mapped bytes): the counter then drops the pages it has counted from memory
    /// (``FileMapping/release(_:_:_:)``).
    let mappedAddress: UInt?

    /// A document from bytes already in memory.
    public init(name: String, bytes: Data) {
        self.name = name
        self.bytes = bytes
        mappedAddress = nil
    }

    /// Reads (memory-maps) a file. Throws ``TrainerError/unreadable(path:reason:)``.
    public init(contentsOf url: URL) throws {
        name = url.relativePath
        if let (data, address) = FileMapping.map(url.path) {
            bytes = data
            mappedAddress = address
            return
        }
        do {
            bytes = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw TrainerError.unreadable(path: url.relativePath, reason: error.localizedDescription)
        }
        mappedAddress = nil
    }
}

/// Read-only file mappings whose pages the counter gives back once counted, so that a corpus never
/// needs to be resident all at once: a dropped page of an unmodified file mapping is read again from
/// the page cache (or the file) if it is touched again.
enum FileMapping {
    /// The page size.
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps the regular file at `path` (private, read-only), as `Data` that unmaps it when freed, with
    /// the mapping's address; `nil` if the file is empty or not a regular file or cannot be mapped.
    static func map(_ path: String) -> (Data, UInt)? {
        // Only a regular file is opened here: opening a FIFO would block for a writer and then lose
        // what it wrote when the file is opened again to be read.
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else { return nil }
        let data = Data(bytesNoCopy: address, count: size, deallocator: .custom { pointer, count in _ = munmap(pointer, count) })
        // Data keeps the mapping's address unless it copied the bytes (files of a few bytes are stored
        // inline, and the mapping is unmapped at once): then 0, and nothing is released.
        let base = data.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
        return (data, base == UInt(bitPattern: address) ? base : 0)
    }

    /// Drops the whole pages of `range` of `document` from memory, if its bytes `raw` are its file
    /// mapping (pages shared with the bytes around `range` are kept, except at the file's ends).
    static func release(_ document: CorpusDocument, _ raw: UnsafeRawBufferPointer, _ range: Range<Int>) {
        guard let mapped = document.mappedAddress, mapped != 0, let base = raw.baseAddress,
              UInt(bitPattern: base) == mapped, !range.isEmpty
        else { return }
        let lower = range.lowerBound == 0 ? 0 : (range.lowerBound + pageSize - 1) / pageSize * pageSize
        let upper = range.upperBound == raw.count
            ? (raw.count + pageSize - 1) / pageSize * pageSize
            : range.upperBound / pageSize * pageSize
        guard upper > lower else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + lower), upper - lower, MADV_DONTNEED)
    }
}

/// Normalizes, pre-tokenizes and counts the unique pieces of a corpus, in parallel.
///
/// Every document is cut into chunks of about `chunkSize` bytes at points where cutting cannot change the
/// pieces (see ``ChunkBoundaries``); the chunks of all documents are shared among `threads` workers, each
/// with its own ``PieceCounts``, and the workers' tables are then merged. Counts are exact sums, so the
/// result is the same for any number of threads.
public struct PieceCounter: Sendable {
    /// The pre-tokenizer (the encoder's own scanner).
    public let pattern: PreTokenizerPattern
    /// The normalization applied before pre-tokenizing (`nil`: none).
    public let normalization: NormalizationForm?
    /// The number of worker threads.
    public let threads: Int
    /// The target size of a chunk in bytes (default 1 MiB).
    public var chunkSize: Int = 1 << 20
    private let normalizer: TextNormalization

    /// A counter with the given pre-tokenizer, normalization and number of threads.
    public init(pattern: PreTokenizerPattern, normalization: NormalizationForm?, threads: Int = ProcessInfoThreads.available) throws {
        self.pattern = pattern
        self.normalization = normalization
        self.threads = max(1, threads)
        self.normalizer = try TextNormalization(normalization)
    }

    /// A counter for the pattern, normalization and threads of `settings`.
    public init(settings: TrainerSettings) throws {
        try self.init(pattern: settings.pattern, normalization: settings.normalization, threads: settings.threads)
    }

    /// Counts the pieces of one string.
    public func count(_ text: String) throws -> PieceCounts {
        try count([CorpusDocument(name: "text", bytes: Data(text.utf8))])
    }

    /// Counts the pieces of all the documents. Throws ``TrainerError/invalidUTF8(source:byteOffset:)``
    /// for the first document (in order) that is not valid UTF-8.
    public func count(_ documents: [CorpusDocument], progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> PieceCounts {
        // Work items: (document, chunk range), in document order.
        var items: [(document: Int, range: Range<Int>)] = []
        for (index, document) in documents.enumerated() {
            let size = document.bytes.count
            guard size > 0 else { continue }
            if let offset = document.bytes.withUnsafeBytes({ UTF8Validation.firstInvalidOffset(in: $0.bindMemory(to: UInt8.self)) }) {
                throw TrainerError.invalidUTF8(source: document.name, byteOffset: offset)
            }
            let starts = document.bytes.withUnsafeBytes { raw in
                let starts = ChunkBoundaries.chunkStarts(raw.bindMemory(to: UInt8.self), targetSize: chunkSize)
                // The pages come back as the chunks are counted.
                FileMapping.release(document, raw, 0..<size)
                return starts
            }
            for (k, start) in starts.enumerated() {
                items.append((index, start..<(k + 1 < starts.count ? starts[k + 1] : size)))
            }
        }
        let workers = min(threads, max(items.count, 1))
        let results = WorkerResults(count: workers)
        let itemList = items
        let totalItems = items.count
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var local = PieceCounts()
            var next = worker
            while next < itemList.count {
                let item = itemList[next]
                let document = documents[item.document]
                do {
                    try document.bytes.withUnsafeBytes { raw in
                        let all = raw.bindMemory(to: UInt8.self)
                        let chunk = UnsafeBufferPointer(rebasing: all[item.range])
                        try normalizer.withNormalized(chunk, source: document.name, baseOffset: item.range.lowerBound) { text in
                            pattern.forEachPiece(utf8: text) { piece in
                                local.add(UnsafeBufferPointer(rebasing: text[piece]))
                            }
                        }
                        FileMapping.release(document, raw, item.range)
                    }
                } catch {
                    results.fail(item: next, error: error)
                    return
                }
                if let progress { progress(results.finishOne(), totalItems) }
                next += workers
            }
            results.set(worker, local)
        }
        if let error = results.firstError { throw error }
        // Take the tables out of `results` so that the first one is uniquely referenced and grows in
        // place instead of being copied.
        // The largest table takes in the others, so that the fewest pieces are added (and copied when
        // its arrays grow) while the others are still held.
        var tables = results.takeTables().sorted { $0.uniqueCount > $1.uniqueCount }
        var total = PieceCounts()
        for k in tables.indices where !tables[k].isEmpty {
            var table = tables[k]
            tables[k] = PieceCounts()
            if total.isEmpty {
                total = table
            } else {
                // The table is only read entry by entry from here: its hash index can go first.
                table.dropLookupIndex()
                total.merge(table)
            }
        }
        MemoryRelease.trim()
        return total
    }
}

/// Per-worker results, written under a lock.
private final class WorkerResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var tables: [PieceCounts]
    private var failure: (item: Int, error: Error)?
    private var finished = 0

    init(count: Int) { tables = Array(repeating: PieceCounts(), count: count) }

    func set(_ worker: Int, _ table: PieceCounts) {
        lock.lock(); defer { lock.unlock() }
        tables[worker] = table
    }

    /// Removes and returns the tables.
    func takeTables() -> [PieceCounts] {
        lock.lock(); defer { lock.unlock() }
        let taken = tables
        tables = []
        return taken
    }

    func fail(item: Int, error: Error) {
        lock.lock(); defer { lock.unlock() }
        if failure == nil || item < failure!.item { failure = (item, error) }
    }

    func finishOne() -> Int {
        lock.lock(); defer { lock.unlock() }
        finished += 1
        return finished
    }

    var firstError: Error? {
        lock.lock(); defer { lock.unlock() }
        return failure?.error
    }
}
