import Foundation

/// A set of models with their prices, limits and counting methods.
///
/// Load the bundled catalogue with ``bundled()``, or any file in tokcost's format or
/// litellm's `model_prices_and_context_window.json` format with ``init(contentsOf:)``.
public struct ModelCatalogue: Sendable {
    /// The models, in file order (tokcost format) or sorted by id (litellm format).
    public let models: [ModelInfo]
    /// The date the catalogue's facts were taken, `YYYY-MM-DD`. For a litellm file this is
    /// the file's modification date (the file itself carries no date).
    public let asOf: String
    /// Where the facts come from.
    public let source: String
    /// The format the catalogue was read from.
    public let format: CatalogueFormat
    /// litellm entries that were not imported, with the reason.
    public let skipped: [SkippedEntry]
    /// Lower-cased id or alias → index into `models`.
    private let index: [String: Int]

    /// The file name reported in errors for the bundled catalogue.
    public static let bundledFileName = "models.json (bundled)"

    /// Builds a catalogue from models, checking that no id or alias is used twice.
    /// - Throws: ``CatalogueError/duplicateName(file:name:)``, ``CatalogueError/invalidValue(file:entry:field:value:reason:)`` for a bad `asOf`.
    public init(models: [ModelInfo], asOf: String, source: String, format: CatalogueFormat = .tokcost,
                skipped: [SkippedEntry] = [], file: String = "(memory)") throws {
        guard CatalogueDate.parse(asOf) != nil else {
            throw CatalogueError.invalidValue(file: file, entry: "(header)", field: "as_of", value: "\"\(asOf)\"", reason: "must be a date YYYY-MM-DD")
        }
        var index: [String: Int] = [:]
        for (i, m) in models.enumerated() {
            for name in [m.id] + m.aliases {
                let key = name.lowercased()
                if let j = index[key], j != i { throw CatalogueError.duplicateName(file: file, name: name) }
                index[key] = i
            }
        }
        self.models = models
        self.asOf = asOf
        self.source = source
        self.format = format
        self.skipped = skipped
        self.index = index
    }

    /// Parses catalogue data in either format (detected from its content).
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - fileName: used in error messages and in `source` for litellm files.
    ///   - fileDate: the date recorded as `asOf` for litellm files (default: now).
    public init(data: Data, fileName: String, fileDate: Date? = nil) throws {
        let parsed = try CatalogueParser.parse(data: data, file: fileName, fileDate: fileDate)
        try self.init(models: parsed.models, asOf: parsed.asOf, source: parsed.source, format: parsed.format,
                      skipped: parsed.skipped, file: fileName)
    }

    /// Reads a catalogue file in tokcost's format or litellm's format (detected from the content).
    ///
    /// A litellm file carries no date, so its `asOf` is `litellmDate` if given, else the file's
    /// modification date (which is 1980-01-01 for a file unpacked from a wheel: pass the download date then).
    /// tokcost files carry their own `as_of`; `litellmDate` is ignored for them.
    /// - Throws: ``CatalogueError`` naming the file, the entry and the field.
    public init(contentsOf url: URL, litellmDate: Date? = nil) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CatalogueError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        try self.init(data: data, fileName: url.path, fileDate: litellmDate ?? attributes?[.modificationDate] as? Date)
    }

    /// The catalogue shipped inside the package (`Resources/models.json`).
    public static func bundled() throws -> ModelCatalogue {
        guard let url = Bundle.module.url(forResource: "models", withExtension: "json") else {
            throw CatalogueError.unreadable(file: bundledFileName, reason: "resource missing from the TokEstimate bundle")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CatalogueError.unreadable(file: bundledFileName, reason: error.localizedDescription)
        }
        return try ModelCatalogue(data: data, fileName: bundledFileName)
    }

    /// The model with this id or alias. Matching ignores case; a `provider/` prefix
    /// (`openai/gpt-4o`) is tried without the prefix when the full name is unknown.
    /// - Throws: ``CatalogueError/unknownModel(name:suggestions:)`` with the nearest names.
    public func model(named name: String) throws -> ModelInfo {
        let key = name.trimmingCharacters(in: .whitespaces).lowercased()
        if let i = index[key] { return models[i] }
        if let slash = key.lastIndex(of: "/"), let i = index[String(key[key.index(after: slash)...])] {
            return models[i]
        }
        throw CatalogueError.unknownModel(name: name, suggestions: suggestions(for: name))
    }

    /// Up to `limit` known names (ids first, then aliases) closest to `name`: names that
    /// start with it or that it starts with, and names within a small edit distance.
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        NameSuggester.nearest(to: name, among: models.map { [$0.id] + $0.aliases }, limit: limit)
    }

    /// The `asOf` date at 00:00 UTC.
    public var asOfDate: Date { CatalogueDate.parse(asOf) ?? Date(timeIntervalSince1970: 0) }

    /// Whole days from `asOf` to `now` (negative if `asOf` is in the future).
    public func ageInDays(now: Date = Date()) -> Int {
        Int((now.timeIntervalSince(asOfDate) / 86_400).rounded(.down))
    }

    /// Whether the catalogue is older than `maxAgeDays` at `now` (prices change; refresh it).
    public func isStale(now: Date = Date(), maxAgeDays: Int = 180) -> Bool {
        ageInDays(now: now) > maxAgeDays
    }

    /// A one-line warning when the catalogue is stale, else `nil`; e.g.
    /// `prices are from 2026-01-01 (326 days old); refresh the catalogue (see refresh_catalogue.py)`.
    public func stalenessWarning(now: Date = Date(), maxAgeDays: Int = 180) -> String? {
        guard isStale(now: now, maxAgeDays: maxAgeDays) else { return nil }
        return "prices are from \(asOf) (\(ageInDays(now: now)) days old); refresh the catalogue (see refresh_catalogue.py)"
    }

    /// The catalogue in tokcost's own format (pretty, sorted keys), e.g. to save an imported litellm file.
    public func jsonData() throws -> Data {
        struct File: Encodable {
            let format = "tokcost-catalogue"
            let version = 1
            let as_of: String
            let source: String
            let models: [ModelInfo]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(File(as_of: asOf, source: source, models: models))
    }
}
