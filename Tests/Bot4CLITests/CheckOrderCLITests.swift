import Bot4TestSupport
import Foundation
import Testing

/// Runs the built `bot4 check-order` against the real exchangeInfo fixtures: each flag reaching the check, the
/// text and JSON verdicts, exit codes 0, 1 and 2. The filters themselves are `FiltersTests`' (library calls).
@Suite struct CheckOrderCLITests {
    func run(_ arguments: [String], info: String = Bot4CLI.modernExchangeInfo) throws -> ProcessResult {
        try Bot4CLI.run(["check-order", "--exchange-info", info] + arguments)
    }

    let limit = ["--symbol", "BTCUSDT", "--side", "BUY", "--type", "LIMIT", "--time-in-force", "GTC"]

    @Test func acceptedOrderExitsZero() throws {
        let result = try run(limit + ["--price", "25000.00", "--quantity", "0.001", "--avg-price", "26000"])
        #expect(result.status == 0)
        #expect(result.out == "ACCEPTED\n")
        let loose = try run(limit + ["--price", "25000.00", "--quantity", "0.001"])
        #expect(loose.status == 0 && loose.out.contains("unchecked: PERCENT_PRICE"))
    }

    @Test func rejectionPrintsBinanceCodeAndMessage() throws {
        let result = try run(limit + ["--price", "25000.001", "--quantity", "0.001"])
        #expect(result.status == 1)
        #expect(result.out == "REJECTED -1013 Filter failure: PRICE_FILTER\n")
        let json = try run(
            limit + ["--price", "25000.00", "--quantity", "0.001", "--open-orders", "200", "--format", "json"]
        )
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(object["code"] as? Int == -1013)
        #expect(object["msg"] as? String == "Filter failure: MAX_NUM_ORDERS")
        #expect(object["status"] as? String == "REJECTED")
    }

    @Test func marketContextFlags() throws {
        let market = ["--symbol", "BTCUPUSDT", "--side", "BUY", "--type", "MARKET", "--quantity", "48"]
        let over = try run(market + ["--avg-price", "5", "--position", "500"])
        #expect(over.status == 1 && over.out.contains("Filter failure: MAX_POSITION"))
        let fine = try run(market + ["--avg-price", "5", "--position", "499", "--format", "json"])
        #expect(fine.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: fine.stdout) as? [String: Any])
        #expect(object["status"] as? String == "ACCEPTED")
        let algo = try run([
            "--symbol", "BTCUSDT", "--side", "SELL", "--type", "STOP_LOSS_LIMIT", "--time-in-force", "GTC",
            "--price", "20000.00", "--stop-price", "20000.00", "--quantity", "0.001", "--open-algo-orders", "5",
        ])
        #expect(algo.status == 1 && algo.out.contains("MAX_NUM_ALGO_ORDERS"))
        let iceberg = try run(limit + ["--price", "30000.00", "--quantity", "1", "--iceberg-qty", "0.05"])
        #expect(iceberg.status == 1 && iceberg.out.contains("ICEBERG_PARTS"))
        let trailing = try run([
            "--symbol", "BTCUSDT", "--side", "BUY", "--type", "TAKE_PROFIT_LIMIT", "--time-in-force", "GTC",
            "--price", "20000.00", "--trailing-delta", "5", "--quantity", "0.001",
        ])
        #expect(trailing.status == 1 && trailing.out.contains("TRAILING_DELTA"))
        let quote = try run(["--symbol", "BTCUSDT", "--side", "BUY", "--type", "MARKET", "--quote-order-qty", "4.99"])
        #expect(quote.status == 1 && quote.out.contains("NOTIONAL"))
        let legacy = try run(
            limit + ["--price", "10000.00", "--quantity", "0.0009", "--avg-price", "10000"],
            info: Bot4CLI.legacyExchangeInfo
        )
        #expect(legacy.status == 1 && legacy.out.contains("Filter failure: MIN_NOTIONAL"))
    }

    @Test func badInputExitsTwoWithAClearMessage() throws {
        let exponent = try run(limit + ["--price", "1e5", "--quantity", "1"])
        #expect(exponent.status == 2 && exponent.err.contains("--price") && exponent.err.contains("exponent"))
        let negative = try run(limit + ["--price=-1", "--quantity", "1"])
        #expect(negative.status == 2 && negative.err.contains("negative"))
        let side = try run(["--symbol", "BTCUSDT", "--side", "HOLD", "--type", "LIMIT"])
        #expect(side.status == 2 && side.err.contains("--side"))
        let missing = try run(["--symbol", "BTCUSDT", "--side", "BUY"])
        #expect(missing.status == 2 && missing.err.contains("--type"))
        let dir = try TestEnvironment.temporaryDirectory()
        let broken = dir.appendingPathComponent("broken.json")
        try Data("{\"symbols\": [{\"symbol\": \"X\"}], \"rateLimits\": [], \"exchangeFilters\": []}".utf8).write(
            to: broken
        )
        let malformed = try run(limit + ["--price", "1", "--quantity", "1"], info: broken.path)
        #expect(malformed.status == 2 && malformed.err.contains("symbols[0].status"))
        let absent = try run(
            limit + ["--price", "1", "--quantity", "1"],
            info: dir.appendingPathComponent("none.json").path
        )
        #expect(absent.status == 2 && absent.err.contains("cannot open"))
    }

    @Test func unknownSymbolIsBinancesInvalidSymbol() throws {
        let result = try run(["--symbol", "NOPEUSDT", "--side", "BUY", "--type", "MARKET", "--quantity", "1"])
        #expect(result.status == 1 && result.out == "REJECTED -1121 Invalid symbol.\n")
    }
}
