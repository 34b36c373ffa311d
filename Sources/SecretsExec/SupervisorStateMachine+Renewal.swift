import TOMLPrecheck
import Vault

/// When the token and each lease are renewed, re-read or lost: decided from ``SupervisorStateMachine/now``
/// and the answers the driver feeds back, never from a clock of its own.
extension SupervisorStateMachine {
    /// The token's schedule.
    struct TokenSchedule: Sendable {
        enum Phase: Sendable {
            /// Not looked up yet (or the lookup is retried).
            case unknown
            /// Renewed at 2/3 of its TTL.
            case renewing
            /// It cannot be renewed any further (not renewable, refused, or at its max TTL): lost at expiry.
            case expiring(String)
            /// It never expires, or it is lost: nothing more to do.
            case done
        }
        var phase = Phase.unknown
        /// The TTL each renewal asks for.
        var increment = 0
        /// When it runs out.
        var expiry: Duration?
        /// When to look it up or renew it next (nil while a request is out, or when nothing is due).
        var next: Duration? = .zero
        var failures = 0
        var lastError: VaultError.Code?
    }

    /// One lease's schedule.
    struct LeaseSchedule: Sendable {
        enum Phase: Sendable {
            /// Renewed at 2/3 of its TTL while renewals grant the full TTL.
            case renewing
            /// New credentials are read at 2/3 of what is left.
            case rereading
            /// Lost (new credentials cannot be read or used): nothing more to do.
            case gone
        }
        var lease: SecretLease
        var phase: Phase
        var expiry: Duration
        var next: Duration?
        var failures = 0
        var lastError: VaultError.Code?
        /// Whether its expiry was reported as a loss.
        var expired = false
    }

    /// The delay before renewing something with `ttl` seconds left: `2/3·ttl + grace/3`, the grace being
    /// 10–20% of the TTL (`jitter` in `0...1` places it), as the Go lifetime watcher does. The TTL is first
    /// clamped to `0...DurationText.maximumSeconds`, so no server answer makes it absurd.
    public static func renewalDelay(ttl: Int, jitter: Double) -> Duration {
        let seconds = Double(DurationText.clampedSeconds(ttl))
        let place = jitter.isNaN ? 0.5 : min(max(jitter, 0), 1)
        let grace = seconds * (0.1 + 0.1 * place)
        return .milliseconds(Int64((seconds * 2 / 3 + grace / 3) * 1000))
    }

    /// The earliest instant something is due (a renewal, a re-read, an expiry), if any.
    var nextDeadline: Duration? {
        var deadlines: [Duration?] = [token.next]
        if token.phase.isKnown { deadlines.append(token.expiry) }
        for schedule in leases.values {
            if case .gone = schedule.phase { continue }
            deadlines.append(schedule.next)
            if !schedule.expired { deadlines.append(schedule.expiry) }
        }
        return deadlines.compactMap { $0 }.min()
    }

    /// Starts the schedule of a freshly read leased secret at ``now`` (a lease without a duration never
    /// expires: nothing to schedule).
    mutating func schedule(_ secret: VaultSecret) {
        guard let lease = secret.lease, lease.duration > 0 else {
            leases[secret.path] = nil
            return
        }
        leases[secret.path] = LeaseSchedule(
            lease: lease,
            phase: lease.renewable ? .renewing : .rereading,
            expiry: now + .seconds(DurationText.clampedSeconds(lease.duration)),
            next: now + delay(lease.duration)
        )
    }

    private func delay(_ ttl: Int) -> Duration {
        SupervisorStateMachine.renewalDelay(ttl: ttl, jitter: jitter())
    }

    /// Exponential backoff from 10 s, at most 5 min, at most a quarter of what is left, at least 1 s.
    private static func backoff(failures: Int, left: Duration) -> Duration {
        max(.seconds(1), min(.seconds(10 << min(failures - 1, 5)), .seconds(300), left / 4))
    }

    /// What is due at ``now``: requests whose time has come, and expiries (each a loss).
    mutating func due() -> [Action] {
        guard !stopping, !finished else { return [] }
        var actions: [Action] = []
        if token.phase.isKnown, let expiry = token.expiry, now >= expiry {
            let why: String
            switch token.phase {
            case .expiring(let reason): why = "the token expired: \(reason)"
            default:
                why =
                    "the token expired while its renewal kept failing (\(token.lastError.map { "\($0)" } ?? "no answer"))"
            }
            token.phase = .done
            token.next = nil
            actions += lost(why)
        }
        if !stopping, let next = token.next, now >= next {
            token.next = nil
            switch token.phase {
            case .unknown: actions.append(.lookUpToken)
            case .renewing: actions.append(.renewToken(increment: token.increment))
            case .expiring, .done: break
            }
        }
        for path in leases.keys.sorted() where !stopping {
            guard var schedule = leases[path] else { continue }
            if case .gone = schedule.phase { continue }
            if !schedule.expired, now >= schedule.expiry {
                schedule.expired = true
                let failing = schedule.lastError.map { " while its renewal kept failing (\($0))" } ?? ""
                let what =
                    schedule.phase == .renewing
                    ? "\(path): the lease expired\(failing)"
                    : "\(path): the lease expired before new credentials were read"
                // Renewing is over: read new credentials now (an answer still out for the old lease is ignored).
                if schedule.phase == .renewing {
                    schedule.phase = .rereading
                    schedule.next = now
                    schedule.failures = 0
                }
                leases[path] = schedule
                actions += lost(what)
                if stopping { return actions }
            }
            if let next = schedule.next, now >= next {
                schedule.next = nil
                switch schedule.phase {
                case .renewing:
                    actions.append(.renewLease(path: path, lease: schedule.lease, increment: schedule.lease.duration))
                case .rereading: actions.append(.reread(path: path))
                case .gone: break
                }
            }
            leases[path] = schedule
        }
        return actions
    }

