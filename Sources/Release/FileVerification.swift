import Foundation
import Minisign

/// `seal verify` as one call: a file against its minisign (or signify) signature, optionally handing out
/// exactly the bytes that were verified.
public enum FileVerification {
    /// What to verify.
    public struct Request: Sendable {
        /// The signed file.
        public var file: String
        /// The signature file.
        public var signatureFile: String
        /// The trusted key.
        public var publicKey: PublicKey
        /// Whether legacy (non-prehashed) minisign signatures are accepted.
        public var allowLegacy: Bool
        /// Whether the signature file is read as a two-line signify signature (never inferred from its shape:
        /// a minisign signature cut to two lines must not pass as one).
        public var signify: Bool

        /// A request.
        public init(
            file: String,
            signatureFile: String,
            publicKey: PublicKey,
            allowLegacy: Bool = false,
            signify: Bool = false
        ) {
            self.file = file
            self.signatureFile = signatureFile
            self.publicKey = publicKey
            self.allowLegacy = allowLegacy
            self.signify = signify
        }
    }

    /// Verifies `request.file`. With `verifiedBytes`, the file is spooled to an unlinked temporary file
    /// while it is hashed, and the spool is handed to `verifiedBytes` in chunks only after a positive verdict:
    /// what it receives is exactly what was checked, even if the file changes meanwhile.
    /// - Throws: ``ReleaseError`` (an unreadable signature or spool), `MinisignError` (a malformed
    ///   signature, an unreadable file); a signature that does not verify is a verdict, not an error.
    public static func verify(
        _ request: Request,
        verifiedBytes: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws -> Verification {
        let contents = try ReleaseInput.read(request.signatureFile, what: "the signature", limit: 16 * 1024)
        let signature =
            request.signify
            ? try Signature(signifyFileContents: contents, source: request.signatureFile)
            : try Signature(fileContents: contents, source: request.signatureFile)
        let verifier = Verifier(publicKey: request.publicKey, allowLegacy: request.allowLegacy)
        let spool: UnsafeMutablePointer<FILE>? = verifiedBytes != nil ? tmpfile() : nil
        if verifiedBytes != nil && spool == nil {
            throw ReleaseError(.io, "cannot create a temporary file for -o")
        }
        defer { if let spool { fclose(spool) } }
        let verdict = try verifier.verify(signature, file: request.file) { chunk in
            guard let spool else { return }
            guard fwrite(chunk.baseAddress, 1, chunk.count, spool) == chunk.count else {
                throw ReleaseError(.io, "cannot write the temporary copy for -o")
            }
        }
        guard verdict.isVerified, let spool, let verifiedBytes else { return verdict }
        rewind(spool)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buffer, 1, buffer.count, spool)
            if n == 0 { break }
            buffer.withUnsafeBytes { verifiedBytes(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        return verdict
    }
}
