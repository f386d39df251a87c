import Foundation

/// Reads typed fields from one JSON object of a catalogue, turning every problem into a
/// ``CatalogueError`` that names the file, the entry and the field (with a dotted path such as `price.input_per_million`).
struct FieldReader {
    let file: String
    let entry: String
    let object: [String: JSONValue]
    let prefix: String

    init(file: String, entry: String, object: [String: JSONValue], prefix: String = "") {
        self.file = file
        self.entry = entry
        self.object = object
        self.prefix = prefix
    }

    func path(_ key: String) -> String { prefix + key }

    /// The raw value, treating `null` as absent.
    func value(_ key: String) -> JSONValue? {
        switch object[key] {
        case nil, .null?: return nil
        case let v?: return v
        }
    }

    func required(_ key: String) throws -> JSONValue {
        guard let v = value(key) else {
            throw CatalogueError.missingField(file: file, entry: entry, field: path(key))
        }
        return v
    }

    func wrongType(_ key: String, _ expected: String, _ found: JSONValue) -> CatalogueError {
        .wrongType(file: file, entry: entry, field: path(key), expected: expected, found: found.typeName)
    }

    func invalid(_ key: String, _ value: String, _ reason: String) -> CatalogueError {
        .invalidValue(file: file, entry: entry, field: path(key), value: value, reason: reason)
    }

    func string(_ key: String) throws -> String {
        let v = try required(key)
        guard case .string(let s) = v else { throw wrongType(key, "a string", v) }
        guard !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw invalid(key, "\"\"", "must not be empty") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        guard value(key) != nil else { return nil }
        return try string(key)
    }

    func number(_ key: String) throws -> Double {
        let v = try required(key)
        guard case .number(let n) = v else { throw wrongType(key, "a number", v) }
        return n
    }

    func optionalNumber(_ key: String) throws -> Double? {
        guard value(key) != nil else { return nil }
        return try number(key)
    }

    /// A non-negative price.
    func price(_ key: String) throws -> Double {
        let n = try number(key)
        guard n >= 0, n.isFinite else { throw invalid(key, format(n), "a price must not be negative") }
        return n
    }

    func optionalPrice(_ key: String) throws -> Double? {
        guard value(key) != nil else { return nil }
        return try price(key)
    }

    /// A whole number > 0 (token limits).
    func positiveInt(_ key: String) throws -> Int {
        let v = try required(key)
        guard case .number(let n) = v else { throw wrongType(key, "a whole number", v) }
        guard n == n.rounded(), abs(n) < 1e15 else { throw invalid(key, format(n), "must be a whole number of tokens") }
        guard n > 0 else { throw invalid(key, format(n), "must be greater than 0") }
        return Int(n)
    }

    func optionalPositiveInt(_ key: String) throws -> Int? {
        guard value(key) != nil else { return nil }
        return try positiveInt(key)
    }

    func object(_ key: String) throws -> FieldReader {
        let v = try required(key)
        guard case .object(let o) = v else { throw wrongType(key, "an object", v) }
        return FieldReader(file: file, entry: entry, object: o, prefix: path(key) + ".")
    }

    func stringArray(_ key: String) throws -> [String] {
        guard let v = value(key) else { return [] }
        guard case .array(let items) = v else { throw wrongType(key, "an array of strings", v) }
        return try items.enumerated().map { i, item in
            guard case .string(let s) = item else {
                throw CatalogueError.wrongType(file: file, entry: entry, field: "\(path(key))[\(i)]", expected: "a string", found: item.typeName)
            }
            return s
        }
    }

    /// A `YYYY-MM-DD` date.
    func date(_ key: String) throws -> String {
        let s = try string(key)
        guard CatalogueDate.parse(s) != nil else { throw invalid(key, "\"\(s)\"", "must be a date YYYY-MM-DD") }
        return s
    }

    private func format(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
    }
}

/// `YYYY-MM-DD` dates in UTC.
enum CatalogueDate {
    static func parse(_ s: String) -> Date? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let comps = DateComponents(year: y, month: m, day: d)
        guard comps.isValidDate(in: cal), let date = cal.date(from: comps) else { return nil }
        return date
    }

    static func format(_ date: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
