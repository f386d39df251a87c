import Foundation

/// The two file formats ``ModelCatalogue`` reads.
public enum CatalogueFormat: String, Sendable, Codable {
    /// tokcost's own `models.json` (see the README for its schema).
    case tokcost
    /// litellm's `model_prices_and_context_window*.json`, as it is.
    case litellm
}

/// A litellm entry that was not imported, and why.
public struct SkippedEntry: Sendable, Equatable {
    /// The litellm key.
    public var id: String
    /// Why it was skipped (no price, no window, a mode that is not text-in).
    public var reason: String
}

/// The result of parsing a catalogue file, before indexing.
struct ParsedCatalogue {
    var format: CatalogueFormat
    var asOf: String
    var source: String
    var models: [ModelInfo]
    var skipped: [SkippedEntry]
}

enum CatalogueParser {
    /// Modes imported from litellm files: text in, text (or vectors) out.
    static let textModes: Set<String> = ["chat", "responses", "completion", "embedding"]

    static func parse(data: Data, file: String, fileDate: Date?) throws -> ParsedCatalogue {
        let root: JSONValue
        do { root = try JSONValue.parse(data) } catch {
            throw CatalogueError.invalidJSON(file: file, reason: String(describing: error).prefix(200).description)
        }
        guard case .object(let top) = root else {
            throw CatalogueError.unknownFormat(file: file, reason: "the top level is \(root.typeName), expected an object")
        }
        if top["models"] != nil || top["format"] != nil {
            return try parseTokcost(top, file: file)
        }
        let looksLitellm = top.values.contains { v in
            guard let o = v.objectValue else { return false }
            return o["litellm_provider"] != nil || o["input_cost_per_token"] != nil
        }
        guard looksLitellm else {
            throw CatalogueError.unknownFormat(file: file,
                reason: "no \"models\" array (tokcost format) and no entry with \"litellm_provider\" or \"input_cost_per_token\" (litellm format)")
        }
        return try parseLitellm(top, file: file, fileDate: fileDate)
    }

    // MARK: tokcost format

    static func parseTokcost(_ top: [String: JSONValue], file: String) throws -> ParsedCatalogue {
        let header = FieldReader(file: file, entry: "(header)", object: top)
        if let format = try header.optionalString("format"), format != "tokcost-catalogue" {
            throw header.invalid("format", "\"\(format)\"", "expected \"tokcost-catalogue\"")
        }
        if let version = try header.optionalNumber("version"), version != 1 {
            throw header.invalid("version", String(version), "this tokcost reads version 1")
        }
        let asOf = try header.date("as_of")
        let source = try header.string("source")
        let list = try header.required("models")
        guard case .array(let items) = list else { throw header.wrongType("models", "an array", list) }
        var models: [ModelInfo] = []
        for (i, item) in items.enumerated() {
            guard case .object(let o) = item else {
                throw CatalogueError.wrongType(file: file, entry: "models[\(i)]", field: "(entry)", expected: "an object", found: item.typeName)
            }
            // Name the entry by its id when it has a usable one.
            var entry = "models[\(i)]"
            if case .string(let id)? = o["id"], !id.isEmpty { entry = id }
            models.append(try parseModel(FieldReader(file: file, entry: entry, object: o)))
        }
        return ParsedCatalogue(format: .tokcost, asOf: asOf, source: source, models: models, skipped: [])
    }

