import Bot4TestSupport
import Foundation
import Testing

/// Runs the built `bot4 replay` on the real BTCUSDT tape against the 2023 exchangeInfo, and checks what it
/// reports against the same tape worked out here from the CSV with Foundation's `Decimal`.
@Suite struct ReplayCLITests {
    static let tape = Bot4CLI.fixture(
        "TradingCoreTests",
        "exchange/binance-spot-BTCUSDT-trades-2021-01-08T000000Z-2001rows.csv"
    )

    func replay(_ arguments: [String]) throws -> ProcessResult {
        try Bot4CLI.run(["replay", "--exchange-info", Bot4CLI.modernExchangeInfo] + arguments)
    }

    /// The tape's trades as today's BTCUSDT rules take them: quantity rounded down to the step 0.00001, a
    /// zero skipped, a notional under 5 USDT refused.
    func expected() throws -> (trades: Int, skipped: Int, refused: Int, base: Decimal, quote: Decimal) {
        let lines = try String(contentsOfFile: Self.tape, encoding: .utf8).split(separator: "\n").dropFirst()
        var (skipped, refused) = (0, 0)
        var (base, quote) = (Decimal(0), Decimal(0))
        for line in lines {
            let fields = line.split(separator: ",")
            var raw = try #require(Decimal(string: String(fields[2])))
            let price = try #require(Decimal(string: String(fields[1])))
            var quantity = Decimal()
            NSDecimalRound(&quantity, &raw, 5, .down)
            if quantity == 0 {
                skipped += 1
            } else if price * quantity < 5 {
                refused += 1
            } else {
                base += quantity
                quote += price * quantity
            }
        }
        return (lines.count, skipped, refused, base, quote)
    }

    @Test func theRealTapeFillsEveryTradeTheRulesTake() throws {
        let result = try replay(["--tape", Self.tape, "--format", "json"])
        #expect(result.status == 0, "\(result.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let expected = try expected()
        #expect(report["tapeTrades"] as? Int == expected.trades)
        #expect(report["skippedTrades"] as? Int == expected.skipped)
        let replayed = expected.trades - expected.skipped
        #expect(report["orders"] as? Int == 2 * replayed)
        // Both orders of a trade under the minimum notional are refused, and nothing else is.
        #expect(report["rejections"] as? [String: Int] == ["-1013 Filter failure: NOTIONAL": 2 * expected.refused])
        #expect(report["accepted"] as? Int == 2 * (replayed - expected.refused))
        // Each taker meets its own maker: one fill per trade taken, at the tape's price and quantity.
        #expect(report["fills"] as? Int == replayed - expected.refused)
        #expect(report["fillsAsOnTape"] as? Int == replayed - expected.refused)
        #expect(Decimal(string: report["baseVolume"] as? String ?? "") == expected.base)
        #expect(Decimal(string: report["quoteVolume"] as? String ?? "") == expected.quote)
        // The tape spans 46 s, inside the 5-minute window: the average is over every fill.
        var vwap = expected.quote / expected.base
        var rounded = Decimal()
        NSDecimalRound(&rounded, &vwap, 8, .plain)
        #expect(Decimal(string: report["averagePrice"] as? String ?? "") == rounded)
        #expect(report["lastPrice"] as? String == "39491.76")
        #expect(
            report["firstTradeMs"] as? Int == 1_610_064_000_278 && report["lastTradeMs"] as? Int == 1_610_064_046_355
        )
        let latency = try #require(report["decisionLatencyMicros"] as? [String: Double])
        #expect(latency["count"] == Double(2 * replayed))
        let ordered = ["p50", "p99", "p999", "max"].compactMap { latency[$0] }
        #expect(ordered.count == 4 && ordered == ordered.sorted() && ordered[0] > 0)

        let text = try replay(["--tape", Self.tape])
        #expect(text.status == 0)
        #expect(text.out.hasPrefix("BTCUSDT: \(expected.trades) trades on the tape, \(expected.skipped) skipped"))
        #expect(text.out.contains("fills \(replayed - expected.refused) ("))
        #expect(text.out.contains("decision latency µs: p50 "))
    }

    @Test func badInputIsNamedWithItsExitCode() throws {
        let folder = try TestEnvironment.temporaryDirectory("bot4-replay")
        let broken = folder.appendingPathComponent("broken.csv").path
        try "trade_id,price,qty,time_ms,is_buyer_maker\n1,100.00,0.5,1000,true\n2,abc,0.5,1001,false\n"
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let malformed = try replay(["--tape", broken])
        #expect(malformed.status == 2)
        #expect(malformed.err.contains("broken.csv") && malformed.err.contains("line 3"), "\(malformed.err)")
        // A time whose microseconds would not fit 64 bits is refused, not multiplied into a trap.
        let late = folder.appendingPathComponent("late.csv").path
        try "trade_id,price,qty,time_ms,is_buyer_maker\n1,100.00,0.5,9223372036854775,true\n"
            .write(toFile: late, atomically: true, encoding: .utf8)
        let overflow = try replay(["--tape", late])
        #expect(overflow.status == 2 && overflow.err.contains("line 2: time_ms"), "\(overflow.err)")
        let symbol = try replay(["--tape", Self.tape, "--symbol", "NOPEUSDT"])
        #expect(symbol.status == 2 && symbol.err.contains("NOPEUSDT"))
        let missing = try replay(["--tape", folder.appendingPathComponent("absent.csv").path])
        #expect(missing.status == 3 && missing.err.contains("absent.csv"))
        let format = try replay(["--tape", Self.tape, "--format", "xml"])
        #expect(format.status == 2 && format.err.contains("--format"))
    }
}
