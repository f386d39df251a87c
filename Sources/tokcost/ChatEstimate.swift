import Foundation
import TokEstimate

/// `estimate --messages` and `estimate --batch`: chat requests priced as APIs bill them.
struct ChatEstimate {
    let models: [ModelInfo]
    let options: ReportOptions
    /// Whether the models were named on the command line (else a batch request's own model is used).
    var modelsGiven = true

    /// One report per model for the messages in `file`.
    func messages(file: String, estimator: inout Estimator, format: ReportFormat) throws -> String {
        try InputReader.checkIsFile(file)
        let messages = try ChatInput.parseMessages(try InputReader.read(file, lossy: false).bytes, file: file)
        let sets = try models.map { m in
            CostReportSet(model: m, documents: [try estimator.chatReport(messages: messages, name: file, model: m, options: options)])
        }
        if sets.count == 1 { return try ReportRenderer.render(sets[0], as: format) }
        let comparison = ModelComparison(document: file, reports: sets.map { $0.documents[0] })
        return try MultiModelReport(comparisons: [comparison], reports: sets).render(as: format)
    }

    /// One row per request of the JSONL `file` and the total, per model.
    func batch(file: String, estimator: inout Estimator, format: ReportFormat) throws -> String {
        try InputReader.checkIsFile(file)
        let text = try InputReader.read(file, lossy: false).bytes
        let requests = try ChatInput.parseBatch(String(decoding: text, as: UTF8.self), file: file)
        guard !requests.isEmpty else { throw CLIError("\(file): no requests") }
        func name(_ r: BatchRequest) -> String { "line \(r.line)" + (r.customID.map { " (\($0))" } ?? "") }
        var sets: [CostReportSet] = []
        if modelsGiven {
            for m in models {
                let reports = try requests.map { try estimator.chatReport(messages: $0.messages, name: name($0), model: m, options: options) }
                sets.append(CostReportSet(model: m, documents: reports))
            }
        } else {
            // Each request is priced on the model it names; one table per model.
            var order: [String] = [], byModel: [String: (ModelInfo, [CostReport])] = [:]
            for r in requests {
                let m: ModelInfo
                do { m = try estimator.model(named: r.model) } catch {
                    throw CLIError("\(file):\(r.line): \(error)")
                }
                let report = try estimator.chatReport(messages: r.messages, name: name(r), model: m, options: options)
                if byModel[m.id] == nil { order.append(m.id); byModel[m.id] = (m, []) }
                byModel[m.id]!.1.append(report)
            }
            sets = order.map { CostReportSet(model: byModel[$0]!.0, documents: byModel[$0]!.1) }
        }
        if sets.count == 1 { return try ReportRenderer.render(sets[0], as: format) }
        return try MultiModelReport(comparisons: [], reports: sets).render(as: format)
    }
}
