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
                && error?.message.hasPrefix("audit.toml:1:1: a table header needs a key") == true
        }
    }

    /// Found by the fuzzer in CI: toml++ asserts in parse_key when a header's key starts with `:`.
    @Test func headerKeyThatCannotStartAKeyIsAnError() {
        #expect {
            try AuditPolicy.parse("[:atabase]\npath = \"policy/advisories\"\n", source: "audit.toml")
        } throws: { error in
            (error as? AuditError)?.message.hasPrefix("audit.toml:1:1: a table header needs a key") == true
        }
    }

    @Test func keysThatCannotStartAKeyAreErrorsEverywhereTOMLPlusPlusAssertsOnThem() {
        for text in [
            "a.:b = 1\n", "x = { :a = 1 }\n", "x = { a = 1, :b = 2 }\n", "[a.]\n", "[[a]\n", "a =\n", "a = [[[[\n",
            "a = [1, ]]\n",
        ] {
            #expect(throws: AuditError.self, "\(text)") { try AuditPolicy.parse(text, source: "audit.toml") }
        }
    }

    @Test func validTOMLShapesStillPass() throws {
        let text = """
            [database]
            path = "policy/advisories"
            max-age = "P90D"
            signature-key = "policy/advisories.pub"
            [advisories]
            ignore = [
              { id = "GHSA-aaaa-bbbb-cccc", reason = "r", until = "2099-01-31" },
              { id = "GHSA-dddd-eeee-ffff", reason = "r", until = "2099-01-31" }
            ]
            [licenses]
            allow = [ "MIT", "Apache-2.0" ]
            """
        let policy = try AuditPolicy.parse(text, source: "audit.toml")
        #expect(policy.ignores.count == 2)
    }

    @Test func nonASCIIInsideStringsAndCommentsIsStillAllowed() throws {
        let text = """
            # Politique d'audit — commentaire
            [database]
            max-age = "P90D"
            signature-key = "policy/advisories.pub"
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
