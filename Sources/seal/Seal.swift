import ArgumentParser
import BuildVersion
import Foundation

/// The `seal` command: Bot4's supply-chain security toolchain.
@main
struct Seal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Supply-chain security: signatures, checksums, SBOMs, audits and secrets from Vault.",
        discussion: """
            Signing flags are minisign's (-p -P -s -m -x -t -c -q -Q -o -W), so scripts written for minisign \
            work with seal; signatures are prehashed (ED) and verify with the stock `minisign -V`.

            Examples:
              seal keygen -p release.pub -s release.key --password-file pw.txt
              seal sign -s release.key -m bot4.tar.gz --password-file pw.txt
              seal verify -p release.pub -m bot4.tar.gz
              seal checksums dist/* --output dist -s release.key --password-file pw.txt
              seal sbom --output sbom.cdx.json && seal audit sbom.cdx.json
              seal exec --config policy/secrets.toml -- /usr/local/bin/my-service --port 8080

            """ + "\n" + SealExit.helpText,
        version: BuildVersion.string,
        subcommands: [
            KeygenCommand.self, SignCommand.self, VerifyCommand.self, ChecksumsCommand.self, SBOMCommand.self,
            AuditCommand.self, ExecCommand.self, PubkeyCommand.self, AdvisoriesCommand.self, VerifyReleaseCommand.self,
            GateCommand.self, ReleaseCommand.self,
        ]
    )

    /// Runs the command, mapping ArgumentParser's usage failures (its exit code 64) to the sheet's 2.
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
                Foundation.exit(SealExit.badInput.rawValue)
            }
            exit(withError: error)
        }
    }
}
