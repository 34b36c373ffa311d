import Foundation
import SecretsExec
import Testing
import Vault

/// Signals that arrive while no child can take them (before the first start, or during a restart: the old
/// child is stopping, or the next one is not started yet) are not lost.
@Suite struct SupervisorStateMachineSignalTests {
    typealias Fixture = SupervisorStateMachineTests

    /// Child 100 running, a change pending: the machine has asked it to stop for a restart.
    static func restarting() throws -> SupervisorStateMachine {
        var machine = try Fixture.machine()
        _ = machine.start()
        _ = machine.handle(.started(pid: 100))
        let leaseChanged = try Fixture.database("u2", lease: "database/creds/bot4/L2")
        #expect(Fixture.render(machine.handle(.credentialsRead(leaseChanged))).contains("signal 100 \(SIGTERM)"))
        return machine
    }

    @Test func aSIGTERMDuringARestartStopsInsteadOfRestarting() throws {
        var machine = try Self.restarting()
        #expect(
            Fixture.render(machine.handle(.signal(SIGTERM))) == [
                "say signal \(SIGTERM) arrived during a restart: stopping instead",
                "revoke database/creds/bot4/L2 (replaced)",
                "signal 100 \(SIGTERM)",
            ]
        )
        #expect(machine.stopping && machine.pending == nil)
        // The old child exits: no new child, its status is seal's, the lease it held is revoked.
        #expect(
            Fixture.render(machine.handle(.exited(pid: 100, status: 143)))
                == ["stop 143 revoking [database/creds/bot4/L1]"]
        )
    }

    @Test func aSIGHUPDuringARestartGoesToTheNewChild() throws {
        var machine = try Self.restarting()
        #expect(machine.handle(.signal(SIGHUP)).isEmpty, "not to the child being replaced")
        #expect(machine.heldSignals == [SIGHUP])
        #expect(
            Fixture.render(machine.handle(.exited(pid: 100, status: 143)))
                == ["revoke database/creds/bot4/L1 (replaced)", "spawn u2/v1"]
        )
        // Between the exit and the start, a second one is held too.
        #expect(machine.handle(.signal(SIGUSR1)).isEmpty)
        // Delivered once the new child has had time to install its handlers, in the order they came.
        #expect(
            Fixture.render(machine.handle(.started(pid: 101))) == [
                "say restarted the child with the new secret versions", "settle 101",
            ]
        )
        #expect(machine.handle(.signal(SIGUSR2)).isEmpty, "behind the held ones")
        #expect(machine.handle(.settled(pid: 100)).isEmpty, "not the child")
        #expect(
            Fixture.render(machine.handle(.settled(pid: 101)))
                == ["signal 101 \(SIGHUP)", "signal 101 \(SIGUSR1)", "signal 101 \(SIGUSR2)"]
        )
        #expect(machine.heldSignals.isEmpty)
        #expect(Fixture.render(machine.handle(.signal(SIGHUP))) == ["signal 101 \(SIGHUP)"], "forwarded as usual")
    }

    @Test func aSIGINTBetweenTheExitAndTheNextStartStopsTheNewChild() throws {
        var machine = try Self.restarting()
        _ = machine.handle(.exited(pid: 100, status: 143))
        #expect(
            Fixture.render(machine.handle(.signal(SIGINT)))
                == ["say signal \(SIGINT) arrived during a restart: stopping instead"]
        )
        #expect(machine.stopping)
        // The spawn was already under way: the new child gets the signal once settled, and its exit ends it all.
        #expect(
            Fixture.render(machine.handle(.started(pid: 101))) == [
                "say restarted the child with the new secret versions", "settle 101",
            ]
        )
        #expect(Fixture.render(machine.handle(.settled(pid: 101))) == ["signal 101 \(SIGINT)"])
        #expect(
            Fixture.render(machine.handle(.exited(pid: 101, status: 130)))
                == ["stop 130 revoking [database/creds/bot4/L2]"]
        )
    }

    @Test func aSignalBeforeTheFirstStartIsDeliveredToTheChild() throws {
        var machine = try Fixture.machine()
        _ = machine.start()
        #expect(machine.handle(.signal(SIGHUP)).isEmpty)
        #expect(Fixture.render(machine.handle(.started(pid: 7))) == ["settle 7"])
        #expect(Fixture.render(machine.handle(.settled(pid: 7))) == ["signal 7 \(SIGHUP)"])
    }

    @Test func aSignalWhileStoppingForALossGoesToTheChild() throws {
        var machine = try Fixture.machine()
        _ = machine.start()
        _ = machine.handle(.started(pid: 8))
        _ = machine.handle(.lost("a secret can no longer be read"))
        #expect(Fixture.render(machine.handle(.signal(SIGTERM))) == ["signal 8 \(SIGTERM)"])
        #expect(Fixture.render(machine.handle(.signal(SIGHUP))) == ["signal 8 \(SIGHUP)"])
    }

    /// A poll that finds the same change again while the child is stopping for the restart neither signals it a
    /// second time nor restarts twice; newer credentials replace the pending ones (the unused lease is revoked,
    /// the running child's is kept).
    @Test func aChangeSeenAgainDuringARestartIsNotASecondRestart() throws {
        var machine = try Fixture.machine()
        _ = machine.start()
        _ = machine.handle(.started(pid: 100))
        _ = machine.handle(.secretChanged(try Fixture.set(kv: 2), what: "secret/bot4/api (version 2)"))
        #expect(machine.handle(.secretChanged(try Fixture.set(kv: 2), what: "secret/bot4/api (version 2)")).isEmpty)
        _ = machine.handle(.credentialsRead(try Fixture.database("u2", lease: "database/creds/bot4/L2")))
        #expect(
            Fixture.render(
                machine.handle(.credentialsRead(try Fixture.database("u3", lease: "database/creds/bot4/L3")))
            )
                == ["revoke database/creds/bot4/L2 (replaced)"]
        )
        #expect(
            Fixture.render(machine.handle(.exited(pid: 100, status: 143)))
                == ["revoke database/creds/bot4/L1 (replaced)", "spawn u3/v2"]
        )
    }

    /// Once a SIGTERM was forwarded, a change is not a restart and new credentials are never used.
    @Test func nothingRestartsOnceStoppingForGood() throws {
        var machine = try Fixture.machine()
        _ = machine.start()
        _ = machine.handle(.started(pid: 100))
        #expect(Fixture.render(machine.handle(.signal(SIGTERM))) == ["signal 100 \(SIGTERM)"])
        #expect(machine.handle(.secretChanged(try Fixture.set(kv: 2), what: "secret/bot4/api (version 2)")).isEmpty)
        #expect(
            Fixture.render(
                machine.handle(.credentialsRead(try Fixture.database("u2", lease: "database/creds/bot4/L2")))
            )
                == ["revoke database/creds/bot4/L2 (not used: the child is stopping)"]
        )
        #expect(machine.pending == nil)
        #expect(
            Fixture.render(machine.handle(.exited(pid: 100, status: 143)))
                == ["stop 143 revoking [database/creds/bot4/L1]"]
        )
    }
}
