import CICU

/// Errors thrown by the Unicode layer. Every case says what was wrong and where.
public enum UnicodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input is not well-formed UTF-8; `byteOffset` is the offset (from the start of the whole input,
    /// also when streaming) of the first byte of the first ill-formed sequence.
    case invalidUTF8(byteOffset: Int)
    /// UTF-16 input has a lone (unpaired) surrogate at `codeUnitOffset`.
    case unpairedSurrogate(codeUnitOffset: Int)
    /// ICU reported an error; `code` is the UErrorCode, `name` its ICU name, `operation` what was being done.
    case icu(operation: String, code: Int32, name: String)
    /// A file could not be opened or read.
    case io(path: String, message: String)
    /// A single piece of input is larger than ICU's 32-bit lengths allow (2 GiB); stream it instead.
    case inputTooLarge(bytes: Int)

    /// A readable message, e.g. "invalid UTF-8 at byte offset 5".
    public var description: String {
        switch self {
        case .invalidUTF8(let off):
            return "invalid UTF-8 at byte offset \(off)"
        case .unpairedSurrogate(let off):
            return "unpaired UTF-16 surrogate at code unit offset \(off)"
        case .icu(let op, let code, let name):
            return "ICU error \(name) (\(code)) during \(op)"
        case .io(let path, let message):
            return "cannot read \(path): \(message)"
        case .inputTooLarge(let bytes):
            return "input piece of \(bytes) bytes is too large for ICU (limit 2 GiB); use the streaming API"
        }
    }
}

/// How to treat ill-formed UTF-8 in byte input.
public enum InvalidUTF8Policy: Sendable, Equatable {
    /// Throw `UnicodeError.invalidUTF8(byteOffset:)` at the first ill-formed sequence (the default).
    case strict
    /// Replace each maximal ill-formed subpart with U+FFFD (EF BF BD), the Unicode-recommended practice
    /// that Python's `bytes.decode("utf-8", errors="replace")` and Swift's `String(decoding:as:)` follow.
    case replace
}

/// Builds a `UnicodeError.icu` for ICU error code `err`.
func icuError(_ operation: String, _ err: Int32) -> UnicodeError {
    .icu(operation: operation, code: err, name: String(cString: cicu_error_name(err)))
}
