import Bot4TestSupport
import Foundation
import Testing

/// Signals that reach `seal exec` during a restart (the old child is stopping, the next one not started), with
/// a real child and the real OpenBao: a SIGTERM stops instead of restarting, a SIGHUP reaches the new child.
@Suite(.serialized)
struct SealExecSignalTests {
    /// A child that logs its start, answers SIGHUP in `hups` (with its start number), and takes a second to stop
    /// on SIGTERM (logged in `terms`), exiting 7: the restart gap a signal can fall into.
    static func slowToStop(_ out: String) -> String {
        """
        printf '%s\\n' "$BOT4_DATABASE_PASSWORD" >> \(out)/starts; n=$(wc -l < \(out)/starts)
        trap 'echo "hup $n" >> \(out)/hups' HUP
        trap 'echo term >> \(out)/terms; i=0; while [ $i -lt 20 ]; do sleep 0.05; i=$((i+1)); done; exit 7' TERM
        while :; do sleep 0.05; done
        """
    }

    /// Starts `seal exec` under `slowToStop`, rotates the password and waits until the child was asked to stop
    /// for the restart.
    static func restarting(_ fixture: SealExecTests.Fixture) throws -> SealExecTests.Run {
        let run = try SealExecTests.Run(
            config: try fixture.config("[watch]\ninterval = \"300ms\"\non_change = \"restart\""),
            command: ["/bin/sh", "-c", slowToStop(fixture.outDir.path)],
            environment: fixture.environment,
            directory: fixture.directory
        )
        try SealExecTests.waitFor { fixture.read("starts")?.split(separator: "\n").count == 1 }
        try fixture.server.putKV2("bot4/db", #"{"password":"pw-rotated-\#(UUID().uuidString)"}"#)
        try SealExecTests.waitFor { fixture.read("terms") != nil }
        return run
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")), .timeLimit(.minutes(1)))
    func aSIGTERMDuringARestartStopsInsteadOfRestarting() throws {
        let fixture = try SealExecTests.Fixture()
        defer { fixture.tearDown() }
        let run = try Self.restarting(fixture)
        kill(run.process.processIdentifier, SIGTERM)
        #expect(run.wait() == 7, "\(run.output)")
        #expect(fixture.read("starts")?.split(separator: "\n").count == 1, "no new child after the SIGTERM")
        #expect(run.output.contains("signal \(SIGTERM) arrived during a restart: stopping instead"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: fixture.keyFile), "the secret file is removed")
        fixture.expectNoLeak(run.output)
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")), .timeLimit(.minutes(1)))
    func aSIGHUPDuringARestartReachesTheNewChild() throws {
        let fixture = try SealExecTests.Fixture()
        defer { fixture.tearDown() }
        let run = try Self.restarting(fixture)
        kill(run.process.processIdentifier, SIGHUP)
        try SealExecTests.waitFor { fixture.read("hups") != nil }
        #expect(fixture.read("hups") == "hup 2\n", "held for the new child, not given to the one stopping")
        #expect(fixture.read("starts")?.split(separator: "\n").count == 2)
        kill(run.process.processIdentifier, SIGTERM)
        #expect(run.wait() == 7)
        fixture.expectNoLeak(run.output)
    }
}
