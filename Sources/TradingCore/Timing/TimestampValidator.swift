/// Binance's timing-security rule for SIGNED requests, applied by Bot4's venue and by the client before sending.
///
/// Binance processes a request only if `timestamp < serverTime + 1 s` and `serverTime - timestamp <=
/// recvWindow`, and checks the second condition again just before the matching engine (BSAD `rest-api.md`
/// §Timing security). A client must never run ahead (one second ahead fails hard with -1021 "…1000ms ahead of
/// the server's time"), and should not send a request that will be outside its window when it arrives.
public struct TimestampValidator: Hashable, Sendable {
    /// How far ahead of the server's clock a timestamp may be (exclusive), in µs. Binance: 1,000,000.
    public let futureSkewMicros: Int64

    /// Creates a validator.
    /// - Parameter futureSkewMicros: the future-skew limit (Binance's is 1 s).
    public init(futureSkewMicros: Int64 = 1_000_000) {
        precondition(futureSkewMicros >= 0, "the future-skew limit cannot be negative")
        self.futureSkewMicros = futureSkewMicros
    }

    /// The server-side check.
    /// - Parameters:
    ///   - timestamp: the request's `timestamp`.
    ///   - recvWindow: the request's `recvWindow` (``RecvWindow/default`` when absent).
    ///   - serverMicros: the server's current time in µs since the epoch.
    /// - Returns: `.accepted`, or why Binance would answer -1021.
    public func validate(
        _ timestamp: BinanceTimestamp,
        recvWindow: RecvWindow = .default,
        serverMicros: Int64
    ) -> TimestampVerdict {
        let age = serverMicros - timestamp.microseconds
        if timestamp.microseconds >= serverMicros + futureSkewMicros {
            return .aheadOfServer(byMicros: -age)
        }
        if age > recvWindow.microseconds {
            return .outsideRecvWindow(lateByMicros: age - recvWindow.microseconds)
        }
        return .accepted
    }

    /// The client-side check before sending: would the request still be inside its window when it reaches the
    /// matching engine, given the estimated server time now and the expected one-way latency?
    /// - Parameters:
    ///   - timestamp: the timestamp about to be signed.
    ///   - recvWindow: the window about to be sent.
    ///   - estimatedServerMicros: local time corrected by the ``ClockOffsetEstimator``'s offset.
    ///   - budgetMicros: how long the request may still take to arrive (one-way latency plus margin).
    /// - Returns: `.accepted`, or the verdict the server would give on arrival.
    public func checkBeforeSending(
        _ timestamp: BinanceTimestamp,
        recvWindow: RecvWindow = .default,
        estimatedServerMicros: Int64,
        budgetMicros: Int64
    ) -> TimestampVerdict {
        validate(timestamp, recvWindow: recvWindow, serverMicros: estimatedServerMicros + budgetMicros)
    }
}

/// The result of a timing check.
public enum TimestampVerdict: Hashable, Sendable {
    /// Inside the window.
    case accepted
    /// At or beyond the future-skew limit: the timestamp is this far ahead of the server (Binance -1021
    /// "Timestamp for this request was 1000ms ahead of the server's time.").
    case aheadOfServer(byMicros: Int64)
    /// Older than `recvWindow` by this much (Binance -1021 "Timestamp for this request is outside of the
    /// recvWindow.").
    case outsideRecvWindow(lateByMicros: Int64)

    /// The Binance error code for a rejection (-1021), nil when accepted.
    public var binanceCode: Int? { self == .accepted ? nil : -1021 }

    /// Binance's message for a rejection.
    public var binanceMessage: String? {
        switch self {
        case .accepted: nil
        case .aheadOfServer: "Timestamp for this request was 1000ms ahead of the server's time."
        case .outsideRecvWindow: "Timestamp for this request is outside of the recvWindow."
        }
    }
}
