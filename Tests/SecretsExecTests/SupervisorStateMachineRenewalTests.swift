import Foundation
import SecretsExec
import Sodium
import Testing
import Vault

/// When the machine renews the token and the leases, and what a renewal that fails, is refused or runs out
/// does: time comes in with `tick(now:)`, answers with events, and the jitter is fixed at the middle of the
/// grace (a renewal at 0.71666… of the TTL), so every instant below is exact.
@Suite struct SupervisorStateMachineRenewalTests {
    typealias Fixture = SupervisorStateMachineTests

    /// A machine whose secrets hold no lease: only the token is scheduled.
    static func tokenOnly(onLoss: SecretsPolicy.OnLoss = .stop) throws -> SupervisorStateMachine {
        SupervisorStateMachine(
            rules: .init(onLoss: onLoss),
            secrets: try SecretSet(
                secrets: [Fixture.kv("v1", version: 1)],
                references: [SecretReference(Fixture.api)]
            ),
            jitter: { 0.5 }
        )
    }

    /// Started, child 1 running, the token looked up as given.
    static func running(
        ttl: Int,
        creationTTL: Int? = nil,
        renewable: Bool = true,
        onLoss: SecretsPolicy.OnLoss = .stop
    ) throws -> (SupervisorStateMachine, [String]) {
        var machine = try tokenOnly(onLoss: onLoss)
        #expect(Fixture.render(machine.start()) == ["spawn ?/v1", "lookup token"])
        _ = machine.handle(.started(pid: 1))
        let looked = machine.handle(
            .tokenLookedUp(ttl: ttl, creationTTL: creationTTL ?? ttl, renewable: renewable)
        )
        return (machine, Fixture.render(looked))
    }

    static let stopping = ["signal 1 \(SIGTERM)", "timer 1"]

    @Test func theTokenIsRenewedAtTwoThirdsAskingForItsCreationTTL() throws {
        var (machine, looked) = try Self.running(ttl: 60, creationTTL: 120)
        #expect(looked == ["wake 43.0 seconds"])
        #expect(Fixture.render(machine.handle(.tick(now: .seconds(10)))) == ["wake 43.0 seconds"], "not yet due")
        #expect(Fixture.render(machine.handle(.tick(now: .seconds(43)))) == ["renew token 120", "wake 60.0 seconds"])
        // Renewed for 120 s from the instant it was asked: next at 43 + 86, expiry at 163.
        #expect(Fixture.render(machine.handle(.tokenRenewed(ttl: 120, renewable: true))) == ["wake 129.0 seconds"])
        #expect(Fixture.render(machine.handle(.tick(now: .seconds(129)))) == ["renew token 120", "wake 163.0 seconds"])
        #expect(machine.child == 1 && !machine.stopping)
    }

    @Test func aTokenThatNeverExpiresIsNotScheduled() throws {
        var (machine, looked) = try Self.running(ttl: 0)
        #expect(looked.isEmpty)
        #expect(machine.handle(.tick(now: .seconds(1_000_000))).isEmpty)
    }

