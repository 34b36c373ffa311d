import ArgumentParser

/// The `bot4` command: Bot4's trading core.
@main
struct Bot4: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bot4",
        abstract: "Bot4 trading core",
        subcommands: [CalibrateCommand.self]
    )
}
