import Testing
import TradingCore

@testable import TradingAPI

@Suite struct TradeListQueryTests {
    private func read(_ query: String) throws(BinanceAPIError) -> TradeListQuery {
        var reader = ParameterReader(try BinanceParameters(query: query))
        let parsed = try TradeListQuery(reading: &reader)
        try reader.finish()
        return parsed
    }

    /// Binance's seven supported combinations are read, each into what it filters by.
    @Test func theSupportedCombinations() throws {
        let plain = try read("symbol=BTCUSDT")
        #expect(plain.symbol == "BTCUSDT" && plain.limit == 500 && plain.direction == .mostRecent)
        #expect(plain.orderID == nil && plain.startTime == nil && plain.endTime == nil && plain.fromID == nil)

        let order = try read("symbol=BTCUSDT&orderId=7&limit=3")
        #expect(order.orderID == 7 && order.limit == 3 && order.direction == .mostRecent)

        let start = try read("symbol=BTCUSDT&startTime=1700000000000")
        #expect(start.earliestMilliseconds == 1_700_000_000_000 && start.latestMilliseconds == nil)
        #expect(start.direction == .mostRecent)

        let end = try read("symbol=BTCUSDT&endTime=1700000000000")
        #expect(end.latestMilliseconds == 1_700_000_000_000 && end.earliestMilliseconds == nil)

        let from = try read("symbol=BTCUSDT&fromId=42&limit=1000")
        #expect(from.fromID == 42 && from.direction == .fromID(42) && from.limit == 1_000)

        let window = try read("symbol=BTCUSDT&startTime=1700000000000&endTime=1700003600000")
        #expect(window.earliestMilliseconds == 1_700_000_000_000 && window.latestMilliseconds == 1_700_003_600_000)

        let orderFrom = try read("symbol=BTCUSDT&orderId=7&fromId=42")
        #expect(orderFrom.orderID == 7 && orderFrom.direction == .fromID(42))
    }

    /// Every other combination of the four optional filters is -1128 with Binance's message.
    @Test func everyOtherCombinationIsRefused() {
        let names = ["orderId", "startTime", "endTime", "fromId"]
        let supported: Set<Set<String>> = [
            [], ["orderId"], ["startTime"], ["endTime"], ["fromId"], ["startTime", "endTime"], ["orderId", "fromId"],
        ]
        var refused = 0
        for mask in 0..<16 {
            let chosen = Set(names.indices.filter { mask & (1 << $0) != 0 }.map { names[$0] })
            let query = (["symbol=BTCUSDT"] + names.filter(chosen.contains).map { "\($0)=1700000000000" })
                .joined(separator: "&")
            if supported.contains(chosen) {
                #expect(throws: Never.self, "\(query)") { try read(query) }
            } else {
                refused += 1
                #expect(throws: BinanceAPIError.optionalParametersBadCombination, "\(query)") { try read(query) }
            }
        }
        #expect(refused == 9, "16 subsets less the 7 supported")
        #expect(
            BinanceAPIError.optionalParametersBadCombination.jsonBody
                == Array(#"{"code":-1128,"msg":"Combination of optional parameters invalid."}"#.utf8)
        )
    }

    /// A window of exactly 24 hours is taken, one millisecond (or microsecond) more is -1127.
    @Test func theWindowIsAtMost24Hours() throws {
        let day: Int64 = 86_400_000
        let start: Int64 = 1_700_000_000_000
        #expect(throws: Never.self) { try read("symbol=BTCUSDT&startTime=\(start)&endTime=\(start + day)") }
        let tooWide = BinanceAPIError(code: -1127, message: "More than 24 hours between startTime and endTime.")
        #expect(tooWide == .moreThanHours(24))
        #expect(throws: tooWide) { try read("symbol=BTCUSDT&startTime=\(start)&endTime=\(start + day + 1)") }
        let startMicros = start * 1_000
        #expect(throws: tooWide) {
            try read("symbol=BTCUSDT&startTime=\(startMicros)&endTime=\(startMicros + day * 1_000 + 1)")
        }
        #expect(throws: tooWide, "one in ms, one in µs") {
            try read("symbol=BTCUSDT&startTime=\(start)&endTime=\((start + day) * 1_000 + 1)")
        }
        let reversed = try read("symbol=BTCUSDT&startTime=\(start + 10)&endTime=\(start)")
        #expect(reversed.earliestMilliseconds == start + 10, "an end before the start selects nothing, not an error")
    }

    /// Microsecond times (16 digits) are told from milliseconds; the window keeps whole milliseconds inside it.
    @Test func microsecondTimes() throws {
        let query = try read("symbol=BTCUSDT&startTime=1700000000000001&endTime=1700000000999999")
        #expect(query.startTime == BinanceTimestamp(microseconds: 1_700_000_000_000_001))
        #expect(query.earliestMilliseconds == 1_700_000_000_001, "rounded up into the window")
        #expect(query.latestMilliseconds == 1_700_000_000_999, "rounded down into the window")
        let exact = try read("symbol=BTCUSDT&startTime=1700000000000000&endTime=1700000001000000")
        #expect(exact.earliestMilliseconds == 1_700_000_000_000 && exact.latestMilliseconds == 1_700_000_001_000)
        let millis = try read("symbol=BTCUSDT&startTime=1700000000000")
        #expect(millis.startTime == BinanceTimestamp(milliseconds: 1_700_000_000_000))
    }

    /// Malformed and out-of-range values get Binance's codes; unknown parameters are left for -1104.
    @Test func refusals() {
        let cases: [(String, BinanceAPIError)] = [
            ("orderId=1", .mandatoryParameter("symbol")),
            ("symbol=BTCUSDT&limit=0", .invalidParameter("limit")),
            ("symbol=BTCUSDT&limit=1001", .invalidParameter("limit")),
            ("symbol=BTCUSDT&fromId=-1", .illegalCharacters("fromId", legalRange: ParameterReader.longRange)),
            ("symbol=BTCUSDT&startTime=soon", .illegalCharacters("startTime", legalRange: ParameterReader.longRange)),
            ("symbol=BTCUSDT&endTime=", .emptyParameter("endTime")),
            ("symbol=BTCUSDT&endTime=99999999999999999999", .parameterOverflow("endTime")),
            ("symbol=BTCUSDT&fromId=1&orderId=2&startTime=3", .optionalParametersBadCombination),
            ("symbol=BTCUSDT&since=1", .unreadParameters(read: 1, sent: 2)),
        ]
        for (query, error) in cases {
            #expect(throws: error, "\(query)") { try read(query) }
        }
    }

    /// The value initializer checks as reading does.
    @Test func theInitializerChecks() {
        #expect(throws: BinanceAPIError.optionalParametersBadCombination) {
            try TradeListQuery(symbol: "BTCUSDT", orderID: 1, endTime: BinanceTimestamp(milliseconds: 1))
        }
        #expect(throws: BinanceAPIError.invalidParameter("limit")) {
            try TradeListQuery(symbol: "BTCUSDT", limit: 0)
        }
    }
}
