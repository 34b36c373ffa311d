import ArgumentParser
import Audit
import Foundation
import Locking
import Release

/// `seal release`: the signed, audited, attested release bundle of the package in the current folder.
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Build, SBOM, audit, attest, checksum and sign the package into release/dist/VERSION/.",
        discussion: """
            Steps: the advisory database the policy names is checked first (its snapshot signature and \
            max-age, as of --as-of): an unusable or too-old one exits 3 before anything is built; static \
            stripped release builds of every executable product with the reproducible-build flags, in a build \
            folder whose path does not depend on the checkout's (--scratch-path); CycloneDX 1.6 and \
            SPDX 2.3 SBOMs of the package and what the binaries link; the audit gate under policy/audit.toml \
            (a refusal stops the release with its report); SLSA provenance in a DSSE envelope \
            (provenance.intoto.jsonl); SHA256SUMS and SHA512SUMS; a minisign signature over every other file. \
            The bundle is built in a staging folder, verified, and renamed into place only when complete.

            The key: -s KEY (password from --password-file, stdin or the terminal) or --key vault-transit://…; \
            with neither, an ephemeral key is made, its public key goes into the bundle and every trusted comment \
            says "ephemeral".

            Exit codes: 0 released; 1 the staged bundle did not verify; 16 + a bitset when the audit gate \
            refuses; 2 bad input (a bundle of that version exists, a malformed policy, a wrong password); 3 the \
            environment failed (a build, a tool, the key, an unusable or too-old database).

            Examples:
              seal release
              seal release --version v1.2.0 -s release.key --password-file pw.txt
              seal release --key vault-transit://transit/keys/bot4-release --vault-config policy/secrets.toml
              seal release --as-of 2026-11-25 --output /tmp/dist
            """
    )

    @Option(name: .long, help: "The bundle's version (default: git describe --tags --always).")
    var version: String?

    @OptionGroup var fileKey: SecretKeyOptions

    @OptionGroup var remoteKey: RemoteKeyOptions

    @Option(name: .long, help: "Evaluate the audit gate as on this day (YYYY-MM-DD).")
    var asOf: String?

    @Option(name: .long, help: "The folder bundles go into (default: release/dist).")
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The folder the builds run in (default: /tmp/seal-release-NAME, NAME the package's).",
            discussion: "A rebuild that should give the same bytes uses the same one."
        )
    )
    var scratchPath: String?

    func validate() throws {
        if fileKey.secretKeyFile != nil && remoteKey.remoteKey != nil {
            throw ValidationError("-s and --key are mutually exclusive")
        }
        if fileKey.passwordFile != nil && fileKey.secretKeyFile == nil {
            throw ValidationError("--password-file goes with -s")
        }
    }

    func run() async throws {
        try await SealExit.mapping {
            var key: SigningKey?
            if fileKey.secretKeyFile != nil {
                for warning in SecretKeyHardening.apply() { SealExit.report(warning) }
                // Asked for and checked before anything is built: a wrong password fails at once, and a
                // prompt on the terminal does not land on the live progress line.
                key = try fileKey.signingKey.unlocked()
            } else {
                key = remoteKey.signingKey
            }
            let request = ReleasePipeline.Request(
                packageDirectory: FileManager.default.currentDirectoryPath,
                version: version,
                signingKey: key,
                asOf: try asOf.map { day throws(AuditError) in try AuditRequest.endOfDay(day) },
                outputRoot: output,
                policyPath: AuditRequest.defaultPolicy(),
                environment: ProcessInfo.processInfo.environment,
                scratchPath: scratchPath,
                toolVersion: SBOMCommand.toolVersion
            )
            let progress = LockedState(ReleaseProgressRenderer(live: isatty(STDERR_FILENO) == 1))
            let outcome: ReleasePipeline.Outcome
            do {
                // Whether the release ends or a step throws, a drawn live line is ended first, so that the
                // error or the report starts on a line of its own.
                defer { Self.writeError(progress.withLock { $0.close() }) }
                outcome = try await ReleasePipeline(request) { event in
                    Self.writeError(progress.withLock { $0.render(event) })
                }.run()
            }
            let summary = ReleaseSummary(outcome)
            if !summary.standardOutput.isEmpty { print(summary.standardOutput) }
            Self.writeError(summary.report)
            if let message = summary.message { SealExit.report(message) }
            guard summary.exitCode == 0 else { throw ExitCode(summary.exitCode) }
        }
    }

    /// Writes `text` to standard error as it is (nothing for an empty text).
    static func writeError(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
