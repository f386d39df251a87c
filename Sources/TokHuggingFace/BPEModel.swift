import TokBPE

/// A Hugging Face BPE model: vocabulary, merges by priority, and the options that decide how a
/// piece's characters become initial symbols (`byte_fallback`, unknown token, `fuse_unk`,
/// `continuing_subword_prefix`, `end_of_word_suffix`, `ignore_merges`).
///
/// Merging follows `tokenizers`' `Word::merge_all` exactly: repeatedly apply the pair with the
/// lowest merge rank (leftmost on ties) among pairs listed in `merges` — not the pair whose merged
/// token has the lowest id, which is what tiktoken-style BPE does.
struct BPEModel: @unchecked Sendable {
    /// Token bytes → id. In a byte-level model a token's bytes are what its characters stand for in
    /// GPT-2's alphabet (tokens with other characters cannot come out of merges and are left out);
    /// otherwise they are the token's UTF-8.
    let vocab: RankTable
    /// (left id, right id) → (merge rank, merged id).
    let merges: MergeTable
    /// Every id's token as it is written in the file (UTF-8), for decoding (`nil` for ids the model
    /// does not have).
    let tokens: [[UInt8]?]
    let byteLevel: Bool
    /// The id of each single byte's token in a byte-level model (`RankTable.absent` if none).
    let byteIDs: [UInt32]
    /// The ids of `<0x00>`…`<0xFF>` when `byte_fallback` is on (`nil` if off; `absent` for a missing one).
    let byteFallbackIDs: [UInt32]?
    let unknownID: UInt32?
    let fuseUnknown: Bool
    let ignoreMerges: Bool
    let prefix: [UInt8]
    let suffix: [UInt8]

    /// The bytes a token stands for in the model: GPT-2's alphabet decoded in a byte-level model
    /// (`nil` if the token has another character), else its UTF-8.
    static func key(_ utf8: [UInt8], byteLevel: Bool) -> [UInt8]? {
        byteLevel ? ByteLevelAlphabet.bytes(of: String(decoding: utf8, as: UTF8.self)) : utf8
    }

