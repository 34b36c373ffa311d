import Audit
import Bot4TestSupport
import Foundation
import Minisign
import Testing

/// A signed snapshot read without a package index: the folder must hold exactly the files its manifest lists,
/// each hashing to its entry, whatever form the manifest is written in.
@Suite(.serialized) struct SignedFolderLoadTests {
    /// A signed snapshot of the committed real records whose manifest names no index.
    static func plainSnapshot(_ label: String) async throws -> AdvisoryPackageIndexTests.Snapshot {
        try await AdvisoryPackageIndexTests.snapshot(label).withoutIndex()
    }

    /// The record files the manifest lists, sorted, and when it was taken.
    static func manifest(
        of snapshot: AdvisoryPackageIndexTests.Snapshot
    ) throws -> (files: [String: String], taken: String) {
        let url = URL(fileURLWithPath: snapshot.database + "/snapshot.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return (try #require(object["files"] as? [String: String]), try #require(object["taken"] as? String))
    }

    /// Writes `text` as the manifest and signs it with the snapshot's key.
    static func writeManifest(_ text: String, of snapshot: AdvisoryPackageIndexTests.Snapshot) async throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: snapshot.database + "/snapshot.json"))
        try await snapshot.resign()
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func theFolderMustHoldExactlyTheListedFilesAndEachErrorNamesItsFile() async throws {
        let snapshot = try await Self.plainSnapshot("signed-folder-files")
        defer { try? FileManager.default.removeItem(at: snapshot.work) }
        let reference = try snapshot.audit()
        #expect(reference.exitCode == 17)
        let folder = snapshot.database
        let listed = try Self.manifest(of: snapshot).files.keys.sorted()
        #expect(listed.count >= 10)

        // A file nobody signed is the error, before a tampered listed one.
        let first = folder + "/" + listed[0]
        let original = try Data(contentsOf: URL(fileURLWithPath: first))
        try (original + Data(" ".utf8)).write(to: URL(fileURLWithPath: first))
        let extra = folder + "/SwiftURL/GHSA-extra.json"
        try original.write(to: URL(fileURLWithPath: extra))
        let unlisted = #expect(throws: AuditError.self) { try snapshot.audit() }
        #expect(unlisted?.code == .databaseUnusable)
        #expect(unlisted?.message == "\(extra): not listed in the signed manifest")

        // Then the first listed file that does not hash to its entry, before a missing one.
        try FileManager.default.removeItem(atPath: extra)
        let last = folder + "/" + listed[listed.count - 1]
        try FileManager.default.moveItem(atPath: last, toPath: snapshot.work.path + "/moved.json")
        let tampered = #expect(throws: AuditError.self) { try snapshot.audit() }
        #expect(tampered?.code == .databaseUnusable)
        #expect(tampered?.message == "\(first): SHA-256 does not match the signed manifest")

        try original.write(to: URL(fileURLWithPath: first))
        let missing = #expect(throws: AuditError.self) { try snapshot.audit() }
        #expect(missing?.code == .databaseUnusable)
        #expect(missing?.message == "\(last): listed in the signed manifest but missing")

        try FileManager.default.moveItem(atPath: snapshot.work.path + "/moved.json", toPath: last)
        #expect(try snapshot.audit().exitCode == reference.exitCode)
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func aManifestInAnotherFormReadsAlikeAndNoEntryReachesOutsideTheFolder() async throws {
        let snapshot = try await Self.plainSnapshot("signed-folder-manifest")
        defer { try? FileManager.default.removeItem(at: snapshot.work) }
        let reference = try snapshot.audit()
        let (files, taken) = try Self.manifest(of: snapshot)
        func member(_ path: String, _ digest: String) -> String { "\"\(path)\": \"\(digest)\"" }

        // `taken` first, the files in reverse order, a key with an escaped slash: the strict reader's path.
        let reversed = files.sorted { $0.key > $1.key }.enumerated().map { position, file in
            member(position == 0 ? file.key.replacingOccurrences(of: "/", with: "\\/") : file.key, file.value)
        }
        try await Self.writeManifest(
            "{\"taken\": \"\(taken)\", \"files\": {\(reversed.joined(separator: ", "))}}\n",
            of: snapshot
        )
        let rewritten = try snapshot.audit()
        #expect(rewritten.exitCode == reference.exitCode)
        for format in [ReportRenderer.Format.json, .markdown] {
            #expect(
                ReportRenderer.render(rewritten, format: format) == ReportRenderer.render(reference, format: format)
            )
        }

        // A file listed twice (JSON leaves the meaning of a repeated key open) is refused, in either form.
        let sorted = files.sorted { $0.key < $1.key }
        let repeated = sorted.map { member($0.key, $0.value) } + [member(sorted[0].key, sorted[0].value)]
        for text in [
            "{\"files\": {\(repeated.joined(separator: ", "))}, \"taken\": \"\(taken)\"}\n",
            "{\"taken\": \"\(taken)\", \"files\": {\(repeated.joined(separator: ", "))}}\n",
        ] {
            try await Self.writeManifest(text, of: snapshot)
            let twice = #expect(throws: AuditError.self) { try snapshot.audit() }
            #expect(twice?.code == .databaseUnusable)
            #expect(
                twice?.message == "\(snapshot.database)/snapshot.json: field 'files' names '\(sorted[0].key)' twice"
            )
        }

        // A repeated field: two `files` maps (readers might take either) or two `taken` dates.
        let members = sorted.map { member($0.key, $0.value) }.joined(separator: ", ")
        for (text, field) in [
            ("{\"files\": {\(members)}, \"taken\": \"\(taken)\", \"files\": {}}\n", "files"),
            ("{\"taken\": \"\(taken)\", \"files\": {\(members)}, \"taken\": \"2020-01-01T00:00:00Z\"}\n", "taken"),
        ] {
            try await Self.writeManifest(text, of: snapshot)
            let twice = #expect(throws: AuditError.self) { try snapshot.audit() }
            #expect(twice?.message == "\(snapshot.database)/snapshot.json: field '\(field)' appears twice")
        }

        // An entry naming a file outside the folder (which exists, and hashes right) is missing, never read.
        let outside = try Data(contentsOf: URL(fileURLWithPath: snapshot.database + "/" + sorted[0].key))
        try outside.write(to: URL(fileURLWithPath: snapshot.work.path + "/outside.json"))
        let escaping = sorted.map { member($0.key, $0.value) } + [member("../outside.json", sorted[0].value)]
        try await Self.writeManifest(
            "{\"files\": {\(escaping.joined(separator: ", "))}, \"taken\": \"\(taken)\"}\n",
            of: snapshot
        )
        let missing = #expect(throws: AuditError.self) { try snapshot.audit() }
        #expect(missing?.message == "\(snapshot.database)/../outside.json: listed in the signed manifest but missing")
    }
}
