import Foundation
import Sodium
import Testing

@testable import Minisign

/// Key material stays in SecureBytes and never surfaces in a description or an error.
@Suite struct SecretHygieneTests {
    private func loadPlain() throws -> SecretKey {
        try SecretKey.load(fileContents: Fixture.bytes("plain.key"), source: "plain.key") {
            try SecureBytes(copying: [0])
        }
    }

    @Test func descriptionsNameTheKeyIDOnly() throws {
        let key = try loadPlain()
        let seedHex = key.secret.withUnsafeBytes { $0.prefix(32).map { String(format: "%02x", $0) }.joined() }
        for text in ["\(key)", String(reflecting: key), "\(key.secret)", "\(KeyFileSigner(secretKey: key))"] {
            #expect(!text.lowercased().contains(seedHex.prefix(16)))
            #expect(!text.contains("["), "no byte arrays in \(text)")
        }
        #expect("\(key)".contains(key.keyID.description))
    }

    @Test func wrongPasswordErrorNeverContainsThePassword() throws {
        let key = try SecretKey.generate()
        let password = try SecureBytes(copying: Array("the-right-one".utf8))
        let text = try key.fileContents(protection: .password(password, .interactive))
        #expect {
            try SecretKey.load(fileContents: Array(text.utf8), source: "k.key") {
                try SecureBytes(copying: Array("guess-number-1".utf8))
            }
        } throws: { error in
            let message = "\(error)"
            return (error as? MinisignError)?.code == .wrongPassword && !message.contains("guess-number-1")
                && !message.contains("the-right-one")
        }
    }

    @Test func encryptedKeyRoundTripsAndUnencryptedKeyHasAValidChecksum() throws {
        let key = try SecretKey.generate()
        let password = try SecureBytes(copying: Array("pw".utf8))
        let encrypted = try key.fileContents(protection: .password(password, .interactive))
        let back = try SecretKey.load(fileContents: Array(encrypted.utf8), source: "k") { password }
        #expect(back.secret.constantTimeEquals(key.secret))
        #expect(back.keyID == key.keyID)
        let plain = try key.fileContents(protection: .none)
        #expect(!(try SecretKey.isEncrypted(fileContents: Array(plain.utf8), source: "k")))
        let raw = [UInt8](Data(base64Encoded: String(plain.split(separator: "\n")[1]))!)
        #expect(raw[6..<54].allSatisfy { $0 == 0 }, "salt and limits are zero for -W keys")
        #expect(Array(raw[126..<158]) == key.checksum(), "a valid checksum is written")
    }

    @Test func releasedSecretIsWipedThroughItsOwner() throws {
        // The owner wipes before it frees: `wipe()` is what deinit's sodium_free also does; check it on a live
        // object, since reading freed memory would itself be the bug.
        let key = try SecretKey.generate()
        #expect(key.secret.withUnsafeBytes { !$0.allSatisfy { $0 == 0 } })
        key.secret.wipe()
        #expect(key.secret.withUnsafeBytes { $0.allSatisfy { $0 == 0 } })
    }
}
