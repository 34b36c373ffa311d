import Audit
import FileSystem
import Foundation
import Minisign

/// `seal advisories update` as one call: fetch the OSV exports, swap in a new signed snapshot, and (when no key
/// is given) rotate the snapshot key, writing the new public half where the policy's `signature-key` reads it.
public enum AdvisorySnapshotRefresh {
    /// What to refresh, from where, and with which key.
    public struct Request: Sendable {
        /// The snapshot folder to replace.
        public var database: String
        /// Mirrors or single exports (`--from`); empty: osv.dev's layout.
        public var from: [String]
        /// OSV ecosystems (`--ecosystem`); empty: the defaults of ``AdvisoryExportSource``.
        public var ecosystems: [String]
        /// The signing key; nil: a new key pair is made and its secret half discarded after signing.
        public var signingKey: SigningKey?
        /// Where a new key's public half goes (default `<database>.pub`); only without ``signingKey``.
        public var publicKeyPath: String?

        /// A request.
        public init(
            database: String,
            from: [String] = [],
            ecosystems: [String] = [],
            signingKey: SigningKey? = nil,
            publicKeyPath: String? = nil
        ) {
            self.database = database
            self.from = from
            self.ecosystems = ecosystems
            self.signingKey = signingKey
            self.publicKeyPath = publicKeyPath
        }
    }

    /// What a refresh did.
    public struct Outcome: Sendable {
        /// The updater's summary: records per folder, entries set aside, the manifest, the key id.
        public var summary: AdvisorySnapshotUpdater.Summary
        /// Where the rotated key's public half was written (nil when a key was given).
        public var publicKeyPath: String?
    }

    /// Refreshes the snapshot. The old snapshot stays as it was unless the new one is complete.
    /// - Throws: ``ReleaseError`` (`.badInput` for bad sources or keys, `.io` for a failed download, export or
    ///   write), keeping the cause as `underlying`; `MinisignError` for a bad key file or password.
    public static func run(
        _ request: Request,
        environment: [String: String],
        report: (String) -> Void = { _ in }
    ) async throws -> Outcome {
        let sources: [AdvisoryExportSource]
        do throws(AuditError) {
            sources = try AdvisoryExportSource.resolve(from: request.from, ecosystems: request.ecosystems)
        } catch {
            throw ReleaseError(.badInput, "", underlying: error)
        }
        let updater = AdvisorySnapshotUpdater(destination: request.database, sources: sources)
        if let signingKey = request.signingKey {
            let summary = try await signingKey.withSigner(environment: environment, report: report) { signer in
                try await update(updater, signer: signer)
            }
            return Outcome(summary: summary, publicKeyPath: nil)
        }
        let secretKey = try SecretKey.generate()
        let summary = try await update(updater, signer: KeyFileSigner(secretKey: secretKey))
        let publicKeyPath = request.publicKeyPath ?? trimmedSlash(request.database) + ".pub"
        do {
            try AtomicFile.write(secretKey.publicKey.fileContents(), to: publicKeyPath)
        } catch {
            // The snapshot is already in place: say which public key verifies it (public, not secret).
            throw ReleaseError(
                .io,
                "the new snapshot is in place, signed by key \(summary.keyID.padded) (public key "
                    + "\(secretKey.publicKey.base64)), but its public key cannot be written",
                underlying: error
            )
        }
        return Outcome(summary: summary, publicKeyPath: publicKeyPath)
    }

    private static func update(
        _ updater: AdvisorySnapshotUpdater,
        signer: some Signer
    ) async throws -> AdvisorySnapshotUpdater.Summary {
        do {
            return try await updater.update(signer: signer)
        } catch let error as AuditError {
            throw ReleaseError(error.code == .malformedInput ? .badInput : .io, "", underlying: error)
        }
    }

    private static func trimmedSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
