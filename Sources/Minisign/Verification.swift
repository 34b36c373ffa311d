import Digest
import Sodium

/// The verdict of checking a signature: a value, not an error.
public enum Verification: Hashable, Sendable {
    /// Both signatures hold. `trustedComment` is `nil` for signify signatures.
    case verified(trustedComment: String?)
    /// The signature names another key.
    case keyIDMismatch(signature: KeyID, publicKey: KeyID)
    /// The signature over the file (or its digest) does not hold: the file or the signature was changed.
    case signatureInvalid
    /// The file's signature holds but the trusted comment was changed.
    case commentSignatureInvalid
    /// A legacy (non-prehashed) minisign signature and legacy signatures were not allowed.
    case legacyNotAllowed

    /// Whether the verdict is positive.
    public var isVerified: Bool {
        if case .verified = self { return true }
        return false
    }

    /// minisign's wording of the verdict.
    public var message: String {
        switch self {
        case .verified(let comment):
            comment == nil ? "Signature Verified" : "Signature and comment signature verified"
        case .keyIDMismatch(let sig, let pk):
            "Signature key id is \(sig.padded)\nbut the key id in the public key is \(pk.padded)"
        case .signatureInvalid: "Signature verification failed"
        case .commentSignatureInvalid: "Comment signature verification failed"
        case .legacyNotAllowed: "Legacy (non-prehashed) signature found; pass --allow-legacy to accept it"
        }
    }
}

/// Verifies signatures in minisign's order: algorithm policy, key id, file signature, comment signature.
public struct Verifier: Sendable {
    /// The trusted public key.
    public let publicKey: PublicKey
    /// Whether legacy `Ed` minisign signatures are accepted. A signify signature is legacy by nature and is
    /// verified as such: it is only ever read by ``Signature/init(signifyFileContents:source:)``, which a
    /// caller uses when signify signatures are what it asked for.
    public let allowLegacy: Bool

    /// Creates a verifier.
    public init(publicKey: PublicKey, allowLegacy: Bool = false) {
        self.publicKey = publicKey
        self.allowLegacy = allowLegacy
    }

    /// Verifies against a message held in memory.
    public func verify(_ signature: Signature, message: UnsafeRawBufferPointer) -> Verification {
        if let early = precheck(signature) { return early }
        let signed: [UInt8]
        switch signature.algorithm {
        case .prehashed:
            var hasher = BLAKE2b(outputLength: 64)
            hasher.update(message)
            signed = hasher.finalize()
            return finish(signature, signedMessage: signed)
        case .legacy:
            guard Ed25519.verify(signature: signature.signature, message: message, publicKey: publicKey.key) else {
                return .signatureInvalid
            }
            return checkComment(signature)
        }
    }

    /// Verifies against the BLAKE2b-512 of the signed file, computed elsewhere (``ArtifactDigests``'s
    /// `blake2b512`, from the same read as the file's other digests): a prehashed (`ED`) signature signs that
    /// digest, so the file is not read again. A legacy (`Ed`) signature signs the whole file, which a digest
    /// cannot check: it is ``Verification/legacyNotAllowed`` here whatever ``allowLegacy`` says (a caller
    /// that accepts legacy signatures verifies them against the message).
    public func verify(_ signature: Signature, prehash digest: [UInt8]) -> Verification {
        if signature.algorithm == .legacy { return .legacyNotAllowed }
        if let early = precheck(signature) { return early }
        guard digest.count == 64 else { return .signatureInvalid }
        return finish(signature, signedMessage: digest)
    }

    /// Verifies against a file, streaming it once. With `copy`, every chunk that was verified is also handed
    /// to `copy`, so a caller can output exactly the bytes that were checked (no re-open race).
    public func verify(
        _ signature: Signature,
        file path: String,
        copy: ((UnsafeRawBufferPointer) throws -> Void)? = nil
    ) throws -> Verification {
        if let early = precheck(signature) { return early }
        switch signature.algorithm {
        case .prehashed:
            var hasher = BLAKE2b(outputLength: 64)
            try FileHasher.stream(path: path) { chunk in
                hasher.update(chunk)
                try copy?(chunk)
            }
            return finish(signature, signedMessage: hasher.finalize())
        case .legacy:
            var whole: [UInt8] = []
            try FileHasher.stream(path: path) { chunk in
                whole.append(contentsOf: chunk)
                try copy?(chunk)
            }
            return whole.withUnsafeBytes { verify(signature, message: $0) }
        }
    }

    private func precheck(_ signature: Signature) -> Verification? {
        if signature.algorithm == .legacy && !signature.isSignify && !allowLegacy { return .legacyNotAllowed }
        if signature.keyID != publicKey.keyID {
            return .keyIDMismatch(signature: signature.keyID, publicKey: publicKey.keyID)
        }
        return nil
    }

    private func finish(_ signature: Signature, signedMessage: [UInt8]) -> Verification {
        guard Ed25519.verify(signature: signature.signature, message: signedMessage, publicKey: publicKey.key) else {
            return .signatureInvalid
        }
        return checkComment(signature)
    }

    private func checkComment(_ signature: Signature) -> Verification {
        guard let comment = signature.trustedComment, let global = signature.globalSignature else {
            return .verified(trustedComment: nil)
        }
        let payload = signature.signature + Array(comment.utf8)
        guard Ed25519.verify(signature: global, message: payload, publicKey: publicKey.key) else {
            return .commentSignatureInvalid
        }
        return .verified(trustedComment: comment)
    }
}
