import Foundation
import Testing

@testable import Audit

/// Inputs the policy fuzzer found that crashed toml++ underneath TOMLKit; each must now be a clear error.
@Suite struct PolicyFuzzRegressionTests {
    @Test func nonASCIITableNameIsAnErrorWithLineAndColumn() {
        let text = "[\u{FFFD}\u{FFFD}\u{FFFD}\tdatabase]\npath = \"policy/advisories\"\n"
        #expect {
            try AuditPolicy.parse(text, source: "audit.toml")
        } throws: { error in
            let error = error as? AuditError
            return error?.code == .malformedPolicy
                && error?.message == "audit.toml:1:2: a non-ASCII character outside a string or comment"
        }
    }

    @Test func nonASCIIInsideStringsAndCommentsIsStillAllowed() throws {
        let text = """
            # Politique d'audit — commentaire
            [advisories]
            ignore = [ { id = "GHSA-aaaa-bbbb-cccc", reason = "non atteignable — vérifié", until = "2099-01-31" } ]
            """
        let policy = try AuditPolicy.parse(text, source: "audit.toml")
        #expect(policy.ignores.count == 1)
    }

    @Test func nulIsRefused() {
        #expect(throws: AuditError.self) { try AuditPolicy.parse("[database]\0\n", source: "audit.toml") }
    }
}
