import Locking

/// A fixed number of ``PQConnection``s lent to one task at a time.
///
/// A lease waits (first come, first served) while all `size` connections are lent. Connections open lazily
/// and reconnect by themselves (``PQConnection``). ``updateConfiguration(_:)`` swaps the login (a new leased
/// user and password, re-read on SIGHUP): connections lent at that moment finish their work with the old
/// login and are closed when returned; every connection opened afterwards uses the new one.
public final class PQConnectionPool: Sendable {
    private struct Idle {
        let connection: PQConnection
        let generation: Int
    }

    private struct State {
        var configuration: PQConfiguration
        var generation = 0
        var idle: [Idle] = []
        var lent = 0
        var waiters: [CheckedContinuation<Idle, Never>] = []
    }

    /// The most connections open at once.
    public let size: Int
    private let state: LockedState<State>

    /// Creates a pool of at most `size` connections (at least 1); nothing is opened until a lease.
    public init(_ configuration: PQConfiguration, size: Int) {
        self.size = max(size, 1)
        self.state = LockedState(State(configuration: configuration))
    }

    /// Lends a connection to `body` and takes it back when `body` ends.
    public func withConnection<Result>(_ body: (PQConnection) async throws -> Result) async throws -> Result {
        let lease = await lease()
        defer { giveBack(lease) }
        return try await body(lease.connection)
    }

    /// Runs `body` in a transaction on a lent connection (see ``PQConnection/transaction(_:)``).
    public func transaction<Result: Sendable>(
        _ body: @Sendable (isolated PQConnection) throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in try await connection.transaction(body) }
    }

    /// Uses `configuration` for every connection opened from now on; idle connections with the old one are
    /// closed now, lent ones when they come back.
    public func updateConfiguration(_ configuration: PQConfiguration) {
        let retired: [Idle] = state.withLock { state in
            state.configuration = configuration
            state.generation += 1
            let retired = state.idle
            state.idle = []
            return retired
        }
        // The retired connections close here, outside the lock, as their last reference goes (deinit).
        withExtendedLifetime(retired) {}
    }

    private func lease() async -> Idle {
        enum Decision {
            case ready(Idle)
            case wait
        }
        let decision: Decision = state.withLock { state in
            if let idle = state.idle.popLast() {
                state.lent += 1
                return .ready(idle)
            }
            if state.lent < size {
                state.lent += 1
                return .ready(Idle(connection: PQConnection(state.configuration), generation: state.generation))
            }
            return .wait
        }
        if case .ready(let idle) = decision { return idle }
        return await withCheckedContinuation { continuation in
            let handedOver: Idle? = state.withLock { state in
                // Re-check: a connection may have come back between the two locks.
                if let idle = state.idle.popLast() {
                    state.lent += 1
                    return idle
                }
                if state.lent < size {
                    state.lent += 1
                    return Idle(connection: PQConnection(state.configuration), generation: state.generation)
                }
                state.waiters.append(continuation)
                return nil
            }
            if let handedOver { continuation.resume(returning: handedOver) }
        }
    }

    private func giveBack(_ lease: Idle) {
        let next: (CheckedContinuation<Idle, Never>, Idle)? = state.withLock { state in
            let current =
                lease.generation == state.generation
                ? lease : Idle(connection: PQConnection(state.configuration), generation: state.generation)
            guard !state.waiters.isEmpty else {
                state.lent -= 1
                if lease.generation == state.generation { state.idle.append(lease) }
                return nil
            }
            // The lease passes straight to the first waiter (lent count unchanged).
            return (state.waiters.removeFirst(), current)
        }
        if let (waiter, connection) = next { waiter.resume(returning: connection) }
    }
}
