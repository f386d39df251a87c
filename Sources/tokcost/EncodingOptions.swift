import ArgumentParser
import Foundation
import TokBPE
import TokHuggingFace
import TokTrainer
import TokUnicode

/// `--encoding`, `--model`, `--vocab` (with `--pattern` and `--special`) or `--tokenizer`: which
/// tokenizer to use.
struct EncodingOptions: ParsableArguments {
    @Option(name: .long, help: "Encoding name: \((KnownEncoding.allCases.map(\.rawValue) + HFTokenizer.bundledNames).joined(separator: ", ")). Default: o200k_base.")
    var encoding: String?

    @Option(name: .long, help: "Model name (e.g. gpt-4o, gpt-4, gpt-5-mini); picks the model's encoding.")
    var model: String?

    @Option(name: .long, help: "A .tiktoken ranks file to use as a custom encoding: with the .json definition beside it (written by `tokcost train`), or with --pattern.")
    var vocab: String?

    @Option(name: .long, help: "Pre-tokenizer pattern for --vocab: r50k (gpt2), cl100k or o200k (default: from the definition beside it).")
    var pattern: String?

    @Option(name: .long, parsing: .singleValue, help: "A special token for --vocab, as TEXT=ID (repeatable).")
    var special: [String] = []

    @Option(name: .long, help: ArgumentHelp("A Hugging Face tokenizer.json (BPE models: DeepSeek, Llama 3, Qwen, Mistral, …), or a bundled one: \(HFTokenizer.bundledNames.joined(separator: ", ")).", valueName: "PATH|NAME"))
    var tokenizer: String?

    func validate() throws {
        let chosen = [encoding, model, vocab, tokenizer].compactMap { $0 }
        if chosen.count > 1 { throw CLIError("give only one of --encoding, --model, --vocab and --tokenizer") }
        if vocab == nil && (pattern != nil || !special.isEmpty) {
            throw CLIError("--pattern and --special go with --vocab")
        }
    }

    /// Loads the chosen tokenizer (o200k_base when nothing is chosen).
    func load() throws -> any TextTokenizer {
        try validate()
        if let tokenizer { return try Self.loadHuggingFace(tokenizer) }
        if let name = encoding {
            if HFTokenizer.bundledNames.contains(name) { return try Self.loadHuggingFace(name) }
            guard let known = KnownEncoding(name: name) else {
                throw CLIError("unknown encoding '\(name)'; known encodings: \((KnownEncoding.allCases.map(\.rawValue) + HFTokenizer.bundledNames).joined(separator: ", "))")
            }
            return try Encoding.load(known)
        }
        if let model {
            guard let known = KnownEncoding.forModel(model) else {
                let examples = ["gpt-5", "gpt-4.1", "gpt-4o", "o3", "o4-mini", "gpt-4", "gpt-3.5-turbo", "text-embedding-3-small"]
                throw CLIError("unknown model '\(model)'; known models include \(examples.joined(separator: ", ")) (and their dated versions), or pass --encoding")
            }
            return try Encoding.load(known)
        }
        if let vocab {
            let url = URL(fileURLWithPath: vocab)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: vocab, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw CLIError("\(vocab): no such file")
            }
            let definition = try vocabDefinition()
            let chosenPattern: PreTokenizerPattern
            if let patternName = pattern {
                guard let value = PreTokenizerPattern(name: patternName) else {
                    throw CLIError("unknown pattern '\(patternName)'; known patterns: r50k (gpt2), cl100k, o200k")
                }
                chosenPattern = value
            } else if let definition, let value = definition.preTokenizer {
                chosenPattern = value
            } else {
                throw CLIError("--vocab \(vocab) needs --pattern r50k|cl100k|o200k (the pre-tokenizer it was trained with), or its definition \(VocabularyDefinition.url(besideRanks: url).lastPathComponent) beside it")
            }
            var specials: [String: Int] = definition?.specialTokens ?? [:]
            for item in special {
                guard let equals = item.lastIndex(of: "="), let id = Int(item[item.index(after: equals)...]), id >= 0 else {
                    throw CLIError("--special '\(item)' is not TEXT=ID")
                }
                specials[String(item[..<equals])] = id
            }
            return try Encoding(contentsOf: url, name: definition?.name, pattern: chosenPattern, specialTokens: specials)
        }
        return try Encoding.load(.default)
    }

    /// A tokenizer.json by path, or a bundled one by name; errors become one-line CLI errors.
    static func loadHuggingFace(_ spec: String) throws -> HFTokenizer {
        do {
            if HFTokenizer.bundledNames.contains(spec) && !FileManager.default.fileExists(atPath: spec) {
                return try HFTokenizer.bundled(spec)
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: spec, isDirectory: &isDirectory) else {
                throw CLIError("\(spec): no such file (give a tokenizer.json, or a bundled name: \(HFTokenizer.bundledNames.joined(separator: ", ")))")
            }
            var url = URL(fileURLWithPath: spec)
            if isDirectory.boolValue { url.appendPathComponent("tokenizer.json") }
            guard FileManager.default.fileExists(atPath: url.path) else { throw CLIError("\(spec): has no tokenizer.json") }
            return try HFTokenizer(contentsOf: url)
        } catch let error as HFTokenizerError {
            throw CLIError(error.description)
        }
    }
}

