import ArgumentParser
import BuildVersion
import CommandMain

/// The `bot4` command: Bot4's trading core on the command line.
@main
struct Bot4: RootCommand {
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
        subcommands: [
            CheckOrderCommand.self, CalibrateCommand.self, MigrateCommand.self, ServeCommand.self, ReplayCommand.self,
        ]
    )

    /// Usage failures exit with the sheet's bad-input code (`Bot4Exit.badInput`).
    static let badInputExitCode = Bot4Exit.badInput

    /// Runs the command (``RootCommand/run()``: usage failures exit 2, not ArgumentParser's 64).
    static func main() async {
        await run()
    }
}
