import Foundation
import SecretsExec
import Sodium
import Testing

/// What `ChildProcess` refuses before anything is built: a secret an environment variable cannot carry.
@Suite struct ChildProcessTests {
    @Test func aSecretWithANULByteIsRefusedNamingTheVariableNotTheValue() throws {
        let clean = try SecureBytes(copying: Array("clean-value-0815".utf8))
        let cut = try SecureBytes(copying: Array("nul-head-4711".utf8) + [0] + Array("nul-tail-0815".utf8))
        try ChildProcess.checkEnvironmentValues([("BOT4_CLEAN", clean)])
        let error = #expect(throws: SecretsExecError.self) {
            try ChildProcess.checkEnvironmentValues([("BOT4_CLEAN", clean), ("BOT4_NUL_TOKEN", cut)])
        }
        #expect(error?.code == .invalidSecret)
        #expect(error?.description.contains("BOT4_NUL_TOKEN") == true)
        #expect(error?.description.contains("NUL byte") == true)
        for value in ["nul-head-4711", "nul-tail-0815", "clean-value-0815"] {
            #expect(error?.description.contains(value) == false)
        }
    }
}
