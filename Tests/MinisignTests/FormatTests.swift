import Foundation
import Sodium
import Testing

@testable import Minisign

/// Parsing and writing the file formats, against files the stock minisign and signify wrote.
@Suite struct FormatTests {
    @Test func publicKeyRoundTripsByteForByte() throws {
        let text = try Fixture.bytes("plain.pub")
        let key = try PublicKey(fileContents: text, source: "plain.pub")
        #expect(key.fileContents() == String(decoding: text, as: UTF8.self))
    }

    @Test func signatureRoundTripsByteForByte() throws {
        for name in ["message.prehashed.minisig", "message.legacy.minisig"] {
            let text = try Fixture.bytes(name)
            let signature = try Signature(fileContents: text, source: name)
            #expect(signature.fileContents == String(decoding: text, as: UTF8.self), "\(name)")
        }
        let signify = try Fixture.bytes("message.signify.sig")
        let signature = try Signature(signifyFileContents: signify, source: "message.signify.sig")
        #expect(signature.fileContents == String(decoding: signify, as: UTF8.self))
    }

    @Test func unencryptedKeyFromMinisignLoadsAndMatchesItsPublicKey() throws {
        let key = try SecretKey.load(fileContents: Fixture.bytes("plain.key"), source: "plain.key") {
            Issue.record("an unencrypted key must not ask for a password")
            return try SecureBytes(copying: [0])
        }
        let publicKey = try PublicKey(fileContents: Fixture.bytes("plain.pub"), source: "plain.pub")
        #expect(key.publicKey == publicKey)
    }

    /// The one test at minisign's `sensitive` scrypt limits (1 GiB, about 2 s): a key minisign encrypted.
    @Test func encryptedKeyFromMinisignDecryptsAtSensitiveLimits() throws {
        #expect(try SecretKey.isEncrypted(fileContents: Fixture.bytes("encrypted.key"), source: "encrypted.key"))
        let key = try SecretKey.load(fileContents: Fixture.bytes("encrypted.key"), source: "encrypted.key") {
            try SecureBytes(copying: Array("fixture-password".utf8))
        }
        let publicKey = try PublicKey(fileContents: Fixture.bytes("encrypted.pub"), source: "encrypted.pub")
        #expect(key.publicKey == publicKey)
    }

    @Test func signingReproducesMinisignByteForByte() async throws {
        let key = try SecretKey.load(fileContents: Fixture.bytes("plain.key"), source: "plain.key") {
            try SecureBytes(copying: [0])
        }
        let signature = try await Minisign.sign(
            file: Fixture.path("message.txt"),
            signer: KeyFileSigner(secretKey: key),
            trustedComment: "timestamp:1764000000\tfile:message.txt\thashed"
        )
        #expect(
            signature.fileContents == String(decoding: try Fixture.bytes("message.prehashed.minisig"), as: UTF8.self)
        )
    }
}
