import Foundation

/// An invalid input to an estimate (options given on the command line, window sizes, …).
public enum EstimateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A token count such as a window size could not be parsed.
    case badTokenCount(input: String, reason: String)
    /// A numeric option is out of its allowed range.
    case outOfRange(option: String, value: String, allowed: String)
    /// The reserve leaves no room for input.
    case reserveExceedsWindow(reserve: Int, window: Int)
    /// Options that cannot be combined.
    case conflictingOptions(String)

    /// A readable explanation naming the option and the value.
    public var description: String {
        switch self {
        case let .badTokenCount(input, reason):
            return "cannot read \"\(input)\" as a token count: \(reason) (examples: 200000, 128k, 1M; k = 1,000, M = 1,000,000)"
        case let .outOfRange(option, value, allowed):
            return "\(option) = \(value) is out of range: \(allowed)"
        case let .reserveExceedsWindow(reserve, window):
            return "the output reserve (\(reserve) tokens) must be smaller than the context window (\(window) tokens)"
        case let .conflictingOptions(what):
            return what
        }
    }
}

extension EstimateError: LocalizedError {
    /// Same as ``description``.
    public var errorDescription: String? { description }
}
