import Foundation

/// The vocabulary files that ship with tokcost (see `Vocabularies/PROVENANCE.md`).
///
/// This tiny module exists only to carry the files as SwiftPM resources; `TokBPE` reads them through
/// ``BundledVocabulary/url(forResource:)``.
public enum BundledVocabulary {
    /// The URL of a shipped vocabulary file such as `o200k_base.tiktoken`, or `nil` if it is not shipped.
    public static func url(forResource fileName: String) -> URL? {
        let dot = fileName.lastIndex(of: ".")
        let name = dot.map { String(fileName[..<$0]) } ?? fileName
        let ext = dot.map { String(fileName[fileName.index(after: $0)...]) }
        return Bundle.module.url(forResource: name, withExtension: ext)
    }
}
