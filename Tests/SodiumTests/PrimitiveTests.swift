import Testing

@testable import Sodium

@Suite struct PrimitiveTests {
    /// RFC 8032 section 7.1, test 2 (one-byte message 0x72).
    @Test func ed25519MatchesRFC8032() throws {
        let seed = hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")
        let publicKey = hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
        let expected = hex(
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        )
        let secret = try SecureBytes(copying: seed + publicKey)
        #expect(try Ed25519.derivedPublicKey(of: secret) == publicKey)
        let signature = try Ed25519.sign([0x72], secretKey: secret)
        #expect(signature == expected)
        #expect(Ed25519.verify(signature: signature, message: [0x72], publicKey: publicKey))
        #expect(!Ed25519.verify(signature: signature, message: [0x73], publicKey: publicKey))
        #expect(!Ed25519.verify(signature: Array(signature.dropLast()), message: [0x72], publicKey: publicKey))
    }

    /// BLAKE2b-512 of "abc" (RFC 7693 appendix A), streamed in pieces and one-shot.
    @Test func blake2bMatchesRFC7693() {
        let expected = hex(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
        )
        #expect(BLAKE2b.hash(Array("abc".utf8)) == expected)
        var streamed = BLAKE2b(outputLength: 64)
        streamed.update(Array("a".utf8))
        streamed.update(Array("bc".utf8))
        #expect(streamed.finalize() == expected)
    }

    @Test func scryptIsDeterministicAndPasswordSensitive() throws {
        let salt = [UInt8](repeating: 7, count: Scrypt.saltBytes)
        let a = try Scrypt.deriveKey(
            length: 32,
            password: SecureBytes(copying: Array("pw".utf8)),
            salt: salt,
            limits: .interactive
        )
        let b = try Scrypt.deriveKey(
            length: 32,
            password: SecureBytes(copying: Array("pw".utf8)),
            salt: salt,
            limits: .interactive
        )
        let c = try Scrypt.deriveKey(
            length: 32,
            password: SecureBytes(copying: Array("pX".utf8)),
            salt: salt,
            limits: .interactive
        )
        #expect(a.constantTimeEquals(b))
        #expect(!a.constantTimeEquals(c))
        #expect(throws: SodiumError(.invalidLength, "")) {
            try Scrypt.deriveKey(length: 32, password: SecureBytes(copying: [1]), salt: [1], limits: .interactive)
        }
    }

    @Test func randomBytesDiffer() {
        #expect(Sodium.randomBytes(32) != Sodium.randomBytes(32))
        #expect(Sodium.randomBytes(8).count == 8)
    }
}

func hex(_ string: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = string.startIndex
    while index < string.endIndex {
        let next = string.index(index, offsetBy: 2)
        out.append(UInt8(string[index..<next], radix: 16)!)
        index = next
    }
    return out
}
