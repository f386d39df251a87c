/// One chat message in OpenAI's `[{role, content, name?}]` shape.
public struct ChatMessage: Codable, Sendable, Equatable {
    /// `system`, `user`, `assistant`, `developer`, `tool`, …
    public var role: String
    /// The text of the message (text parts of a multi-part content array, joined with no separator).
    public var content: String
    /// The optional participant name.
    public var name: String?

    /// Creates a message.
    public init(role: String, content: String, name: String? = nil) {
        self.role = role
        self.content = content
        self.name = name
    }
}

/// The tokens a chat format adds around messages, on top of the tokens of the texts themselves.
public struct ChatOverhead: Sendable, Equatable {
    /// Tokens added for every message (role markers, separators).
    public var perMessage: Int
    /// Extra tokens when a message has a `name`.
    public var perName: Int
    /// Tokens added once to prime the reply (e.g. `<|start|>assistant<|message|>`).
    public var replyPriming: Int
    /// Whether the role's own text is counted with the counting closure (OpenAI: yes).
    public var countsRoleText: Bool
    /// Where these numbers come from.
    public var source: String

    /// Creates an overhead rule.
    public init(perMessage: Int, perName: Int, replyPriming: Int, countsRoleText: Bool, source: String) {
        self.perMessage = perMessage
        self.perName = perName
        self.replyPriming = replyPriming
        self.countsRoleText = countsRoleText
        self.source = source
    }
}

/// The family of chat wrapping a model uses; each has a documented ``ChatOverhead``.
public enum ChatFormat: String, Codable, Sendable, CaseIterable {
    /// OpenAI chat models (and DeepSeek, whose API is OpenAI-compatible).
    case openAI = "openai"
    /// Anthropic Claude.
    case anthropic
    /// Google Gemini.
    case gemini
    /// Mistral.
    case mistral
    /// Meta Llama 3/4 chat template.
    case llama
    /// No chat wrapping (embedding models): only the texts count.
    case none

    /// The overhead rule of this family.
    public var overhead: ChatOverhead {
        switch self {
        case .openAI:
            return ChatOverhead(perMessage: 3, perName: 1, replyPriming: 3, countsRoleText: true,
                source: "OpenAI Cookbook, \"How to count tokens with tiktoken\", num_tokens_from_messages "
                    + "(gpt-3.5-turbo-0613 and later): 3 tokens per message, +1 with a name, +3 priming the reply; "
                    + "role, content and name texts are counted too")
        case .anthropic, .gemini, .mistral:
            return ChatOverhead(perMessage: 3, perName: 1, replyPriming: 3, countsRoleText: true,
                source: "assumption: the provider does not publish its chat wrapping, so tokcost uses the "
                    + "OpenAI cookbook rule (3 per message, +1 per name, +3 for the reply); the provider's "
                    + "count-tokens API is authoritative")
        case .llama:
            return ChatOverhead(perMessage: 4, perName: 1, replyPriming: 5, countsRoleText: true,
                source: "Meta Llama 3 prompt format: <|start_header_id|>role<|end_header_id|>\\n\\n content <|eot_id|> "
                    + "is 4 tokens plus the role; <|begin_of_text|> and the assistant header add 5; "
                    + "the +1 per name is an assumption (the template has no name field)")
        case .none:
            return ChatOverhead(perMessage: 0, perName: 0, replyPriming: 0, countsRoleText: false,
                source: "no chat wrapping: the contents are counted as they are")
        }
    }
}

/// Counts the prompt tokens of a chat request: the tokens of each message's texts (counted
/// with `count`) plus the overhead of `family` around them.
///
/// For ``ChatFormat/openAI`` this is the OpenAI Cookbook's `num_tokens_from_messages`.
/// - Parameters:
///   - messages: the messages, in order.
///   - family: the chat format of the model.
///   - count: counts the tokens of one string in the model's (or proxy) encoding.
/// - Returns: the total prompt tokens (in the encoding's units; apply an estimated model's factor afterwards).
public func chatTokenCount(messages: [ChatMessage], family: ChatFormat, count: (String) throws -> Int) rethrows -> Int {
    let rule = family.overhead
    var total = 0
    for m in messages {
        total += rule.perMessage
        if rule.countsRoleText { total += try count(m.role) }
        total += try count(m.content)
        if let name = m.name {
            total += try count(name) + rule.perName
        }
    }
    total += rule.replyPriming
    return total
}

/// The tokens the chat wrapping adds on top of the message contents: ``chatTokenCount(messages:family:count:)``
/// minus the tokens of each `content`. Role and name texts count as overhead. Pass this as
/// ``ReportOptions/chatOverheadTokens`` when the document's tokens are the contents' tokens.
public func chatOverheadTokens(messages: [ChatMessage], family: ChatFormat, count: (String) throws -> Int) rethrows -> Int {
    try chatTokenCount(messages: messages, family: family, count: count) - messages.reduce(0) { $0 + (try count($1.content)) }
}
