/// The signatures seen while they could still be accepted, so that a request sent twice is refused the
/// second time (Binance itself has no nonce: `recvWindow` is its only bound; refusing replays is ours).
///
/// A value: the server keeps one behind a lock. An entry is kept until its request's window has closed,
/// after which the timestamp check refuses the request anyway. When full it refuses new requests (-1003)
/// rather than forget a signature that is still inside its window.
public struct ReplayGuard: Sendable {
    /// The most signatures remembered at once.
    public let capacity: Int
    private var expiries: [String: Int64] = [:]
    private var queue: [(key: String, expiresMicros: Int64)] = []
    private var head = 0

    /// Creates an empty guard.
    public init(capacity: Int = 1_000_000) {
        precondition(capacity > 0, "a replay guard needs room for one signature")
        self.capacity = capacity
    }

    /// How many signatures are remembered.
    public var count: Int { expiries.count }

    /// Records `signature` (normalised by the caller, e.g. lowercase hex) until `expiresMicros`.
    /// - Returns: `.fresh`, `.replayed` when it was seen and has not expired, `.full` when there is no room.
    public mutating func admit(_ signature: String, expiresMicros: Int64, nowMicros: Int64) -> ReplayVerdict {
        forgetExpired(nowMicros: nowMicros)
        if let expiry = expiries[signature], expiry >= nowMicros { return .replayed }
        guard expiries.count < capacity else { return .full }
        expiries[signature] = expiresMicros
        queue.append((signature, expiresMicros))
        return .fresh
    }

    private mutating func forgetExpired(nowMicros: Int64) {
        while head < queue.count, queue[head].expiresMicros < nowMicros {
            let entry = queue[head]
            if expiries[entry.key] == entry.expiresMicros { expiries[entry.key] = nil }
            head += 1
        }
        if head > 1024 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
    }
}

/// What ``ReplayGuard/admit(_:expiresMicros:nowMicros:)`` decided.
public enum ReplayVerdict: Hashable, Sendable {
    /// Not seen before: go on.
    case fresh
    /// Seen within its window: refuse.
    case replayed
    /// The guard is full: refuse for now.
    case full
}
