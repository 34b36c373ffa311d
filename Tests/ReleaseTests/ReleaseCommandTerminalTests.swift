import Bot4TestSupport
import Foundation
import Testing

/// `seal release`'s progress on a terminal (a pseudo-terminal made by util-linux `script`) and in a log, when
/// the release stops at its first step: the policy's advisory database is older than its max-age as of
/// `--as-of`, so the release exits 3 while the live line `release: advisory database…` is drawn, before
/// anything is built.
@Suite struct ReleaseCommandTerminalTests {
    /// A fixture package whose policy allows a 30-day-old database at most.
    static func stalePackage(_ label: String) throws -> FixturePackage {
        let package = try FixturePackage.make(label)
        let policy = package.directory.appendingPathComponent("policy/audit.toml")
        let text = try String(contentsOf: policy, encoding: .utf8)
        try #require(text.contains(#"max-age = "none""#))
        try Data(text.replacingOccurrences(of: #"max-age = "none""#, with: #"max-age = "P30D""#).utf8).write(to: policy)
        return package
    }

    /// `text` split into lines, without the carriage returns a terminal adds, empty lines dropped.
    static func lines(_ text: String) -> [String] {
        // Carriage returns go first: "\r\n" is one Character, which a split at "\n" would not cut.
        let scalars = text.unicodeScalars.filter { $0 != "\r" }
        return String(String.UnicodeScalarView(scalars)).split(separator: "\n").map(String.init)
    }

    static func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }

    @Test(.enabled(if: TestEnvironment.canRun("script")))
    func onATerminalTheErrorStartsItsOwnLineAfterTheLiveStep() throws {
        let package = try Self.stalePackage("release-terminal-live")
        defer { package.remove() }
        let command = ([TestEnvironment.product("seal"), "release", "--as-of", "2030-01-01"]).map(Self.quoted)
            .joined(separator: " ")
        // -e: script exits with the command's status; the typescript goes to /dev/null, the terminal's bytes
        // (standard output and error of seal, merged) to script's standard output.
        let run = try ProcessRunner.run(
            try TestEnvironment.requireTool("script"),
            ["-qec", command, "/dev/null"],
            directory: package.directory
        )
        #expect(run.status == 3, "\(run.out)\(run.err)")
        #expect(run.out.contains("\r\u{1B}[Krelease: advisory database…"), "\(run.out.debugDescription)")
        #expect(!run.out.contains("…seal:"), "\(run.out.debugDescription)")
        #expect(run.out.contains("\nseal: "), "\(run.out.debugDescription)")
        let last = try #require(Self.lines(run.out).last)
        #expect(last.hasPrefix("seal: "), "\(run.out.debugDescription)")
        #expect(last.contains("older than max-age P30D"), "\(last)")
        #expect(!run.out.contains("release: build"))
        #expect(try package.distEntries() == [])
    }

    @Test func inALogEveryEventIsAPlainLineAndTheErrorIsLast() throws {
        let package = try Self.stalePackage("release-terminal-plain")
        defer { package.remove() }
        let run = try package.seal(["release", "--as-of", "2030-01-01"])
        #expect(run.status == 3, "\(run.out)\(run.err)")
        #expect(!run.err.contains("\u{1B}") && !run.err.contains("\r"), "\(run.err.debugDescription)")
        let lines = Self.lines(run.err)
        #expect(lines.first == "release: advisory database…", "\(run.err)")
        #expect(lines.count == 2, "\(run.err)")
        #expect(lines.last?.hasPrefix("seal: ") == true, "\(run.err)")
        #expect(lines.last?.contains("older than max-age P30D") == true, "\(run.err)")
        #expect(run.out.isEmpty)
    }
}
