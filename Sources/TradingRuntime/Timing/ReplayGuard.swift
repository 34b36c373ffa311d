import TradingCore

/// Refuses a signed request seen before while it is still inside its timing window.
///
/// Binance enforces no nonce: `recvWindow` is the only replay bound, so a captured request can be sent again
/// until `timestamp + recvWindow`. The guard remembers each request's key (its signature, say) until that moment
/// and refuses a second sight; after it, the timing check refuses the request anyway, so the key can be
/// forgotten. Memory is bounded: when every slot holds a live key the guard refuses new requests (``Verdict/overloaded``)
/// rather than forget one that could still be replayed. Internally: an ``ExpiringLRUCache`` with 1 ms ticks.
public struct ReplayGuard<Key: Hashable & Sendable>: Sendable {
    @usableFromInline var seen: ExpiringLRUCache<Key, Bool>
    @usableFromInline let validator: TimestampValidator

    /// What the guard says about a request.
    public enum Verdict: Hashable, Sendable {
        /// First sight inside the window: process it.
        case accepted
        /// Seen before and still inside its window: refuse.
        case replay
        /// The timestamp check failed (the request is refused whatever the guard remembers).
        case timing(TimestampVerdict)
        /// Every slot holds a live key: refuse (back-pressure) rather than forget one.
        case overloaded
    }

    /// Creates a guard remembering up to `capacity` live requests.
    /// - Parameters:
    ///   - capacity: the most requests inside their windows at once (a rate limit of R requests/s with 60 s
    ///     windows needs 60 × R).
    ///   - validator: the timing rule (Binance's, by default).
    ///   - serverMicros: the server's current time.
    @inlinable public init(capacity: Int, validator: TimestampValidator = TimestampValidator(), serverMicros: Int64) {
        seen = ExpiringLRUCache(capacity: capacity, now: Self.tick(serverMicros))
        self.validator = validator
    }

    /// Checks a request and remembers it if accepted.
    /// - Parameters:
    ///   - key: what identifies the request (its signature, or API key and signature).
    ///   - timestamp: its `timestamp`.
    ///   - recvWindow: its `recvWindow`.
    ///   - serverMicros: the server's current time, µs since the epoch (must not go backwards).
    @inlinable public mutating func check(
        _ key: Key,
        timestamp: BinanceTimestamp,
        recvWindow: RecvWindow = .default,
        serverMicros: Int64
    ) -> Verdict {
        let now = Self.tick(serverMicros)
        seen.advance(to: now)
        let timing = validator.validate(timestamp, recvWindow: recvWindow, serverMicros: serverMicros)
        guard timing == .accepted else { return .timing(timing) }
        // The request stays acceptable while serverTime - timestamp <= recvWindow; forget it just after.
        let lastAcceptable = timestamp.microseconds + recvWindow.microseconds
        switch seen.findOrInsert(
            true,
            for: key,
            deadline: Self.tick(lastAcceptable) + 1,
            now: now,
            canEvict: { _ in false }
        ) {
        case .found: return .replay
        case .notFound(.full): return .overloaded
        case .notFound: break
        }
        return .accepted
    }

    /// How many requests are remembered.
    @inlinable public var count: Int { seen.count }

    @usableFromInline static func tick(_ micros: Int64) -> UInt64 {
        micros <= 0 ? 0 : UInt64(micros / 1000)
    }
}
