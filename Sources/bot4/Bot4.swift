import ArgumentParser
import BuildVersion
import Foundation

/// The `bot4` command: Bot4's trading core on the command line.
@main
struct Bot4: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bot4",
        abstract: "Binance-spot trading core: offline order checks, calibration, the store and the REST service.",
        discussion: """
            Exit codes of check-order: 0 accepted; 1 rejected (Binance's code and message printed); 2 bad input \
            (usage, unreadable or malformed exchangeInfo, malformed decimal). Exit codes of calibrate: 0 written; \
            2 bad input (the file and line are named); 3 a file cannot be read or written. Exit codes of migrate: 0 \
            migrated; 2 bad input; 3 the environment failed (a missing variable is named, never a value). Exit codes \
            of serve: 0 stopped by SIGTERM or SIGINT; 2 bad input; 3 the environment failed.
            """,
        version: BuildVersion.string,
        subcommands: [CheckOrderCommand.self, CalibrateCommand.self, MigrateCommand.self, ServeCommand.self]
    )

    /// Runs the command, mapping usage errors to exit code 2 (bad input) instead of ArgumentParser's 64.
    static func main() async {
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
                Foundation.exit(Bot4Exit.badInput.rawValue)
            }
            exit(withError: error)
        }
    }
}
