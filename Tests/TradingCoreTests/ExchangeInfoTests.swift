import Bot4TestSupport
import Foundation
import Testing

@testable import TradingCore

/// The full 2,292-symbol dump, read from the shared market data when this checkout sits next to it.
enum FullDump {
    static let name = "binance-spot-exchangeInfo-2023-09-08.full.json.gz"
    static var url: URL? {
        var candidates: [URL] = []
        if let dir = ProcessInfo.processInfo.environment["BOT4_MARKET_DATA"] {
            candidates.append(URL(fileURLWithPath: dir))
        }
        var dir = TestEnvironment.projectRoot
        for _ in 0..<3 {
            dir.deleteLastPathComponent()
            candidates.append(dir.appendingPathComponent("shared/market-data"))
        }
        return candidates.map { $0.appendingPathComponent(name) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }
}

@Suite struct ExchangeInfoTests {
    func filters(_ info: ExchangeInfo, _ symbol: String) throws -> [SymbolFilter] {
        try #require(info.symbol(symbol)).filters
    }

    @Test func modernSubsetParsesWithEveryFilter() throws {
        let info = try ExchangeInfo.parse(try Fixture.data(Fixture.modern))
        #expect(info.symbols.count == 30)
        #expect(info.serverTime == 1_694_185_561_976)
        #expect(
            info.rateLimits.contains(
                RateLimit(rateLimitType: "REQUEST_WEIGHT", interval: "MINUTE", intervalNum: 1, limit: 6000)
            )
        )
        let btc = try #require(info.symbol("BTCUSDT"))
        #expect(
            btc.filters.first
                == .price(
                    PriceFilter(
                        minPrice: try FixedDecimal("0.01"),
                        maxPrice: try FixedDecimal("1000000"),
                        tickSize: try FixedDecimal("0.01")
                    )
                )
        )
        #expect(btc.defaultSelfTradePreventionMode == .none)
        #expect(btc.allowedSelfTradePreventionModes == [.none, .expireTaker, .expireMaker, .expireBoth])
        #expect(btc.orderTypes == [.limit, .limitMaker, .market, .stopLossLimit, .takeProfitLimit])
        #expect(btc.baseAssetPrecision == 8 && btc.quotePrecision == 8)
        // BCCBTC has no MARKET_LOT_SIZE; exactly the 9 leveraged/LUNC symbols carry MAX_POSITION.
        #expect(!(try filters(info, "BCCBTC")).contains { if case .marketLotSize = $0 { true } else { false } })
        let withPosition = info.symbols.filter {
            $0.filters.contains { if case .maxPosition = $0 { true } else { false } }
        }
        #expect(withPosition.count == 9)
        #expect(try filters(info, "LUNCBUSD").contains(.maxPosition(FixedDecimal(raw: .max, scale: 8))))
        // SHIB's lot step is "1.00": scale 2 as written, significant scale 0.
        let shibLot = try filters(info, "SHIBUSDT").compactMap { if case .lotSize(let lot) = $0 { lot } else { nil } }
            .first
        #expect(shibLot?.stepSize.description == "1.00" && shibLot?.stepSize.significantScale == 0)
        #expect(shibLot?.maxQty == (try FixedDecimal("46116860414")))
        // Symbol scales come from the tick and step sizes, whatever the strings' own widths.
        let scales = ["BTCUSDT", "SHIBUSDT", "BTTCUSDT", "PAXUSDT", "SNTETH"].map { name in
            info.symbol(name).map { [$0.priceScale, $0.quantityScale] } ?? []
        }
        #expect(scales == [[2, 5], [8, 0], [8, 0], [4, 2], [8, 0]])
    }

    @Test func legacyGenerationParses() throws {
        let info = try ExchangeInfo.parse(try Fixture.data(Fixture.legacy))
        #expect(info.symbols.count == 8)
        let btc = try #require(info.symbol("BTCUSDT"))
        #expect(btc.defaultSelfTradePreventionMode == .none && btc.allowedSelfTradePreventionModes == [.none])
        let names = btc.filters.compactMap { filter -> String? in
            switch filter {
            case .notional(let rule): rule.name
            case .percentPrice(let rule): rule.name
            default: nil
            }
        }
        #expect(names == ["PERCENT_PRICE", "MIN_NOTIONAL"])
    }

    @Test func unknownFilterTypesAreKeptAndIgnored() throws {
        var json = try #require(JSONSerialization.jsonObject(with: try Fixture.data(Fixture.modern)) as? [String: Any])
        var symbols = try #require(json["symbols"] as? [[String: Any]])
        var filters = try #require(symbols[0]["filters"] as? [[String: Any]])
        filters.append(["filterType": "SOME_FUTURE_FILTER", "limit": "x"])
        symbols[0]["filters"] = filters
        json["symbols"] = symbols
        json["exchangeFilters"] = [
            ["filterType": "EXCHANGE_SOMETHING_NEW"], ["filterType": "EXCHANGE_MAX_NUM_ORDERS", "maxNumOrders": 1000],
        ]
        let info = try ExchangeInfo.parse(try JSONSerialization.data(withJSONObject: json))
        #expect(info.symbols[0].filters.last == .unknown("SOME_FUTURE_FILTER"))
        #expect(info.exchangeFilters == [.unknown("EXCHANGE_SOMETHING_NEW"), .maxNumOrders(1000)])
    }

    @Test(arguments: [
        ("", ExchangeInfoError.Code.notJSON, "not valid JSON"),
        ("{\"symbols\": [", .notJSON, "not valid JSON"),
        ("[]", .malformedField, "top level"),
        ("{\"rateLimits\": [], \"exchangeFilters\": []}", .missingField, "symbols"),
        (
            "{\"rateLimits\": [], \"exchangeFilters\": [], \"symbols\": [{\"symbol\": 5}]}", .malformedField,
            "symbols[0].symbol"
        ),
    ])
    func malformedDocumentsNameTheProblem(text: String, code: ExchangeInfoError.Code, path: String) {
        do {
            _ = try ExchangeInfo.parse(Data(text.utf8))
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.code == code, "\(error.message)")
            #expect(error.message.contains(path))
        }
    }

    @Test func malformedDecimalInAFilterNamesTheField() throws {
        var text = String(decoding: try Fixture.data(Fixture.modern), as: UTF8.self)
        let range = try #require(text.range(of: "\"tickSize\":\"0.01000000\""))
        text.replaceSubrange(range, with: "\"tickSize\":\"1e-2\"")
        do {
            _ = try ExchangeInfo.parse(Data(text.utf8))
            Issue.record("parsed an exponent")
        } catch {
            #expect(error.code == .malformedField)
            #expect(error.message.contains("symbols[0].filters[0].tickSize"), "\(error.message)")
            #expect(error.message.contains("exponent"))
        }
    }

    @Test(
        .enabled(
            if: FullDump.url != nil,
            "LOUD: ../shared/market-data/\(FullDump.name) is absent; the full-dump check did not run"
        )
    )
    func everySymbolOfTheFullDumpParses() throws {
        let url = try #require(FullDump.url)
        let result = try ProcessRunner.run("/bin/gzip", ["-dc", url.path])
        #expect(result.status == 0)
        let info = try ExchangeInfo.parse(result.stdout)
        #expect(info.symbols.count == 2292)
        func count(_ match: (SymbolFilter) -> Bool) -> Int {
            info.symbols.filter { $0.filters.contains(where: match) }.count
        }
        // Counts from the reference notes (trading.md §1), computed there independently.
        #expect(count { if case .price = $0 { true } else { false } } == 2292)
        #expect(count { if case .marketLotSize = $0 { true } else { false } } == 2214)
        #expect(count { if case .maxPosition = $0 { true } else { false } } == 9)
        #expect(count { if case .unknown = $0 { true } else { false } } == 0)
        #expect(info.symbols.filter { $0.status == "TRADING" }.count == 1340)
        // Every symbol validates an order without trapping, whatever its scales.
        for symbol in info.symbols {
            let validator = OrderValidator(symbol: symbol, exchangeFilters: info.exchangeFilters)
            _ = validator.validate(
                OrderRequest(
                    symbol: symbol.symbol,
                    side: .buy,
                    type: .limit,
                    timeInForce: .gtc,
                    price: FixedDecimal(raw: 1, scale: 8),
                    quantity: FixedDecimal(raw: 1, scale: 0)
                )
            )
        }
    }
}
