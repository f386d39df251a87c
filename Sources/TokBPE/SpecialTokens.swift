/// Which special tokens a call to ``Encoding/encode(_:allowedSpecial:disallowedSpecial:)`` may
/// produce (`allowedSpecial`) or must refuse to see in the text (`disallowedSpecial`).
public enum SpecialTokenSet: Sendable, Hashable, ExpressibleByArrayLiteral {
    /// Every special token of the encoding.
    case all
    /// Exactly these special tokens (by their text, e.g. `"<|endoftext|>"`).
    case only(Set<String>)

    /// No special tokens.
    public static let none = SpecialTokenSet.only([])

    /// `["<|endoftext|>", …]` means `.only([...])`.
    public init(arrayLiteral elements: String...) { self = .only(Set(elements)) }

    func resolve(in specials: [String: Int]) -> Set<String> {
        switch self {
        case .all: return Set(specials.keys)
        case .only(let names): return names
        }
    }
}

/// Finds special-token text in UTF-8 bytes: the leftmost occurrence of any token in a given set,
/// preferring the longest token where several start at the same byte.
struct SpecialTokenMatcher: Sendable {
    struct Entry: Sendable {
        let text: String
        let bytes: [UInt8]
        let id: Int
    }

    /// Sorted longest first, so that the first match at a position is the longest one.
    let entries: [Entry]
    /// `startsToken[b]`: some special token begins with byte `b`.
    let startsToken: [Bool]

    init(_ specials: [String: Int]) {
        entries = specials.map { Entry(text: $0.key, bytes: Array($0.key.utf8), id: $0.value) }
            .filter { !$0.bytes.isEmpty }
            .sorted { ($0.bytes.count, $1.text) > ($1.bytes.count, $0.text) }
        var starts = [Bool](repeating: false, count: 256)
        for entry in entries { starts[Int(entry.bytes[0])] = true }
        startsToken = starts
    }

    /// The entries whose text is in `allowed`, longest first (compute once per encode call).
    func candidates(_ allowed: Set<String>) -> [Entry] {
        allowed.isEmpty ? [] : entries.filter { allowed.contains($0.text) }
    }

    /// The first occurrence at or after `from` of a token whose text is in `allowed`.
    func firstMatch(in text: UnsafeBufferPointer<UInt8>, from: Int, allowed: Set<String>) -> (range: Range<Int>, id: Int, text: String)? {
        firstMatch(in: text, from: from, candidates: candidates(allowed))
    }

    /// The first occurrence at or after `from` of one of `candidates` (from ``candidates(_:)``).
    func firstMatch(in text: UnsafeBufferPointer<UInt8>, from: Int, candidates: [Entry]) -> (range: Range<Int>, id: Int, text: String)? {
        guard !candidates.isEmpty else { return nil }
        var position = from
        while position < text.count {
            if startsToken[Int(text[position])] {
                for entry in candidates where entry.bytes.count <= text.count - position {
                    var equal = true
                    for k in 0..<entry.bytes.count where text[position + k] != entry.bytes[k] {
                        equal = false
                        break
                    }
                    if equal { return (position..<(position + entry.bytes.count), entry.id, entry.text) }
                }
            }
            position += 1
        }
        return nil
    }
}
