import Foundation

/// An error loading, validating or querying a model catalogue.
///
/// Every description says what was wrong and, where known, which file, which entry
/// (model id) and which field.
public enum CatalogueError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file is not valid JSON.
    case invalidJSON(file: String, reason: String)
    /// The file is JSON but neither a tokcost catalogue nor a litellm price file.
    case unknownFormat(file: String, reason: String)
    /// A required field is absent.
    case missingField(file: String, entry: String, field: String)
    /// A field has the wrong JSON type.
    case wrongType(file: String, entry: String, field: String, expected: String, found: String)
    /// A field has the right type but an unacceptable value.
    case invalidValue(file: String, entry: String, field: String, value: String, reason: String)
    /// Two entries (or an entry and an alias) use the same name.
    case duplicateName(file: String, name: String)
    /// No model has this name or alias.
    case unknownModel(name: String, suggestions: [String])

    /// A readable, single-line explanation.
    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read the catalogue: \(reason)"
        case let .invalidJSON(file, reason):
            return "\(file): not valid JSON: \(reason)"
        case let .unknownFormat(file, reason):
            return "\(file): not a tokcost catalogue or a litellm price file: \(reason)"
        case let .missingField(file, entry, field):
            return "\(file): entry \"\(entry)\": missing field \"\(field)\""
        case let .wrongType(file, entry, field, expected, found):
            return "\(file): entry \"\(entry)\": field \"\(field)\" must be \(expected), found \(found)"
        case let .invalidValue(file, entry, field, value, reason):
            return "\(file): entry \"\(entry)\": field \"\(field)\" = \(value): \(reason)"
        case let .duplicateName(file, name):
            return "\(file): the name \"\(name)\" is used by more than one entry or alias"
        case let .unknownModel(name, suggestions):
            if suggestions.isEmpty {
                return "unknown model \"\(name)\"; no similar name in the catalogue"
            }
            let list = suggestions.map { "\"\($0)\"" }.joined(separator: ", ")
            return "unknown model \"\(name)\"; did you mean \(list)?"
        }
    }
}

extension CatalogueError: LocalizedError {
    /// Same as ``description``.
    public var errorDescription: String? { description }
}
