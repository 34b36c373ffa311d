import Digest
import Foundation
import Sodium

/// Signing and verifying files in minisign's format.
public enum Minisign {
    /// The default trusted comment minisign writes: `timestamp:<unix>\tfile:<basename>\thashed`.
    public static func defaultTrustedComment(fileName: String, timestamp: Int) -> String {
        "timestamp:\(timestamp)\tfile:\(fileName)\thashed"
    }

    /// BLAKE2b-512 of a file, streamed (minisign's prehash).
    public static func prehash(path: String) throws -> [UInt8] {
        var hasher = BLAKE2b(outputLength: 64)
        try FileHasher.stream(path: path) { hasher.update($0) }
        return hasher.finalize()
    }

    /// Signs a digest computed elsewhere (prehashed `ED`), asking `signer` for both signatures.
    /// - Throws: ``MinisignError/Code/invalidComment`` for a comment minisign would refuse, or the signer's error.
    public static func sign(
        prehash digest: [UInt8],
        signer: some Signer,
        trustedComment: String,
        untrustedComment: String = Signature.defaultUntrustedComment
    ) async throws -> Signature {
        precondition(digest.count == 64, "the prehash is BLAKE2b-512")
        try Base64Lines.validateComment(
            trustedComment,
            field: "the trusted comment",
            maxBytes: Signature.trustedCommentMaxBytes
        )
        try Base64Lines.validateComment(
            untrustedComment,
            field: "the untrusted comment",
            maxBytes: Signature.untrustedCommentMaxBytes
        )
        let signature = try await signer.sign(digest)
        let global = try await signer.sign(signature + Array(trustedComment.utf8))
        return Signature(
            algorithm: .prehashed,
            keyID: signer.keyID,
            signature: signature,
            untrustedComment: untrustedComment,
            trustedComment: trustedComment,
            globalSignature: global
        )
    }

    /// Signs a file (prehashed `ED`). The trusted comment defaults to minisign's.
    public static func sign(
        file path: String,
        signer: some Signer,
        trustedComment: String? = nil,
        untrustedComment: String? = nil,
        now: Date = Date()
    ) async throws -> Signature {
        let digest = try prehash(path: path)
        let name = URL(fileURLWithPath: path).lastPathComponent
        return try await sign(
            prehash: digest,
            signer: signer,
            trustedComment: trustedComment
                ?? defaultTrustedComment(fileName: name, timestamp: Int(now.timeIntervalSince1970)),
            untrustedComment: untrustedComment ?? Signature.defaultUntrustedComment
        )
    }
}