    /// An outage longer than the token: renewals are retried with backoff (never past a quarter of what is
    /// left), and when the token runs out before one succeeds, that is a loss.
    @Test func anOutageLongerThanTheTokenIsALoss() throws {
        var (machine, looked) = try Self.running(ttl: 120)
        #expect(looked == ["wake 86.0 seconds"])
        #expect(Fixture.render(machine.handle(.tick(now: .seconds(86)))) == ["renew token 120", "wake 120.0 seconds"])
        #expect(
            Fixture.render(machine.handle(.tokenRenewFailed(.unreachable, retryable: true)))
                == ["say token renewal failed (server unreachable); retrying", "wake 94.5 seconds"]
        )
        #expect(
            Fixture.render(machine.handle(.tick(now: .seconds(94.5)))) == ["renew token 120", "wake 120.0 seconds"]
        )
        #expect(
            Fixture.render(machine.handle(.tokenRenewFailed(.server, retryable: true)))
                == ["say token renewal failed (server error); retrying", "wake 100.875 seconds"]
        )
        // The retry is still out when the token expires.
        _ = machine.handle(.tick(now: .seconds(100.875)))
        #expect(
            Fixture.render(machine.handle(.tick(now: .seconds(120))))
                == [
                    "say the token expired while its renewal kept failing (server error): stopping the child "
                        + "(on_loss = \"stop\")"
                ] + Self.stopping
        )
        #expect(machine.stopping)
        #expect(machine.handle(.tokenRenewed(ttl: 120, renewable: true)).isEmpty, "nothing is scheduled any more")
    }

    @Test func aFailingRenewalThatRecoversBeforeTheExpiryIsNoLoss() throws {
        var (machine, _) = try Self.running(ttl: 120, onLoss: .stop)
        _ = machine.handle(.tick(now: .seconds(86)))
        _ = machine.handle(.tokenRenewFailed(.sealed, retryable: true))
        _ = machine.handle(.tick(now: .seconds(94.5)))
        #expect(Fixture.render(machine.handle(.tokenRenewed(ttl: 120, renewable: true))) == ["wake 180.5 seconds"])
        #expect(Fixture.render(machine.handle(.tick(now: .seconds(120)))) == ["wake 180.5 seconds"])
        #expect(!machine.stopping)
    }

    @Test func aTokenThatIsNotRenewableIsReportedAndLostAtItsExpiry() throws {
        var (machine, looked) = try Self.running(ttl: 30, renewable: false)
        #expect(
            looked == [
                "say the token is not renewable: it expires in 30s, which is a loss (on_loss applies)",
                "wake 30.0 seconds",
            ]
        )
        #expect(Fixture.render(machine.handle(.tick(now: .seconds(20)))) == ["wake 30.0 seconds"], "no renewal")
        #expect(
            Fixture.render(machine.handle(.tick(now: .seconds(30))))
                == ["say the token expired: it is not renewable: stopping the child (on_loss = \"stop\")"]
                + Self.stopping
        )
        #expect(Fixture.render(machine.handle(.exited(pid: 1, status: 143))) == ["stop 143 revoking []"])
    }

    @Test func onLossKeepLetsTheChildRunPastAnExpiredToken() throws {
        var (machine, _) = try Self.running(ttl: 30, renewable: false, onLoss: .keep)
        #expect(
            Fixture.render(machine.handle(.tick(now: .seconds(30))))
                == [
                    "say the token expired: it is not renewable: the child keeps its current secrets (on_loss = \"keep\")"
                ]
        )
        #expect(!machine.stopping && machine.child == 1)
        #expect(machine.handle(.tick(now: .seconds(300))).isEmpty, "reported once")
    }

    @Test func aRefusedRenewalIsReportedAndTheTokenLostAtItsExpiry() throws {
        var (machine, _) = try Self.running(ttl: 120)
        _ = machine.handle(.tick(now: .seconds(86)))
        #expect(
            Fixture.render(machine.handle(.tokenRenewFailed(.permissionDenied, retryable: false)))
                == ["say the token can no longer be renewed (permission denied): it expires in 34s"]
        )
        #expect(
            Fixture.render(machine.handle(.tick(now: .seconds(120))))
                == [
                    "say the token expired: its renewal was refused (permission denied): stopping the child "
                        + "(on_loss = \"stop\")"
                ] + Self.stopping
        )
    }

    @Test func aDeadTokenIsALossAtOnce() throws {
        var (machine, _) = try Self.running(ttl: 120)
        _ = machine.handle(.tick(now: .seconds(86)))
        #expect(
            Fixture.render(machine.handle(.tokenRenewFailed(.invalidToken, retryable: false)))
                == ["say the token can no longer be renewed (invalid token): stopping the child (on_loss = \"stop\")"]
                + Self.stopping
        )
    }

    @Test func theMaxTTLEndsRenewalAndTheExpiryIsALoss() throws {
        var (machine, _) = try Self.running(ttl: 60)
        _ = machine.handle(.tick(now: .seconds(43)))
        #expect(
            Fixture.render(machine.handle(.tokenRenewed(ttl: 40, renewable: true)))
                == [
                    "say the token is near its max TTL (40s left); it expires then (on_loss applies)",
                    "wake 83.0 seconds",
                ]
        )
        #expect(Fixture.render(machine.handle(.tick(now: .seconds(82)))) == ["wake 83.0 seconds"], "no renewal")
        #expect(
            Fixture.render(machine.handle(.tick(now: .seconds(83))))
                == ["say the token expired: it reached its max TTL: stopping the child (on_loss = \"stop\")"]
                + Self.stopping
        )
    }

    @Test func aFirstLookupThatFailsIsALoss() throws {
        var machine = try Self.tokenOnly()
        _ = machine.start()
        _ = machine.handle(.started(pid: 1))
        #expect(
            Fixture.render(machine.handle(.tokenLookupFailed(.permissionDenied, retryable: false)))
                == [
                    "say the token cannot be looked up (permission denied), so it cannot be renewed: stopping the "
                        + "child (on_loss = \"stop\")"
                ] + Self.stopping
        )
    }

    @Test func aFirstLookupIsRetriedThreeTimesThenALoss() throws {
        var machine = try Self.tokenOnly(onLoss: .keep)
        _ = machine.start()
        _ = machine.handle(.started(pid: 1))
        var now = Duration.zero
        for wait in [1, 2, 4] {
            #expect(
                Fixture.render(machine.handle(.tokenLookupFailed(.unreachable, retryable: true)))
                    == [
                        "say looking up the token failed (server unreachable); retrying",
                        "wake \(now + .seconds(wait))",
                    ]
            )
            now += .seconds(wait)
            #expect(Fixture.render(machine.handle(.tick(now: now))) == ["lookup token"])
        }
        #expect(
            Fixture.render(machine.handle(.tokenLookupFailed(.unreachable, retryable: true)))
                == [
                    "say the token cannot be looked up (server unreachable), so it cannot be renewed: the child "
                        + "keeps its current secrets (on_loss = \"keep\")"
                ]
        )
    }

    // MARK: Leases

    /// Started at 0 with child 1: the token never expires, the lease (60 s, renewable) is due at 43 s.
    static func leased(onLoss: SecretsPolicy.OnLoss = .stop) throws -> SupervisorStateMachine {
        var machine = try Fixture.machine(onLoss: onLoss)
        #expect(Fixture.render(machine.start()) == ["spawn u1/v1", "lookup token", "wake 43.0 seconds"])
        _ = machine.handle(.started(pid: 1))
        #expect(machine.handle(.tokenLookedUp(ttl: 0, creationTTL: 0, renewable: false)).isEmpty)
        return machine
    }

    static let path = "database/creds/bot4"
    static let firstLease = "database/creds/bot4/L1"

    @Test func aLeaseIsRenewedUntilItsMaxTTLThenNewCredentialsAreReadAndHandedOver() throws {
        var machine = try Self.leased()
        #expect(
            Fixture.render(machine.handle(.tick(now: .seconds(43))))
                == ["renew \(Self.path) \(Self.firstLease) 60", "wake 60.0 seconds"]
        )
        #expect(
            Fixture.render(machine.handle(.leaseRenewed(path: Self.path, ttl: 60, renewable: true)))
                == ["wake 86.0 seconds"]
        )
        _ = machine.handle(.tick(now: .seconds(86)))
        // The max TTL caps the renewal at 24 s: new credentials at 2/3 of that (+ grace), before the expiry.
        #expect(
            Fixture.render(machine.handle(.leaseRenewed(path: Self.path, ttl: 24, renewable: true)))
                == ["say \(Self.path): the lease reaches its max TTL in 24s", "wake 103.2 seconds"]
        )
        #expect(
            Fixture.render(machine.handle(.tick(now: .seconds(103.2))))
                == ["reread \(Self.path)", "wake 110.0 seconds"]
        )
        let renewed = try Fixture.database("u2", lease: "database/creds/bot4/L2")
        let actions = Fixture.render(machine.handle(.credentialsRead(renewed)))
        #expect(actions.first?.hasPrefix("say \(Self.path) has new credentials") == true, "\(actions)")
        // The new lease is scheduled from the instant of the read: 103.2 + 43.
        #expect(actions.dropFirst() == ["signal 1 \(SIGTERM)", "timer 1", "wake 146.2 seconds"])
        #expect(
            Fixture.render(machine.handle(.exited(pid: 1, status: 143)))
                == ["revoke \(Self.firstLease) (replaced)", "spawn u2/v1"]
        )
    }

    @Test func aRefusedLeaseRenewalReadsNewCredentialsAtOnce() throws {
        var machine = try Self.leased()
        _ = machine.handle(.tick(now: .seconds(43)))
        #expect(
            Fixture.render(machine.handle(.leaseRenewFailed(path: Self.path, code: .badRequest, retryable: false)))
                == ["say \(Self.path): the lease can no longer be renewed (bad request)", "reread \(Self.path)"]
        )
    }

    /// An outage longer than the lease: the expiry is reported as a loss, and under `keep` new credentials
    /// are read (retried while the server is away) and handed over once it answers.
    @Test func anOutageLongerThanTheLeaseIsALossThenNewCredentialsRecover() throws {
        var machine = try Self.leased(onLoss: .keep)
        _ = machine.handle(.tick(now: .seconds(43)))
        #expect(
            Fixture.render(machine.handle(.leaseRenewFailed(path: Self.path, code: .unreachable, retryable: true)))
                == ["say \(Self.path): lease renewal failed (server unreachable); retrying", "wake 47.25 seconds"]
        )
        _ = machine.handle(.tick(now: .seconds(47.25)))
        _ = machine.handle(.leaseRenewFailed(path: Self.path, code: .unreachable, retryable: true))
        #expect(
            Fixture.render(machine.handle(.tick(now: .seconds(60))))
                == [
                    "say \(Self.path): the lease expired while its renewal kept failing (server unreachable): the "
                        + "child keeps its current secrets (on_loss = \"keep\")",
                    "reread \(Self.path)",
                ]
        )
        #expect(
            Fixture.render(
                machine.handle(
                    .rereadFailed(path: Self.path, code: .unreachable, retryable: true, message: "cannot reach")
                )
            ) == [
                "say \(Self.path): reading new credentials failed (server unreachable); retrying", "wake 62.0 seconds",
            ]
        )
        #expect(Fixture.render(machine.handle(.tick(now: .seconds(62)))) == ["reread \(Self.path)"])
        let actions = Fixture.render(
            machine.handle(.credentialsRead(try Fixture.database("u2", lease: "database/creds/bot4/L2")))
        )
        #expect(actions.first?.hasPrefix("say \(Self.path) has new credentials") == true, "\(actions)")
        #expect(actions.dropFirst() == ["signal 1 \(SIGTERM)", "timer 1", "wake 105.0 seconds"])
    }

    @Test func anOutageLongerThanTheLeaseStopsUnderOnLossStop() throws {
        var machine = try Self.leased()
        _ = machine.handle(.tick(now: .seconds(43)))
        _ = machine.handle(.leaseRenewFailed(path: Self.path, code: .timeout, retryable: true))
        #expect(
            Fixture.render(machine.handle(.tick(now: .seconds(60))))
                == [
                    "say \(Self.path): the lease expired while its renewal kept failing (timeout): stopping the "
                        + "child (on_loss = \"stop\")"
                ] + Self.stopping
        )
        #expect(
            Fixture.render(machine.handle(.exited(pid: 1, status: 143))) == ["stop 143 revoking [\(Self.firstLease)]"]
        )
    }

    @Test func newCredentialsThatCannotBeReadAreALoss() throws {
        var machine = try Self.leased()
        _ = machine.handle(.tick(now: .seconds(43)))
        _ = machine.handle(.leaseRenewFailed(path: Self.path, code: .badRequest, retryable: false))
        #expect(
            Fixture.render(
                machine.handle(
                    .rereadFailed(
                        path: Self.path,
                        code: .permissionDenied,
                        retryable: false,
                        message: "database/creds/bot4: permission denied"
                    )
                )
            ) == [
                "say \(Self.path): new credentials cannot be read (database/creds/bot4: permission denied): "
                    + "stopping the child (on_loss = \"stop\")"
            ] + Self.stopping
        )
    }

    /// A lease without a duration never expires: it is neither renewed nor counted as lost.
    @Test func aLeaseWithoutADurationIsNotScheduled() throws {
        var machine = try Self.leased()
        _ = machine.handle(.tick(now: .seconds(43)))
        let forever = VaultSecret(
            path: Self.path,
            engine: .leased(path: "database/", type: "database"),
            version: nil,
            values: [
                "username": try SecureBytes(copying: Array("u9".utf8)),
                "password": try SecureBytes(copying: Array("pw-u9".utf8)),
            ],
            leaseDuration: 0,
            lease: SecretLease(id: "database/creds/bot4/L9", duration: 0, renewable: false)
        )
        _ = machine.handle(.leaseRenewFailed(path: Self.path, code: .badRequest, retryable: false))
        let actions = Fixture.render(machine.handle(.credentialsRead(forever)))
        #expect(!actions.contains { $0.hasPrefix("wake") }, "\(actions)")
        #expect(Fixture.render(machine.handle(.exited(pid: 1, status: 143))).last == "spawn u9/v1")
        _ = machine.handle(.started(pid: 2))
        #expect(machine.handle(.tick(now: .seconds(1_000_000))).isEmpty)
    }

    // MARK: The token seal exec logged in with

    @Test func theTokenOfAnAppRoleLoginIsRevokedAtTheEnd() throws {
        var machine = try Fixture.machine(revokeToken: true)
        _ = machine.start()
        _ = machine.handle(.started(pid: 3))
        #expect(
            Fixture.render(machine.handle(.exited(pid: 3, status: 0)))
                == ["stop 0 revoking [\(Self.firstLease)] and the token"]
        )
        var failed = try Fixture.machine(revokeToken: true)
        _ = failed.start()
        #expect(
            Fixture.render(failed.handle(.spawnFailed("cannot start x"))).last
                == "stop 125 revoking [\(Self.firstLease)] and the token"
        )
    }

    /// Only a token `seal exec` made itself is revoked, and not when `revoke_on_exit = false` keeps the leases
    /// (revoking a token revokes the leases it created).
    @Test func rulesRevokeOnlyTheAppRoleToken() throws {
        func rules(_ vault: String, _ watch: String = "") throws -> SupervisorStateMachine.Rules {
            .init(
                try SecretsPolicy(
                    toml: "[vault]\n\(vault)\n[env]\nA = \"secret/a#b\"\n[watch]\n\(watch)\n",
                    source: "t"
                )
            )
        }
        let appRole = "auth = \"approle\"\nrole_id_file = \"/r\"\nsecret_id_file = \"/s\""
        #expect(try rules(appRole).revokeToken)
        #expect(try !rules(appRole, "revoke_on_exit = false").revokeToken)
        #expect(try !rules("auth = \"token\"").revokeToken)
        #expect(try !rules("").revokeToken)
    }
}