    /// Builds the model; error key paths are relative to `model`.
    init(_ json: ModelJSON, raw: RawJSON.Model, byteLevel: Bool) throws {
        self.byteLevel = byteLevel
        var maxID = -1
        for (token, id) in raw.vocab {
            guard id >= 0 && id < Int(UInt32.max - 1) else {
                throw ComponentError("vocab", "\(String(decoding: token, as: UTF8.self).debugDescription) has id \(id), out of range")
            }
            maxID = max(maxID, id)
        }
        // Ids index flat tables: refuse one so far beyond the vocabulary that they would need gigabytes.
        guard maxID <= 4 * raw.vocab.count + 1_000_000 else {
            throw ComponentError("vocab", "id \(maxID) is far beyond the \(raw.vocab.count) entries of the vocabulary (ids must be dense)")
        }
        var tokens = [[UInt8]?](repeating: nil, count: maxID + 1)
        var arena: [UInt8] = []
        var entries: [(range: Range<Int>, rank: UInt32)] = []
        entries.reserveCapacity(raw.vocab.count)
        for (token, id) in raw.vocab {
            if let other = tokens[id] {
                throw ComponentError("vocab", "tokens \(String(decoding: other, as: UTF8.self).debugDescription) and "
                    + "\(String(decoding: token, as: UTF8.self).debugDescription) share id \(id)")
            }
            tokens[id] = token
            // A byte-level token with a character outside the alphabet can never come out of merges.
            guard let bytes = BPEModel.key(token, byteLevel: byteLevel), !bytes.isEmpty else { continue }
            let start = arena.count
            arena.append(contentsOf: bytes)
            entries.append((start..<arena.count, UInt32(id)))
        }
        self.tokens = tokens
        let vocab = RankTable(bytes: arena, entries: entries)
        self.vocab = vocab
        // Two entries with the same bytes: only one of them could be found.
        arena.withUnsafeBufferPointer { a in
            for entry in entries where vocab.rank(a.baseAddress! + entry.range.lowerBound, entry.range.count) != entry.rank {
                tokens[Int(entry.rank)] = nil
            }
        }
        if let duplicate = entries.first(where: { tokens[Int($0.rank)] == nil }) {
            let text = String(decoding: arena[duplicate.range], as: UTF8.self)
            throw ComponentError("vocab", "the token \(text.debugDescription) appears twice")
        }

        func id(_ key: [UInt8]?) -> UInt32? {
            guard let key, !key.isEmpty else { return nil }
            let r = key.withUnsafeBufferPointer { vocab.rank($0.baseAddress!, $0.count) }
            return r == RankTable.absent ? nil : r
        }
        /// A token named in the options: looked up by its bytes, or by its exact text.
        func named(_ text: String) -> UInt32? {
            let utf8 = Array(text.utf8)
            if let found = id(BPEModel.key(utf8, byteLevel: byteLevel)) { return found }
            return raw.vocab.first(where: { $0.token == utf8 }).map { UInt32($0.id) }
        }

        func key(_ text: String?, _ path: String) throws -> [UInt8] {
            guard let text else { return [] }
            guard let bytes = BPEModel.key(Array(text.utf8), byteLevel: byteLevel) else {
                throw ComponentError(path, "\(text.debugDescription) has a character outside the byte-level alphabet")
            }
            return bytes
        }
        prefix = try key(json.continuingSubwordPrefix, "continuing_subword_prefix")
        suffix = try key(json.endOfWordSuffix, "end_of_word_suffix")

        var byteIDs = [UInt32](repeating: RankTable.absent, count: 256)
        if byteLevel { for b in 0..<256 { byteIDs[b] = id([UInt8(b)]) ?? RankTable.absent } }
        self.byteIDs = byteIDs

        if json.byteFallback {
            byteFallbackIDs = (0..<256).map { b in
                named("<0x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2) + ">") ?? RankTable.absent
            }
        } else {
            byteFallbackIDs = nil
        }
        if let unk = json.unkToken {
            guard let found = named(unk) else {
                throw ComponentError("unk_token", "the unknown token \(unk.debugDescription) is not in the vocabulary")
            }
            unknownID = found
        } else {
            unknownID = nil
        }
        fuseUnknown = json.fuseUnk
        ignoreMerges = json.ignoreMerges

        var table = MergeTable(capacity: raw.merges.count)
        let prefixLength = json.continuingSubwordPrefix?.utf8.count ?? 0
        for (rank, (a, b)) in raw.merges.enumerated() {
            let path = "merges[\(rank)]"
            // As tokenizers does: the right part loses its continuing-subword prefix.
            let merged = a + b.dropFirst(prefixLength)
            let keys = [a, b, merged].map { BPEModel.key($0, byteLevel: byteLevel) }
            if keys.contains(where: { $0 == nil }) {
                // A byte-level merge involving characters outside the alphabet can never apply; it
                // still has to name tokens of the vocabulary.
                for part in [a, b, merged] where !raw.vocab.contains(where: { $0.token == part }) {
                    throw ComponentError(path, "\(String(decoding: part, as: UTF8.self).debugDescription) is not in the vocabulary")
                }
                continue
            }
            guard let idA = id(keys[0]) else {
                throw ComponentError(path, "\(String(decoding: a, as: UTF8.self).debugDescription) is not in the vocabulary")
            }
            guard let idB = id(keys[1]) else {
                throw ComponentError(path, "\(String(decoding: b, as: UTF8.self).debugDescription) is not in the vocabulary")
            }
            guard let idMerged = id(keys[2]) else {
                throw ComponentError(
                    path, "the merged token \(String(decoding: merged, as: UTF8.self).debugDescription) is not in the vocabulary")
            }
            table.insert(left: idA, right: idB, rank: UInt32(rank), merged: idMerged)
        }
        merges = table
    }

    /// One past the highest id of the model's vocabulary.
    var idLimit: Int { tokens.count }

    // MARK: Encoding one piece

    /// Appends the ids of one pre-tokenized piece.
    func encode(_ p: UnsafePointer<UInt8>, _ n: Int, into out: inout [Int]) {
        if n == 0 { return }
        if byteLevel && n == 1 && byteIDs[Int(p[0])] != RankTable.absent && prefix.isEmpty && suffix.isEmpty {
            out.append(Int(byteIDs[Int(p[0])]))
            return
        }
        if ignoreMerges {
            let whole = vocab.rank(p, n)
            if whole != RankTable.absent {
                out.append(Int(whole))
                return
            }
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: n * (2 + prefix.count) + suffix.count + 4) { scratch in
            let ids = scratch.baseAddress!
            let count = initialSymbols(p, n, ids)
            if count <= 1 {
                if count == 1 { out.append(Int(ids[0])) }
                return
            }
            if count <= BPEModel.scanThreshold {
                mergeByScan(ids, count) { out.append(Int($0)) }
            } else {
                mergeAll(ids, count) { out.append(Int($0)) }
            }
        }
    }

    /// Pieces of up to this many initial symbols merge with a linear scan; longer ones with a heap.
    static let scanThreshold = 48

    /// The same merges as ``mergeAll(_:_:_:)`` for short pieces: repeatedly merge the adjacent pair
    /// with the lowest (merge rank, position). The heap's lowest valid entry is exactly that pair,
    /// since every adjacent pair has an entry and stale ones are skipped.
    private func mergeByScan(_ ids: UnsafeMutablePointer<UInt32>, _ initialCount: Int, _ emit: (UInt32) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: initialCount) { pairBuffer in
            let pairs = pairBuffer.baseAddress!  // pairs[i]: merge of ids[i], ids[i + 1] (rank << 32 | merged id)
            var count = initialCount
            for i in 0..<(count - 1) { pairs[i] = merges.lookup(ids[i], ids[i + 1]) }
            while true {
                var best = MergeTable.absent
                var at = -1
                for i in 0..<(count - 1) where pairs[i] < best {
                    best = pairs[i]
                    at = i
                }
                guard at >= 0 else { break }
                ids[at] = UInt32(truncatingIfNeeded: best & 0xFFFF_FFFF)
                // Remove symbol at + 1.
                var k = at + 1
                while k < count - 1 {
                    ids[k] = ids[k + 1]
                    pairs[k] = pairs[k + 1]
                    k += 1
                }
                count -= 1
                if at > 0 { pairs[at - 1] = merges.lookup(ids[at - 1], ids[at]) }
                if at < count - 1 { pairs[at] = merges.lookup(ids[at], ids[at + 1]) }
            }
            for i in 0..<count { emit(ids[i]) }
        }
    }

