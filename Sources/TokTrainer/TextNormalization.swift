import TokUnicode

/// Unicode normalization for the trainer, on ICU through `TokUnicode.Normalizer`.
struct TextNormalization: Sendable {
    /// The form, or `nil` for none.
    let form: NormalizationForm?
    private let normalizer: Normalizer?

    /// Prepares ICU's normalizer for `form` (throws if ICU's data cannot be loaded).
    init(_ form: NormalizationForm?) throws {
        self.form = form
        self.normalizer = try form.map { try Normalizer($0) }
    }

    /// Calls `body` with `buffer` in the normalization form: `buffer` itself when no normalization is
    /// asked for or when it is already normalized, otherwise a normalized copy. `source` names the input
    /// in errors; `baseOffset` is the offset of `buffer` in it.
    func withNormalized<R>(
        _ buffer: UnsafeBufferPointer<UInt8>, source: String, baseOffset: Int,
        _ body: (UnsafeBufferPointer<UInt8>) throws -> R
    ) throws -> R {
        guard let normalizer else { return try body(buffer) }
        do {
            if try normalizer.isNormalized(utf8Buffer: buffer) { return try body(buffer) }
            var out: [UInt8] = []
            out.reserveCapacity(buffer.count + buffer.count / 8)
            try normalizer.normalize(utf8Buffer: buffer) { out.append(contentsOf: $0) }
            return try out.withUnsafeBufferPointer { try body($0) }
        } catch let error as UnicodeError {
            if case .invalidUTF8(let offset) = error {
                throw TrainerError.invalidUTF8(source: source, byteOffset: baseOffset + offset)
            }
            throw TrainerError.normalizationFailed(source: source, reason: error.description)
        }
    }
}
