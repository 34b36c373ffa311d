/// A token bucket: up to `capacity` tokens, refilled continuously at `refillPerSecond`.
///
/// Integer arithmetic only (the level is kept in billionths of a token, so refilling over nanoseconds is exact),
/// time is the caller's monotonic nanoseconds, and nothing is allocated.
public struct TokenBucket: Hashable, Sendable {
    private static let scale: UInt64 = 1_000_000_000
    /// The most tokens the bucket holds (its burst).
    public let capacity: UInt64
    /// Tokens added per second.
    public let refillPerSecond: UInt64
    private var level: UInt64
    private var updatedNanos: UInt64

    /// Creates a full bucket.
    /// - Parameters:
    ///   - capacity: the burst size (1 ... 2^32).
    ///   - refillPerSecond: the sustained rate (1 ... 2^32).
    ///   - nowNanos: the current monotonic time.
    public init(capacity: UInt64, refillPerSecond: UInt64, nowNanos: UInt64) {
        precondition((1...(1 << 32)).contains(capacity), "token bucket capacity must be in 1...2^32")
        precondition((1...(1 << 32)).contains(refillPerSecond), "token bucket rate must be in 1...2^32")
        self.capacity = capacity
        self.refillPerSecond = refillPerSecond
        level = capacity * Self.scale
        updatedNanos = nowNanos
    }

    /// Whole tokens available at `nowNanos`.
    public mutating func available(nowNanos: UInt64) -> UInt64 {
        refill(nowNanos)
        return level / Self.scale
    }

    /// Takes `tokens` if that many are available.
    /// - Returns: whether they were taken.
    public mutating func tryConsume(_ tokens: UInt64 = 1, nowNanos: UInt64) -> Bool {
        refill(nowNanos)
        let needed = tokens * Self.scale
        guard tokens <= capacity, level >= needed else { return false }
        level -= needed
        return true
    }

    /// How long until `tokens` are available: 0 if they are now, nil if they never will be (more than capacity).
    public mutating func nanosUntilAvailable(_ tokens: UInt64 = 1, nowNanos: UInt64) -> UInt64? {
        guard tokens <= capacity else { return nil }
        refill(nowNanos)
        let needed = tokens * Self.scale
        guard level < needed else { return 0 }
        let missing = needed - level
        return (missing + refillPerSecond - 1) / refillPerSecond
    }

    private mutating func refill(_ nowNanos: UInt64) {
        guard nowNanos > updatedNanos else { return }
        let full = capacity * Self.scale
        let elapsed = nowNanos - updatedNanos
        updatedNanos = nowNanos
        let room = full - level
        // Refilling the whole bucket takes room / rate ns; beyond that the bucket is simply full.
        if elapsed >= room / refillPerSecond + 1 {
            level = full
        } else {
            level = Swift.min(full, level + elapsed * refillPerSecond)
        }
    }
}
