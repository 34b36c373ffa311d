import Foundation
import Sodium
import Testing

@testable import Minisign

/// Every way a signature or key file could be read as a weaker format than it claims, refused.
@Suite struct DowngradeTests {
    private func lines(_ name: String) throws -> [String] {
        String(decoding: try Fixture.bytes(name), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    private func bytes(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

    private func expectCode(_ code: MinisignError.Code, _ body: () throws -> Void) {
        #expect {
            try body()
        } throws: { error in
            (error as? MinisignError)?.code == code
        }
    }

    /// A legacy minisign signature cut to its first two lines is a valid signify signature by shape; it was
    /// verified without --allow-legacy and without its trusted comment.
    @Test func aMinisignSignatureCutToTwoLinesIsRefused() throws {
        for name in ["message.legacy.minisig", "message.prehashed.minisig", "message.signify.sig"] {
            let cut = Array(try lines(name).prefix(2))
            expectCode(.malformedSignature) { _ = try Signature(fileContents: bytes(cut), source: name) }
            // With CRLF endings, without the final newline, or with blank lines after it: still refused.
            let crlf = Array((cut.joined(separator: "\r\n") + "\r\n").utf8)
            expectCode(.malformedSignature) { _ = try Signature(fileContents: crlf, source: name) }
            expectCode(.malformedSignature) {
                _ = try Signature(fileContents: Array(cut.joined(separator: "\n").utf8), source: name)
            }
            expectCode(.malformedSignature) { _ = try Signature(fileContents: bytes(cut + ["", ""]), source: name) }
        }
    }

    @Test func theTrustedCommentCannotBeDroppedOrBlanked() throws {
        let full = try lines("message.legacy.minisig")
        expectCode(.malformedSignature) { _ = try Signature(fileContents: bytes(Array(full.prefix(3))), source: "s") }
        expectCode(.malformedSignature) {
            _ = try Signature(fileContents: bytes([full[0], full[1], "", full[3]]), source: "s")
        }
        expectCode(.malformedSignature) {
            _ = try Signature(fileContents: bytes([full[0], full[1], full[3], full[2]]), source: "s")
        }
    }

    @Test func signifyReadingIsExplicitAndTakesOnlyTwoLineEdSignatures() throws {
        let signify = try Signature(signifyFileContents: Fixture.bytes("message.signify.sig"), source: "sig")
        #expect(signify.isSignify)
        #expect(signify.algorithm == .legacy)
        // A four-line minisign signature is not read as signify (that would drop its trusted comment).
        expectCode(.malformedSignature) {
            _ = try Signature(signifyFileContents: Fixture.bytes("message.legacy.minisig"), source: "sig")
        }
        // A prehashed signature cut to two lines is no signify signature either.
        let prehashed = Array(try lines("message.prehashed.minisig").prefix(2))
        expectCode(.unsupportedAlgorithm) { _ = try Signature(signifyFileContents: bytes(prehashed), source: "sig") }
    }

    @Test func aParsedMinisignSignatureAlwaysCarriesItsTrustedComment() throws {
        for name in ["message.legacy.minisig", "message.prehashed.minisig"] {
            let signature = try Signature(fileContents: Fixture.bytes(name), source: name)
            #expect(!signature.isSignify)
            #expect(signature.trustedComment != nil && signature.globalSignature != nil)
        }
    }

    @Test func legacyStillNeedsAllowLegacy() throws {
        let key = try PublicKey(fileContents: Fixture.bytes("plain.pub"), source: "plain.pub")
        let signature = try Signature(fileContents: Fixture.bytes("message.legacy.minisig"), source: "s")
        #expect(try Verifier(publicKey: key).verify(signature, file: Fixture.path("message.txt")) == .legacyNotAllowed)
        #expect(
            try Verifier(publicKey: key, allowLegacy: true).verify(signature, file: Fixture.path("message.txt"))
                .isVerified
        )
    }

    /// Base64 lines are taken as written, as minisign takes them: blanks around them are an error.
    @Test func blanksAroundBase64AreRefusedAsMinisignRefusesThem() throws {
        let full = try lines("message.prehashed.minisig")
        for (index, variant) in [" " + full[1], full[1] + " ", full[1] + "\t"].enumerated() {
            expectCode(.malformedSignature) {
                _ = try Signature(fileContents: bytes([full[0], variant, full[2], full[3]]), source: "v\(index)")
            }
        }
        expectCode(.malformedSignature) {
            _ = try Signature(fileContents: bytes([full[0], full[1], full[2], full[3] + " "]), source: "g")
        }
    }

    /// minisign's fixed line buffers: a longer comment line is a parse error, not a verdict.
    @Test func overlongCommentLinesAreRefusedAtMinisignsLimits() throws {
        let full = try lines("message.prehashed.minisig")
        let untrusted = "untrusted comment: "
        let atLimit = untrusted + String(repeating: "x", count: 1022 - untrusted.utf8.count)
        _ = try Signature(fileContents: bytes([atLimit] + full[1...]), source: "ok")
        expectCode(.malformedSignature) {
            _ = try Signature(fileContents: bytes([atLimit + "x"] + full[1...]), source: "long")
        }
        let trusted = "trusted comment: "
        let longTrusted = trusted + String(repeating: "y", count: 8191 - trusted.utf8.count)
        expectCode(.malformedSignature) {
            _ = try Signature(fileContents: bytes([full[0], full[1], longTrusted, full[3]]), source: "long")
        }
    }

    /// A key file asking for more scrypt work than minisign ever writes is refused before a password is read.
    @Test func scryptLimitsAboveSensitiveAreRefusedBeforeThePassword() throws {
        let text = String(decoding: try Fixture.bytes("encrypted.key"), as: UTF8.self)
        let keyLines = text.split(separator: "\n").map(String.init)
        var raw = [UInt8](Data(base64Encoded: keyLines[1])!)
        let cases: [(ops: UInt64, mem: UInt64)] = [
            (Scrypt.Limits.sensitive.opsLimit + 1, Scrypt.Limits.sensitive.memLimit),
            (Scrypt.Limits.sensitive.opsLimit, Scrypt.Limits.sensitive.memLimit + 1),
            (UInt64.max, UInt64.max),
        ]
        for limits in cases {
            for i in 0..<8 {
                raw[38 + i] = UInt8(truncatingIfNeeded: limits.ops >> (8 * UInt64(i)))
                raw[46 + i] = UInt8(truncatingIfNeeded: limits.mem >> (8 * UInt64(i)))
            }
            let file = Array((keyLines[0] + "\n" + Data(raw).base64EncodedString() + "\n").utf8)
            var asked = false
            #expect {
                _ = try SecretKey.load(fileContents: file, source: "crafted.key") {
                    asked = true
                    return try SecureBytes(copying: Array("fixture-password".utf8))
                }
            } throws: { error in
                let error = error as? MinisignError
                return error?.code == .malformedSecretKey && error?.message.contains("crafted.key") == true
            }
            #expect(!asked, "the password must not be read for limits \(limits)")
        }
    }
}
