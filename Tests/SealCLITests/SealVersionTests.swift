import Bot4TestSupport
import Foundation
import Testing

/// `--version` of both binaries, and the top-level help's commands and exit codes.
@Suite struct SealVersionTests {
    /// What `git describe --tags --always` says of this checkout (`unknown` when it cannot tell).
    static func describe() throws -> String {
        guard let git = TestEnvironment.which("git") else { return "unknown" }
        let result = try ProcessRunner.run(
            git,
            ["-C", TestEnvironment.projectRoot.path, "describe", "--tags", "--always"]
        )
        let text = result.out.trimmingCharacters(in: .whitespacesAndNewlines)
        return result.status == 0 && !text.isEmpty ? text : "unknown"
    }

    @Test func bothBinariesPrintTheBuildStamp() throws {
        let expected = try Self.describe()
        for binary in ["seal", "bot4"] {
            let result = try ProcessRunner.run(TestEnvironment.product(binary), ["--version"])
            #expect(result.status == 0, "\(binary): \(result.err)")
            #expect(result.out == expected + "\n", "\(binary) --version")
        }
    }

    @Test func topLevelHelpListsEveryCommandAndExitCode() throws {
        let result = try SealCLI.run(["--help"])
        #expect(result.status == 0)
        for command in ["keygen", "sign", "verify", "checksums", "sbom", "audit", "exec", "pubkey"] {
            #expect(result.out.contains("  \(command)"), "the help lists \(command)")
        }
        for code in ["0 ", "1 ", "2 ", "3 ", "16-31 ", "125 "] {
            #expect(result.out.contains("\n  \(code)"), "the help explains exit code \(code)")
        }
    }
}
