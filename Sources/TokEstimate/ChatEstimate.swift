import Foundation

extension DocumentFigures {
    /// The figures of several texts sent together (e.g. the messages of one request): counts and
    /// per-script rows summed.
    public static func merged(_ parts: [DocumentFigures], name: String) -> DocumentFigures {
        var scripts: [String: ScriptFigures] = [:]
        for p in parts {
            for s in p.scripts {
                var row = scripts[s.script] ?? ScriptFigures(script: s.script, tokens: 0, characters: 0, words: 0)
                row.tokens += s.tokens
                row.characters += s.characters
                row.words += s.words
                scripts[s.script] = row
            }
        }
        func sum(_ k: KeyPath<DocumentFigures, Int>) -> Int { parts.reduce(0) { $0 + $1[keyPath: k] } }
        return DocumentFigures(
            name: name, bytes: sum(\.bytes), characters: sum(\.characters), graphemes: sum(\.graphemes),
            words: sum(\.words), lines: sum(\.lines), sentences: sum(\.sentences), tokens: sum(\.tokens),
            scripts: scripts.values.sorted { ($0.tokens, $1.script) > ($1.tokens, $0.script) })
    }
}

extension Estimator {
    /// The report of one chat request: each message's content is counted on its own (as the API
    /// tokenizes it) and the model family's per-message overhead is added (``chatOverheadTokens(messages:family:count:)``).
    public mutating func chatReport(messages: [ChatMessage], name: String, model: ModelInfo,
                                    options: ReportOptions = ReportOptions()) throws -> CostReport {
        let encoding = try self.encoding(for: model)
        let analyzer = DocumentAnalyzer(encoding: encoding, threads: threads)
        let parts = try messages.map { try analyzer.analyze($0.content, name: name).figures }
        var options = options
        options.chatOverheadTokens = try chatOverheadTokens(messages: messages, family: model.chatFormat, count: { try encoding.count($0) })
        return try CostReport(figures: .merged(parts, name: name), model: model, options: options)
    }
}
