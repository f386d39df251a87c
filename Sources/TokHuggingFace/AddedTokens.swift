/// An entry of `added_tokens`: text matched in the input before pre-tokenization.
struct AddedToken: Sendable {
    let content: String
    /// The bytes matched: the content, or for `normalized` tokens the normalized content.
    let pattern: [UInt8]
    let id: Int
    let special: Bool
    let singleWord: Bool
    let lstrip: Bool
    let rstrip: Bool
    let normalized: Bool
}

/// Finds added tokens in UTF-8 text as `tokenizers`' `AddedVocabulary::find_matches` does: an
/// Aho-Corasick leftmost-longest scan, then the `single_word`, `lstrip` and `rstrip` rules.
struct AddedTokenMatcher: Sendable {
    /// The tokens, by index.
    let tokens: [AddedToken]
    /// A byte trie: per node, sorted edge labels and their target nodes; `terminal[node]` is a token
    /// index or -1.
    private let edgeStart: [Int32]
    private let edgeLabels: [UInt8]
    private let edgeTargets: [Int32]
    private let terminal: [Int32]
    /// `startsToken[b]`: some token begins with byte `b`.
    private let startsToken: [Bool]

    init(_ tokens: [AddedToken]) {
        self.tokens = tokens
        var children: [[UInt8: Int32]] = [[:]]
        var terminal: [Int32] = [-1]
        for (index, token) in tokens.enumerated() where !token.pattern.isEmpty {
            var node = 0
            for b in token.pattern {
                if let next = children[node][b] {
                    node = Int(next)
                } else {
                    children.append([:])
                    terminal.append(-1)
                    children[node][b] = Int32(children.count - 1)
                    node = children.count - 1
                }
            }
            // Two tokens with the same pattern: the first one wins, as the first pattern in Aho-Corasick.
            if terminal[node] < 0 { terminal[node] = Int32(index) }
        }
        var starts: [Int32] = []
        var labels: [UInt8] = []
        var targets: [Int32] = []
        for node in children {
            starts.append(Int32(labels.count))
            for (label, target) in node.sorted(by: { $0.key < $1.key }) {
                labels.append(label)
                targets.append(target)
            }
        }
        starts.append(Int32(labels.count))
        edgeStart = starts
        edgeLabels = labels
        edgeTargets = targets
        self.terminal = terminal
        var first = [Bool](repeating: false, count: 256)
        for token in tokens where !token.pattern.isEmpty { first[Int(token.pattern[0])] = true }
        startsToken = first
    }

    var isEmpty: Bool { tokens.isEmpty }

    /// The longest token starting at `i`: (token index, end), or nil.
    @inline(__always)
    private func longestMatch(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (Int, Int)? {
        var node = 0
        var best: (Int, Int)? = nil
        var j = i
        while j < text.count {
            let b = text[j]
            var lo = Int(edgeStart[node]), hi = Int(edgeStart[node + 1])
            var found = -1
            while lo < hi {
                let mid = (lo + hi) / 2
                if edgeLabels[mid] < b { lo = mid + 1 } else { hi = mid }
            }
            if lo < Int(edgeStart[node + 1]) && edgeLabels[lo] == b { found = Int(edgeTargets[lo]) }
            guard found >= 0 else { break }
            node = found
            j += 1
            if terminal[node] >= 0 { best = (Int(terminal[node]), j) }
        }
        return best
    }

    /// Splits `text` into stretches of ordinary text and added tokens (`id` non-nil). Tokens for
    /// which `enabled` is false are skipped after matching (as `encode_special_tokens` does).
    func split(
        _ text: UnsafeBufferPointer<UInt8>, enabled: (AddedToken) -> Bool
    ) -> [(start: Int, end: Int, id: Int?)] {
        var splits: [(start: Int, end: Int, id: Int?)] = []
        var startOffset = 0
        var i = 0
        while i < text.count {
            guard startsToken[Int(text[i])], let (index, matchEnd) = longestMatch(text, at: i) else {
                i += 1
                continue
            }
            let token = tokens[index]
            var start = i
            var stop = matchEnd
            i = matchEnd
            guard enabled(token) else { continue }
            if token.singleWord {
                let startSpace = start == 0 || !endsWithWord(text, start)
                let stopSpace = stop == text.count || !startsWithWord(text, stop)
                if !startSpace || !stopSpace { continue }
            }
            if token.lstrip {
                var s = start
                while s > 0 {
                    let p = previousScalarStart(text, s)
                    guard ScalarCategory.isWhitespace(ScalarCategory.scalar(text, p).0) else { break }
                    s = p
                }
                start = max(s, startOffset)
            }
            if token.rstrip {
                while stop < text.count {
                    let (scalar, length) = ScalarCategory.scalar(text, stop)
                    guard ScalarCategory.isWhitespace(scalar) else { break }
                    stop += length
                }
            }
            if startOffset < start { splits.append((startOffset, start, nil)) }
            splits.append((start, stop, token.id))
            startOffset = stop
        }
        if startOffset < text.count { splits.append((startOffset, text.count, nil)) }
        return splits
    }

    private func previousScalarStart(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var p = i - 1
        while p > 0 && text[p] & 0xC0 == 0x80 { p -= 1 }
        return p
    }

    private func endsWithWord(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        ScalarCategory.isWordCharacter(ScalarCategory.scalar(text, previousScalarStart(text, i)).0)
    }

    private func startsWithWord(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        ScalarCategory.isWordCharacter(ScalarCategory.scalar(text, i).0)
    }
}
