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
    /// The longest line 1 minisign 0.11 reads (bytes before the LF, a CR counted): its buffer holds 1024 bytes
    /// with the LF and the NUL; a longer line is "Untrusted signature comment too long".
    static let untrustedLineMaxBytes = 1022
    /// The longest line 3 minisign 0.11 reads (bytes before the LF, a CR counted); a longer line is "Trusted
    /// comment too long".
    static let trustedLineMaxBytes = 8190
    /// The longest comment signify reads (after `untrusted comment: `); a longer one is "comment too long".
    static let signifyCommentMaxBytes = 1023

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

    /// Parses a minisign signature file (four lines) in minisign's order of checks.
    ///
    /// A two-line file is refused as minisign refuses it ("trusted comment not present"): it is a signify
    /// signature, or a minisign signature cut down to look like one, and is read only by
    /// ``init(signifyFileContents:source:)``. Base64 lines are taken as written (no surrounding blanks), as
    /// minisign takes them; lines after the fourth are ignored, as minisign ignores them.
    /// - Throws: ``MinisignError/Code/malformedSignature`` naming the line, or
    ///   ``MinisignError/Code/unsupportedAlgorithm``.
    public init(fileContents: [UInt8], source: String) throws(MinisignError) {
        let lines = Base64Lines.lines(fileContents)
        let stored = Base64Lines.storedLengths(fileContents)
        if let length = stored.first, length > Self.untrustedLineMaxBytes {
            throw MinisignError(
                .malformedSignature,
                "\(source) line 1: the untrusted comment line is \(length) bytes; minisign reads at most "
                    + "\(Self.untrustedLineMaxBytes)"
            )
        }
        if stored.count >= 3, stored[2] > Self.trustedLineMaxBytes {
            throw MinisignError(
                .malformedSignature,
                "\(source) line 3: the trusted comment line is \(stored[2]) bytes; minisign reads at most "
                    + "\(Self.trustedLineMaxBytes)"
            )
        }
        let (algorithm, keyID, signature, untrusted) = try Self.firstTwoLines(lines, source: source)
        guard lines.count >= 3 else {
            throw MinisignError(
                .malformedSignature,
                "\(source): trusted comment not present (line 3); a two-line signify signature is read only "
                    + "with --signify"
            )
        }
        guard lines[2].hasPrefix(Base64Lines.trustedPrefix) else {
            throw MinisignError(.malformedSignature, "\(source) line 3: must start with \"trusted comment: \"")
        }
        let trusted = String(lines[2].dropFirst(Base64Lines.trustedPrefix.count))
        guard lines.count >= 4 else {
            throw MinisignError(.malformedSignature, "\(source): truncated after line 3 (no global signature)")
        }
        guard let global = Base64Lines.decode(lines[3], size: 64) else {
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

    /// Parses a signify signature file: exactly two lines, each ending in LF, the `Ed` algorithm, canonical
    /// base64, a comment of at most 1023 bytes (signify's limits), no trusted comment.
    ///
    /// Stricter than signify, which reads the first two lines of any file and skips blanks inside base64: a
    /// file with more lines, or blanks or CRs in its base64, is refused, so a minisign signature is never
    /// taken for a signify one without its trusted comment.
    /// - Throws: ``MinisignError/Code/malformedSignature`` naming the line, or
    ///   ``MinisignError/Code/unsupportedAlgorithm``.
    public init(signifyFileContents: [UInt8], source: String) throws(MinisignError) {
        let lines = Base64Lines.lines(signifyFileContents)
        if let length = Base64Lines.storedLengths(signifyFileContents).first,
            length > Base64Lines.untrustedPrefix.utf8.count + Self.signifyCommentMaxBytes
        {
            throw MinisignError(
                .malformedSignature,
                "\(source) line 1: the comment is longer than signify's \(Self.signifyCommentMaxBytes) bytes"
            )
        }
        let (algorithm, keyID, signature, untrusted) = try Self.firstTwoLines(lines, source: source)
        guard algorithm == .legacy else {
            throw MinisignError(
                .unsupportedAlgorithm,
                "\(source) line 2: a signify signature uses the Ed algorithm (this is a prehashed minisign one)"
            )
        }
        guard lines.count == 2 else {
            throw MinisignError(
                .malformedSignature,
                "\(source) line 3: a signify signature has two lines (is this a minisign signature?)"
            )
        }
        guard signifyFileContents.last == 0x0A else {
            throw MinisignError(.malformedSignature, "\(source) line 2: does not end with a newline, as signify needs")
        }
        guard Base64Lines.encode([0x45, 0x64] + keyID.bytes + signature) == lines[1] else {
            throw MinisignError(.malformedSignature, "\(source) line 2: not canonical base64, as signify needs")
        }
        self.init(
            algorithm: .legacy,
            keyID: keyID,
            signature: signature,
            untrustedComment: untrusted,
            trustedComment: nil,
            globalSignature: nil
        )
    }

    private static func firstTwoLines(
        _ lines: [String],
        source: String
    ) throws(MinisignError) -> (Algorithm, KeyID, [UInt8], String) {
        guard let first = lines.first, first.hasPrefix(Base64Lines.untrustedPrefix) else {
            throw MinisignError(.malformedSignature, "\(source) line 1: must start with \"untrusted comment: \"")
        }
        guard lines.count >= 2 else {
            throw MinisignError(.malformedSignature, "\(source): truncated after line 1 (no signature line)")
        }
        guard let raw = Base64Lines.decode(lines[1], size: 74) else {
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
        return (algorithm, KeyID(bytes: Array(raw[2..<10])), Array(raw[10..<74]), untrusted)
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