extension EncodingOptions {
    /// The JSON definition beside the `--vocab` file (written by `tokcost train`), if there is one.
    func vocabDefinition() throws -> VocabularyDefinition? {
        guard let vocab else { return nil }
        let url = VocabularyDefinition.url(besideRanks: URL(fileURLWithPath: vocab))
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try VocabularyDefinition.load(contentsOf: url)
        } catch let error as TrainerError {
            throw CLIError(error.description)
        }
    }

    /// The normalization documents need before encoding: the one a `--vocab` definition names (the
    /// trainer normalized its corpus so), otherwise none.
    func normalizer() throws -> Normalizer? {
        guard let definition = try vocabDefinition() else { return nil }
        let form: NormalizationForm?
        do { form = try definition.normalizationForm() } catch let error as TrainerError { throw CLIError(error.description) }
        guard let form else { return nil }
        do { return try Normalizer(form) } catch { throw CLIError("cannot load the \(form.rawValue) normalizer: \(error)") }
    }
}

extension InputDocument {
    /// The document normalized by `normalizer` (unchanged when `nil`).
    func normalized(by normalizer: Normalizer?) throws -> InputDocument {
        guard let normalizer else { return self }
        do {
            return InputDocument(name: name, bytes: Data(try normalizer.normalize(utf8: bytes)))
        } catch {
            throw CLIError("\(name): cannot normalize (\(error))")
        }
    }
}

/// `--allow-special` and `--lossy`: how document text is read.
struct TextOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Special tokens to recognise in the text: 'all' or NAME,NAME (e.g. '<|endoftext|>'). By default special-token text is ordinary text.", valueName: "all|NAMES"))
    var allowSpecial: String?

    @Flag(name: .long, help: "Replace invalid UTF-8 with U+FFFD instead of failing.")
    var lossy = false

    /// The allowed special tokens, checked against the tokenizer.
    func allowed(in encoding: any TextTokenizer) throws -> SpecialTokenSet? {
        guard let allowSpecial else { return nil }
        if allowSpecial == "all" { return .all }
        let names = allowSpecial.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for name in names where encoding.specialTokens[name] == nil {
            let known = encoding.specialTokens.keys.sorted().prefix(12).joined(separator: ", ")
            throw CLIError("--allow-special: '\(name)' is not a special token of \(encoding.name) (it has: \(known.isEmpty ? "none" : known))")
        }
        return .only(Set(names))
    }
}
