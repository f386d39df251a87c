import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The `tokcost` command line tool.
@main
struct TokCostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokcost",
        abstract: "Count BPE tokens exactly and see what a document costs to send to a language model.",
        subcommands: [CountCommand.self, EncodeCommand.self, DecodeCommand.self, TrainCommand.self, PiecesCommand.self],
        defaultSubcommand: CountCommand.self
    )

    /// Runs the tool: exit status 0 on success, 2 for bad input or usage, with one line on stderr.
    static func main() {
        StandardOutput.ignoreBrokenPipeSignal()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            printError("tokcost: error: \(error.description)")
            Glibc.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: print to stdout.
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            printError("tokcost: error: \(message(for: error))")
            Glibc.exit(2)
        }
    }
}
