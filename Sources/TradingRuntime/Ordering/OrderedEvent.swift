/// An event as the service's event log persists it: its payload stamped with everything needed to order it.
///
/// `sequence` is the event's number on its `stream` (gap-free, from ``StreamSequencer``); `lamport` orders
/// events across streams consistently with causality; `wallClockMicros` is the (non-authoritative) wall time
/// for humans and for reconciliation with Binance's microsecond timestamps. Events sort by
/// `(lamport, stream, sequence)`, a total order that extends causality.
public struct OrderedEvent<Payload: Sendable>: Sendable {
    /// The stream the event belongs to (for example `"orders"` or `"venue:BTCUSDT"`).
    public let stream: String
    /// The event's number on its stream, starting at 1.
    public let sequence: UInt64
    /// The Lamport time of the event.
    public let lamport: UInt64
    /// Wall-clock time of the event in microseconds since the Unix epoch.
    public let wallClockMicros: Int64
    /// What happened.
    public let payload: Payload

    /// Creates an event.
    public init(stream: String, sequence: UInt64, lamport: UInt64, wallClockMicros: Int64, payload: Payload) {
        self.stream = stream
        self.sequence = sequence
        self.lamport = lamport
        self.wallClockMicros = wallClockMicros
        self.payload = payload
    }

    /// The event's position in the log's total order.
    public var orderKey: OrderedEventKey {
        OrderedEventKey(lamport: lamport, stream: stream, sequence: sequence)
    }
}

extension OrderedEvent: Equatable where Payload: Equatable {}
extension OrderedEvent: Hashable where Payload: Hashable {}
extension OrderedEvent: Codable where Payload: Codable {}

/// The total order of logged events: by Lamport time, then stream name, then sequence.
public struct OrderedEventKey: Hashable, Sendable, Comparable, Codable {
    /// The Lamport time.
    public let lamport: UInt64
    /// The stream name.
    public let stream: String
    /// The sequence number on the stream.
    public let sequence: UInt64

    /// Creates a key.
    public init(lamport: UInt64, stream: String, sequence: UInt64) {
        self.lamport = lamport
        self.stream = stream
        self.sequence = sequence
    }

    /// Orders by Lamport time, then stream, then sequence.
    public static func < (lhs: OrderedEventKey, rhs: OrderedEventKey) -> Bool {
        (lhs.lamport, lhs.stream, lhs.sequence) < (rhs.lamport, rhs.stream, rhs.sequence)
    }
}

/// Stamps events for one process: a stream sequencer for gap-free per-stream numbers and a Lamport clock.
public struct EventStamper: Sendable {
    private var sequencer = StreamSequencer<String>()
    private var clock: LamportClock

    /// Creates a stamper that continues from `lamport` (the highest Lamport time in the log, 0 when empty).
    public init(lamport: UInt64 = 0) {
        clock = LamportClock(time: lamport)
    }

    /// Stamps a local event.
    /// - Parameters:
    ///   - payload: what happened.
    ///   - stream: the stream to number it on.
    ///   - wallClockMicros: the current wall time in µs.
    /// - Returns: the stamped event.
    public mutating func stamp<Payload: Sendable>(
        _ payload: Payload,
        on stream: String,
        wallClockMicros: Int64
    ) -> OrderedEvent<Payload> {
        OrderedEvent(
            stream: stream,
            sequence: sequencer.next(for: stream),
            lamport: clock.tick(),
            wallClockMicros: wallClockMicros,
            payload: payload
        )
    }

    /// Stamps an event caused by a message that carried Lamport time `remote`.
    public mutating func stamp<Payload: Sendable>(
        _ payload: Payload,
        on stream: String,
        wallClockMicros: Int64,
        causedBy remote: UInt64
    ) -> OrderedEvent<Payload> {
        OrderedEvent(
            stream: stream,
            sequence: sequencer.next(for: stream),
            lamport: clock.receive(remote),
            wallClockMicros: wallClockMicros,
            payload: payload
        )
    }
}
