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
        subcommands: [
            EstimateCommand.self, FitsCommand.self, CompareCommand.self, ModelsCommand.self, CountCommand.self,
            EncodeCommand.self, DecodeCommand.self, TrainCommand.self, PiecesCommand.self,
        ],
        defaultSubcommand: EstimateCommand.self
    )

    /// Runs the tool: exit status 0 on success, 2 for bad input or usage, with one line on stderr;
    /// a command may end with another status (`fits`: 1 when the document does not fit) by throwing `ExitCode`.
    static func main() {
        StandardOutput.ignoreBrokenPipeSignal()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            printError("tokcost: error: \(error.description)")
            systemExit(2)
        } catch let code as ExitCode {
            // A verdict such as `fits` saying "does not fit": not an error, nothing more to print.
            systemExit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: print to stdout.
                print(fullMessage(for: error))
                systemExit(0)
            }
            printError("tokcost: error: \(message(for: error))")
            systemExit(2)
        }
    }
}
