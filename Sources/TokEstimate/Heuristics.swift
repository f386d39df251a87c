/// The two rules of thumb people use instead of counting, and how far off they are.
public struct HeuristicEstimate: Codable, Sendable, Equatable {
    /// characters / 4 (OpenAI's "a token is about 4 characters of English").
    public var charsDiv4: Double
    /// words / 0.75 (OpenAI's "100 tokens ≈ 75 words").
    public var wordsDiv075: Double
    /// Signed relative error of `charsDiv4` against the exact count; see ``signedError(heuristic:exact:)``.
    public var charsDiv4Error: Double?
    /// Signed relative error of `wordsDiv075` against the exact count.
    public var wordsDiv075Error: Double?

    /// Computes both heuristics for a text with `characters` Unicode scalars and `words` words,
    /// and their errors against `exactTokens`.
    public init(characters: Int, words: Int, exactTokens: Int) {
        charsDiv4 = Double(characters) / 4
        wordsDiv075 = Double(words) / 0.75
        charsDiv4Error = HeuristicEstimate.signedError(heuristic: charsDiv4, exact: exactTokens)
        wordsDiv075Error = HeuristicEstimate.signedError(heuristic: wordsDiv075, exact: exactTokens)
    }

    /// `(heuristic - exact) / exact`: negative when the heuristic under-counts (e.g. -0.6 means 60% too few).
    ///
    /// When `exact` is 0 the relative error is undefined: the result is `0` if the heuristic is also 0,
    /// and `nil` otherwise (JSON `null`), never infinity.
    public static func signedError(heuristic: Double, exact: Int) -> Double? {
        if exact == 0 { return heuristic == 0 ? 0 : nil }
        return (heuristic - Double(exact)) / Double(exact)
    }

    enum CodingKeys: String, CodingKey {
        case charsDiv4 = "chars_div_4"
        case wordsDiv075 = "words_div_0_75"
        case charsDiv4Error = "chars_div_4_error"
        case wordsDiv075Error = "words_div_0_75_error"
    }

    /// Encodes every key; an undefined error is written as `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(charsDiv4, forKey: .charsDiv4)
        try c.encode(wordsDiv075, forKey: .wordsDiv075)
        try c.encode(charsDiv4Error, forKey: .charsDiv4Error)
        try c.encode(wordsDiv075Error, forKey: .wordsDiv075Error)
    }
}
