import Audit
import Minisign

/// `seal gate` as one call, for deploy pipelines: the bundle must verify (``ReleaseVerification``) and its
/// CycloneDX SBOM must pass the audit with the database the deployer has today, not the one the release was
/// built with.
public enum DeployGate {
    /// What to gate.
    public struct Request: Sendable {
        /// The bundle folder.
        public var directory: String
        /// The trusted release key.
        public var publicKey: PublicKey
        /// The audit's policy, database and day; its `input` is replaced by the bundle's CycloneDX SBOM.
        public var audit: AuditRequest

        /// A request.
        public init(directory: String, publicKey: PublicKey, audit: AuditRequest) {
            self.directory = directory
            self.publicKey = publicKey
            self.audit = audit
        }
    }

    /// The gate's verdict: the bundle's verification and, when it verified, the audit.
    public struct Verdict: Sendable {
        /// The bundle's verification.
        public let verification: ReleaseVerdict
        /// The audit of the bundle's CycloneDX SBOM; nil when the bundle did not verify (nothing unverified is
        /// audited).
        public let audit: AuditGate?

        /// Whether the deploy may go ahead.
        public var passes: Bool { verification.isVerified && audit?.passes == true }
    }

    /// Verifies the bundle, then audits its CycloneDX SBOM as the verification read it.
    /// - Throws: ``ReleaseError`` when the bundle cannot be read or holds no single CycloneDX SBOM to audit,
    ///   ``AuditError`` when the audit cannot be made (a malformed policy, an unusable or too-old database).
    public static func check(_ request: Request) throws -> Verdict {
        let bundle = try ReleaseVerification.read(.init(directory: request.directory, publicKey: request.publicKey))
        guard bundle.isVerified else { return Verdict(verification: bundle.verdict, audit: nil) }
        return Verdict(verification: bundle.verdict, audit: try audit(bundle, with: request.audit))
    }

    /// Audits the CycloneDX SBOM of a verified bundle: the bytes whose digests and signature were checked,
    /// handed to the audit as ``AuditRequest/inputContents``; the SBOM's file is never opened again, so a
    /// file swapped on disk after the verification is not what the gate decides on.
    /// - Parameters:
    ///   - bundle: a bundle ``ReleaseVerification/read(_:)`` verified.
    ///   - request: the audit's policy, database and day; its `input` and `inputContents` are replaced.
    /// - Throws: ``ReleaseError/Code/negative`` for a bundle that did not verify (nothing unverified is
    ///   audited), ``ReleaseError/Code/badInput`` when it holds no single CycloneDX SBOM, ``AuditError`` when
    ///   the audit cannot be made.
    public static func audit(_ bundle: VerifiedBundle, with request: AuditRequest) throws -> AuditGate {
        guard bundle.isVerified else {
            throw ReleaseError(.negative, "\(bundle.directory): the bundle does not verify; it is not audited")
        }
        let sboms = bundle.verdict.files.filter { $0.hasSuffix(ReleaseBundle.cycloneDXSuffix) }
        guard sboms.count == 1, let contents = bundle.documents[sboms[0]] else {
            throw ReleaseError(
                .badInput,
                "\(bundle.directory): the gate audits the bundle's one CycloneDX SBOM (*.cdx.json); found "
                    + (sboms.isEmpty ? "none" : sboms.joined(separator: ", "))
            )
        }
        var audit = request
        audit.input = bundle.directory + "/" + sboms[0]
        audit.inputContents = contents
        return try AuditGate.check(audit)
    }
}
