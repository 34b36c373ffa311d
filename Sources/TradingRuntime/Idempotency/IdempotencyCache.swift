/// Remembers client order ids so that a retried request returns the first attempt's outcome instead of
/// acting twice.
///
/// Binance deduplicates `newClientOrderId` only against *open* orders, so a retried IOC or MARKET order
/// whose first attempt already filled would be accepted again; this cache is what prevents that. It is bounded
/// by count (least recently used entries go first) and by age (each id is forgotten `retention` ticks after it
/// was first seen, through a ``TimingWheel``); every operation is O(1). An id whose request is still in flight
/// is never evicted to make room: the cache refuses new ids instead (``IdempotencyDecision/overloaded``),
/// because forgetting it could send the order twice.
///
/// The outcome type is the caller's (the order layer's response). For a durable layer see
/// ``IdempotencyStore``.
public struct IdempotencyCache<Key: Hashable & Sendable, Outcome: Sendable>: Sendable {
    @usableFromInline var entries: ExpiringLRUCache<Key, IdempotencyRecord<Outcome>>
    /// How long (in ticks) an id is remembered after it was first seen.
    public let retention: UInt64

    /// Creates a cache.
    /// - Parameters:
    ///   - capacity: the most ids remembered at once.
    ///   - retention: how many ticks an id is remembered; for Binance order ids at least the longest
    ///     `recvWindow` (60,000 ms), since a request can be replayed for that long.
    ///   - now: the current tick.
    @inlinable public init(capacity: Int, retention: UInt64, now: UInt64 = 0) {
        precondition(retention > 0, "IdempotencyCache retention must be positive")
        entries = ExpiringLRUCache(capacity: capacity, now: now)
        self.retention = retention
    }

    /// The number of ids remembered.
    @inlinable public var count: Int { entries.count }
    /// The most ids remembered at once.
    @inlinable public var capacity: Int { entries.capacity }
    /// Ids forgotten because their retention passed.
    @inlinable public var expiredCount: UInt64 { entries.expiredCount }
    /// Completed ids forgotten to make room.
    @inlinable public var evictedCount: UInt64 { entries.evictedCount }

    /// Claims `key` for a new request, or returns what is known about it.
    /// - Parameters:
    ///   - key: the client order id.
    ///   - now: the current tick.
    /// - Returns: `.proceed` if the caller now owns the id and must call ``complete(_:outcome:now:)`` or
    ///   ``abandon(_:)``; `.duplicate` with the first outcome; `.inFlight` if the first attempt has not finished;
    ///   `.overloaded` if the cache is full of in-flight ids.
    @inlinable public mutating func begin(_ key: Key, now: UInt64) -> IdempotencyDecision<Outcome> {
        let found = entries.findOrInsert(
            .pending,
            for: key,
            deadline: now &+ retention,
            now: now,
            canEvict: Self.isCompleted
        )
        switch found {
        case .found(.pending): return .inFlight
        case .found(.completed(let outcome)): return .duplicate(outcome)
        case .notFound(.full): return .overloaded
        case .notFound: break
        }
        return .proceed
    }

    /// Records the outcome of a request claimed with ``begin(_:now:)``; later duplicates get it.
    /// - Returns: false if the id was not remembered (it expired, or was never claimed): the outcome is then
    ///   stored as a new entry if there is room.
    @discardableResult
    @inlinable public mutating func complete(_ key: Key, outcome: Outcome, now: UInt64) -> Bool {
        if entries.update(.completed(outcome), for: key) { return true }
        entries.insert(.completed(outcome), for: key, deadline: now &+ retention, now: now, canEvict: Self.isCompleted)
        return false
    }

    /// Only completed ids may be evicted to make room: forgetting an in-flight one could send an order twice.
    @inlinable static func isCompleted(_ record: IdempotencyRecord<Outcome>) -> Bool {
        if case .completed = record { true } else { false }
    }

    /// Forgets a claimed id whose request was not sent (so that a retry may proceed).
    @inlinable public mutating func abandon(_ key: Key) {
        entries.removeValue(for: key)
    }

    /// The record of an id, without changing anything.
    @inlinable public func record(for key: Key) -> IdempotencyRecord<Outcome>? { entries.peek(key) }

    /// Forgets every id whose retention has passed at `now`.
    @inlinable public mutating func expire(now: UInt64) { entries.advance(to: now) }
}

/// What is remembered about a client order id.
public enum IdempotencyRecord<Outcome: Sendable>: Sendable {
    /// The first request with this id has not finished.
    case pending
    /// The first request finished with this outcome.
    case completed(Outcome)
}

extension IdempotencyRecord: Equatable where Outcome: Equatable {}

/// The answer to "may I act on this client order id?".
public enum IdempotencyDecision<Outcome: Sendable>: Sendable {
    /// New id: act, then record the outcome.
    case proceed
    /// Seen before and finished: return this outcome, do not act again.
    case duplicate(Outcome)
    /// Seen before and still in flight: do not act; the caller answers "in progress" or waits.
    case inFlight
    /// No room without forgetting an in-flight id: refuse the request (back-pressure).
    case overloaded
}

extension IdempotencyDecision: Equatable where Outcome: Equatable {}
