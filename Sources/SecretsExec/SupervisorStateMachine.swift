import Foundation
import Vault

/// The decisions of `seal exec`'s supervisor, without I/O: events in, actions out.
///
/// The machine holds the secrets the child runs with, the set waiting for a restart, the child's process id,
/// whether it is being stopped for good, and when the token and each lease are renewed and run out.
/// ``ExecSupervisor`` feeds it what happened (the child started or exited, a signal arrived, a secret changed,
/// a renewal or a read came back, the clock advanced, a stop timer fired) and carries out what it returns, in
/// order. Nothing here waits, spawns, signals or talks to a server, and time comes in with ``Event/tick(now:)``
/// as an instant of a monotonic clock, so every decision is tested with plain values.
public struct SupervisorStateMachine: Sendable {
    /// The `[watch]` choices the machine acts on.
    public struct Rules: Sendable {
        /// What a change does.
        public var onChange: SecretsPolicy.OnChange
        /// The signal of `on_change = "signal"`.
        public var signal: Int32
        /// What a loss does.
        public var onLoss: SecretsPolicy.OnLoss
        /// Whether leases are revoked when replaced and when `seal exec` ends.
        public var revokeOnExit: Bool
        /// Whether the token is revoked when `seal exec` ends (a token it made by logging in itself).
        public var revokeToken: Bool

        /// The rules of a policy: its `[watch]` table, and whether `[vault]` logs in with AppRole (then the
        /// token is `seal exec`'s own and is revoked at the end, unless `revoke_on_exit = false` keeps the
        /// leases it holds).
        public init(_ policy: SecretsPolicy) {
            self.init(
                onChange: policy.watch.onChange,
                signal: policy.watch.signal,
                onLoss: policy.watch.onLoss,
                revokeOnExit: policy.watch.revokeOnExit,
                revokeToken: policy.settings.auth == .approle && policy.watch.revokeOnExit
            )
        }

        /// Rules from their parts (the `[watch]` defaults: restart, SIGHUP, stop, revoke; a given token).
        public init(
            onChange: SecretsPolicy.OnChange = .restart,
            signal: Int32 = SIGHUP,
            onLoss: SecretsPolicy.OnLoss = .stop,
            revokeOnExit: Bool = true,
            revokeToken: Bool = false
        ) {
            self.onChange = onChange
            self.signal = signal
            self.onLoss = onLoss
            self.revokeOnExit = revokeOnExit
            self.revokeToken = revokeToken
        }
    }

    /// What happened.
    public enum Event: Sendable {
        /// The child was started with process id `pid`.
        case started(pid: Int32)
        /// The child could not be started (the message names the command and why).
        case spawnFailed(String)
        /// A child exited with `status` as a shell reports it (128 + N for signal N).
        case exited(pid: Int32, status: Int32)
        /// `seal exec` received a signal it forwards.
        case signal(Int32)
        /// Polling found new versions (`what` names them); `read` is the whole set as read.
        case secretChanged(SecretSet, what: String)
        /// New credentials of a dynamic secret were read (after ``Action/reread(path:)``).
        case credentialsRead(VaultSecret)
        /// Reading new credentials for `path` failed with `code` (`message` names the path, never a value).
        case rereadFailed(path: String, code: VaultError.Code, retryable: Bool, message: String)
        /// `lookup-self` answered: the token has `ttl` seconds left (0: it never expires).
        case tokenLookedUp(ttl: Int, creationTTL: Int, renewable: Bool)
        /// `lookup-self` failed.
        case tokenLookupFailed(VaultError.Code, retryable: Bool)
        /// `renew-self` answered with a TTL of `ttl` seconds.
        case tokenRenewed(ttl: Int, renewable: Bool)
        /// `renew-self` failed.
        case tokenRenewFailed(VaultError.Code, retryable: Bool)
        /// The lease of `path` was renewed for `ttl` seconds.
        case leaseRenewed(path: String, ttl: Int, renewable: Bool)
        /// Renewing the lease of `path` failed.
        case leaseRenewFailed(path: String, code: VaultError.Code, retryable: Bool)
        /// A secret can no longer be read (the watch), or another loss the driver found.
        case lost(String)
        /// The secrets are readable again after a loss (`what` says so).
        case recovered(String)
        /// The clock reads `now` (time since the supervisor started, on a monotonic clock).
        case tick(now: Duration)
        /// The stop timer of the child `pid` fired.
        case stopTimerFired(pid: Int32)
        /// The child `pid` has run long enough to have installed its signal handlers.
        case settled(pid: Int32)
    }

