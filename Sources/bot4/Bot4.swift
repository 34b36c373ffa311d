import ArgumentParser
import Foundation

/// The `bot4` command: Bot4's trading core on the command line.
@main
struct Bot4: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bot4",
        abstract: "Binance-spot trading core: offline order checks against exchangeInfo.",
        discussion: """
            Exit codes of check-order: 0 accepted; 1 rejected (Binance's code and message printed); 2 bad input \
            (usage, unreadable or malformed exchangeInfo, malformed decimal).
            """,
        subcommands: [CheckOrderCommand.self]
    )

    /// Runs the command, mapping usage errors to exit code 2 (bad input) instead of ArgumentParser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(Bot4Exit.badInput.rawValue)
            }
            exit(withError: error)
        }
    }
}