    /// The answers of the renewal requests.
    mutating func renewal(_ event: Event) -> [Action] {
        if case .done = token.phase, event.isAboutTheToken { return [] }
        switch event {
        case .tokenLookedUp(let ttl, let creationTTL, let renewable):
            token.failures = 0
            guard ttl > 0 else {
                token.phase = .done
                return []
            }
            token.expiry = now + .seconds(DurationText.clampedSeconds(ttl))
            guard renewable else {
                token.phase = .expiring("it is not renewable")
                return [.say("the token is not renewable: it expires in \(ttl)s, which is a loss (on_loss applies)")]
            }
            token.phase = .renewing
            token.increment = max(creationTTL, ttl)
            token.next = now + delay(ttl)
            return []
        case .tokenLookupFailed(let code, let retryable):
            token.failures += 1
            guard retryable, token.failures < 4 else {
                token.phase = .done
                return lost("the token cannot be looked up (\(code)), so it cannot be renewed")
            }
            token.next = now + .seconds(1 << (token.failures - 1))
            return [.say("looking up the token failed (\(code)); retrying")]
        case .tokenRenewed(let ttl, let renewable):
            token.failures = 0
            token.lastError = nil
            guard ttl > 0 else {
                token.phase = .done
                return []
            }
            token.expiry = now + .seconds(DurationText.clampedSeconds(ttl))
            guard renewable, ttl >= token.increment else {
                token.phase = .expiring("it reached its max TTL")
                return [.say("the token is near its max TTL (\(ttl)s left); it expires then (on_loss applies)")]
            }
            token.next = now + delay(ttl)
            return []
        case .tokenRenewFailed(let code, let retryable):
            guard code != .invalidToken else {
                token.phase = .done
                return lost("the token can no longer be renewed (\(code))")
            }
            let left = token.expiry.map { $0 - now } ?? .zero
            guard retryable else {
                token.phase = .expiring("its renewal was refused (\(code))")
                return [.say("the token can no longer be renewed (\(code)): it expires in \(left.components.seconds)s")]
            }
            token.failures += 1
            token.lastError = code
            token.next = now + Self.backoff(failures: token.failures, left: left)
            return [.say("token renewal failed (\(code)); retrying")]
        case .leaseRenewed(let path, let ttl, let renewable):
            guard var schedule = leases[path], schedule.phase == .renewing else { return [] }
            schedule.failures = 0
            schedule.lastError = nil
            schedule.expiry = now + .seconds(DurationText.clampedSeconds(ttl))
            schedule.expired = false
            schedule.next = now + delay(ttl)
            var actions: [Action] = []
            if !renewable || ttl < schedule.lease.duration {
                schedule.phase = .rereading
                actions.append(.say("\(path): the lease reaches its max TTL in \(ttl)s"))
            }
            leases[path] = schedule
            return actions
        case .leaseRenewFailed(let path, let code, let retryable):
            guard var schedule = leases[path], schedule.phase == .renewing else { return [] }
            guard retryable else {
                // Refused: read new credentials at once.
                schedule.phase = .rereading
                schedule.next = now
                schedule.failures = 0
                leases[path] = schedule
                return [.say("\(path): the lease can no longer be renewed (\(code))")] + due()
            }
            schedule.failures += 1
            schedule.lastError = code
            schedule.next = now + Self.backoff(failures: schedule.failures, left: schedule.expiry - now)
            leases[path] = schedule
            return [.say("\(path): lease renewal failed (\(code)); retrying")]
        case .rereadFailed(let path, let code, let retryable, let message):
            guard var schedule = leases[path], schedule.phase == .rereading else { return [] }
            guard retryable else {
                schedule.phase = .gone
                leases[path] = schedule
                return lost("\(path): new credentials cannot be read (\(message))")
            }
            schedule.failures += 1
            schedule.lastError = code
            schedule.next = now + .seconds(min(60, 1 << min(schedule.failures, 6)))
            leases[path] = schedule
            return [.say("\(path): reading new credentials failed (\(code)); retrying")]
        default:
            return []
        }
    }
}

extension SupervisorStateMachine.Event {
    /// Whether this is an answer about the token.
    fileprivate var isAboutTheToken: Bool {
        switch self {
        case .tokenLookedUp, .tokenLookupFailed, .tokenRenewed, .tokenRenewFailed: true
        default: false
        }
    }
}

extension SupervisorStateMachine.TokenSchedule.Phase {
    /// Whether the token's expiry is known and still watched.
    var isKnown: Bool {
        switch self {
        case .renewing, .expiring: true
        case .unknown, .done: false
        }
    }
}