    /// What to do, in order.
    public enum Action: Sendable {
        /// Write the `[files]` of `secrets`, then start the child with them.
        case spawn(SecretSet)
        /// Send `signal` to the child `pid`.
        case signal(pid: Int32, Int32)
        /// Rewrite the `[files]` with the values of `secrets`.
        case writeFiles(SecretSet)
        /// Revoke these leases (`why` is said with each).
        case revoke([SecretLease], why: String)
        /// Say this on standard error.
        case say(String)
        /// Send ``Event/stopTimerFired(pid:)`` for `pid` after the stop grace period.
        case startStopTimer(pid: Int32)
        /// Send ``Event/settled(pid:)`` for `pid` after ``SupervisorStateMachine/settleTime``.
        case startSettleTimer(pid: Int32)
        /// Ask `lookup-self`; answer with ``Event/tokenLookedUp(ttl:creationTTL:renewable:)`` or
        /// ``Event/tokenLookupFailed(_:retryable:)``.
        case lookUpToken
        /// Renew the token asking for `increment` seconds; answer with ``Event/tokenRenewed(ttl:renewable:)``
        /// or ``Event/tokenRenewFailed(_:retryable:)``.
        case renewToken(increment: Int)
        /// Renew `lease` (of `path`) asking for `increment` seconds; answer with
        /// ``Event/leaseRenewed(path:ttl:renewable:)`` or ``Event/leaseRenewFailed(path:code:retryable:)``.
        case renewLease(path: String, lease: SecretLease, increment: Int)
        /// Read new credentials at `path`; answer with ``Event/credentialsRead(_:)`` or
        /// ``Event/rereadFailed(path:code:retryable:message:)``.
        case reread(path: String)
        /// Send ``Event/tick(now:)`` once the clock reaches `at` (replacing any earlier request).
        case wakeUp(at: Duration)
        /// Remove the files, revoke `leases` (the ones still held), then the token when `revokingToken`, close
        /// the client and exit with `status`.
        case stop(status: Int32, revoking: [SecretLease], revokingToken: Bool)
    }

    /// How long a new child runs before the signals held for it are delivered.
    public static let settleTime: Duration = .seconds(1)

    /// The signals that stop the child for good when they arrive during a restart.
    public static let stopSignals: Set<Int32> = [SIGTERM, SIGINT, SIGQUIT]

    /// The exit status when the child cannot be started.
    public static let cannotStart: Int32 = 125

    /// The rules.
    public let rules: Rules
    /// The secrets the child runs with (or will be started with).
    public private(set) var secrets: SecretSet
    /// The set a restart will install.
    public private(set) var pending: SecretSet?
    /// The running child, when there is one.
    public private(set) var child: Int32?
    /// Whether the child is being stopped for good.
    public private(set) var stopping = false
    /// Whether the machine has returned ``Action/stop(status:revoking:revokingToken:)``.
    public private(set) var finished = false
    /// The last instant the clock was read at (``start(now:)`` or ``Event/tick(now:)``).
    public private(set) var now: Duration = .zero
    /// Signals that arrived while no child could take them, for the next child.
    public private(set) var heldSignals: [Int32] = []
    private var restarting = false
    /// A stop signal was forwarded to the running child: no more restarts.
    private var stopRequested = false
    var token = TokenSchedule()
    var leases: [String: LeaseSchedule] = [:]
    private var armed: Duration?
    let jitter: @Sendable () -> Double

