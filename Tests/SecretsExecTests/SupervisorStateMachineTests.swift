import Foundation
import SecretsExec
import Sodium
import TOMLPrecheck
import Testing
import Vault

/// The supervisor's decisions, event by event, with no process and no server: each test feeds events and
/// checks the actions in order (rendered as short strings, values never included).
@Suite struct SupervisorStateMachineTests {
    static let api = "secret/bot4/api#key"
    static let user = "database/creds/bot4#username"
    static let password = "database/creds/bot4#password"

    static func references() throws -> [SecretReference] {
        try [SecretReference(api), SecretReference(user), SecretReference(password)]
    }

    static func kv(_ value: String, version: Int) throws -> VaultSecret {
        VaultSecret(
            path: "secret/bot4/api",
            engine: .kv(KVMount(path: "secret/", version: 2)),
            version: version,
            values: ["key": try SecureBytes(copying: Array(value.utf8))],
            leaseDuration: 0
        )
    }

    static func database(_ user: String, lease: String) throws -> VaultSecret {
        VaultSecret(
            path: "database/creds/bot4",
            engine: .leased(path: "database/", type: "database"),
            version: nil,
            values: [
                "username": try SecureBytes(copying: Array(user.utf8)),
                "password": try SecureBytes(copying: Array("pw-\(user)".utf8)),
            ],
            leaseDuration: 60,
            lease: SecretLease(id: lease, duration: 60, renewable: true)
        )
    }

    static func set(
        kv version: Int = 1,
        user: String = "u1",
        lease: String = "database/creds/bot4/L1"
    ) throws
        -> SecretSet
    {
        try SecretSet(
            secrets: [kv("v\(version)", version: version), database(user, lease: lease)],
            references: references()
        )
    }

    static func machine(
        onChange: SecretsPolicy.OnChange = .restart,
        onLoss: SecretsPolicy.OnLoss = .stop,
        revokeOnExit: Bool = true,
        revokeToken: Bool = false
    ) throws -> SupervisorStateMachine {
        SupervisorStateMachine(
            rules: .init(onChange: onChange, onLoss: onLoss, revokeOnExit: revokeOnExit, revokeToken: revokeToken),
            secrets: try set(),
            jitter: { 0.5 }
        )
    }

    /// One line per action; a spawn or file write names the user it carries (a test value, not a secret).
    static func render(_ actions: [SupervisorStateMachine.Action]) -> [String] {
        actions.map { action in
            switch action {
            case .spawn(let secrets): "spawn \(name(secrets))"
            case .signal(let pid, let number): "signal \(pid) \(number)"
            case .writeFiles(let secrets): "write \(name(secrets))"
            case .revoke(let leases, let why): "revoke \(leases.map(\.id).joined(separator: ",")) (\(why))"
            case .say(let message): "say \(message)"
            case .startStopTimer(let pid): "timer \(pid)"
            case .startSettleTimer(let pid): "settle \(pid)"
            case .lookUpToken: "lookup token"
            case .renewToken(let increment): "renew token \(increment)"
            case .renewLease(let path, let lease, let increment): "renew \(path) \(lease.id) \(increment)"
            case .reread(let path): "reread \(path)"
            case .wakeUp(let instant): "wake \(instant)"
            case .stop(let status, let leases, let token):
                "stop \(status) revoking [\(leases.map(\.id).joined(separator: ","))]\(token ? " and the token" : "")"
            }
        }
    }

