import Bot4TestSupport
import Foundation
import JSON
import PQ
import Testing
import TradingStore

/// `GET /api/v3/myTrades` over HTTP against a real PostgreSQL: fills written into the service's database at
/// chosen times (days apart, so that windows can be checked exactly), read back in each of Binance's supported
/// combinations of `orderId`, `startTime`, `endTime` and `fromId`, and the others refused.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")), .timeLimit(.minutes(5)))
struct TradeListTests {
    /// The middle of the fills' times (ms): 2023-11-14T22:13:20Z.
    static let t0: Int64 = 1_700_000_000_000
    static let hour: Int64 = 3_600_000
    /// The BTCUSDT fills' times, oldest first, alternately of two orders (A, B, A, B, …).
    static let times: [Int64] = [
        t0 - 48 * hour, t0 - 3 * hour, t0 - 2 * hour, t0 - hour, t0, t0 + hour, t0 + 2 * hour, t0 + 30 * hour,
    ]

    /// A server whose account has eight BTCUSDT fills at ``times`` (ids in ``ids``) over two orders, one ETHUSDT
    /// fill, and another account with a BTCUSDT fill at `t0`.
    struct Trades {
        let service: ServiceFixture
        let ids: [Int64]
        let orderA: Int64
        let orderB: Int64

        static func start() async throws -> Trades {
            let service = try await ServiceFixture.start()
            let db = PQConnection(
                PQConfiguration(
                    url: service.server.url(database: service.database),
                    user: "postgres",
                    password: PQPassword(service.server.superuserPassword)
                )
            )
            let (ids, orderA, orderB) = try await db.transaction { db in
                let account = try Accounts.ensure(apiKey: ServiceFixture.apiKey, on: db)
                let other = try Accounts.ensure(apiKey: "someone-else", on: db)
                let orderA = try Orders.insert(order(account, "BTCUSDT", "a"), on: db)
                let orderB = try Orders.insert(order(account, "BTCUSDT", "b"), on: db)
                var ids: [Int64] = []
                for (index, time) in TradeListTests.times.enumerated() {
                    let owner = index.isMultiple(of: 2) ? orderA : orderB
                    ids.append(try Fills.insert(fill(account, "BTCUSDT", order: owner, time: time), on: db))
                }
                let eth = try Orders.insert(order(account, "ETHUSDT", "e"), on: db)
                try Fills.insert(fill(account, "ETHUSDT", order: eth, time: TradeListTests.t0), on: db)
                let theirs = try Orders.insert(order(other, "BTCUSDT", "o"), on: db)
                try Fills.insert(fill(other, "BTCUSDT", order: theirs, time: TradeListTests.t0), on: db)
                return (ids, orderA, orderB)
            }
            await db.close()
            return Trades(service: service, ids: ids, orderA: orderA, orderB: orderB)
        }

        static func order(_ account: Int64, _ symbol: String, _ client: String) -> OrderRecord {
            OrderRecord(
                accountID: account,
                symbol: symbol,
                clientOrderID: client,
                side: "BUY",
                type: "LIMIT",
                timeInForce: "GTC",
                price: "26000.00",
                originalQuantity: "1.00000",
                status: "FILLED",
                createdMilliseconds: TradeListTests.t0 - 49 * TradeListTests.hour
            )
        }

        static func fill(_ account: Int64, _ symbol: String, order: Int64, time: Int64) -> FillRecord {
            FillRecord(
                symbol: symbol,
                orderID: order,
                accountID: account,
                price: "26000.00",
                quantity: "0.10000",
                quoteQuantity: "2600.0000000",
                commissionAsset: "BTC",
                isBuyer: true,
                isMaker: false,
                timeMilliseconds: time
            )
        }

        /// The ids `myTrades` answers with `parameters` (after `symbol=BTCUSDT`), in the answer's order.
        func ids(_ parameters: String) async throws -> [Int64] {
            let query = "symbol=BTCUSDT" + (parameters.isEmpty ? "" : "&" + parameters)
            let reply = try await service.send(.GET, "/api/v3/myTrades", query: service.signed(query))
            #expect(reply.status == 200, "\(parameters): \(reply.json)")
            let list = try #require(reply.json.arrayValue, "\(parameters)")
            return list.compactMap { $0["id"]?.intValue.map(Int64.init) }
        }

        /// The ids at `positions` of ``TradeListTests/times``.
        func at(_ positions: some Sequence<Int>) -> [Int64] { positions.map { ids[$0] } }

        /// The refusal `myTrades` answers `parameters` with.
        func refusal(_ parameters: String) async throws -> ServiceFixture.Reply {
            try await service.send(.GET, "/api/v3/myTrades", query: service.signed("symbol=BTCUSDT&" + parameters))
        }
    }

