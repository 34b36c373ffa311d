import TradingCore

/// Estimates the offset between the local clock and Binance's from `GET /api/v3/time` round trips.
///
/// Each sample is (local send time, server time, local receive time). Assuming the server stamped its time
/// half-way through the round trip, `offset = server - (send + receive) / 2` with an error of at most half the
/// round trip. Samples are filtered the way NTP's clock filter does: those with a round trip above
/// `maximumRoundTripMicros` are refused outright, and of the last `window` samples only those whose round trip is
/// within `roundTripTolerance` × the minimum (plus the server's resolution) are kept; the estimate is the
/// median offset of those, and its uncertainty half the worst kept round trip plus the server's resolution.
public struct ClockOffsetEstimator: Sendable {
    /// One server-time round trip.
    public struct Sample: Hashable, Sendable {
        /// Local time when the request was sent, µs.
        public let sentMicros: Int64
        /// The server's time in the response, µs (Binance's `serverTime` is ms: multiply by 1,000).
        public let serverMicros: Int64
        /// Local time when the response arrived, µs.
        public let receivedMicros: Int64

        /// Creates a sample.
        public init(sentMicros: Int64, serverMicros: Int64, receivedMicros: Int64) {
            self.sentMicros = sentMicros
            self.serverMicros = serverMicros
            self.receivedMicros = receivedMicros
        }

        /// The round-trip time.
        public var roundTripMicros: Int64 { receivedMicros - sentMicros }
        /// The offset this sample alone implies (server minus local at the midpoint).
        public var offsetMicros: Int64 { serverMicros - (sentMicros + roundTripMicros / 2) }
    }

    /// An offset estimate.
    public struct Estimate: Hashable, Sendable {
        /// Server time minus local time, µs.
        public let offsetMicros: Int64
        /// The estimate is within ± this of the true offset (assuming symmetric paths), µs.
        public let uncertaintyMicros: Int64
        /// How many samples the estimate is based on.
        public let samplesUsed: Int
    }

    /// What happened to one sample.
    public enum SampleVerdict: Hashable, Sendable {
        /// Kept in the window.
        case accepted
        /// Received before it was sent: the local clock stepped, or the caller mixed clocks.
        case refusedNegativeRoundTrip
        /// The round trip was longer than ``maximumRoundTripMicros``.
        case refusedSlowRoundTrip
    }

    /// How many recent samples are considered.
    public let window: Int
    /// Round trips longer than this are refused, µs.
    public let maximumRoundTripMicros: Int64
    /// Samples whose round trip exceeds the minimum by more than this factor are left out of the estimate.
    public let roundTripTolerance: Double
    /// The server clock's resolution, µs (1,000 for Binance's millisecond `serverTime`).
    public let serverResolutionMicros: Int64
    private var samples: [Sample] = []
    private var nextSlot = 0

    /// Creates an estimator.
    public init(
        window: Int = 8,
        maximumRoundTripMicros: Int64 = 1_000_000,
        roundTripTolerance: Double = 1.5,
        serverResolutionMicros: Int64 = 1000
    ) {
        precondition(window >= 1, "the sample window must hold at least one sample")
        precondition(roundTripTolerance >= 1, "the round-trip tolerance is a factor of at least 1")
        self.window = window
        self.maximumRoundTripMicros = maximumRoundTripMicros
        self.roundTripTolerance = roundTripTolerance
        self.serverResolutionMicros = serverResolutionMicros
        samples.reserveCapacity(window)
    }

    /// Adds a sample.
    /// - Returns: whether it was kept.
    @discardableResult
    public mutating func add(_ sample: Sample) -> SampleVerdict {
        let roundTrip = sample.roundTripMicros
        if roundTrip < 0 { return .refusedNegativeRoundTrip }
        if roundTrip > maximumRoundTripMicros { return .refusedSlowRoundTrip }
        if samples.count < window {
            samples.append(sample)
        } else {
            samples[nextSlot] = sample
        }
        nextSlot = (nextSlot + 1) % window
        return .accepted
    }

    /// The current estimate, or nil before the first accepted sample.
    public var estimate: Estimate? {
        guard let fastest = samples.map(\.roundTripMicros).min() else { return nil }
        let limit = Int64((Double(fastest) * roundTripTolerance).rounded(.up)) + serverResolutionMicros
        let kept = samples.filter { $0.roundTripMicros <= limit }
        let offsets = kept.map(\.offsetMicros).sorted()
        let middle = offsets.count / 2
        let median = offsets.count % 2 == 1 ? offsets[middle] : (offsets[middle - 1] + offsets[middle]) / 2
        let worst = kept.map(\.roundTripMicros).max() ?? fastest
        return Estimate(
            offsetMicros: median,
            uncertaintyMicros: (worst + 1) / 2 + serverResolutionMicros,
            samplesUsed: kept.count
        )
    }

    /// The timestamp to sign a request with at local time `localMicros`: the estimated server time minus the
    /// uncertainty, so that the request is never ahead of the server (being ahead fails hard; being a little
    /// behind only uses some of `recvWindow`). Nil before the first sample.
    public func safeTimestamp(localMicros: Int64) -> BinanceTimestamp? {
        guard let estimate else { return nil }
        return BinanceTimestamp(microseconds: localMicros + estimate.offsetMicros - estimate.uncertaintyMicros)
    }
}