    static func parseModel(_ r: FieldReader) throws -> ModelInfo {
        let id = try r.string("id")
        let provider = try r.string("provider")
        let aliases = try r.stringArray("aliases")
        let mode = try r.optionalString("mode") ?? "chat"
        let window = try r.positiveInt("context_window")
        let maxOutput = try r.optionalPositiveInt("max_output")
        let p = try r.object("price")
        let price = Pricing(inputPerMillion: try p.price("input_per_million"),
                            cachedInputPerMillion: try p.optionalPrice("cached_input_per_million"),
                            outputPerMillion: try p.price("output_per_million"))
        let tokenization = try parseTokenization(try r.object("tokenization"))
        var chat = ChatFormat.openAI
        if let c = try r.optionalString("chat_format") {
            guard let f = ChatFormat(rawValue: c) else {
                throw r.invalid("chat_format", "\"\(c)\"",
                                "must be one of " + ChatFormat.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
            }
            chat = f
        }
        return ModelInfo(id: id, provider: provider, aliases: aliases, mode: mode, contextWindow: window,
                         maxOutput: maxOutput, price: price, tokenization: tokenization, chatFormat: chat,
                         source: try r.string("source"), asOf: try r.date("as_of"))
    }

    static func parseTokenization(_ t: FieldReader) throws -> TokenCounting {
        let method = try t.string("method")
        switch method {
        case "exact":
            return .exact(encoding: try t.string("encoding"))
        case "estimated":
            let proxy = try t.string("proxy")
            let factor = try t.number("factor")
            guard factor > 0, factor.isFinite else { throw t.invalid("factor", String(factor), "must be greater than 0") }
            let u = try t.number("uncertainty")
            guard u >= 0, u < 1 else { throw t.invalid("uncertainty", String(u), "must be at least 0 and below 1") }
            return .estimated(proxy: proxy, factor: factor, uncertainty: u, note: try t.string("note"))
        default:
            throw t.invalid("method", "\"\(method)\"", "must be \"exact\" or \"estimated\"")
        }
    }

    // MARK: litellm format

    static func parseLitellm(_ top: [String: JSONValue], file: String, fileDate: Date?) throws -> ParsedCatalogue {
        let asOf = CatalogueDate.format(fileDate ?? Date())
        let fileName = (file as NSString).lastPathComponent
        var models: [ModelInfo] = []
        var skipped: [SkippedEntry] = []
        for key in top.keys.sorted() where key != "sample_spec" {
            let v = top[key]!
            guard case .object(let o) = v else {
                throw CatalogueError.wrongType(file: file, entry: key, field: "(entry)", expected: "an object", found: v.typeName)
            }
            do {
                if let model = try litellmModel(key: key, object: o, file: file, fileName: fileName, asOf: asOf, skipped: &skipped) {
                    models.append(model)
                }
            } catch let error as CatalogueError {
                // One odd entry must not make a 4,000-entry file unusable: skip it, keeping the precise reason.
                skipped.append(SkippedEntry(id: key, reason: error.description))
            }
        }
        guard !models.isEmpty else {
            throw CatalogueError.unknownFormat(file: file, reason: "litellm format, but no entry has a text mode, a price and a window"
                + (skipped.first.map { " (first skipped: \($0.id): \($0.reason))" } ?? ""))
        }
        return ParsedCatalogue(format: .litellm, asOf: asOf, source: "litellm file \(fileName)", models: models, skipped: skipped)
    }

    /// One litellm entry as a model; `nil` (with a note in `skipped`) when it lacks facts tokcost needs.
    static func litellmModel(key: String, object o: [String: JSONValue], file: String, fileName: String, asOf: String,
                             skipped: inout [SkippedEntry]) throws -> ModelInfo? {
        let r = FieldReader(file: file, entry: key, object: o)
        let mode = try r.optionalString("mode") ?? "chat"
        guard textModes.contains(mode) else {
            skipped.append(SkippedEntry(id: key, reason: "mode \"\(mode)\" is not text in"))
            return nil
        }
        guard let input = try r.optionalPrice("input_cost_per_token") else {
            skipped.append(SkippedEntry(id: key, reason: "no input_cost_per_token"))
            return nil
        }
        let window: Int
        if r.value("max_input_tokens") != nil {
            window = try r.positiveInt("max_input_tokens")
        } else if r.value("max_tokens") != nil {
            window = try r.positiveInt("max_tokens")
        } else {
            skipped.append(SkippedEntry(id: key, reason: "no max_input_tokens or max_tokens"))
            return nil
        }
        let provider = try r.optionalString("litellm_provider") ?? "unknown"
        let price = Pricing(inputPerMillion: perMillion(input),
                            cachedInputPerMillion: try r.optionalPrice("cache_read_input_token_cost").map(perMillion),
                            outputPerMillion: perMillion(try r.optionalPrice("output_cost_per_token") ?? 0))
        let maxOutput = mode == "embedding" ? nil : try r.optionalPositiveInt("max_output_tokens")
        let tokenization = inferTokenization(modelID: key)
        return ModelInfo(id: key, provider: provider, aliases: [], mode: mode, contextWindow: window,
                         maxOutput: maxOutput, price: price, tokenization: tokenization,
                         chatFormat: inferChatFormat(modelID: key, provider: provider, mode: mode, tokenization: tokenization),
                         source: "litellm file \(fileName) entry \"\(key)\"", asOf: asOf)
    }

    /// USD per token → USD per million tokens, rounded to 9 decimals to drop binary noise (2.5e-06 × 1e6 = 2.4999999999999996).
    static func perMillion(_ perToken: Double) -> Double {
        (perToken * 1_000_000 * 1e9).rounded() / 1e9
    }

    /// OpenAI model-name prefixes and their encodings, as in tiktoken's `MODEL_PREFIX_TO_ENCODING`
    /// (longest prefix first).
    static let openAIPrefixes: [(String, String)] = [
        ("chatgpt-4o", "o200k_base"), ("gpt-4o", "o200k_base"), ("gpt-4.1", "o200k_base"), ("gpt-4.5", "o200k_base"),
        ("gpt-5", "o200k_base"), ("o1", "o200k_base"), ("o3", "o200k_base"), ("o4", "o200k_base"),
        ("gpt-35-turbo", "cl100k_base"), ("gpt-3.5-turbo", "cl100k_base"), ("gpt-4", "cl100k_base"),
        ("text-embedding-3", "cl100k_base"), ("text-embedding-ada-002", "cl100k_base"),
    ]

    /// The note attached to models tokcost knows nothing about.
    static let unknownModelNote = "Unknown tokenizer: counted with o200k_base and factor 1.0 as a placeholder; "
        + "the uncertainty is a guess. Add the model to refresh_catalogue.py to document it."

    /// Exact OpenAI encoding by name prefix (ignoring a `provider/` path), else an o200k_base placeholder estimate.
    static func inferTokenization(modelID: String) -> TokenCounting {
        let base = modelID.split(separator: "/").last.map(String.init)?.lowercased() ?? modelID.lowercased()
        for (prefix, encoding) in openAIPrefixes {
            if base == prefix || base.hasPrefix(prefix + "-") || (prefix.count > 3 && base.hasPrefix(prefix)) {
                return .exact(encoding: encoding)
            }
        }
        return .estimated(proxy: "o200k_base", factor: 1.0, uncertainty: 0.25, note: unknownModelNote)
    }

    static func inferChatFormat(modelID: String, provider: String, mode: String, tokenization: TokenCounting) -> ChatFormat {
        if mode == "embedding" { return .none }
        if case .exact = tokenization { return .openAI }
        let id = modelID.lowercased(), p = provider.lowercased()
        if p.contains("anthropic") || id.contains("claude") { return .anthropic }
        if p.contains("gemini") || p.contains("vertex_ai-language") || id.contains("gemini") { return .gemini }
        if p.contains("mistral") || id.contains("mistral") { return .mistral }
        if id.contains("llama") { return .llama }
        return .openAI
    }
}
