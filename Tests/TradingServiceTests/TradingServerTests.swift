import Bot4TestSupport
import Foundation
import JSON
import Testing

/// `bot4 serve`'s server in this process against a real PostgreSQL: Binance's endpoints, field names and
/// types, orders placed, queried and canceled, balances moved, trades listed.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")), .timeLimit(.minutes(5)))
struct TradingServerTests {
    @Test func publicEndpointsAnswerInBinancesShape() async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        let ping = try await service.send(.GET, "/api/v3/ping")
        #expect(ping.status == 200)
        #expect(ping.json.objectValue?.isEmpty == true)
        #expect(ping.contentType?.hasPrefix("application/json") == true)
        let time = try await service.send(.GET, "/api/v3/time")
        let serverTime = try #require(time.json["serverTime"]?.intValue)
        #expect(abs(Int64(serverTime) - ServiceFixture.nowMilliseconds) < 60_000)
        let info = try await service.send(.GET, "/api/v3/exchangeInfo", query: "symbol=BTCUSDT")
        #expect(info.status == 200)
        let symbols = try #require(info.json["symbols"]?.arrayValue)
        #expect(symbols.count == 1)
        #expect(symbols.first?["symbol"]?.stringValue == "BTCUSDT")
        #expect(symbols.first?["filters"]?.arrayValue?.isEmpty == false)
        let several = try await service.send(
            .GET,
            "/api/v3/exchangeInfo",
            query: "symbols=%5B%22BTCUSDT%22,%22ETHUSDT%22%5D"
        )
        #expect(
            several.json["symbols"]?.arrayValue?.compactMap { $0["symbol"]?.stringValue } == ["BTCUSDT", "ETHUSDT"]
        )
        let depth = try await service.send(.GET, "/api/v3/depth", query: "symbol=BTCUSDT&limit=5")
        #expect(depth.status == 200)
        #expect(depth.json["bids"]?.arrayValue?.isEmpty == true)
        #expect(depth.json["lastUpdateId"]?.intValue == 0)
        let health = try await service.send(.GET, "/healthz")
        #expect(health.status == 200)
    }

    @Test func anOrderIsPlacedQueriedListedAndCanceled() async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        let placed = try await service.send(
            .POST,
            "/api/v3/order",
            body: service.signed(
                "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01000&price=25000.00"
                    + "&newClientOrderId=rest-1&newOrderRespType=RESULT"
            )
        )
        #expect(placed.status == 200, "\(placed.json)")
        let orderId = try #require(placed.json["orderId"]?.intValue)
        #expect(placed.json["clientOrderId"]?.stringValue == "rest-1")
        #expect(placed.json["status"]?.stringValue == "NEW")
        #expect(placed.json["price"]?.stringValue == "25000.00")
        #expect(placed.json["origQty"]?.stringValue == "0.01000")
        #expect(placed.json["orderListId"]?.intValue == -1)
        #expect(placed.json["fills"] == nil, "RESULT carries no fills")

        let queried = try await service.send(
            .GET,
            "/api/v3/order",
            query: service.signed("symbol=BTCUSDT&orderId=\(orderId)")
        )
        #expect(queried.status == 200, "\(queried.json)")
        #expect(queried.json["status"]?.stringValue == "NEW")
        #expect(queried.json["isWorking"] == .bool(true))
        #expect(queried.json["executedQty"]?.stringValue.flatMap { Double($0) } == 0)
        let byClientId = try await service.send(
            .GET,
            "/api/v3/order",
            query: service.signed("symbol=BTCUSDT&origClientOrderId=rest-1")
        )
        #expect(byClientId.json["orderId"]?.intValue == orderId)

        let open = try await service.send(.GET, "/api/v3/openOrders", query: service.signed("symbol=BTCUSDT"))
        #expect(open.json.arrayValue?.compactMap { $0["orderId"]?.intValue } == [orderId])
        let depth = try await service.send(.GET, "/api/v3/depth", query: "symbol=BTCUSDT")
        #expect(depth.json["bids"] == .array([.array([.string("25000.00"), .string("0.01000")])]))

        let locked = try await balance(service, "USDT")
        #expect(locked.locked == 250)
        #expect(locked.free == 1_000_000 - 250)

        let canceled = try await service.send(
            .DELETE,
            "/api/v3/order",
            body: service.signed("symbol=BTCUSDT&orderId=\(orderId)")
        )
        #expect(canceled.status == 200, "\(canceled.json)")
        #expect(canceled.json["status"]?.stringValue == "CANCELED")
        #expect(canceled.json["origClientOrderId"]?.stringValue == "rest-1")
        let released = try await balance(service, "USDT")
        #expect(released.locked == 0)
        #expect(released.free == 1_000_000)
        let after = try await service.send(
            .GET,
            "/api/v3/order",
            query: service.signed("symbol=BTCUSDT&orderId=\(orderId)")
        )
        #expect(after.json["status"]?.stringValue == "CANCELED")
        let again = try await service.send(
            .DELETE,
            "/api/v3/order",
            body: service.signed("symbol=BTCUSDT&orderId=\(orderId)")
        )
        #expect(again.status == 400)
        #expect(again.code == -2011)
        let none = try await service.send(.GET, "/api/v3/openOrders", query: service.signed("symbol=BTCUSDT"))
        #expect(none.json == .array([]))
    }

    /// A stored order answers with what it was placed with: its iceberg quantity, stop price, quote order
    /// quantity and STP mode, not zeros and the symbol's default mode.
    @Test func anOrderIsQueriedWithWhatItWasPlacedWith() async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        func place(_ parameters: String) async throws -> Int {
            let placed = try await service.send(.POST, "/api/v3/order", body: service.signed(parameters))
            #expect(placed.status == 200, "\(parameters): \(placed.json)")
            return try #require(placed.json["orderId"]?.intValue)
        }
        func query(_ orderId: Int) async throws -> JSONValue {
            let queried = try await service.send(
                .GET,
                "/api/v3/order",
                query: service.signed("symbol=BTCUSDT&orderId=\(orderId)")
            )
            #expect(queried.status == 200, "\(queried.json)")
            return queried.json
        }
        func number(_ value: JSONValue?) -> Double? { value?.stringValue.flatMap { Double($0) } }

        let iceberg = try await place(
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01000&price=25000.00"
                + "&icebergQty=0.00200&selfTradePreventionMode=EXPIRE_BOTH"
        )
        let stop = try await place(
            "symbol=BTCUSDT&side=SELL&type=STOP_LOSS_LIMIT&timeInForce=GTC&quantity=0.00100&price=23900.00"
                + "&stopPrice=24000.00"
        )
        // Something for the market order to buy (Binance refuses one that meets an empty book).
        _ = try await place("symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.02000&price=26000.00")
        let market = try await place("symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=100.00")

        let icebergAnswer = try await query(iceberg)
        #expect(number(icebergAnswer["icebergQty"]) == 0.002)
        #expect(number(icebergAnswer["stopPrice"]) == 0)
        #expect(icebergAnswer["selfTradePreventionMode"]?.stringValue == "EXPIRE_BOTH")
        let stopAnswer = try await query(stop)
        #expect(number(stopAnswer["stopPrice"]) == 24_000)
        #expect(number(stopAnswer["icebergQty"]) == 0)
        let symbolDefault = try #require(stopAnswer["selfTradePreventionMode"]?.stringValue)
        #expect(symbolDefault != "EXPIRE_BOTH")
        let marketAnswer = try await query(market)
        #expect(number(marketAnswer["origQuoteOrderQty"]) == 100)
        #expect(number(icebergAnswer["origQuoteOrderQty"]) == 0)

        let open = try await service.send(.GET, "/api/v3/openOrders", query: service.signed("symbol=BTCUSDT"))
        let listed = open.json.arrayValue?.first { $0["orderId"]?.intValue == iceberg }
        #expect(listed?["selfTradePreventionMode"]?.stringValue == "EXPIRE_BOTH")
        #expect(number(listed?["icebergQty"]) == 0.002)
    }

    @Test func crossingOrdersTradeAndTheTradesAreListed() async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        let sell = try await service.send(
            .POST,
            "/api/v3/order",
            query: service.signed("symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.02&price=26000.00")
        )
        #expect(sell.status == 200, "\(sell.json)")
        #expect(sell.json["status"]?.stringValue == "NEW")
        let buy = try await service.send(
            .POST,
            "/api/v3/order",
            body: service.signed("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.01&price=26000.00")
        )
        #expect(buy.status == 200, "\(buy.json)")
        #expect(buy.json["status"]?.stringValue == "FILLED")
        let fills = try #require(buy.json["fills"]?.arrayValue)
        #expect(fills.count == 1)
        #expect(fills.first?["price"]?.stringValue == "26000.00")
        #expect(fills.first?["qty"]?.stringValue == "0.01000", "at the symbol's quantity scale")
        #expect(fills.first?["commissionAsset"]?.stringValue == "BTC")
        #expect(buy.json["cummulativeQuoteQty"]?.stringValue.flatMap { Double($0) } == 260)

        let trades = try await service.send(.GET, "/api/v3/myTrades", query: service.signed("symbol=BTCUSDT"))
        #expect(trades.status == 200, "\(trades.json)")
        let list = try #require(trades.json.arrayValue)
        #expect(list.count == 2, "one trade, both sides belong to the one account")
        #expect(Set(list.compactMap { $0["isBuyer"] }) == [.bool(true), .bool(false)])
        #expect(list.allSatisfy { $0["qty"]?.stringValue.flatMap { Double($0) } == 0.01 })
        let sellId = try #require(sell.json["orderId"]?.intValue)
        let ofSell = try await service.send(
            .GET,
            "/api/v3/myTrades",
            query: service.signed("symbol=BTCUSDT&orderId=\(sellId)")
        )
        #expect(ofSell.json.arrayValue?.count == 1)
        let btc = try await balance(service, "BTC")
        #expect(btc.locked == 0.01, "the rest of the SELL stays locked")

        let canceledAll = try await service.send(.DELETE, "/api/v3/openOrders", body: service.signed("symbol=BTCUSDT"))
        #expect(canceledAll.status == 200, "\(canceledAll.json)")
        #expect(canceledAll.json.arrayValue?.compactMap { $0["orderId"]?.intValue } == [sellId])
        let nothingOpen = try await service.send(.DELETE, "/api/v3/openOrders", body: service.signed("symbol=BTCUSDT"))
        #expect(nothingOpen.code == -2011)
    }

    @Test func theAveragePriceStartsAtTheReferenceAndFollowsTheTrades() async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        let seeded = try await service.send(.GET, "/api/v3/avgPrice", query: "symbol=BTCUSDT")
        #expect(seeded.status == 200, "\(seeded.json)")
        #expect(seeded.json["mins"]?.intValue == 5)
        #expect(seeded.json["price"]?.stringValue == "26000.00000000")
        #expect(seeded.json["closeTime"]?.intValue == 0)
        // ETHUSDT has neither a reference price nor a trade.
        let none = try await service.send(.GET, "/api/v3/avgPrice", query: "symbol=ETHUSDT")
        #expect(none.status == 400 && none.code == -1013, "\(none.json)")
        // So an ETHUSDT order that needs it is refused with the filter's failure, not let through unchecked.
        let ether = try await service.send(
            .POST,
            "/api/v3/order",
            body: service.signed("symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=1600.00")
        )
        #expect(ether.json["msg"]?.stringValue == "Filter failure: PERCENT_PRICE_BY_SIDE", "\(ether.json)")
        // At 26,000 a SELL may ask up to 5 × 26,000.
        let highAsk = "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price=129000.00"
        #expect(try await service.send(.POST, "/api/v3/order/test", body: service.signed(highAsk)).status == 200)

        let sell = "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price=25000.00"
        #expect(try await service.send(.POST, "/api/v3/order", body: service.signed(sell)).status == 200)
        let buy = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.01&price=25000.00"
        let filled = try await service.send(.POST, "/api/v3/order", body: service.signed(buy))
        #expect(filled.json["status"]?.stringValue == "FILLED", "\(filled.json)")

        let moved = try await service.send(.GET, "/api/v3/avgPrice", query: "symbol=BTCUSDT")
        #expect(moved.json["price"]?.stringValue == "25000.00000000")
        let closeTime = try #require(moved.json["closeTime"]?.intValue)
        #expect(abs(Int64(closeTime) - ServiceFixture.nowMilliseconds) < 60_000)
        // Now at most 5 × 25,000: the same ask is refused, by the test endpoint and by a real order.
        let refused = try await service.send(.POST, "/api/v3/order/test", body: service.signed(highAsk))
        #expect(refused.code == -1013 && refused.json["msg"]?.stringValue == "Filter failure: PERCENT_PRICE_BY_SIDE")
        #expect(try await service.send(.POST, "/api/v3/order", body: service.signed(highAsk)).code == -1013)
    }

    @Test func aRetriedClientOrderIdIsRefusedAsADuplicate() async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        let order =
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=25000.00&newClientOrderId=once"
        let first = try await service.send(.POST, "/api/v3/order", body: service.signed(order))
        #expect(first.status == 200, "\(first.json)")
        let retry = try await service.send(
            .POST,
            "/api/v3/order",
            body: service.signed(order, timestamp: ServiceFixture.nowMilliseconds + 1)
        )
        #expect(retry.status == 400)
        #expect(retry.code == -2010)
        #expect(retry.message == "Duplicate order sent.")
        let test = try await service.send(.POST, "/api/v3/order/test", body: service.signed(order))
        #expect(test.status == 200, "\(test.json)")
        #expect(test.json == .object([]))
        let open = try await service.send(.GET, "/api/v3/openOrders", query: service.signed(""))
        #expect(open.json.arrayValue?.count == 1, "order/test placed nothing and the retry nothing")
    }

    @Test func theAccountShowsTheFundedBalances() async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        let account = try await service.send(.GET, "/api/v3/account", query: service.signed("omitZeroBalances=true"))
        #expect(account.status == 200, "\(account.json)")
        #expect(account.json["accountType"]?.stringValue == "SPOT")
        #expect(account.json["canTrade"] == .bool(true))
        let balances = try #require(account.json["balances"]?.arrayValue)
        #expect(balances.compactMap { $0["asset"]?.stringValue } == ["BTC", "USDT"])
        #expect(balances.allSatisfy { $0["free"]?.stringValue != nil && $0["locked"]?.stringValue != nil })
    }

    /// The account's balance of `asset` through `GET /api/v3/account`.
    func balance(_ service: ServiceFixture, _ asset: String) async throws -> (free: Double, locked: Double) {
        let account = try await service.send(.GET, "/api/v3/account", query: service.signed(""))
        let entry = try #require(account.json["balances"]?.arrayValue?.first { $0["asset"]?.stringValue == asset })
        let free = try #require(entry["free"]?.stringValue.flatMap(Double.init))
        let locked = try #require(entry["locked"]?.stringValue.flatMap(Double.init))
        return (free, locked)
    }
}
