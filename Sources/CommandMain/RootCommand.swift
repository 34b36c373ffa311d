import ArgumentParser
import Foundation

/// The root command of one of Bot4's executables (`seal`, `bot4`): its `main` runs the parsed subcommand and
/// maps ArgumentParser's usage failures (its exit code 64) to the canonical sheet's bad-input code.
public protocol RootCommand: AsyncParsableCommand {
    /// The exit code a usage failure ends with: the sheet's "bad input", 2.
    static var badInputExitCode: ExitCode { get }
}

extension RootCommand {
    /// Parses the command line, runs the chosen (sync or async) subcommand, and exits: a usage failure prints
    /// ArgumentParser's full message to stderr and exits with ``badInputExitCode``; any other error exits as
    /// ArgumentParser maps it (the subcommands throw `ExitCode` for their documented codes).
    public static func run() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(badInputExitCode.rawValue)
            }
            exit(withError: error)
        }
    }
}
