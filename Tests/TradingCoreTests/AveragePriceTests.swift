import Foundation
import Testing
import TradingCore

/// The average price of the filters: volume-weighted over the window, the last average when the window is
/// empty, the seed before any trade.
struct AveragePriceTests {
    private func d(_ text: String) -> FixedDecimal { try! FixedDecimal(text) }
    private let minute: Int64 = 60_000_000
    private let start: Int64 = 1_694_131_200_000_000

    @Test func theSeedStandsUntilTheFirstTradeAndNothingWithoutOne() throws {
        #expect(AveragePrice(minutes: 5).price(atMicros: start) == nil)
        var average = AveragePrice(minutes: 5, seed: d("26000.00"))
        #expect(average.price(atMicros: start) == d("26000.00"))
        try average.record(price: d("25000.00"), quantity: d("0.5"), atMicros: start)
        #expect(average.price(atMicros: start) == d("25000.00"))
        #expect(average.lastTradePrice == d("25000.00") && average.lastTradeMicros == start)
    }

    @Test func tradesAreWeightedByQuantityAndRoundedToEightDigits() throws {
        var average = AveragePrice(minutes: 5)
        try average.record(price: d("100"), quantity: d("1"), atMicros: start)
        try average.record(price: d("200"), quantity: d("3"), atMicros: start + 10)
        #expect(average.price(atMicros: start + 20) == d("175.00000000"))
        var thirds = AveragePrice(minutes: 5)
        try thirds.record(price: d("1"), quantity: d("1"), atMicros: start)
        try thirds.record(price: d("2"), quantity: d("2"), atMicros: start)
        // 5 / 3, half away from zero at 8 digits.
        #expect(thirds.price(atMicros: start)?.description == "1.66666667")
        // A quantity written with more digits than its step takes counts by its value.
        var padded = AveragePrice(minutes: 5)
        try padded.record(price: d("26000.000000000000"), quantity: d("0.001000000000"), atMicros: start)
        #expect(padded.price(atMicros: start) == d("26000"))
    }

    @Test func aTradeLeavesTheWindowOnceItsSecondEndedTheWindowAgo() throws {
        var average = AveragePrice(minutes: 5)
        try average.record(price: d("100"), quantity: d("1"), atMicros: start + 400_000)
        try average.record(price: d("200"), quantity: d("1"), atMicros: start + 4 * minute)
        #expect(average.price(atMicros: start + 4 * minute) == d("150"))
        // The first trade's second ends at start + 1 s; it counts until start + 5 min + 1 s.
        #expect(average.price(atMicros: start + 5 * minute + 999_999) == d("150"))
        #expect(average.price(atMicros: start + 5 * minute + 1_000_000) == d("200"))
        // Once no trade is in the window, the average as of the newest trade stands.
        #expect(average.price(atMicros: start + 60 * minute) == d("150"))
        // A new trade starts a new window: the old ones are gone for good.
        try average.record(price: d("300"), quantity: d("1"), atMicros: start + 60 * minute)
        #expect(average.price(atMicros: start + 60 * minute) == d("300"))
    }

    @Test func aWindowOfZeroMinutesIsTheLastPrice() throws {
        var average = AveragePrice(minutes: 0, seed: d("10"))
        #expect(average.price(atMicros: start) == d("10"))
        try average.record(price: d("100"), quantity: d("1"), atMicros: start)
        try average.record(price: d("200"), quantity: d("9"), atMicros: start)
        try average.record(price: d("150"), quantity: d("1"), atMicros: start)
        #expect(average.price(atMicros: start) == d("150"))
    }

    @Test func aTradeLoggedBeforeTheNewestCountsInTheNewestSecond() throws {
        var average = AveragePrice(minutes: 5)
        try average.record(price: d("100"), quantity: d("1"), atMicros: start + 10 * minute)
        // Another instance's clock was a little behind: the log's order is the truth.
        try average.record(price: d("200"), quantity: d("1"), atMicros: start + 10 * minute - 5_000_000)
        #expect(average.lastTradeMicros == start + 10 * minute)
        #expect(average.price(atMicros: start + 15 * minute + 500_000) == d("150"))
        #expect(average.price(atMicros: start + 15 * minute + 1_000_000) == d("150"))
    }

    @Test func theWindowComesFromTheSymbolsRules() throws {
        let info = try ExchangeInfo.parse(try Fixture.data(Fixture.modern))
        #expect(AveragePrice(symbol: try #require(info.symbol("BTCUSDT"))).minutes == 5)
        let legacy = try ExchangeInfo.parse(try Fixture.data(Fixture.legacy))
        for symbol in legacy.symbols {
            #expect(AveragePrice(symbol: symbol).minutes == 5)
        }
    }

    /// The real BTCUSDT tape, spread over 11.5 minutes (times × 15), fed trade by trade: at every 40th trade
    /// the average equals Σ price × quantity / Σ quantity over the trades whose second ended less than 5
    /// minutes before, computed from scratch with Foundation's `Decimal`.
    @Test func theRealTapeGivesTheWeightedAverageOfItsLastFiveMinutes() throws {
        let tape = try TradeTape.load(String(decoding: try Fixture.data(Fixture.trades), as: UTF8.self))
        let first = try #require(tape.first).timeMs * 1_000
        let times = tape.map { first + ($0.timeMs * 1_000 - first) * 15 }
        var average = AveragePrice(minutes: 5)
        var checked = 0
        for (index, trade) in tape.enumerated() {
            try average.record(price: trade.price, quantity: trade.quantity, atMicros: times[index])
            guard index % 40 == 0 || index == tape.count - 1 else { continue }
            let now = times[index]
            var quote = Decimal(0)
            var base = Decimal(0)
            for (other, time) in zip(tape[...index], times[...index])
            where (time / 1_000_000 + 1) * 1_000_000 > now - 5 * minute {
                let price = try #require(Decimal(string: other.price.description))
                let quantity = try #require(Decimal(string: other.quantity.description))
                quote += price * quantity
                base += quantity
            }
            var exact = quote / base
            var rounded = Decimal()
            NSDecimalRound(&rounded, &exact, 8, .plain)
            let price = try #require(average.price(atMicros: now))
            #expect(price.scale == 8 && Decimal(string: price.description) == rounded, "trade \(index)")
            checked += 1
        }
        #expect(checked == 51)
        // The tape spans more than the window, so some trades had left it by the end.
        #expect(times.last! - times.first! > 5 * minute)
    }
}
