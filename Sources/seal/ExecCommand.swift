import ArgumentParser
import Foundation
import SecretsExec

/// `seal exec`: secrets from Vault into the child's environment and files, supervised.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command with secrets from Vault/OpenBao in its environment and 0600 files.",
        discussion: """
            Authenticates (VAULT_TOKEN, or AppRole with an optionally response-wrapped secret id), reads every \
            reference of the configuration, and starts the command only if all of them resolve (fail closed). \
            The command is looked up on PATH; an executable without a #! line runs under /bin/sh, as execvp \
            runs it. The child gets the values in its environment and in 0600 files (removed when it exits, or at the \
            next start when seal was killed); seal's own environment never holds them and VAULT_*/BAO_* are \
            not passed on. Signals are forwarded; on Linux the child is killed (SIGKILL) if seal dies. While \
            the child runs, the token is renewed at 2/3 of its TTL with 10-20% jitter, and the secrets are \
            polled ([watch] interval): a change restarts or signals the child, a loss stops it or is reported \
            ([watch] on_change, on_loss). No value is ever printed.

            Exit status: the child's; 128+N when it died of signal N; 125 when seal could not start it \
            (configuration, authentication, a missing secret or key, a command that cannot be run).

            Example:
              seal exec --config policy/secrets.toml -- /usr/local/bin/my-service --port 8080
            """
    )

    @Option(name: .long, help: "The secrets map (policy/secrets.toml format).")
    var config: String = "policy/secrets.toml"

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments, after --.")
    var command: [String] = []

    /// The command without the `--` that separates it from seal's own options.
    var childCommand: [String] { command.first == "--" ? Array(command.dropFirst()) : command }

    func validate() throws {
        guard !childCommand.isEmpty else {
            throw ValidationError("give the command after --: seal exec --config F -- CMD")
        }
    }

    func run() async throws {
        let status = await SecretsExec.run(
            SecretsExecRequest(
                configPath: config,
                command: childCommand,
                environment: ProcessInfo.processInfo.environment
            )
        )
        if status != 0 { throw ExitCode(status) }
    }
}
