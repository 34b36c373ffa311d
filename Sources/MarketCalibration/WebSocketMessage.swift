/// One message of a websocket trade capture: the local wall-clock stamps written next to it, and the
/// server's event and trade times.
public struct WebSocketMessage: Hashable, Sendable {
    /// The local stamps as written (naive wall-clock time, no zone), in microseconds since 1970-01-01 read as
    /// if they were UTC.
    public let naiveLocalMicros: [Int64]
    /// The server's event time `E`, microseconds since the Unix epoch.
    public let eventTimeMicros: Int64
    /// The trade time `T`, microseconds since the Unix epoch.
    public let tradeTimeMicros: Int64
}
