import ArgumentParser
import Foundation
import TokCost

/// Options shared by `tokcost train` and `tokcost pieces`: how text becomes pieces, and the inputs.
struct PieceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Pre-tokenizer pattern: gpt2 (r50k), cl100k or o200k. Default: o200k.", valueName: "name"))
    var pattern: String?

    @Option(name: .long, help: ArgumentHelp("Unicode normalization before pre-tokenizing: none, nfc, nfd, nfkc, nfkd, nfkc_cf. Default: nfc.", valueName: "form"))
    var normalize: String?

    @Option(name: .long, help: "Worker threads for counting pieces (default: all cores). The result does not depend on it.")
    var threads: Int?

    @Option(name: .long, help: "File names to read inside directories.")
    var glob: String = CorpusFiles.defaultGlob

    /// The pattern asked for, or `nil` when not given.
    func explicitPattern() throws -> PreTokenizerPattern? {
        guard let pattern else { return nil }
        guard let value = PreTokenizerPattern(name: pattern) else {
            throw CLIError("unknown pattern '\(pattern)'; known patterns: gpt2 (r50k), cl100k, o200k")
        }
        return value
    }

    /// The normalization asked for: `.some(nil)` for none, `nil` when not given.
    func explicitNormalization() throws -> NormalizationForm?? {
        guard let normalize else { return nil }
        if normalize.lowercased() == "none" { return .some(nil) }
        let key = normalize.lowercased().replacingOccurrences(of: "-", with: "_")
        guard let form = NormalizationForm(rawValue: key == "nfkc_casefold" ? "nfkc_cf" : key) else {
            throw CLIError("unknown normalization '\(normalize)'; use none, nfc, nfd, nfkc, nfkd or nfkc_cf")
        }
        return .some(form)
    }

    /// The number of threads (validated).
    func threadCount() throws -> Int {
        if let threads {
            guard threads >= 1 else { throw CLIError("--threads must be at least 1") }
            return threads
        }
        return ProcessInfoThreads.available
    }

    /// Reads the inputs: files, directories (recursively, matching --glob) and `-` for standard input.
    func documents(_ inputs: [String]) throws -> [CorpusDocument] {
        var documents: [CorpusDocument] = []
        for input in inputs {
            if input == "-" {
                if isatty(0) != 0 {
                    printError("tokcost: reading standard input from the terminal; end it with Ctrl-D (or pass a file)")
                }
                documents.append(CorpusDocument(name: "-", bytes: FileHandle.standardInput.readDataToEndOfFile()))
                continue
            }
            let files = try CorpusFiles.expand([input], glob: glob)
            var isDirectory: ObjCBool = false
            if files.isEmpty, FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue {
                throw CLIError("\(input): no files matching '\(glob)' in this directory")
            }
            for url in files { documents.append(try CorpusDocument(contentsOf: url)) }
        }
        return documents
    }
}

/// Runs `body`, turning trainer errors into one-line CLI errors.
func trainerErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as TrainerError {
        throw CLIError(error.description)
    } catch let error as VocabularyError {
        throw CLIError(error.description)
    }
}
