import ArgumentParser
import Foundation
import TokCost

/// `tokcost pieces`: the piece counts of a corpus, for training elsewhere (`tokcost train --counts`).
struct PiecesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pieces",
        abstract: "Count the pre-tokenizer pieces of files, directories or standard input, for `tokcost train --counts`.",
        discussion: """
            Writes one piece per line: its bytes in base64, a tab, its count, sorted by bytes, after a header line \
            recording the pattern and normalization. Counts files from several shards can be trained on together; \
            adding them up is exact.
            """)

    @OptionGroup var pieceOptions: PieceOptions

    @Argument(help: "Files or directories to count; '-' or nothing reads standard input.")
    var inputs: [String] = []

    func run() throws {
        let pattern = try pieceOptions.explicitPattern() ?? .o200k
        let normalization = try pieceOptions.explicitNormalization() ?? .nfc
        let threads = try pieceOptions.threadCount()
        let counts = try trainerErrors {
            let documents = try pieceOptions.documents(inputs.isEmpty ? ["-"] : inputs)
            let counter = try PieceCounter(pattern: pattern, normalization: normalization, threads: threads)
            return try counter.count(documents)
        }
        let data = PieceCountsFile.serialize(counts, header: PieceCountsFile.Header(pattern: pattern, normalization: normalization))
        var out = StandardOutput()
        out.write(bytes: [UInt8](data))
        out.flush()
    }
}