    /// Writes the initial symbols of a piece (one per byte or per character, as `tokenizers` does);
    /// returns how many.
    private func initialSymbols(_ p: UnsafePointer<UInt8>, _ n: Int, _ ids: UnsafeMutablePointer<UInt32>) -> Int {
        var count = 0
        var pendingUnknown = false  // an unknown symbol waiting to be fused with the next
        @inline(__always) func flushUnknown() {
            if pendingUnknown, let unk = unknownID {
                ids[count] = unk
                count += 1
            }
            pendingUnknown = false
        }
        if byteLevel && prefix.isEmpty && suffix.isEmpty {
            for i in 0..<n {
                let id = byteIDs[Int(p[i])]
                if id != RankTable.absent {
                    flushUnknown()
                    ids[count] = id
                    count += 1
                } else {
                    unknown(p + i, 1, &pendingUnknown, ids, &count)
                }
            }
            flushUnknown()
            return count
        }
        // Character by character (a byte-level model with a prefix or suffix works byte by byte).
        var key: [UInt8] = []
        var i = 0
        while i < n {
            let length = byteLevel ? 1 : utf8Length(p[i], remaining: n - i)
            key.removeAll(keepingCapacity: true)
            if i > 0 { key.append(contentsOf: prefix) }
            key.append(contentsOf: UnsafeBufferPointer(start: p + i, count: length))
            if i + length == n { key.append(contentsOf: suffix) }
            let id = key.withUnsafeBufferPointer { vocab.rank($0.baseAddress!, $0.count) }
            if id != RankTable.absent {
                flushUnknown()
                ids[count] = id
                count += 1
            } else {
                key.withUnsafeBufferPointer { unknown($0.baseAddress!, $0.count, &pendingUnknown, ids, &count) }
            }
            i += length
        }
        flushUnknown()
        return count
    }

    /// A character that is not in the vocabulary (`p` holds its key: the character with any prefix or
    /// suffix): the `<0xXX>` tokens of those bytes with `byte_fallback` if all exist, else the unknown
    /// token (fused with a pending unknown if `fuse_unk`), else nothing — which is what `tokenizers`
    /// does when a BPE model has no unknown token. As in `tokenizers`, byte-fallback tokens do not
    /// flush a pending unknown token.
    @inline(__always)
    private func unknown(
        _ p: UnsafePointer<UInt8>, _ length: Int, _ pending: inout Bool, _ ids: UnsafeMutablePointer<UInt32>,
        _ count: inout Int
    ) {
        if let fallback = byteFallbackIDs {
            var all = true
            for k in 0..<length where fallback[Int(p[k])] == RankTable.absent { all = false }
            if all {
                for k in 0..<length {
                    ids[count] = fallback[Int(p[k])]
                    count += 1
                }
                return
            }
        }
        guard let unk = unknownID else { return }
        if pending && fuseUnknown { return }
        if pending {
            ids[count] = unk
            count += 1
        }
        pending = true
    }

