/// A Lamport logical clock: a counter that orders events consistently with causality.
///
/// If event a happened before event b (same process, or a message from a's process reached b's), then
/// `time(a) < time(b)`. The converse does not hold: use ``VectorClock`` to tell concurrent events apart.
public struct LamportClock: Hashable, Sendable, Codable {
    /// The time of the last event this clock stamped.
    public private(set) var time: UInt64

    /// Creates a clock at `time` (0 for a fresh process).
    public init(time: UInt64 = 0) { self.time = time }

    /// Stamps a local event or a message about to be sent.
    /// - Returns: the event's time.
    public mutating func tick() -> UInt64 {
        time &+= 1
        return time
    }

    /// Stamps the receipt of a message sent at `remote`.
    /// - Parameter remote: the sender's Lamport time carried by the message.
    /// - Returns: the receive event's time, `max(local, remote) + 1`.
    public mutating func receive(_ remote: UInt64) -> UInt64 {
        time = max(time, remote) &+ 1
        return time
    }
}