    /// A machine that will start the child with `secrets`.
    ///
    /// `jitter` returns a number in `0...1` each time a renewal is scheduled: it places the renewal within
    /// the 10–20% grace of ``renewalDelay(ttl:jitter:)`` (tests pass a constant).
    public init(
        rules: Rules,
        secrets: SecretSet,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.rules = rules
        self.secrets = secrets
        self.jitter = jitter
    }

    /// The first actions at instant `now`: start the child, look the token up, schedule the leases.
    public mutating func start(now: Duration = .zero) -> [Action] {
        self.now = now
        for secret in secrets.secretsWithLeases { schedule(secret) }
        return [.spawn(secrets)] + scheduled(due())
    }

    /// Decides what `event` calls for.
    public mutating func handle(_ event: Event) -> [Action] {
        guard !finished else { return [] }
        return scheduled(decide(event))
    }

    private mutating func decide(_ event: Event) -> [Action] {
        switch event {
        case .started(let pid):
            child = pid
            defer { restarting = false }
            var actions: [Action] = restarting ? [.say("restarted the child with the new secret versions")] : []
            // Held signals wait until the child can have installed its handlers (a SIGHUP at its default
            // disposition would kill it).
            if !heldSignals.isEmpty { actions.append(.startSettleTimer(pid: pid)) }
            return actions
        case .settled(let pid):
            guard pid == child else { return [] }
            defer { heldSignals = [] }
            return heldSignals.map { .signal(pid: pid, $0) }
        case .spawnFailed(let message):
            return [.say(message)] + finish(status: SupervisorStateMachine.cannotStart)
        case .exited(let pid, let status):
            guard pid == child else { return [] }
            child = nil
            guard let next = pending, !stopping else { return finish(status: status) }
            pending = nil
            let previous = secrets
            secrets = next
            restarting = true
            return retire(previous, keeping: next) + [.spawn(next)]
        case .signal(let number):
            return signal(number)
        case .secretChanged(let read, let what):
            guard !stopping, !stopRequested else { return [] }
            // A poll reuses the leases it saw; keep any newer lease that arrived since.
            return apply(read.keepingLeases(of: pending ?? secrets), what: "\(what) changed")
        case .credentialsRead(let secret):
            guard !stopping, !stopRequested else {
                // Read while stopping for good: never used.
                let unused = rules.revokeOnExit ? secret.lease.map { [$0] } ?? [] : []
                return unused.isEmpty ? [] : [.revoke(unused, why: "not used: the child is stopping")]
            }
            return install(secret)
        case .lost(let reason):
            return lost(reason)
        case .recovered(let what):
            return [.say(what)]
        case .tick(let instant):
            now = max(now, instant)
            armed = nil
            return due()
        case .stopTimerFired(let pid):
            guard pid == child else { return [] }
            return [.say("the child did not stop within 10 s: SIGKILL"), .signal(pid: pid, SIGKILL)]
        case .rereadFailed, .tokenLookedUp, .tokenLookupFailed, .tokenRenewed, .tokenRenewFailed, .leaseRenewed,
            .leaseRenewFailed:
            return renewal(event)
        }
    }

    /// Forwards a signal to the running child. During a restart (the old child is stopping, or the next one
    /// is not started yet) nothing is lost: SIGTERM, SIGINT and SIGQUIT cancel the restart and stop for good;
    /// any other signal is held for the next child.
    private mutating func signal(_ number: Int32) -> [Action] {
        let stops = SupervisorStateMachine.stopSignals.contains(number)
        if let child, pending == nil, !restarting, heldSignals.isEmpty {
            // Asked to stop: a change found from now on does not restart the child (renewals go on while it runs).
            if stops { stopRequested = true }
            return [.signal(pid: child, number)]
        }
        guard stops else {
            heldSignals.append(number)
            return []
        }
        guard !stopping else {
            if let child { return [.signal(pid: child, number)] }
            heldSignals.append(number)
            return []
        }
        stopping = true
        var actions: [Action] = [.say("signal \(number) arrived during a restart: stopping instead")]
        if let unused = pending {
            pending = nil
            actions += retire(unused, keeping: secrets)
        }
        if let child { actions.append(.signal(pid: child, number)) } else { heldSignals.append(number) }
        return actions
    }

