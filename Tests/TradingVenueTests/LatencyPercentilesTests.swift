import Testing
import TradingVenue

/// The nearest-rank percentiles `bot4 replay` reports.
struct LatencyPercentilesTests {
    @Test func percentilesAreNearestRankOverTheSortedDurations() {
        let durations = (1...1_000).reversed().map { Duration.microseconds($0) }
        let percentiles = LatencyPercentiles(durations)
        #expect(percentiles.count == 1_000)
        #expect(percentiles.p50 == .microseconds(500))
        #expect(percentiles.p99 == .microseconds(990))
        #expect(percentiles.p999 == .microseconds(999))
        #expect(percentiles.max == .microseconds(1_000))
        let one = LatencyPercentiles([.milliseconds(3)])
        #expect(one.p50 == .milliseconds(3) && one.p999 == .milliseconds(3))
        #expect(LatencyPercentiles([]) == LatencyPercentiles([Duration]()))
        #expect(LatencyPercentiles([]).max == .zero && LatencyPercentiles([]).count == 0)
    }
}
