import ArgumentParser
import BuildVersion
import CommandMain

/// The `seal` command: Bot4's supply-chain security toolchain.
@main
struct Seal: RootCommand {
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

    /// Usage failures exit with the sheet's bad-input code (`SealExit.badInput`).
    static let badInputExitCode = SealExit.badInput

    /// Runs the command (``RootCommand/run()``: usage failures exit 2, not ArgumentParser's 64).
    static func main() async {
        await run()
    }
}
