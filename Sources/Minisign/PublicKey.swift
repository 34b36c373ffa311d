/// A minisign (or signify) Ed25519 public key: `"Ed" || keyID[8] || key[32]`, 42 bytes in base64.
public struct PublicKey: Hashable, Sendable {
    /// The key identifier.
    public let keyID: KeyID
    /// The 32-byte Ed25519 public key.
    public let key: [UInt8]

    /// Creates a public key from its parts.
    public init(keyID: KeyID, key: [UInt8]) {
        precondition(key.count == 32, "an Ed25519 public key has 32 bytes")
        self.keyID = keyID
        self.key = key
    }

    /// The 42 encoded bytes.
    public var encoded: [UInt8] { Array("Ed".utf8) + keyID.bytes + key }

    /// The base64 string `-P` takes.
    public var base64: String { Base64Lines.encode(encoded) }

    /// Parses the base64 string that `-P` takes (line 2 of a public key file).
    /// - Throws: ``MinisignError/Code/malformedPublicKey`` or ``MinisignError/Code/unsupportedAlgorithm``.
    public init(base64: String, source: String = "the public key") throws(MinisignError) {
        let trimmed = base64.trimmingWhitespace()
        guard let bytes = Base64Lines.decode(trimmed, size: 42) else {
            throw MinisignError(.malformedPublicKey, "\(source): not a base64 encoding of 42 bytes")
        }
        guard bytes[0] == 0x45, bytes[1] == 0x64 else {
            throw MinisignError(.unsupportedAlgorithm, "\(source): unsupported key algorithm (expected Ed)")
        }
        self.init(keyID: KeyID(bytes: Array(bytes[2..<10])), key: Array(bytes[10..<42]))
    }

    /// Parses a public key file as minisign and signify write it: a comment line (not checked, as minisign
    /// does not check it), then the base64 line.
    public init(fileContents: [UInt8], source: String) throws(MinisignError) {
        let lines = Base64Lines.lines(fileContents)
        guard lines.count >= 2 else {
            throw MinisignError(.malformedPublicKey, "\(source): a public key file has a comment line and a key line")
        }
        guard lines[0].hasPrefix(Base64Lines.untrustedPrefix) else {
            throw MinisignError(.malformedPublicKey, "\(source): line 1 must start with \"untrusted comment: \"")
        }
        try self.init(base64: lines[1], source: "\(source) line 2")
    }

    /// The file minisign 0.11 writes: `untrusted comment: minisign public key <KEYID>` and the key line.
    public func fileContents(comment: String? = nil) -> String {
        let line1 = comment ?? "minisign public key \(keyID)"
        return Base64Lines.untrustedPrefix + line1 + "\n" + base64 + "\n"
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
