import ArgumentParser
import Audit
import Foundation
import JSON
import Release

/// `seal advisories`: the advisory database's maintenance commands.
struct AdvisoriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advisories",
        abstract: "Maintain the offline OSV advisory snapshot that `seal audit` reads.",
        subcommands: [AdvisoriesUpdateCommand.self]
    )
}

/// `seal advisories update`: fetch OSV exports, check them, write and sign a new snapshot, all or nothing.
struct AdvisoriesUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Fetch OSV all.zip exports and replace the snapshot folder with a new signed one.",
        discussion: """
            Without --from, each --ecosystem (default: SwiftURL and Debian:12) is fetched from osv.dev's bucket \
            (<base>/<ecosystem>/all.zip). --from takes a mirror laid out the same way (a URL or a folder), or \
            one export (a URL ending in .zip, or a local zip file). Every archive is checked (entry count, \
            record size, total size, compression ratio, each record's OSV syntax) before anything is written; \
            the new snapshot replaces the old one only when complete.

            With -s, the snapshot is signed with that minisign key; with --key vault-transit://…, by a Vault \
            Transit key (logging in as --vault-config or VAULT_* says; the secret never leaves Vault). With \
            neither, a new key pair is made, the snapshot is signed, the public key is written to -p (default: \
            <db>.pub, the file the policy's signature-key names) and the secret key is discarded: each refresh \
            rotates the snapshot key.

            Examples:
              seal advisories update --db policy/advisories
              seal advisories update --db policy/advisories --from https://mirror.example/osv --ecosystem SwiftURL
              seal advisories update --db /tmp/db --from SwiftURL.zip -s snapshot.key --password-file pw.txt
              seal advisories update --db policy/advisories --key vault-transit://transit/keys/advisories

            Exit codes: 0 the snapshot was replaced; 2 bad usage or a bad key; 3 a download, an export or a \
            write failed (the previous snapshot is left as it was).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The snapshot folder to replace.", valueName: "dir"))
    var db: String

    @Option(name: .long, help: ArgumentHelp("An OSV ecosystem to fetch (repeatable).", valueName: "name"))
    var ecosystem: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("A mirror (URL or folder) or one export (URL or zip file).", valueName: "url|file")
    )
    var from: [String] = []

    @OptionGroup var key: SecretKeyOptions

    @OptionGroup var remoteKey: RemoteKeyOptions

    @Option(
        name: .customShort("p"),
        help: ArgumentHelp(
            "Where the new public key goes when no -s is given (default: <db>.pub).",
            valueName: "pubkey"
        )
    )
    var publicKeyFile: String?

    @Option(name: .long, help: "Report format: text or json.")
    var format: ReportFormat = .text

    func validate() throws {
        if key.secretKeyFile != nil && remoteKey.remoteKey != nil {
            throw ValidationError("-s and --key are mutually exclusive")
        }
        if key.passwordFile != nil && key.secretKeyFile == nil {
            throw ValidationError("--password-file goes with -s")
        }
        if (key.secretKeyFile != nil || remoteKey.remoteKey != nil) && publicKeyFile != nil {
            throw ValidationError("-p names where a new key's public half goes; with -s or --key no key is made")
        }
    }

    func run() async throws {
        try await SealExit.mapping {
            let request = AdvisorySnapshotRefresh.Request(
                database: db,
                from: from,
                ecosystems: ecosystem,
                signingKey: key.secretKeyFile != nil ? key.signingKey : remoteKey.signingKey,
                publicKeyPath: publicKeyFile
            )
            let outcome = try await AdvisorySnapshotRefresh.run(
                request,
                environment: ProcessInfo.processInfo.environment,
                report: SealExit.report
            )
            for line in outcome.summary.rejected { SealExit.report("set aside: \(line)") }
            print(report(outcome.summary, publicKeyPath: outcome.publicKeyPath))
        }
    }

    private func report(_ summary: AdvisorySnapshotUpdater.Summary, publicKeyPath: String?) -> String {
        if format == .json {
            var members: [(String, JSONValue)] = [
                ("db", .string(db)),
                ("taken", .string(summary.manifest.taken.formatted(Date.ISO8601FormatStyle()))),
                ("records", .object(summary.recordCounts.map { ($0.key, .integer($0.value)) })),
                ("rejected", .integer(summary.rejected.count)),
                ("keyid", .string(summary.keyID.padded)),
            ]
            if let publicKeyPath { members.append(("publicKey", .string(publicKeyPath))) }
            return JSONWriter.string(.object(members)).trimmingCharacters(in: .newlines)
        }
        let counts = summary.recordCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        var text = "\(db): \(counts.joined(separator: ", ")) records; \(summary.rejected.count) set aside; "
        text += "signed by key \(summary.keyID.padded)"
        if let publicKeyPath { text += "; new public key in \(publicKeyPath)" }
        return text
    }
}
