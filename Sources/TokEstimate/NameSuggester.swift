/// Finds the known names nearest to a misspelled one.
enum NameSuggester {
    /// Levenshtein distance over Unicode scalars.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `groups` holds, per model, its id followed by its aliases. One suggestion per model at most.
    static func nearest(to name: String, among groups: [[String]], limit: Int) -> [String] {
        let query = name.lowercased()
        let threshold = max(2, query.count / 3)
        let queryParts = query.split(whereSeparator: { "-_/. ".contains($0) }).filter { $0.count >= 2 }
        var scored: [(score: Int, name: String)] = []
        for group in groups {
            var best: (score: Int, name: String)?
            for candidate in group {
                let c = candidate.lowercased()
                var score = distance(query, c)
                // Prefix relations are strong hints ("gpt-4o-2099" → "gpt-4o", "claude-opus" → "claude-opus-4-7").
                if query.count >= 3 && (c.hasPrefix(query) || query.hasPrefix(c)) {
                    score = min(score, 1)
                }
                // Every part of the query appears in the name ("gemini-pro" → "gemini-2.5-pro").
                if queryParts.count > 1 && queryParts.allSatisfy({ c.contains($0) }) {
                    score = min(score, threshold)
                }
                guard score <= threshold else { continue }
                if best == nil || score < best!.score { best = (score, candidate) }
            }
            if let best { scored.append(best) }
        }
        scored.sort { $0.score != $1.score ? $0.score < $1.score : $0.name < $1.name }
        return Array(scored.prefix(limit).map(\.name))
    }
}
