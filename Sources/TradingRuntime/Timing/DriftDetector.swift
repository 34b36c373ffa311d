/// Watches successive clock-offset estimates and raises an alarm when the local clock wanders.
///
/// Two alarms: the offset moved more than `offsetThresholdMicros` away from the first estimate of the window
/// (a step: NTP slewed or someone set the clock), or the least-squares slope of offset over local time exceeds
/// `rateThresholdPPM` parts per million (a drifting oscillator), once the window spans at least
/// `minimumSpanMicros`. Memory is bounded by `window`.
public struct DriftDetector: Sendable {
    /// One observation: the estimated offset at a local time.
    public struct Observation: Hashable, Sendable {
        /// Local time of the estimate, µs.
        public let localMicros: Int64
        /// The estimated offset (server minus local), µs.
        public let offsetMicros: Int64

        /// Creates an observation.
        public init(localMicros: Int64, offsetMicros: Int64) {
            self.localMicros = localMicros
            self.offsetMicros = offsetMicros
        }
    }

    /// The detector's verdict after an observation.
    public enum Verdict: Hashable, Sendable {
        /// Within both thresholds.
        case steady(driftPPM: Double?)
        /// The offset moved by this much from the window's reference.
        case offsetAlarm(movedMicros: Int64)
        /// The clock drifts at this rate.
        case rateAlarm(driftPPM: Double)
    }

    /// The largest tolerated move of the offset, µs.
    public let offsetThresholdMicros: Int64
    /// The largest tolerated drift rate, parts per million.
    public let rateThresholdPPM: Double
    /// The shortest span over which a rate is judged, µs.
    public let minimumSpanMicros: Int64
    /// How many observations are kept.
    public let window: Int
    private var observations: [Observation] = []

    /// Creates a detector.
    public init(
        offsetThresholdMicros: Int64 = 250_000,
        rateThresholdPPM: Double = 200,
        minimumSpanMicros: Int64 = 60_000_000,
        window: Int = 64
    ) {
        precondition(window >= 2, "drift needs at least two observations")
        self.offsetThresholdMicros = offsetThresholdMicros
        self.rateThresholdPPM = rateThresholdPPM
        self.minimumSpanMicros = minimumSpanMicros
        self.window = window
        observations.reserveCapacity(window)
    }

    /// Adds an observation and judges the window.
    public mutating func observe(_ observation: Observation) -> Verdict {
        if observations.count == window { observations.removeFirst() }
        observations.append(observation)
        let reference = observations[0].offsetMicros
        let moved = observation.offsetMicros - reference
        if abs(moved) > offsetThresholdMicros { return .offsetAlarm(movedMicros: moved) }
        guard let rate = driftPPM else { return .steady(driftPPM: nil) }
        if abs(rate) > rateThresholdPPM { return .rateAlarm(driftPPM: rate) }
        return .steady(driftPPM: rate)
    }

    /// The least-squares slope of offset over local time in ppm, once the window spans `minimumSpanMicros`.
    public var driftPPM: Double? {
        guard let first = observations.first, let last = observations.last,
            last.localMicros - first.localMicros >= minimumSpanMicros
        else { return nil }
        let n = Double(observations.count)
        let xs = observations.map { Double($0.localMicros - first.localMicros) }
        let ys = observations.map { Double($0.offsetMicros - first.offsetMicros) }
        let meanX = xs.reduce(0, +) / n
        let meanY = ys.reduce(0, +) / n
        var covariance = 0.0
        var variance = 0.0
        for (x, y) in zip(xs, ys) {
            covariance += (x - meanX) * (y - meanY)
            variance += (x - meanX) * (x - meanX)
        }
        guard variance > 0 else { return nil }
        return covariance / variance * 1_000_000
    }

    /// Starts a new window (after the clock was re-synchronised on purpose).
    public mutating func reset() { observations.removeAll(keepingCapacity: true) }
}
