import Foundation
import TokBPE
import TokUnicode

/// Writes a byte-level BPE vocabulary as a Hugging Face `tokenizer.json` (the `tokenizers` library's
/// format) that gives the same ids as tiktoken and tokcost.
///
/// - normalizer: the vocabulary's form (`NFC`, `NFD`, `NFKC`, `NFKD`; NFKC_Casefold has no equivalent
///   and is refused), or none;
/// - pre-tokenizer: `Split` with the pattern's regular expression (`Isolated`; see ``onigurumaRegex(_:)``), then `ByteLevel` without
///   its own regex or prefix space; decoder `ByteLevel`;
/// - model: `BPE` with `ignore_merges` (a piece that is a whole token is that token, as in tiktoken), the
///   vocabulary in GPT-2's byte-to-character mapping, and merges derived from the ranks as tiktoken
///   applies them: for every token, each split into two tokens is a merge, ordered by the merged
///   token's rank (then by the left part's rank), so the lowest-ranked merge wins, as in tiktoken;
/// - special tokens as added tokens (`special`, not normalized).
public enum HuggingFaceExport {
    /// The `tokenizer.json` of a trained vocabulary.
    public static func tokenizerJSON(_ vocabulary: TrainedVocabulary) throws -> Data {
        try tokenizerJSON(
            ranks: vocabulary.ranks, pattern: vocabulary.settings.pattern,
            normalization: vocabulary.settings.normalization, specialTokens: vocabulary.specialTokens)
    }

    /// The `tokenizer.json` for ranks, a pre-tokenizer, a normalization form and special tokens.
    public static func tokenizerJSON(
        ranks: MergeableRanks, pattern: PreTokenizerPattern, normalization: NormalizationForm?,
        specialTokens: [String: Int]
    ) throws -> Data {
        let normalizer: String
        switch normalization {
        case nil: normalizer = "null"
        case .nfc: normalizer = #"{"type":"NFC"}"#
        case .nfd: normalizer = #"{"type":"NFD"}"#
        case .nfkc: normalizer = #"{"type":"NFKC"}"#
        case .nfkd: normalizer = #"{"type":"NFKD"}"#
        case .nfkcCasefold:
            throw TrainerError.unsupportedExport("Hugging Face tokenizers has no NFKC_Casefold normalizer; train with --normalize nfkc or none to export")
        }
        let characters = byteCharacters()
        func token(_ bytes: [UInt8]) -> String {
            var s = ""
            for b in bytes { s.unicodeScalars.append(characters[Int(b)]) }
            return s
        }
        var out = "{\n"
        out += "  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n"
        let added = specialTokens.sorted { $0.value < $1.value }.map { text, id in
            "    {\"id\": \(id), \"content\": \(jsonString(text)), \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false, \"special\": true}"
        }
        out += "  \"added_tokens\": [" + (added.isEmpty ? "" : "\n" + added.joined(separator: ",\n") + "\n  ") + "],\n"
        out += "  \"normalizer\": \(normalizer),\n"
        out += "  \"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Split\", \"pattern\": {\"Regex\": \(jsonString(onigurumaRegex(pattern)))}, \"behavior\": \"Isolated\", \"invert\": false}, {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": false}]},\n"
        out += "  \"post_processor\": null,\n"
        out += "  \"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true, \"use_regex\": true},\n"
        out += "  \"model\": {\n    \"type\": \"BPE\", \"dropout\": null, \"unk_token\": null, \"continuing_subword_prefix\": null, \"end_of_word_suffix\": null, \"fuse_unk\": false, \"byte_fallback\": false, \"ignore_merges\": true,\n"
        var vocab: [String] = []
        var merges: [(rank: Int, left: Int, text: String)] = []
        for rank in 0..<ranks.rankLimit {
            guard let bytes = ranks.bytes(forRank: rank) else { continue }
            let text = token(bytes)
            vocab.append("      \(jsonString(text)): \(rank)")
            guard bytes.count >= 2 else { continue }
            for split in 1..<bytes.count {
                let left = Array(bytes[..<split]), right = Array(bytes[split...])
                guard let l = ranks.rank(of: left), ranks.rank(of: right) != nil else { continue }
                merges.append((rank, l, "      [\(jsonString(token(left))), \(jsonString(token(right)))]"))
            }
        }
        merges.sort { $0.rank != $1.rank ? $0.rank < $1.rank : $0.left < $1.left }
        out += "    \"vocab\": {\n" + vocab.joined(separator: ",\n") + "\n    },\n"
        out += "    \"merges\": [\n" + merges.map(\.text).joined(separator: ",\n") + "\n    ]\n  }\n}\n"
        return Data(out.utf8)
    }

    /// The pattern's regular expression as Hugging Face's engine (Oniguruma) reads it the way tiktoken's
    /// engine reads the original: Oniguruma takes `{1,3}+` as "one or more runs of one to three" rather
    /// than a possessive `{1,3}`, so that quantifier is written without `+` (the same match here, as
    /// nothing after it could backtrack into it). `?+`, `*+` and `++` are possessive in both engines.
    public static func onigurumaRegex(_ pattern: PreTokenizerPattern) -> String {
        pattern.regex.replacingOccurrences(of: "{1,3}+", with: "{1,3}")
    }

    /// GPT-2's mapping of the 256 bytes to printable characters (`bytes_to_unicode`).
    public static func byteCharacters() -> [Unicode.Scalar] {
        var printable = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
        var mapped = printable
        var extra = 0
        for b in 0..<256 where !printable.contains(b) {
            printable.append(b)
            mapped.append(256 + extra)
            extra += 1
        }
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        for (b, c) in zip(printable, mapped) { table[b] = Unicode.Scalar(UInt32(c))! }
        return table
    }

    /// A JSON string literal (control characters, quotes and backslashes escaped).
    static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
