import Bot4TestSupport
import Foundation
import Testing

/// `seal exec` when it is killed or cannot write: its child never runs on unsupervised, the secret files a
/// killed run left are removed at the next start (and only those), and a closed standard error does not stop
/// the supervisor.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SealExecCrashTests {
    typealias Fixture = SealExecTests.Fixture

    /// True once `pid` has exited (no such process, or a zombie waiting for its new parent to reap it).
    static func isGone(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state == "Z" || state == "X"
    }

    /// The ownership record `seal exec` keeps next to a secret file.
    static func record(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).seal-exec").path
    }

    /// Starts `seal exec` with a child that ignores every catchable stop signal, waits until it runs with its
    /// file written, kills `seal` with SIGKILL and returns the child's pid once it is gone.
    static func killWhileRunning(_ fixture: Fixture, config: URL) throws -> Int32 {
        let pidFile = fixture.outDir.appendingPathComponent("pid").path
        let run = try SealExecTests.Run(
            config: config,
            command: [
                "/bin/sh", "-c",
                "trap '' HUP INT TERM; echo $$ > \(pidFile).tmp; mv \(pidFile).tmp \(pidFile); exec sleep 300",
            ],
            environment: fixture.environment,
            directory: fixture.directory
        )
        try SealExecTests.waitFor {
            fixture.read("pid") != nil && FileManager.default.fileExists(atPath: fixture.keyFile)
        }
        let child = try #require(
            fixture.read("pid").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        )
        #expect(!isGone(child))
        kill(run.process.processIdentifier, SIGKILL)
        #expect(run.wait() == 128 + SIGKILL)
        // Bounded poll: the parent-death signal reaches the child, which ignores everything but SIGKILL.
        try SealExecTests.waitFor { isGone(child) }
        return child
    }

    /// The next start, with a token OpenBao refuses: what happens before the login is all that runs.
    static func restartWithABadToken(_ fixture: Fixture, config: URL) throws -> ProcessResult {
        var environment = fixture.environment
        environment["VAULT_TOKEN"] = "s.not-a-token"
        let result = try SealExecTests.seal(
            ["exec", "--config", config.path, "--", "/bin/true"],
            environment: environment
        )
        #expect(result.status != 0)
        return result
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func aKilledSupervisorTakesItsChildAlongAndTheNextStartRemovesItsFile() throws {
        let fixture = try Fixture()
        defer { fixture.tearDown() }
        let config = try fixture.config()
        _ = try Self.killWhileRunning(fixture, config: config)
        #expect(FileManager.default.fileExists(atPath: fixture.keyFile), "a killed run cannot remove its file")
        #expect(FileManager.default.fileExists(atPath: Self.record(of: fixture.keyFile)))
        let next = try Self.restartWithABadToken(fixture, config: config)
        #expect(!FileManager.default.fileExists(atPath: fixture.keyFile), "the leftover is removed at the next start")
        #expect(!FileManager.default.fileExists(atPath: Self.record(of: fixture.keyFile)))
        #expect(next.err.contains("removed \(fixture.keyFile)"))
        fixture.expectNoLeak(next.out + next.err)
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func aFileReplacedSinceIsLeftAlone() throws {
        let fixture = try Fixture()
        defer { fixture.tearDown() }
        let config = try fixture.config()
        _ = try Self.killWhileRunning(fixture, config: config)
        // Someone put their own file at the path after the crash: seal exec did not create it.
        try FileManager.default.removeItem(atPath: fixture.keyFile)
        try "the operator's own file\n".write(toFile: fixture.keyFile, atomically: false, encoding: .utf8)
        let next = try Self.restartWithABadToken(fixture, config: config)
        #expect(
            (try? String(contentsOfFile: fixture.keyFile, encoding: .utf8)) == "the operator's own file\n",
            "a file seal exec did not write is never deleted"
        )
        #expect(next.err.contains("not the file seal exec pid"))
        // A record in a form seal exec never writes leaves the file alone too.
        try "pid 1\n".write(toFile: Self.record(of: fixture.keyFile), atomically: false, encoding: .utf8)
        let again = try Self.restartWithABadToken(fixture, config: config)
        #expect(FileManager.default.fileExists(atPath: fixture.keyFile))
        #expect(again.err.contains("is not a record seal exec wrote"))
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func aClosedStandardErrorDoesNotStopTheSupervisor() throws {
        let fixture = try Fixture()
        defer { fixture.tearDown() }
        let ran = fixture.outDir.appendingPathComponent("ran").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.product("seal"))
        process.arguments =
            ["exec", "--config", try fixture.config().path, "--", "/bin/sh", "-c", "sleep 0.2; touch \(ran); exit 9"]
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("VAULT_") || key.hasPrefix("BAO_") { environment[key] = nil }
        for (key, value) in fixture.environment { environment[key] = value }
        process.environment = environment
        // Standard error is a pipe nobody reads: every line seal exec says meets EPIPE.
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        process.standardError = pipe.fileHandleForWriting
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "seal exec was killed (by SIGPIPE?)")
        #expect(process.terminationStatus == 9, "the child's exit status is propagated")
        #expect(FileManager.default.fileExists(atPath: ran), "the child ran to its end")
        #expect(!FileManager.default.fileExists(atPath: fixture.keyFile), "the secret file is removed after exit")
    }
}
