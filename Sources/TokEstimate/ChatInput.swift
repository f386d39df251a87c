import Foundation

/// An error reading a `--messages` file or a batch (JSONL) file; names the file, the line
/// (for JSONL) and the place in the request.
public struct ChatInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name as given.
    public var file: String
    /// The 1-based line number for JSONL files; `nil` for a whole-file JSON document.
    public var line: Int?
    /// What was wrong and where inside the request (e.g. `messages[2].role: missing`).
    public var reason: String

    /// Creates an error.
    public init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// `file:line: reason`, or `file: reason`.
    public var description: String {
        if let line { return "\(file):\(line): \(reason)" }
        return "\(file): \(reason)"
    }
}

extension ChatInputError: LocalizedError {
    /// Same as ``description``.
    public var errorDescription: String? { description }
}

/// One request of a batch file.
public struct BatchRequest: Sendable, Equatable {
    /// The 1-based line of the file it came from.
    public var line: Int
    /// The `custom_id` of a Batch API line, if any.
    public var customID: String?
    /// The requested model.
    public var model: String
    /// The messages of the request.
    public var messages: [ChatMessage]
    /// `max_completion_tokens` (or `max_tokens`) of the request, if given.
    public var maxOutputTokens: Int?

    /// Creates a request.
    public init(line: Int, customID: String? = nil, model: String, messages: [ChatMessage], maxOutputTokens: Int? = nil) {
        self.line = line
        self.customID = customID
        self.model = model
        self.messages = messages
        self.maxOutputTokens = maxOutputTokens
    }
}

/// Parsers for chat input files.
public enum ChatInput {
    /// Parses a `--messages` file: a JSON array of `{role, content, name?}` objects, or an object with a
    /// `messages` array (a request body). `content` may be a string, `null`, or an array of parts whose
    /// `text` fields are joined (non-text parts such as images are ignored).
    public static func parseMessages(_ data: Data, file: String) throws -> [ChatMessage] {
        let value: JSONValue
        do { value = try JSONValue.parse(data) } catch {
            throw ChatInputError(file: file, line: nil, reason: "not valid JSON")
        }
        switch value {
        case .array:
            return try messages(value, path: "", file: file, line: nil)
        case .object(let o):
            guard let m = o["messages"] else {
                throw ChatInputError(file: file, line: nil, reason: "expected an array of messages or an object with \"messages\"")
            }
            return try messages(m, path: "messages", file: file, line: nil)
        default:
            throw ChatInputError(file: file, line: nil, reason: "expected an array of messages, found \(value.typeName)")
        }
    }

    /// Parses a JSONL batch file as OpenAI's Batch API takes it: one request per line, either
    /// `{"custom_id": …, "method": …, "url": …, "body": {"model": …, "messages": […]}}` or a bare body
    /// `{"model": …, "messages": […]}`. Blank lines are skipped. Errors carry the line number.
    public static func parseBatch(_ text: String, file: String) throws -> [BatchRequest] {
        var out: [BatchRequest] = []
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let value: JSONValue
            do { value = try JSONValue.parse(Data(line.utf8)) } catch {
                throw ChatInputError(file: file, line: lineNumber, reason: "not valid JSON")
            }
            guard let object = value.objectValue else {
                throw ChatInputError(file: file, line: lineNumber, reason: "expected a JSON object, found \(value.typeName)")
            }
            var customID: String?
            var body = object
            var prefix = ""
            if let b = object["body"] {
                guard let bo = b.objectValue else {
                    throw ChatInputError(file: file, line: lineNumber, reason: "body: expected an object, found \(b.typeName)")
                }
                body = bo
                prefix = "body."
                switch object["custom_id"] {
                case .string(let s): customID = s
                case nil, .null: break
                case let other?:
                    throw ChatInputError(file: file, line: lineNumber, reason: "custom_id: expected a string, found \(other.typeName)")
                }
            }
            guard let modelValue = body["model"] else {
                throw ChatInputError(file: file, line: lineNumber, reason: "\(prefix)model: missing")
            }
            guard case .string(let model) = modelValue else {
                throw ChatInputError(file: file, line: lineNumber, reason: "\(prefix)model: expected a string, found \(modelValue.typeName)")
            }
            guard let m = body["messages"] else {
                throw ChatInputError(file: file, line: lineNumber, reason: "\(prefix)messages: missing")
            }
            let msgs = try messages(m, path: "\(prefix)messages", file: file, line: lineNumber)
            var maxOut: Int?
            for key in ["max_completion_tokens", "max_tokens"] where maxOut == nil {
                switch body[key] {
                case nil, .null: continue
                case .number(let n) where n >= 0 && n == n.rounded() && n < 1e12: maxOut = Int(n)
                case let other?:
                    throw ChatInputError(file: file, line: lineNumber, reason: "\(prefix)\(key): expected a non-negative integer, found \(describe(other))")
                }
            }
            out.append(BatchRequest(line: lineNumber, customID: customID, model: model, messages: msgs, maxOutputTokens: maxOut))
        }
        return out
    }

    private static func describe(_ v: JSONValue) -> String {
        if case .number(let n) = v { return "\(n)" }
        return v.typeName
    }

    private static func messages(_ value: JSONValue, path: String, file: String, line: Int?) throws -> [ChatMessage] {
        guard case .array(let items) = value else {
            throw ChatInputError(file: file, line: line, reason: "\(path.isEmpty ? "messages" : path): expected an array, found \(value.typeName)")
        }
        var result: [ChatMessage] = []
        for (i, item) in items.enumerated() {
            let here = "\(path)[\(i)]"
            guard let o = item.objectValue else {
                throw ChatInputError(file: file, line: line, reason: "\(here): expected an object, found \(item.typeName)")
            }
            guard let r = o["role"] else {
                throw ChatInputError(file: file, line: line, reason: "\(here).role: missing")
            }
            guard case .string(let role) = r else {
                throw ChatInputError(file: file, line: line, reason: "\(here).role: expected a string, found \(r.typeName)")
            }
            let content: String
            switch o["content"] {
            case nil, .null: content = ""
            case .string(let s)?: content = s
            case .array(let parts)?:
                var text = ""
                for (j, part) in parts.enumerated() {
                    switch part {
                    case .string(let s): text += s
                    case .object(let po):
                        if case .string(let s)? = po["text"] { text += s }
                    default:
                        throw ChatInputError(file: file, line: line, reason: "\(here).content[\(j)]: expected an object or string, found \(part.typeName)")
                    }
                }
                content = text
            case let other?:
                throw ChatInputError(file: file, line: line, reason: "\(here).content: expected a string or an array of parts, found \(other.typeName)")
            }
            var name: String?
            switch o["name"] {
            case nil, .null: break
            case .string(let s)?: name = s
            case let other?:
                throw ChatInputError(file: file, line: line, reason: "\(here).name: expected a string, found \(other.typeName)")
            }
            result.append(ChatMessage(role: role, content: content, name: name))
        }
        return result
    }
}
