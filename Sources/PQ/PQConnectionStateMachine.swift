/// When a connection opens, reopens or refuses: a pure state machine (events in, actions out) with no I/O and
/// no clock of its own; the caller passes the current instant.
///
/// - A first use opens the connection.
/// - A lost connection is reopened at the next use, at once.
/// - A failed open makes the following uses fail fast (``Action/failFast(retryAt:)``) until a backoff
///   delay has passed (doubling from ``Backoff/initial`` up to ``Backoff/maximum``); then one use tries again.
///   So during an outage callers get an error at once instead of each waiting on its own connect.
/// - After ``close()`` every use is refused.
public struct PQConnectionStateMachine: Sendable {
    /// How long to wait after failed opens.
    public struct Backoff: Hashable, Sendable {
        /// The wait after the first failed open.
        public var initial: Duration
        /// The longest wait.
        public var maximum: Duration

        /// Creates a backoff policy.
        public init(initial: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
            self.initial = initial
            self.maximum = maximum
        }

        /// The wait after `failures` consecutive failed opens (at least one).
        public func delay(afterFailures failures: Int) -> Duration {
            var delay = initial
            for _ in 1..<max(failures, 1) {
                delay = delay * 2
                if delay >= maximum { return maximum }
            }
            return min(delay, maximum)
        }
    }

    /// Where the connection is.
    public enum State: Hashable, Sendable {
        /// Never opened.
        case idle
        /// Open and usable.
        case connected
        /// Down after `failures` consecutive failed opens (0: lost, not yet retried); the next open is due at
        /// `retryAt`.
        case disconnected(failures: Int, retryAt: ContinuousClock.Instant)
        /// Closed by its owner.
        case closed
    }

    /// What the driver does next.
    public enum Action: Hashable, Sendable {
        /// Open a connection now, then report ``connectSucceeded()`` or ``connectFailed(now:)``.
        case connect
        /// Use the open connection.
        case use
        /// Fail the use at once: the connection is down and the next open is due at `retryAt`.
        case failFast(retryAt: ContinuousClock.Instant)
        /// Fail the use: the connection was closed.
        case refuse
        /// Drop the connection's handle (it is broken, or its owner closed it).
        case discardHandle
        /// Nothing to do.
        case none
    }

    /// The current state.
    public private(set) var state: State = .idle
    /// The backoff policy.
    public let backoff: Backoff

    /// Creates a machine in ``State/idle``.
    public init(backoff: Backoff = Backoff()) {
        self.backoff = backoff
    }

    /// A caller wants to run something on the connection.
    public mutating func operationRequested(now: ContinuousClock.Instant) -> Action {
        switch state {
        case .idle: return .connect
        case .connected: return .use
        case .disconnected(_, let retryAt): return now >= retryAt ? .connect : .failFast(retryAt: retryAt)
        case .closed: return .refuse
        }
    }

    /// An open (from ``Action/connect``) succeeded.
    public mutating func connectSucceeded() -> Action {
        switch state {
        case .idle, .disconnected:
            state = .connected
            return .use
        case .connected:
            return .use
        case .closed:
            return .discardHandle
        }
    }

    /// An open (from ``Action/connect``) failed at `now`; the next one is due after the backoff delay.
    public mutating func connectFailed(now: ContinuousClock.Instant) -> Action {
        switch state {
        case .idle, .connected:
            state = .disconnected(failures: 1, retryAt: now + backoff.delay(afterFailures: 1))
        case .disconnected(let failures, _):
            state = .disconnected(failures: failures + 1, retryAt: now + backoff.delay(afterFailures: failures + 1))
        case .closed:
            break
        }
        return .none
    }

    /// The open connection broke at `now` (a statement found it dead); the next use reopens at once.
    public mutating func connectionLost(now: ContinuousClock.Instant) -> Action {
        switch state {
        case .connected:
            state = .disconnected(failures: 0, retryAt: now)
            return .discardHandle
        case .idle, .disconnected, .closed:
            return .none
        }
    }

    /// The owner closes the connection for good.
    public mutating func close() -> Action {
        let wasConnected = state == .connected
        state = .closed
        return wasConnected ? .discardHandle : .none
    }
}
