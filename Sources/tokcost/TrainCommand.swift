import ArgumentParser
import Foundation
import TokCost

/// `tokcost train`: learns a byte-level BPE vocabulary and writes it as `.tiktoken` plus a JSON definition.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a byte-level BPE vocabulary on files, directories, standard input or piece counts.",
        discussion: """
            Writes PATH.tiktoken (ranks 0-255 are the bytes 0-255, then one token per merge) and PATH.json beside \
            it (pattern, normalization, special tokens, training corpus and date), usable as \
            `tokcost count --vocab PATH.tiktoken`. Ties between equally frequent pairs go to the smaller \
            (left rank, right rank). The same input and settings give the same vocabulary whatever --threads is.
            """)

    @Option(name: .long, help: "Total vocabulary size: 256 byte tokens + merges + special tokens.")
    var vocabSize: Int

    @OptionGroup var pieceOptions: PieceOptions

    @Option(name: .long, help: "Merge a pair only if it occurs at least this many times.")
    var minFrequency: Int = 2

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("A special token to reserve (repeatable); ids follow the last rank in the order given.", valueName: "token"))
    var special: [String] = []

    @Option(name: .long, help: "Make no token longer than this many bytes.")
    var maxTokenLength: Int?

    @Option(name: .long, help: ArgumentHelp("Balance scripts by temperature sampling of piece counts (1: none; e.g. 3).", valueName: "T"))
    var balanceScripts: Double?

    @Option(name: .long, help: ArgumentHelp("The .tiktoken file to write (its .json definition goes beside it).", valueName: "PATH.tiktoken"))
    var output: String

    @Option(name: .long, help: ArgumentHelp("Also write a Hugging Face tokenizer.json.", valueName: "PATH"))
    var hfJson: String?

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Piece-count files (from `tokcost pieces`) to train on; takes the arguments up to the next option, so give plain inputs before it.", valueName: "FILE"))
    var counts: [String] = []

    @Flag(name: .long, help: "Write a smaller vocabulary when the corpus cannot fill --vocab-size (instead of failing).")
    var allowSmaller = false

    @Flag(name: .long, help: "No progress bar or summary on standard error.")
    var quiet = false

    @Argument(help: "Files or directories (recursively, --glob) to train on; '-' reads standard input.")
    var inputs: [String] = []

    func validate() throws {
        if vocabSize < 1 { throw CLIError("--vocab-size must be a positive number") }
        if minFrequency < 1 { throw CLIError("--min-frequency must be at least 1") }
        if output.isEmpty { throw CLIError("--output needs a path") }
    }

    func run() throws {
        let started = Date()
        let explicitPattern = try pieceOptions.explicitPattern()
        let explicitNormalization = try pieceOptions.explicitNormalization()
        var pattern = explicitPattern ?? .o200k
        var normalization = explicitNormalization ?? .nfc
        var corpus: [String] = []

        // Piece counts from files, whose header (when present) fixes the pattern and normalization.
        var total = PieceCounts()
        if !counts.isEmpty {
            let (loaded, header) = try trainerErrors { try PieceCountsFile.load(contentsOf: counts.map { URL(fileURLWithPath: $0) }) }
            if let header {
                if let explicitPattern, explicitPattern != header.pattern {
                    throw CLIError("--pattern \(explicitPattern.rawValue) differs from the counts files' pattern \(header.pattern.rawValue)")
                }
                if let explicitNormalization, explicitNormalization != header.normalization {
                    throw CLIError("--normalize \(explicitNormalization?.rawValue ?? "none") differs from the counts files' normalization \(header.normalization?.rawValue ?? "none")")
                }
                pattern = header.pattern
                normalization = header.normalization
            }
            total = loaded
            corpus += counts.map { "counts:\($0)" }
        }
        let settings = TrainerSettings(
            vocabularySize: vocabSize, minimumFrequency: minFrequency, pattern: pattern, normalization: normalization,
            specialTokens: special, maximumTokenLength: maxTokenLength, scriptBalanceTemperature: balanceScripts,
            threads: try pieceOptions.threadCount())
        let trainer = try trainerErrors { try BPETrainer(settings: settings) }
        // This process only trains: large buffers in mappings of their own keep its peak memory lower.
        BPETrainer.preferMappedLargeAllocations()
        if hfJson != nil && normalization == .nfkcCasefold {
            throw CLIError("--hf-json: Hugging Face tokenizers has no NFKC_Casefold normalizer; train with --normalize nfkc or none to export")
        }
        let bar = ProgressBar(quiet: quiet)
        let report: @Sendable (TrainingProgress) -> Void = { bar.update($0) }

        if !inputs.isEmpty || counts.isEmpty {
            let names = inputs.isEmpty ? ["-"] : inputs
            let counted = try trainerErrors {
                let documents = try pieceOptions.documents(names)
                let counter = try PieceCounter(settings: settings)
                return try counter.count(documents) { done, all in report(TrainingProgress(phase: .counting, completed: done, total: all)) }
            }
            if total.isEmpty { total = counted } else { total.merge(counted) }
            corpus = names + corpus
        }
        let countedAt = Date()
        // Hand the counts over (moved out, not copied), so the trainer frees them once it has built its words.
        let uniquePieces = total.uniqueCount
        var handedOver: PieceCounts? = consume total
        let vocabulary = try trainerErrors { try trainer.train(handedOver.take()!, progress: report) }
        bar.finish()
        if !vocabulary.reachedRequestedSize && !allowSmaller {
            let why = vocabulary.stopReason == .noPairsLeft
                ? "no pair of tokens is left to merge"
                : "no pair occurs at least \(minFrequency) times"
            throw CLIError("the corpus yields only \(vocabulary.vocabularySize) of the \(vocabSize) tokens asked for (\(why)); lower --vocab-size or --min-frequency, add text, or pass --allow-smaller")
        }
        let url = URL(fileURLWithPath: output)
        try trainerErrors { try vocabulary.write(to: url, corpus: corpus) }
        if let hfJson {
            let data = try trainerErrors { try HuggingFaceExport.tokenizerJSON(vocabulary) }
            do { try data.write(to: URL(fileURLWithPath: hfJson), options: .atomic) } catch {
                throw CLIError("\(hfJson): cannot write (\(error.localizedDescription))")
            }
        }
        if !quiet {
            let finished = Date()
            printError(String(
                format: "tokcost: %d tokens (%d merges, %d special) from %d unique pieces in %.2f s (counting %.2f s, merging %.2f s) -> %@",
                vocabulary.vocabularySize, vocabulary.merges.count, vocabulary.specialTokens.count, uniquePieces,
                finished.timeIntervalSince(started), countedAt.timeIntervalSince(started), finished.timeIntervalSince(countedAt), output))
        }
    }
}
