/// A request's `timestamp` parameter, in the unit Binance accepts it in (milliseconds or microseconds since
/// the Unix epoch), normalised to microseconds.
public struct BinanceTimestamp: Hashable, Sendable, Comparable, Codable {
    /// The unit a timestamp was written in.
    public enum Unit: Hashable, Sendable, Codable {
        /// Milliseconds (13 digits today).
        case milliseconds
        /// Microseconds (16 digits today).
        case microseconds
    }

    /// The time in microseconds since the Unix epoch.
    public let microseconds: Int64
    /// The unit the value was given in.
    public let unit: Unit

    /// Creates a timestamp from milliseconds since the epoch.
    public init(milliseconds: Int64) {
        microseconds = milliseconds &* 1000
        unit = .milliseconds
    }

    /// Creates a timestamp from microseconds since the epoch.
    public init(microseconds: Int64) {
        self.microseconds = microseconds
        unit = .microseconds
    }

    /// Reads a raw `timestamp` value, telling the unit from its magnitude: values of 10^15 and above are
    /// microseconds (any date after 2001-09-09 has ≥ 16 digits in µs and ≤ 13 in ms until the year 33658).
    /// - Returns: nil for a negative value.
    public init?(raw: Int64) {
        guard raw >= 0 else { return nil }
        if raw >= 1_000_000_000_000_000 {
            self.init(microseconds: raw)
        } else {
            self.init(milliseconds: raw)
        }
    }

    /// The value as it would be written in its own unit.
    public var raw: Int64 { unit == .milliseconds ? microseconds / 1000 : microseconds }

    /// Orders by time.
    public static func < (lhs: BinanceTimestamp, rhs: BinanceTimestamp) -> Bool {
        lhs.microseconds < rhs.microseconds
    }
}

/// A `recvWindow`: how long after its `timestamp` a request may still be processed.
///
/// Binance takes it in milliseconds with up to three decimals (so microsecond resolution), defaults to
/// 5,000 ms and allows at most 60,000 ms (BSAD `rest-api.md` §Timing security).
public struct RecvWindow: Hashable, Sendable, Comparable, Codable {
    /// Binance's default, 5,000 ms.
    public static let `default` = RecvWindow(validMicroseconds: 5_000_000)
    /// Binance's maximum, 60,000 ms.
    public static let maximum = RecvWindow(validMicroseconds: 60_000_000)

    /// The window in microseconds.
    public let microseconds: Int64

    private init(validMicroseconds: Int64) { microseconds = validMicroseconds }

    /// Creates a window of `microseconds` (that is, milliseconds with three decimals).
    /// - Returns: nil unless `0 < microseconds <= 60,000,000`, the range Binance accepts.
    public init?(microseconds: Int64) {
        guard microseconds > 0 && microseconds <= RecvWindow.maximum.microseconds else { return nil }
        self.microseconds = microseconds
    }

    /// Creates a window of whole milliseconds.
    /// - Returns: nil unless `0 < milliseconds <= 60,000`.
    public init?(milliseconds: Int64) {
        guard milliseconds > 0 && milliseconds <= 60_000 else { return nil }
        self.init(validMicroseconds: milliseconds * 1000)
    }

    /// Orders by length.
    public static func < (lhs: RecvWindow, rhs: RecvWindow) -> Bool { lhs.microseconds < rhs.microseconds }
}