    /// New credentials of a dynamic secret: scheduled, and installed as a change (unusable ones are a loss).
    private mutating func install(_ secret: VaultSecret) -> [Action] {
        do throws(SecretSet.ResolutionError) {
            let next = try (pending ?? secrets).replacing(secret)
            schedule(secret)
            let lease = secret.lease.map { "\($0)" } ?? "no lease"
            return apply(next, what: "\(secret.path) has new credentials (\(lease))")
        } catch {
            leases[secret.path]?.phase = .gone
            return [.revoke(error.leases, why: "unusable")]
                + lost("\(secret.path): the new credentials are unusable:\n\(error)")
        }
    }

    /// Installs a changed set: restarts the child with it, or rewrites the files and signals the child.
    private mutating func apply(_ next: SecretSet, what: String) -> [Action] {
        switch rules.onChange {
        case .restart:
            // Already waiting for the child to stop: the newest set replaces the pending one, no second SIGTERM.
            if let replaced = pending {
                pending = next
                return retire(replaced, keeping: next, secrets)
            }
            pending = next
            return [.say("\(what): restarting the child")] + stopChild()
        case .signal:
            // Leases dropped here are not revoked: the child may still use them until it handles the signal,
            // and a replaced lease is near its max TTL anyway.
            secrets = next
            var actions: [Action] = [
                .writeFiles(next),
                .say("\(what): files rewritten, signal \(rules.signal) sent"),
            ]
            if let child { actions.append(.signal(pid: child, rules.signal)) }
            return actions
        }
    }

    /// A loss: `[watch] on_loss` decides.
    mutating func lost(_ reason: String) -> [Action] {
        switch rules.onLoss {
        case .stop:
            guard !stopping else { return [.say(reason)] }
            var actions: [Action] = [.say("\(reason): stopping the child (on_loss = \"stop\")")]
            stopping = true
            if let unused = pending {
                pending = nil
                actions += retire(unused, keeping: secrets)
            }
            return actions + stopChild()
        case .keep:
            return [.say("\(reason): the child keeps its current secrets (on_loss = \"keep\")")]
        }
    }

    private func stopChild() -> [Action] {
        guard let child else { return [] }
        return [.signal(pid: child, SIGTERM), .startStopTimer(pid: child)]
    }

    /// Revokes the leases of `previous` that none of `kept` holds (their child has exited, or none used them).
    private func retire(_ previous: SecretSet, keeping next: SecretSet...) -> [Action] {
        guard rules.revokeOnExit else { return [] }
        let kept = Set(next.flatMap { $0.leases.values.map(\.id) })
        let old = previous.leases.values.filter { !kept.contains($0.id) }.sorted { $0.id < $1.id }
        return old.isEmpty ? [] : [.revoke(old, why: "replaced")]
    }

    private mutating func finish(status: Int32) -> [Action] {
        finished = true
        let held = rules.revokeOnExit ? secrets.leases.values.sorted { $0.id < $1.id } : []
        return [.stop(status: status, revoking: held, revokingToken: rules.revokeToken)]
    }

    /// Appends a ``Action/wakeUp(at:)`` when the earliest deadline moved.
    private mutating func scheduled(_ actions: [Action]) -> [Action] {
        guard !finished, !stopping, let next = nextDeadline, next != armed else { return actions }
        armed = next
        return actions + [.wakeUp(at: next)]
    }
}
