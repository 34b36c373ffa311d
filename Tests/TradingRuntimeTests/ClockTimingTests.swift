import Testing
import TradingCore
import TradingRuntime

/// The clock-driven timing parts: the offset estimator, the drift detector and the replay guard.
@Suite struct ClockTimingTests {
    let server: Int64 = 1_700_000_000_000_000  // µs

    @Test func offsetEstimatorFiltersSlowRoundTrips() throws {
        var estimator = ClockOffsetEstimator(window: 8)
        #expect(estimator.estimate == nil)
        let trueOffset: Int64 = 37_000
        // Fast samples with symmetric paths, and slow ones whose extra delay is all on the way back.
        for (index, roundTrip) in [2_000, 2_200, 40_000, 2_100, 90_000, 1_900].enumerated() {
            let sent = Int64(index) * 1_000_000
            let outbound: Int64 = roundTrip > 10_000 ? 1_000 : Int64(roundTrip / 2)
            let sample = ClockOffsetEstimator.Sample(
                sentMicros: sent,
                serverMicros: sent + outbound + trueOffset,
                receivedMicros: sent + Int64(roundTrip)
            )
            #expect(estimator.add(sample) == .accepted)
        }
        let estimate = try #require(estimator.estimate)
        #expect(estimate.samplesUsed == 4)
        #expect(abs(estimate.offsetMicros - trueOffset) <= 1)
        #expect(estimate.uncertaintyMicros == 1_100 + 1_000)
        let bad = ClockOffsetEstimator.Sample(sentMicros: 10, serverMicros: 0, receivedMicros: 5)
        #expect(estimator.add(bad) == .refusedNegativeRoundTrip)
        let slow = ClockOffsetEstimator.Sample(sentMicros: 0, serverMicros: 0, receivedMicros: 2_000_000)
        #expect(estimator.add(slow) == .refusedSlowRoundTrip)
        let stamp = try #require(estimator.safeTimestamp(localMicros: 5_000_000))
        #expect(stamp.microseconds == 5_000_000 + estimate.offsetMicros - estimate.uncertaintyMicros)
        // Never ahead of the true server time.
        #expect(stamp.microseconds <= 5_000_000 + trueOffset)
    }

    @Test func driftDetectorRaisesRateAndStepAlarms() {
        var detector = DriftDetector(
            offsetThresholdMicros: 100_000,
            rateThresholdPPM: 50,
            minimumSpanMicros: 60_000_000
        )
        // 20 ppm drift: 20 µs per second, observed every 10 s for 10 minutes: steady.
        var verdict = DriftDetector.Verdict.steady(driftPPM: nil)
        for step in 0..<60 {
            let local = Int64(step) * 10_000_000
            verdict = detector.observe(.init(localMicros: local, offsetMicros: 5_000 + local / 50_000))
        }
        guard case .steady(let ppm?) = verdict else {
            Issue.record("expected steady with a rate, got \(verdict)")
            return
        }
        #expect(abs(ppm - 20) < 0.01)
        detector.reset()
        for step in 0..<30 {
            let local = Int64(step) * 10_000_000
            verdict = detector.observe(.init(localMicros: local, offsetMicros: local / 10_000))  // 100 ppm
        }
        guard case .rateAlarm(let fast) = verdict else {
            Issue.record("expected a rate alarm, got \(verdict)")
            return
        }
        #expect(abs(fast - 100) < 0.01)
        detector.reset()
        _ = detector.observe(.init(localMicros: 0, offsetMicros: 0))
        #expect(
            detector.observe(.init(localMicros: 1_000, offsetMicros: 150_000)) == .offsetAlarm(movedMicros: 150_000)
        )
    }

    @Test func replayGuardRefusesRepeatsInsideTheWindowAndForgetsAfter() {
        var guardian = ReplayGuard<String>(capacity: 2, serverMicros: server)
        let stamp = BinanceTimestamp(milliseconds: server / 1000)
        #expect(guardian.check("sig-1", timestamp: stamp, serverMicros: server) == .accepted)
        #expect(guardian.check("sig-1", timestamp: stamp, serverMicros: server + 4_999_000) == .replay)
        #expect(guardian.check("sig-2", timestamp: stamp, serverMicros: server + 4_999_000) == .accepted)
        // Full of live requests: refuse rather than forget one.
        #expect(guardian.check("sig-3", timestamp: stamp, serverMicros: server + 5_000_000) == .overloaded)
        // After the window the timing rule refuses the old request, and its key is forgotten.
        let late = guardian.check("sig-1", timestamp: stamp, serverMicros: server + 5_001_000)
        #expect(late == .timing(.outsideRecvWindow(lateByMicros: 1_000)))
        #expect(guardian.count == 0)
        let fresh = BinanceTimestamp(milliseconds: server / 1000 + 5_001)
        #expect(guardian.check("sig-3", timestamp: fresh, serverMicros: server + 5_001_000) == .accepted)
    }
}
