import Digest
import Foundation
import JSON
import Minisign

/// `seal advisories update`: fetches OSV exports, checks them, and replaces an advisory snapshot folder
/// with a new signed one, all or nothing.
///
/// The new snapshot is built in a staging folder beside the old one: the records (`<ecosystem>/<ID>.json`,
/// bytes as published), the package index (``AdvisoryPackageIndex``), `snapshot.json` (the date taken, the
/// sources, the SHA-256 of every record file and of the index) and its minisign signature. Only when all
/// of it is written and synced does it take the old folder's place (one `renameat2(RENAME_EXCHANGE)`), so a
/// run that fails half-way leaves the previous snapshot as it was. The layout is the one
/// ``AdvisoryDatabase/load(path:publicKey:packages:)`` verifies.
public struct AdvisorySnapshotUpdater: Sendable {
    /// The snapshot folder to replace (created if absent).
    public var destination: String
    /// The exports to read.
    public var sources: [AdvisoryExportSource]
    /// Bounds on each export.
    public var limits: OSVExportLimits
    /// How long one download may take.
    public var timeout: Duration

    /// What a finished update reports.
    public struct Summary: Sendable {
        /// Records written, per snapshot folder.
        public var recordCounts: [String: Int]
        /// Entries set aside, with their reasons.
        public var rejected: [String]
        /// The manifest written.
        public var manifest: SnapshotManifest
        /// The key id the snapshot is signed with.
        public var keyID: KeyID
    }

    /// Creates an updater.
    public init(
        destination: String,
        sources: [AdvisoryExportSource],
        limits: OSVExportLimits = OSVExportLimits(),
        timeout: Duration = .seconds(600)
    ) {
        self.destination = destination
        self.sources = sources
        self.limits = limits
        self.timeout = timeout
    }

    /// Fetches, checks, writes, signs with `signer`, and swaps the new snapshot into place.
    /// - Parameters:
    ///   - taken: the snapshot's date (now, unless a test fixes it).
    ///   - beforeSwap: called with the staging folder when everything is written, before the swap (a test's
    ///     fault-injection point; production passes nothing).
    /// - Throws: ``AuditError`` naming the source and the problem; the destination is then untouched.
    public func update(
        signer: some Signer,
        taken: Date = Date(),
        beforeSwap: (String) throws -> Void = { _ in }
    ) async throws -> Summary {
        let target = URL(fileURLWithPath: destination).standardizedFileURL
        let parent = target.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent) else {
            throw AuditError(.io, "\(parent): the folder for the snapshot does not exist")
        }
        let staging = parent + "/.\(target.lastPathComponent).staging-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw AuditError(.io, "\(staging): cannot create the staging folder")
        }
        var swapped = false
        defer { if !swapped { try? FileManager.default.removeItem(atPath: staging) } }

        var files: [String: String] = [:]
        var counts: [String: Int] = [:]
        var rejected: [String] = []
        var index = AdvisoryPackageIndex()
        for source in sources {
            let export = try await read(source, staging: staging)
            rejected += export.rejected
            let folder = staging + "/" + source.folder
            try createFolder(folder)
            for entry in export.entries {
                let relative = source.folder + "/" + OSVExportArchive.fileName(of: entry.id)
                try write(entry.bytes, to: staging + "/" + relative)
                files[relative] = HashFunction.hash(.sha256, entry.bytes).hexString
                index.add(entry.record, file: relative)
            }
            counts[source.folder] = export.entries.count
        }
        let indexBytes = index.jsonLines
        try write(indexBytes, to: staging + "/" + AdvisoryPackageIndex.fileName)
        if let readme = FileManager.default.contents(atPath: destination + "/README.md") {
            try write([UInt8](readme), to: staging + "/README.md")
        }
        let manifest = SnapshotManifest(
            taken: taken,
            source: sources.map(\.description).joined(separator: ", "),
            files: files
        )
        let manifestBytes = Self.manifestJSON(
            manifest,
            index: HashFunction.hash(.sha256, indexBytes).hexString,
            counts: counts
        )
        try write(manifestBytes, to: staging + "/" + SnapshotManifest.fileName)
        let signature = try await Minisign.sign(
            file: staging + "/" + SnapshotManifest.fileName,
            signer: signer,
            trustedComment: "timestamp:\(Int(taken.timeIntervalSince1970))\tfile:\(SnapshotManifest.fileName)\thashed"
        )
        try write(Array(signature.fileContents.utf8), to: staging + "/" + SnapshotManifest.signatureFileName)
        try beforeSwap(staging)
        try SnapshotSwap.replace(destination: target.path, with: staging)
        swapped = true
        return Summary(recordCounts: counts, rejected: rejected, manifest: manifest, keyID: signer.keyID)
    }

    /// Downloads (or opens) one export into the staging folder and reads it.
    private func read(_ source: AdvisoryExportSource, staging: String) async throws(AuditError) -> OSVExportArchive {
        switch source.location {
        case .file(let path):
            return try OSVExportArchive(path: path, limits: limits)
        case .url(let url):
            let download = staging + "/.download-" + source.folder + ".zip"
            try await AdvisoryDownloader.download(
                url,
                to: download,
                limit: limits.maximumArchiveBytes,
                timeout: timeout
            )
            defer { try? FileManager.default.removeItem(atPath: download) }
            return try OSVExportArchive(path: download, name: url, limits: limits)
        }
    }

    /// `snapshot.json`: the fields ``SnapshotManifest`` reads, plus the index's hash and the record counts.
    static func manifestJSON(_ manifest: SnapshotManifest, index: String, counts: [String: Int]) -> [UInt8] {
        JSONWriter.bytes(
            .object([
                ("taken", .string(manifest.taken.formatted(Date.ISO8601FormatStyle()))),
                ("source", .string(manifest.source)),
                ("files", .object(manifest.files.map { ($0.key, .string($0.value)) })),
                ("index", .object([("path", .string(AdvisoryPackageIndex.fileName)), ("sha256", .string(index))])),
                ("records", .object(counts.map { ($0.key, .integer($0.value)) })),
            ])
        )
    }

    private func createFolder(_ path: String) throws(AuditError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw AuditError(.io, "\(path): cannot create the folder")
        }
    }

    /// Writes a file of the staging folder (the folder as a whole is what appears atomically).
    private func write(_ bytes: [UInt8], to path: String) throws(AuditError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw AuditError(.io, "\(path): cannot write")
        }
    }
}
