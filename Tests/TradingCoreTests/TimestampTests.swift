import Testing
import TradingCore

@Suite struct TimestampTests {
    let server: Int64 = 1_700_000_000_000_000  // µs

    @Test func timestampUnitsAndRecvWindowBounds() {
        #expect(BinanceTimestamp(raw: 1_700_000_000_123)?.unit == .milliseconds)
        #expect(BinanceTimestamp(raw: 1_700_000_000_123)?.microseconds == 1_700_000_000_123_000)
        #expect(BinanceTimestamp(raw: 1_700_000_000_123_456)?.unit == .microseconds)
        #expect(BinanceTimestamp(raw: 1_700_000_000_123_456)?.raw == 1_700_000_000_123_456)
        #expect(BinanceTimestamp(raw: -1) == nil)
        #expect(RecvWindow(milliseconds: 60_000) == .maximum)
        #expect(RecvWindow(milliseconds: 60_001) == nil)
        #expect(RecvWindow(milliseconds: 0) == nil)
        #expect(RecvWindow(microseconds: 5_000_500)?.microseconds == 5_000_500)
        #expect(RecvWindow.default.microseconds == 5_000_000)
    }

    /// The boundaries of Binance's pseudo-code: `timestamp < serverTime + 1s && serverTime - timestamp <= recvWindow`.
    @Test(arguments: [
        (Int64(0), true), (-5_000_000, true), (-5_000_001, false), (999_999, true), (1_000_000, false),
    ])
    func binanceRuleBoundaries(offsetMicros: Int64, accepted: Bool) {
        let validator = TimestampValidator()
        let stamp = BinanceTimestamp(microseconds: server + offsetMicros)
        let verdict = validator.validate(stamp, recvWindow: .default, serverMicros: server)
        #expect((verdict == .accepted) == accepted)
        if !accepted { #expect(verdict.binanceCode == -1021) }
    }

    @Test func millisecondTimestampsAreJudgedInMicroseconds() {
        let validator = TimestampValidator()
        let stamp = BinanceTimestamp(milliseconds: server / 1000 - 5_000)
        #expect(validator.validate(stamp, serverMicros: server) == .accepted)
        #expect(validator.validate(stamp, serverMicros: server + 1) == .outsideRecvWindow(lateByMicros: 1))
        let ahead = BinanceTimestamp(milliseconds: server / 1000 + 1_000)
        #expect(validator.validate(ahead, serverMicros: server) == .aheadOfServer(byMicros: 1_000_000))
        #expect(
            validator.checkBeforeSending(
                stamp,
                estimatedServerMicros: server - 200,
                budgetMicros: 150
            ) == .accepted
        )
        #expect(
            validator.checkBeforeSending(stamp, estimatedServerMicros: server - 200, budgetMicros: 250)
                == .outsideRecvWindow(lateByMicros: 50)
        )
    }

}
