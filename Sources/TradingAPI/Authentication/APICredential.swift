import Foundation
import Sodium

/// How one API key proves its requests: an HMAC-SHA256 secret, or an Ed25519 public key.
///
/// The HMAC secret lives in ``SecureBytes`` (locked, wiped on release); `description` never shows it.
public enum APICredential: Sendable, CustomStringConvertible {
    /// HMAC-SHA256 with this secret; the signature is hex, case-insensitive.
    case hmacSHA256(secret: SecureBytes)
    /// Ed25519 with this 32-byte public key; the signature is base64 (percent-encoded in the request).
    case ed25519(publicKey: [UInt8])

    /// The kind of key, never its material.
    public var description: String {
        switch self {
        case .hmacSHA256: "HMAC-SHA256 key (secret redacted)"
        case .ed25519: "Ed25519 key"
        }
    }

    /// An Ed25519 key from a PEM `PUBLIC KEY` (SubjectPublicKeyInfo, RFC 8410), as Binance asks API users to
    /// register and as `BOT4_API_ED25519_PUBLIC_KEY_FILE` holds.
    /// - Throws: ``APICredentialError`` when the text is not exactly one Ed25519 public key.
    public static func ed25519(pem: String) throws(APICredentialError) -> APICredential {
        let lines = pem.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard lines.count >= 3, lines.first == "-----BEGIN PUBLIC KEY-----", lines.last == "-----END PUBLIC KEY-----"
        else { throw APICredentialError(.malformedPEM, "expected one PEM block labelled PUBLIC KEY") }
        let body = lines.dropFirst().dropLast().joined()
        guard let der = Data(base64Encoded: body).map(Array.init) else {
            throw APICredentialError(.malformedPEM, "the PEM body is not base64")
        }
        guard der.count == ed25519SPKIPrefix.count + Ed25519.publicKeyBytes,
            Array(der.prefix(ed25519SPKIPrefix.count)) == ed25519SPKIPrefix
        else { throw APICredentialError(.notEd25519, "the PEM key is not an Ed25519 SubjectPublicKeyInfo") }
        return .ed25519(publicKey: Array(der.suffix(Ed25519.publicKeyBytes)))
    }

    /// DER of `SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }` before the key bytes.
    static let ed25519SPKIPrefix: [UInt8] = [
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ]
}
