import Foundation
import Sodium
import Testing

@testable import Minisign

/// A `MinisignError` that wraps another failure keeps it as `underlying`, and the text a user reads is the same.
@Suite struct MinisignErrorUnderlyingTests {
    @Test func aKeyDerivationThatFailsIsKeptAsTheUnderlyingSodiumError() throws {
        let key = try SecretKey.generate()
        let password = try SecureBytes(copying: Array("fixture-password".utf8))
        // Limits no machine can meet: scrypt refuses them before it derives anything.
        let impossible = Scrypt.Limits(opsLimit: .max, memLimit: .max)
        let error = #expect(throws: MinisignError.self) {
            try key.fileContents(protection: .password(password, impossible))
        }
        #expect(error?.code == .signerFailed)
        #expect(error?.message == "could not encrypt the secret key")
        let cause = error?.underlying as? SodiumError
        #expect(cause?.code == .keyDerivationFailed)
        #expect(error?.description == "could not encrypt the secret key: \(cause.map(String.init(describing:)) ?? "")")
        #expect(error?.description.contains("fixture-password") == false)
    }

    @Test func theUnderlyingErrorIsNotPartOfEquality() {
        let cause = SodiumError(.keyDerivationFailed, "x")
        let plain = MinisignError(.signerFailed, "signing failed")
        let wrapped = MinisignError(.signerFailed, "signing failed", underlying: cause)
        #expect(plain == wrapped)
        #expect(plain.description == "signing failed")
        #expect(wrapped.description == "signing failed: \(cause)")
        #expect(MinisignError(.io, "", underlying: cause).description == "\(cause)")
    }
}
