/// A minisign signature file (four lines) or a signify signature file (two lines).
public struct Signature: Hashable, Sendable {
    /// How the message was signed.
    public enum Algorithm: Hashable, Sendable {
        /// `ED`: Ed25519 over BLAKE2b-512 of the file (minisign's default since 0.10).
        case prehashed
        /// `Ed`: Ed25519 over the raw file (legacy minisign, and signify).
        case legacy
    }

    /// The algorithm.
    public let algorithm: Algorithm
    /// The signing key's identifier.
    public let keyID: KeyID
    /// The 64-byte Ed25519 signature over the message or its digest.
    public let signature: [UInt8]
    /// Line 1's text after `untrusted comment: ` (not signed).
    public let untrustedComment: String
    /// The trusted comment; `nil` for a signify signature, which has none.
    public let trustedComment: String?
    /// The 64-byte signature over `signature || trustedComment`; `nil` for signify.
    public let globalSignature: [UInt8]?

    /// The default untrusted comment minisign writes.
    public static let defaultUntrustedComment = "signature from minisign secret key"
    /// minisign's limit on the trusted comment (exclusive, with the prefix).
    public static let trustedCommentMaxBytes = 8192 - 18
    /// minisign's limit on the untrusted comment (exclusive, with the prefix).
    public static let untrustedCommentMaxBytes = 1024 - 20

    /// Creates a signature from its parts.
    public init(
        algorithm: Algorithm,
        keyID: KeyID,
        signature: [UInt8],
        untrustedComment: String,
        trustedComment: String?,
        globalSignature: [UInt8]?
    ) {
        self.algorithm = algorithm
        self.keyID = keyID
        self.signature = signature
        self.untrustedComment = untrustedComment
        self.trustedComment = trustedComment
        self.globalSignature = globalSignature
    }

    /// Whether this is a two-line signify signature.
    public var isSignify: Bool { trustedComment == nil }

    /// Parses a signature file in minisign's order of checks.
    /// - Throws: ``MinisignError/Code/malformedSignature`` naming the line, or
    ///   ``MinisignError/Code/unsupportedAlgorithm``.
    public init(fileContents: [UInt8], source: String) throws(MinisignError) {
        let lines = Base64Lines.lines(fileContents)
        guard let first = lines.first, first.hasPrefix(Base64Lines.untrustedPrefix) else {
            throw MinisignError(.malformedSignature, "\(source) line 1: must start with \"untrusted comment: \"")
        }
        guard lines.count >= 2 else {
            throw MinisignError(.malformedSignature, "\(source): truncated after line 1 (no signature line)")
        }
        guard let raw = Base64Lines.decode(lines[1].trimmingWhitespace(), size: 74) else {
            throw MinisignError(.malformedSignature, "\(source) line 2: not a base64 encoding of 74 bytes")
        }
        let algorithm: Algorithm
        switch (raw[0], raw[1]) {
        case (0x45, 0x44): algorithm = .prehashed
        case (0x45, 0x64): algorithm = .legacy
        default:
            throw MinisignError(.unsupportedAlgorithm, "\(source) line 2: unsupported signature algorithm")
        }
        let untrusted = String(first.dropFirst(Base64Lines.untrustedPrefix.count))
        let keyID = KeyID(bytes: Array(raw[2..<10]))
        let signature = Array(raw[10..<74])

        let rest = lines.dropFirst(2).filter { !$0.isEmpty }
        if rest.isEmpty {
            // signify: two lines, raw-message Ed25519, no trusted comment.
            guard algorithm == .legacy else {
                throw MinisignError(
                    .malformedSignature,
                    "\(source): a prehashed signature needs a trusted comment (line 3)"
                )
            }
            self.init(
                algorithm: .legacy,
                keyID: keyID,
                signature: signature,
                untrustedComment: untrusted,
                trustedComment: nil,
                globalSignature: nil
            )
            return
        }
        guard lines.count >= 3, lines[2].hasPrefix(Base64Lines.trustedPrefix) else {
            throw MinisignError(.malformedSignature, "\(source) line 3: must start with \"trusted comment: \"")
        }
        let trusted = String(lines[2].dropFirst(Base64Lines.trustedPrefix.count))
        guard lines.count >= 4 else {
            throw MinisignError(.malformedSignature, "\(source): truncated after line 3 (no global signature)")
        }
        guard let global = Base64Lines.decode(lines[3].trimmingWhitespace(), size: 64) else {
            throw MinisignError(.malformedSignature, "\(source) line 4: not a base64 encoding of 64 bytes")
        }
        self.init(
            algorithm: algorithm,
            keyID: keyID,
            signature: signature,
            untrustedComment: untrusted,
            trustedComment: trusted,
            globalSignature: global
        )
    }

    /// The file text, byte-identical to what minisign writes for the same contents.
    public var fileContents: String {
        let alg: [UInt8] = algorithm == .prehashed ? Array("ED".utf8) : Array("Ed".utf8)
        var text = Base64Lines.untrustedPrefix + untrustedComment + "\n"
        text += Base64Lines.encode(alg + keyID.bytes + signature) + "\n"
        if let trustedComment, let globalSignature {
            text += Base64Lines.trustedPrefix + trustedComment + "\n"
            text += Base64Lines.encode(globalSignature) + "\n"
        }
        return text
    }
}
