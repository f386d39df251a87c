import Foundation

/// The vocabulary files that ship with tokcost (see `Vocabularies/PROVENANCE.md`).
///
/// This tiny module exists only to carry the files as SwiftPM resources; `TokBPE` and
/// `TokHuggingFace` read them through ``BundledVocabulary/url(forResource:)`` and
/// ``BundledVocabulary/huggingFaceTokenizerURL(named:)``.
public enum BundledVocabulary {
    /// The URL of a shipped vocabulary file such as `o200k_base.tiktoken`, or `nil` if it is not shipped.
    public static func url(forResource fileName: String) -> URL? {
        let dot = fileName.lastIndex(of: ".")
        let name = dot.map { String(fileName[..<$0]) } ?? fileName
        let ext = dot.map { String(fileName[fileName.index(after: $0)...]) }
        return Bundle.module.url(forResource: name, withExtension: ext)
    }

    /// The URL of a shipped Hugging Face tokenizer, `<name>/tokenizer.json` (e.g. `deepseek_v3`), or
    /// `nil` if none is shipped under that name.
    public static func huggingFaceTokenizerURL(named name: String) -> URL? {
        guard !name.isEmpty, !name.contains("/"), !name.contains("..") else { return nil }
        return Bundle.module.url(forResource: "tokenizer", withExtension: "json", subdirectory: name)
    }
}
