/// Counts for one script (writing system) inside a document.
public struct ScriptFigures: Codable, Sendable, Equatable {
    /// The script's name, e.g. `Latin`, `Devanagari`, `Tamil` (ICU/Unicode script names).
    public var script: String
    /// Tokens of the text in this script (in the model's encoding or proxy encoding).
    public var tokens: Int
    /// Unicode scalars in this script.
    public var characters: Int
    /// Words in this script.
    public var words: Int

    /// Creates a per-script row.
    public init(script: String, tokens: Int, characters: Int, words: Int) {
        self.script = script
        self.tokens = tokens
        self.characters = characters
        self.words = words
    }
}

/// The measured facts about one document, computed elsewhere (by the encoder and the Unicode layer)
/// and handed to ``CostReport``. All token counts are in the model's encoding (or its proxy encoding
/// for estimated models), before any correction factor.
public struct DocumentFigures: Codable, Sendable, Equatable {
    /// The document's name (file path or `-` for standard input).
    public var name: String
    /// Size in UTF-8 bytes.
    public var bytes: Int
    /// Unicode scalars.
    public var characters: Int
    /// Extended grapheme clusters (user-perceived characters).
    public var graphemes: Int
    /// Words (ICU word boundaries, words that contain a letter or digit).
    public var words: Int
    /// Lines.
    public var lines: Int
    /// Sentences (ICU sentence boundaries).
    public var sentences: Int
    /// Tokens in the encoding.
    public var tokens: Int
    /// Per-script rows; may be empty.
    public var scripts: [ScriptFigures]
    /// Tokens of each sentence, in order, if known; used for an exact chunk count.
    public var sentenceTokens: [Int]?

    /// Creates the figures of one document.
    public init(name: String, bytes: Int, characters: Int, graphemes: Int, words: Int, lines: Int,
                sentences: Int, tokens: Int, scripts: [ScriptFigures] = [], sentenceTokens: [Int]? = nil) {
        self.name = name
        self.bytes = bytes
        self.characters = characters
        self.graphemes = graphemes
        self.words = words
        self.lines = lines
        self.sentences = sentences
        self.tokens = tokens
        self.scripts = scripts
        self.sentenceTokens = sentenceTokens
    }

    enum CodingKeys: String, CodingKey {
        case name, bytes, characters, graphemes, words, lines, sentences, tokens, scripts
        case sentenceTokens = "sentence_tokens"
    }
}