    static func name(_ secrets: SecretSet) -> String {
        let user = try! SecretReference(Self.user)
        let kv = try! SecretReference(Self.api)
        let text = { (bytes: SecureBytes?) in bytes?.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } ?? "?" }
        return "\(text(secrets.values[user]))/\(text(secrets.values[kv]))"
    }

    @Test func theChildsExitEndsWithItsStatusAndRevokesTheHeldLeases() throws {
        var machine = try Self.machine()
        #expect(Self.render(machine.start()) == ["spawn u1/v1", "lookup token", "wake 43.0 seconds"])
        #expect(machine.handle(.started(pid: 100)).isEmpty)
        #expect(machine.child == 100)
        #expect(machine.handle(.exited(pid: 99, status: 1)).isEmpty, "another process's exit is not the child's")
        #expect(
            Self.render(machine.handle(.exited(pid: 100, status: 3))) == ["stop 3 revoking [database/creds/bot4/L1]"]
        )
        #expect(machine.finished)
        #expect(machine.handle(.signal(SIGTERM)).isEmpty, "nothing after the stop")
    }

    @Test func aChildThatCannotStartIs125AndNothingIsLeftHeld() throws {
        var machine = try Self.machine()
        _ = machine.start()
        let actions = Self.render(machine.handle(.spawnFailed("cannot start nosuchcmd: No such file or directory")))
        #expect(
            actions == [
                "say cannot start nosuchcmd: No such file or directory",
                "stop 125 revoking [database/creds/bot4/L1]",
            ]
        )
    }

    @Test func revokeOnExitFalseKeepsTheLeases() throws {
        var machine = try Self.machine(revokeOnExit: false)
        _ = machine.start()
        _ = machine.handle(.started(pid: 7))
        #expect(Self.render(machine.handle(.exited(pid: 7, status: 0))) == ["stop 0 revoking []"])
    }

    /// (A signal with no child to take it is held: `SupervisorStateMachineSignalTests`.)
    @Test func signalsAreForwardedToTheRunningChild() throws {
        var machine = try Self.machine()
        _ = machine.start()
        _ = machine.handle(.started(pid: 42))
        #expect(Self.render(machine.handle(.signal(SIGINT))) == ["signal 42 \(SIGINT)"])
    }

    @Test func aChangeRestartsTheChildWithTheNewVersion() throws {
        var machine = try Self.machine()
        _ = machine.start()
        _ = machine.handle(.started(pid: 100))
        let changed = Self.render(
            machine.handle(.secretChanged(try Self.set(kv: 2), what: "secret/bot4/api (version 2)"))
        )
        #expect(
            changed == [
                "say secret/bot4/api (version 2) changed: restarting the child",
                "signal 100 \(SIGTERM)",
                "timer 100",
            ]
        )
        #expect(machine.pending != nil)
        // The child stops; the new set is installed and started (the lease did not change: nothing revoked).
        #expect(Self.render(machine.handle(.exited(pid: 100, status: 143))) == ["spawn u1/v2"])
        #expect(
            Self.render(machine.handle(.started(pid: 101))) == ["say restarted the child with the new secret versions"]
        )
        #expect(machine.child == 101 && machine.pending == nil)
        // The old child's stop timer fires after the restart: it is not the running child, nothing happens.
        #expect(machine.handle(.stopTimerFired(pid: 100)).isEmpty)
    }

    @Test func newCredentialsRestartAndRevokeTheReplacedLease() throws {
        var machine = try Self.machine()
        _ = machine.start()
        _ = machine.handle(.started(pid: 5))
        let renewed = try Self.database("u2", lease: "database/creds/bot4/L2")
        let actions = Self.render(machine.handle(.credentialsRead(renewed)))
        #expect(actions.first?.hasPrefix("say database/creds/bot4 has new credentials (lease(") == true, "\(actions)")
        #expect(actions.dropFirst() == ["signal 5 \(SIGTERM)", "timer 5"])
        #expect(
            Self.render(machine.handle(.exited(pid: 5, status: 143)))
                == ["revoke database/creds/bot4/L1 (replaced)", "spawn u2/v1"]
        )
        _ = machine.handle(.started(pid: 6))
        #expect(Self.render(machine.handle(.exited(pid: 6, status: 0))) == ["stop 0 revoking [database/creds/bot4/L2]"])
    }

    @Test func aChangeWithOnChangeSignalRewritesTheFilesAndSignals() throws {
        var machine = try Self.machine(onChange: .signal)
        _ = machine.start()
        _ = machine.handle(.started(pid: 9))
        let actions = Self.render(
            machine.handle(.secretChanged(try Self.set(kv: 3), what: "secret/bot4/api (version 3)"))
        )
        #expect(
            actions == [
                "write u1/v3",
                "say secret/bot4/api (version 3) changed: files rewritten, signal \(SIGHUP) sent",
                "signal 9 \(SIGHUP)",
            ]
        )
        #expect(Self.name(machine.secrets) == "u1/v3")
        #expect(machine.child == 9, "the child keeps running")
    }

    @Test func unusableNewCredentialsAreRevokedAndCountAsALoss() throws {
        var machine = try Self.machine()
        _ = machine.start()
        _ = machine.handle(.started(pid: 11))
        // New credentials without the password key the configuration names.
        let broken = VaultSecret(
            path: "database/creds/bot4",
            engine: .leased(path: "database/", type: "database"),
            version: nil,
            values: ["username": try SecureBytes(copying: Array("u3".utf8))],
            leaseDuration: 60,
            lease: SecretLease(id: "database/creds/bot4/L3", duration: 60, renewable: true)
        )
        let actions = Self.render(machine.handle(.credentialsRead(broken)))
        #expect(actions.first == "revoke database/creds/bot4/L3 (unusable)", "\(actions)")
        #expect(
            actions.contains { $0.contains("the new credentials are unusable") && $0.contains("on_loss = \"stop\"") }
        )
        #expect(actions.suffix(2) == ["signal 11 \(SIGTERM)", "timer 11"])
        #expect(machine.stopping)
        // The child stops for good: no restart, the lease it held is revoked.
        #expect(
            Self.render(machine.handle(.exited(pid: 11, status: 143))) == ["stop 143 revoking [database/creds/bot4/L1]"]
        )
    }

    @Test func aLossDuringAPendingRestartRevokesTheUnusedLeaseAndStops() throws {
        var machine = try Self.machine()
        _ = machine.start()
        _ = machine.handle(.started(pid: 20))
        _ = machine.handle(.credentialsRead(try Self.database("u2", lease: "database/creds/bot4/L2")))
        let lost = Self.render(machine.handle(.lost("the token can no longer be renewed (invalid token)")))
        #expect(
            lost == [
                "say the token can no longer be renewed (invalid token): stopping the child (on_loss = \"stop\")",
                "revoke database/creds/bot4/L2 (replaced)",
                "signal 20 \(SIGTERM)",
                "timer 20",
            ]
        )
        // The child ignores SIGTERM: the timer escalates to SIGKILL.
        #expect(
            Self.render(machine.handle(.stopTimerFired(pid: 20))) == [
                "say the child did not stop within 10 s: SIGKILL", "signal 20 \(SIGKILL)",
            ]
        )
        #expect(
            Self.render(machine.handle(.exited(pid: 20, status: 137))) == ["stop 137 revoking [database/creds/bot4/L1]"]
        )
    }

    @Test func onLossKeepOnlySaysSo() throws {
        var machine = try Self.machine(onLoss: .keep)
        _ = machine.start()
        _ = machine.handle(.started(pid: 30))
        #expect(
            Self.render(machine.handle(.lost("a secret can no longer be read")))
                == ["say a secret can no longer be read: the child keeps its current secrets (on_loss = \"keep\")"]
        )
        #expect(!machine.stopping && machine.child == 30)
        #expect(
            Self.render(machine.handle(.recovered("the secrets are readable again"))) == [
                "say the secrets are readable again"
            ]
        )
    }

    @Test func aRestartThatCannotStartTheNewChildIs125() throws {
        var machine = try Self.machine()
        _ = machine.start()
        _ = machine.handle(.started(pid: 40))
        _ = machine.handle(.secretChanged(try Self.set(kv: 2), what: "secret/bot4/api (version 2)"))
        #expect(Self.render(machine.handle(.exited(pid: 40, status: 143))) == ["spawn u1/v2"])
        #expect(
            Self.render(machine.handle(.spawnFailed("cannot start gone: No such file or directory")))
                == ["say cannot start gone: No such file or directory", "stop 125 revoking [database/creds/bot4/L1]"]
        )
    }

    /// An absurd TTL from the server gives a finite renewal delay within the ten-year bound, not a trap.
    @Test func renewalDelayOfAnAbsurdTTLIsBounded() {
        for ttl in [Int.max, Int.max / 2, 1 << 62] {
            for jitter in [0.0, 1.0, -3, .infinity, .nan] {
                let delay = SupervisorStateMachine.renewalDelay(ttl: ttl, jitter: jitter)
                #expect(delay > .zero && delay <= .seconds(DurationText.maximumSeconds))
            }
        }
        #expect(SupervisorStateMachine.renewalDelay(ttl: -5, jitter: 0.5) == .zero)
        // 2/3 of the TTL plus a third of a 10–20% grace.
        #expect(SupervisorStateMachine.renewalDelay(ttl: 30, jitter: 0) == .seconds(21))
        #expect(SupervisorStateMachine.renewalDelay(ttl: 30, jitter: 1) == .seconds(22))
    }
}
