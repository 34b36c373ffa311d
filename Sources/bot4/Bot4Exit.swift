import ArgumentParser
import Foundation

/// The exit codes of `bot4` (DESIGN.md): 0 success, 1 rejected, 2 bad input, 3 the environment failed.
enum Bot4Exit {
    /// The order is rejected.
    static let rejected = ExitCode(1)
    /// Usage or bad input.
    static let badInput = ExitCode(2)
    /// The environment failed: a missing variable, an unreadable file, an unreachable database.
    static let environment = ExitCode(3)

    /// Prints `bot4: <message>` on standard error and returns the bad-input exit code to throw.
    static func badInput(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("bot4: \(message)\n".utf8))
        return badInput
    }
}
