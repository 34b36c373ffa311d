import Locking

/// Where client order ids are remembered: the interface the order path talks to.
///
/// The one implementation is ``InMemoryIdempotencyStore`` (the bounded cache behind a mutex), which forgets
/// everything on restart. The methods are `async throws` so that a durable store (a database table with a
/// unique key on the id) can implement the same interface; none exists yet.
public protocol IdempotencyStore<Key, Outcome>: Sendable {
    /// The client order id type.
    associatedtype Key: Hashable & Sendable
    /// The recorded outcome type.
    associatedtype Outcome: Sendable

    /// Claims `key` or reports what is known about it (see ``IdempotencyCache/begin(_:now:)``).
    /// - Parameters:
    ///   - key: the client order id.
    ///   - nowMillis: the current monotonic time in milliseconds.
    /// - Throws: only when the store itself cannot answer (a database failure); the order must then not be sent.
    func begin(_ key: Key, nowMillis: UInt64) async throws -> IdempotencyDecision<Outcome>

    /// Records the outcome of a claimed id.
    /// - Throws: when the store cannot record it.
    func complete(_ key: Key, outcome: Outcome, nowMillis: UInt64) async throws

    /// Releases a claimed id whose request was not sent.
    /// - Throws: when the store cannot release it.
    func abandon(_ key: Key) async throws
}

/// An ``IdempotencyStore`` in memory: an ``IdempotencyCache`` (ticks are milliseconds) behind a lock.
public final class InMemoryIdempotencyStore<Key: Hashable & Sendable, Outcome: Sendable>: IdempotencyStore {
    private let cache: LockedState<IdempotencyCache<Key, Outcome>>

    /// Creates a store remembering up to `capacity` ids for `retentionMillis` each.
    public init(capacity: Int, retentionMillis: UInt64, nowMillis: UInt64 = 0) {
        cache = LockedState(IdempotencyCache(capacity: capacity, retention: retentionMillis, now: nowMillis))
    }

    /// Claims `key` or reports what is known about it.
    public func begin(_ key: Key, nowMillis: UInt64) -> IdempotencyDecision<Outcome> {
        cache.withLock { $0.begin(key, now: nowMillis) }
    }

    /// Records the outcome of a claimed id.
    public func complete(_ key: Key, outcome: Outcome, nowMillis: UInt64) {
        cache.withLock { _ = $0.complete(key, outcome: outcome, now: nowMillis) }
    }

    /// Releases a claimed id.
    public func abandon(_ key: Key) {
        cache.withLock { $0.abandon(key) }
    }

    /// The number of ids remembered.
    public var count: Int { cache.withLock { $0.count } }
}