    @inline(__always)
    private func utf8Length(_ b0: UInt8, remaining: Int) -> Int {
        let length = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4
        return min(length, remaining)
    }

    /// `Word::merge_all` without dropout: a min-heap of (rank, position) over a linked list of
    /// symbols; an entry is stale if the pair at its position no longer has its rank.
    private func mergeAll(_ ids: UnsafeMutablePointer<UInt32>, _ count: Int, _ emit: (UInt32) -> Void) {
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * count) { links in
            let next = links.baseAddress!
            let prev = next + count
            for i in 0..<count {
                next[i] = Int32(i + 1 < count ? i + 1 : -1)
                prev[i] = Int32(i - 1)
            }
            // Each merge pushes at most two entries.
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 3 * count + 4) { heapStorage in
                var heap = MinHeap(storage: heapStorage.baseAddress!, capacity: heapStorage.count)
                defer { heap.deallocate() }
                for i in 0..<(count - 1) {
                    let m = merges.lookup(ids[i], ids[i + 1])
                    if m != MergeTable.absent { heap.push(m & 0xFFFF_FFFF_0000_0000 | UInt64(i)) }
                }
                // A removed symbol is marked with next == -2.
                while let top = heap.pop() {
                    let pos = Int(truncatingIfNeeded: top & 0xFFFF_FFFF)
                    let rank = top >> 32
                    guard next[pos] >= 0 else { continue }  // removed (-2) or last (-1)
                    let right = Int(next[pos])
                    let m = merges.lookup(ids[pos], ids[right])
                    guard m != MergeTable.absent, m >> 32 == rank else { continue }
                    ids[pos] = UInt32(truncatingIfNeeded: m & 0xFFFF_FFFF)
                    let after = next[right]
                    next[pos] = after
                    next[right] = -2
                    if after >= 0 { prev[Int(after)] = Int32(pos) }
                    let before = Int(prev[pos])
                    if before >= 0 {
                        let mb = merges.lookup(ids[before], ids[pos])
                        if mb != MergeTable.absent { heap.push(mb & 0xFFFF_FFFF_0000_0000 | UInt64(before)) }
                    }
                    if after >= 0 {
                        let ma = merges.lookup(ids[pos], ids[Int(after)])
                        if ma != MergeTable.absent { heap.push(ma & 0xFFFF_FFFF_0000_0000 | UInt64(pos)) }
                    }
                }
                var i = 0
                while i >= 0 && i < count {
                    emit(ids[i])
                    i = Int(next[i])
                }
            }
        }
    }
}

/// (left id, right id) → (rank << 32 | merged id), open addressing on a flat buffer.
struct MergeTable: @unchecked Sendable {
    /// Returned by ``lookup(_:_:)`` for a pair that is not a merge.
    static let absent: UInt64 = .max
    private let storage: Storage
    private let mask: Int

    final class Storage: @unchecked Sendable {
        let keys: UnsafeMutablePointer<UInt64>
        let values: UnsafeMutablePointer<UInt64>
        init(_ capacity: Int) {
            keys = .allocate(capacity: capacity)
            keys.initialize(repeating: .max, count: capacity)
            values = .allocate(capacity: capacity)
            values.initialize(repeating: 0, count: capacity)
        }
        deinit {
            keys.deallocate()
            values.deallocate()
        }
    }

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        storage = Storage(size)
        mask = size - 1
    }

    @inline(__always)
    private static func hash(_ key: UInt64) -> Int {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }

    /// Adds a merge; a later duplicate of a pair replaces the earlier one (as in `tokenizers`' map).
    mutating func insert(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32) {
        let key = UInt64(left) << 32 | UInt64(right)
        var i = MergeTable.hash(key) & mask
        while storage.keys[i] != .max && storage.keys[i] != key { i = (i + 1) & mask }
        storage.keys[i] = key
        storage.values[i] = UInt64(rank) << 32 | UInt64(merged)
    }

    /// The merge of this pair, or ``absent``.
    @inline(__always)
    func lookup(_ left: UInt32, _ right: UInt32) -> UInt64 {
        let key = UInt64(left) << 32 | UInt64(right)
        var i = MergeTable.hash(key) & mask
        while true {
            let k = storage.keys[i]
            if k == key { return storage.values[i] }
            if k == .max { return MergeTable.absent }
            i = (i + 1) & mask
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