    /// Without `fromId` the most recent `limit` trades, oldest first; with it, the oldest `limit` from that id on;
    /// `orderId` narrows to one order, alone or with `fromId`.
    @Test func limitFromIdAndOrderId() async throws {
        let trades = try await Trades.start()
        defer { trades.service.stop() }
        let t = trades
        #expect(try await t.ids("") == t.at(0..<8), "only this account's BTCUSDT fills, oldest first")
        #expect(try await t.ids("limit=3") == t.at(5..<8), "the most recent three")
        #expect(try await t.ids("limit=1000") == t.at(0..<8))
        #expect(try await t.ids("fromId=\(t.ids[2])") == t.at(2..<8))
        #expect(try await t.ids("fromId=\(t.ids[2])&limit=2") == t.at(2..<4), "the oldest two from the id on")
        #expect(try await t.ids("fromId=\(t.ids[7] + 100)") == [])
        #expect(try await t.ids("orderId=\(t.orderA)") == t.at([0, 2, 4, 6]))
        #expect(try await t.ids("orderId=\(t.orderA)&limit=2") == t.at([4, 6]), "the order's most recent two")
        #expect(try await t.ids("orderId=\(t.orderB)&fromId=\(t.ids[2])") == t.at([3, 5, 7]))
        #expect(try await t.ids("orderId=\(t.orderB)&fromId=\(t.ids[2])&limit=1") == t.at([3]))
        #expect(try await t.ids("orderId=\(t.orderA)&fromId=\(t.ids[7])") == [])

        let reply = try await t.service.send(
            .GET,
            "/api/v3/myTrades",
            query: t.service.signed("symbol=BTCUSDT&fromId=\(t.ids[4])&limit=1")
        )
        let trade = try #require(reply.json.arrayValue?.first)
        #expect(trade["symbol"]?.stringValue == "BTCUSDT")
        #expect(trade["orderId"]?.intValue.map(Int64.init) == t.orderA)
        #expect(trade["orderListId"]?.intValue == -1)
        #expect(trade["time"]?.intValue.map(Int64.init) == Self.t0)
        #expect(trade["price"]?.stringValue == "26000.00" && trade["qty"]?.stringValue == "0.10000")
        #expect(trade["isBuyer"] == .bool(true) && trade["isMaker"] == .bool(false))
    }

    /// `startTime` and `endTime` bound the trades' times inclusively, in ms or µs; the most recent `limit`
    /// inside the window are answered; windows without trades answer `[]`.
    @Test func timeWindows() async throws {
        let trades = try await Trades.start()
        defer { trades.service.stop() }
        let t = trades
        let (t0, hour) = (Self.t0, Self.hour)
        #expect(try await t.ids("startTime=\(t0)") == t.at(4..<8))
        #expect(try await t.ids("startTime=\(t0)&limit=2") == t.at(6..<8), "the most recent two since then")
        #expect(try await t.ids("endTime=\(t0)") == t.at(0..<5))
        #expect(try await t.ids("endTime=\(t0)&limit=2") == t.at(3..<5), "the most recent two until then")
        #expect(try await t.ids("startTime=\(t0 - 3 * hour)&endTime=\(t0)") == t.at(1..<5), "both ends inclusive")
        #expect(try await t.ids("startTime=\(t0 - 3 * hour)&endTime=\(t0)&limit=1") == t.at([4]))
        #expect(try await t.ids("startTime=\(t0 - 2 * hour)&endTime=\(t0 + 22 * hour)") == t.at(2..<7), "24 h")

        // Microseconds: one past a trade's millisecond leaves it out at the start, one short at the end.
        #expect(try await t.ids("startTime=\((t0 - 3 * hour) * 1_000 + 1)&endTime=\(t0 * 1_000)") == t.at(2..<5))
        #expect(try await t.ids("endTime=\(t0 * 1_000 - 1)") == t.at(0..<4))
        #expect(try await t.ids("startTime=\(t0 * 1_000)") == t.at(4..<8))

        #expect(try await t.ids("startTime=\(t0 + 3 * hour)&endTime=\(t0 + 4 * hour)") == [], "between trades")
        #expect(try await t.ids("startTime=\(t0 + 31 * hour)") == [], "after the last")
        #expect(try await t.ids("endTime=\(t0 - 72 * hour)") == [], "before the first")
        #expect(try await t.ids("startTime=\(t0 + hour)&endTime=\(t0)") == [], "an end before the start")
    }

    /// A window over 24 hours is -1127 and every unsupported combination -1128, with HTTP 400 and Binance's
    /// messages; an unknown symbol is still -1121.
    @Test func refusals() async throws {
        let trades = try await Trades.start()
        defer { trades.service.stop() }
        let t = trades
        let (t0, hour) = (Self.t0, Self.hour)
        let wide = try await t.refusal("startTime=\(t0)&endTime=\(t0 + 24 * hour + 1)")
        #expect(wide.status == 400)
        #expect(wide.code == -1127)
        #expect(wide.message == "More than 24 hours between startTime and endTime.")
        for combination in [
            "orderId=\(t.orderA)&startTime=\(t0)", "orderId=\(t.orderA)&endTime=\(t0)",
            "fromId=\(t.ids[0])&startTime=\(t0)", "fromId=\(t.ids[0])&endTime=\(t0)",
            "orderId=\(t.orderA)&startTime=\(t0)&endTime=\(t0 + hour)",
            "fromId=\(t.ids[0])&startTime=\(t0)&endTime=\(t0 + hour)",
            "orderId=\(t.orderA)&fromId=\(t.ids[0])&startTime=\(t0)",
            "orderId=\(t.orderA)&fromId=\(t.ids[0])&endTime=\(t0)",
            "orderId=\(t.orderA)&fromId=\(t.ids[0])&startTime=\(t0)&endTime=\(t0 + hour)",
        ] {
            let reply = try await t.refusal(combination)
            #expect(reply.status == 400, "\(combination)")
            #expect(reply.code == -1128, "\(combination)")
            #expect(reply.message == "Combination of optional parameters invalid.", "\(combination)")
        }
        let limit = try await t.refusal("limit=1001")
        #expect(limit.code == -1130)
        let symbol = try await t.service.send(.GET, "/api/v3/myTrades", query: t.service.signed("symbol=NOPE"))
        #expect(symbol.code == -1121)
    }
}
