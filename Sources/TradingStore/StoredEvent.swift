/// One entry of a symbol's event log: what the core decided, in the order it decided it.
public struct StoredEvent: Hashable, Sendable {
    /// The symbol whose log this is.
    public let symbol: String
    /// The position in the symbol's log, from 1, without gaps.
    public let sequence: Int64
    /// The event's kind (the core's name for it).
    public let type: String
    /// The event's encoded body; the store does not look inside.
    public let payload: [UInt8]
    /// When the event was logged, µs since the epoch (the time its transaction decided at; the log's
    /// `recorded_at`).
    public let loggedMicros: Int64

    /// Creates an event.
    public init(symbol: String, sequence: Int64, type: String, payload: [UInt8], loggedMicros: Int64) {
        self.symbol = symbol
        self.sequence = sequence
        self.type = type
        self.payload = payload
        self.loggedMicros = loggedMicros
    }
}
