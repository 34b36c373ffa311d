import Bot4TestSupport
import Testing

@Suite struct SealHelpTests {
    @Test func helpShowsExamplesForEveryCommand() throws {
        for command in ["keygen", "sign", "verify", "checksums"] {
            let result = try SealCLI.run([command, "--help"])
            #expect(result.status == 0)
            #expect(result.out.contains("Examples:"), "\(command) --help has examples")
        }
    }

    @Test func unknownFlagIsAUsageError() throws {
        let result = try SealCLI.run(["verify", "-m", "f", "--no-such-flag"])
        #expect(result.status == 2)
        #expect(result.err.contains("no-such-flag"))
    }
}
