import AsyncHTTPClient
import Bot4TestSupport
import Digest
import Foundation
import JSON
import NIOCore
import NIOHTTP1
import Testing

/// Two built `bot4 serve` processes on one database, clients alternating between them over HTTP: one book
/// (orders placed on one instance fill orders resting from the other, cancels and duplicate client order ids
/// work across them), every acknowledged order stored once, the symbol's log numbered 1...N, and both
/// instances answering the same depth, open orders and balances afterwards.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")), .timeLimit(.minutes(5)))
struct TwoInstancesTests {
    static let symbol = "BTCUSDT"

    /// What one client step expects from its instance.
    struct Placed: Sendable {
        let orderId: Int
        let clientOrderId: String
    }

    @Test func clientsAlternatingBetweenTwoInstancesTradeOnOneBook() async throws {
        let pair = try await Pair.start()
        defer { pair.cleanUp() }
        let (server, database, client) = (pair.server, pair.database, pair.client)

        // On an empty book: a sell resting from A is filled by an IOC buy sent to B.
        let resting = try await client.place(on: 0, "SELL", "GTC", price: "26000.00", id: "first-sell-a")
        let crossing = try await client.order(on: 1, "BUY", "IOC", price: "26000.00", id: "first-buy-b")
        try #require(crossing.status == 200, "\(String(describing: crossing.json))")
        #expect(
            crossing.json?["status"]?.stringValue == "FILLED",
            "B saw A's sell: \(String(describing: crossing.json))"
        )
        var acknowledged = [resting, try Self.placed(crossing, id: "first-buy-b")]

        // Concurrent clients, each alternating its instance every round.
        let workers = 4
        let rounds = 8
        let placed = try await withThrowingTaskGroup(of: [Placed].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var placed: [Placed] = []
                    for round in 0..<rounds {
                        placed += try await client.round(worker: worker, round: round)
                    }
                    return placed
                }
            }
            var all: [Placed] = []
            for try await some in group { all += some }
            return all
        }
        acknowledged += placed
        // The last writes: a bid through A, then an ask through B, both resting; each instance must list both.
        acknowledged.append(try await client.place(on: 0, "BUY", "GTC", price: "25500.00", id: "last-bid-a"))
        acknowledged.append(try await client.place(on: 1, "SELL", "GTC", price: "26500.00", id: "last-ask-b"))
        #expect(acknowledged.count == 4 + workers * rounds * 3)

        // The database: every acknowledged order once, nothing else, and a gapless log.
        let stored = try await offThePool {
            try server.psql("SELECT id || ' ' || client_order_id FROM orders ORDER BY id", database: database)
        }
        let storedRows = stored.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let storedIds = storedRows.compactMap { Int($0[0]) }
        let clientIdOf = Dictionary(uniqueKeysWithValues: storedRows.map { (Int($0[0])!, $0[1]) })
        #expect(storedIds.count == acknowledged.count, "no order stored twice or without an answer")
        #expect(Set(clientIdOf.values).count == storedIds.count, "no client order id stored twice")
        for order in acknowledged {
            #expect(clientIdOf[order.orderId] == order.clientOrderId, "order \(order.orderId) stored once as acked")
        }
        let sequences = try await offThePool {
            try server.psql(
                "SELECT seq FROM events WHERE symbol = '\(Self.symbol)' ORDER BY seq",
                database: database
            )
        }
        .split(separator: "\n").compactMap { Int($0) }
        #expect(!sequences.isEmpty && sequences == Array(1...sequences.count), "the log is numbered 1...N")

        // Trades: maker and taker are stored orders, each trade has one fill per side, and makers placed on
        // one instance were filled by takers sent to the other.
        let trades = try await offThePool {
            try server.psql(
                """
                SELECT e->'report'->>'tradeId', e->'report'->>'orderId', e->'report'->>'counterOrderId'
                FROM (SELECT convert_from(payload, 'UTF8')::jsonb AS e FROM events WHERE symbol = '\(Self.symbol)') l
                WHERE e->>'event' = 'reported' AND e->'report'->>'executionType' = 'TRADE'
                  AND e->'report'->>'isMaker' = 'false'
                """,
                database: database
            )
        }
        .split(separator: "\n").map { $0.split(separator: "|").compactMap { Int($0) } }
        #expect(!trades.isEmpty)
        var crossed: Set<String> = []
        for trade in trades {
            try #require(trade.count == 3, "a trade with a taker and its maker: \(trade)")
            let (taker, maker) = (trade[1], trade[2])
            guard let takerId = clientIdOf[taker], let makerId = clientIdOf[maker] else {
                Issue.record("trade \(trade[0]): taker \(taker) or maker \(maker) is not a stored order")
                continue
            }
            crossed.insert("\(Self.instance(of: makerId))->\(Self.instance(of: takerId))")
        }
        #expect(crossed.contains("a->b"), "a maker placed via A was filled by a taker via B: \(crossed)")
        #expect(crossed.contains("b->a"), "a maker placed via B was filled by a taker via A: \(crossed)")
        let fills = try await offThePool {
            try server.psql(
                "SELECT count(*) FILTER (WHERE is_maker) || ' ' || count(*) FILTER (WHERE NOT is_maker) FROM fills",
                database: database
            )
        }
        #expect(fills == "\(trades.count) \(trades.count)", "one maker fill and one taker fill per trade")

        // Both instances answer the same, and their books are the open orders in the database.
        let depths = try await [client.depth(on: 0), client.depth(on: 1)]
        #expect(depths[0] == depths[1], "depth A \(depths[0]) B \(depths[1])")
        #expect(depths[0]?["lastUpdateId"]?.intValue == sequences.count, "the book includes the whole log")
        let open = try await [
            client.signedGet(on: 0, "/api/v3/openOrders"), client.signedGet(on: 1, "/api/v3/openOrders"),
        ]
        #expect(open[0] == open[1])
        let book = Self.levels(depth: depths[0])
        #expect(Self.levels(openOrders: open[0]) == book, "the book is the open orders")
        #expect(book["bid 25500"] == Decimal(string: "0.01") && book["ask 26500"] == Decimal(string: "0.01"), "\(book)")
        let accounts = try await [
            client.signedGet(on: 0, "/api/v3/account"), client.signedGet(on: 1, "/api/v3/account"),
        ]
        let balances = accounts.map { $0?["balances"] }
        #expect(balances[0] != nil && balances[0] == balances[1])
        // One account traded with itself without commission: its totals are what bot4 migrate funded.
        for (asset, funded) in [("BTC", "100"), ("USDT", "1000000")] {
            let total = (balances[0]?.arrayValue ?? []).first { $0["asset"]?.stringValue == asset }.map {
                Self.decimal($0["free"]) + Self.decimal($0["locked"])
            }
            #expect(total == Decimal(string: funded), "\(asset): \(String(describing: total))")
        }

        try await pair.stop()
    }

    @Test func theOpenOrderLimitIsTheBooksNotAnInstancesCopy() async throws {
        let pair = try await Pair.start()
        defer { pair.cleanUp() }
        let client = pair.client
        // A opens the symbol with an ask; B then places 199 bids (BTCUSDT's MAX_NUM_ORDERS is 200).
        _ = try await client.place(on: 0, "SELL", "GTC", price: "27000.00", id: "ask-a")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<4 {
                group.addTask {
                    for index in stride(from: lane, to: 199, by: 4) {
                        _ = try await client.place(on: 1, "BUY", "GTC", price: "25000.00", id: "bid-\(index)-b")
                    }
                }
            }
            try await group.waitForAll()
        }
        let test = try await pair.instances[0].send(
            .POST,
            "/api/v3/order/test",
            parameters: "symbol=\(Self.symbol)&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=25000.00",
            secret: client.secret
        )
        #expect(test.json?["msg"]?.stringValue == "Filter failure: MAX_NUM_ORDERS", "a test order on A: \(test)")
        let over = try await client.order(on: 0, "BUY", "GTC", price: "25000.00", id: "over-a")
        #expect(over.status == 400, "A refuses a 201st open order it had not seen the 200th of: \(over)")
        #expect(over.json?["msg"]?.stringValue == "Filter failure: MAX_NUM_ORDERS", "\(over)")
        let cancelled = try await pair.instances[1].send(
            .DELETE,
            "/api/v3/openOrders",
            parameters: "symbol=\(Self.symbol)",
            secret: client.secret
        )
        #expect(cancelled.status == 200 && cancelled.json?.arrayValue?.count == 200, "\(cancelled.status)")
        let after = try await client.order(on: 0, "BUY", "GTC", price: "25000.00", id: "after-a")
        #expect(after.status == 200, "A accepts a bid once B cancelled them all: \(after)")
        try await pair.stop()
    }

    /// A fresh database migrated by the built `bot4 migrate`, and two `bot4 serve` processes on it (A and B).
    struct Pair {
        let server: PostgresServer
        let database: String
        let environment: [String: String]
        let folder: URL
        let instances: [ServeProcess]

        var client: Client { Client(instances: instances, secret: environment["BOT4_API_HMAC_SECRET"]!) }

        static func start() async throws -> Pair {
            let server = try await offThePool { try PostgresServer.shared() }
            let database = try await offThePool { try server.createDatabase() }
            let environment = ServeCLITests.environment(server, database)
            let migrated = try await offThePool {
                try ProcessRunner.run(
                    ServeCLITests.bot4,
                    ["migrate"],
                    environment: environment,
                    replaceEnvironment: true
                )
            }
            guard migrated.status == 0 else { throw FixtureError("bot4 migrate: \(migrated.err)") }
            let folder = try TestEnvironment.temporaryDirectory("bot4-two-instances")
            var instances: [ServeProcess] = []
            do {
                for label in ["a", "b"] {
                    let subfolder = folder.appendingPathComponent(label)
                    try FileManager.default.createDirectory(at: subfolder, withIntermediateDirectories: true)
                    // Rate limits off: they are counted per instance, and these tests are about the shared book.
                    instances.append(
                        try await ServeProcess.start(
                            environment: environment,
                            folder: subfolder,
                            extraArguments: ["--rate-limits", "off"]
                        )
                    )
                }
            } catch {
                for instance in instances where instance.process.isRunning { instance.process.terminate() }
                try? FileManager.default.removeItem(at: folder)
                throw error
            }
            return Pair(
                server: server,
                database: database,
                environment: environment,
                folder: folder,
                instances: instances
            )
        }

        /// SIGTERM to both: each exits 0, and printed no secret.
        func stop() async throws {
            for instance in instances { kill(instance.process.processIdentifier, SIGTERM) }
            for instance in instances {
                let process = instance.process
                try await offThePool { process.waitUntilExit() }
                #expect(
                    process.terminationReason == .exit && process.terminationStatus == 0,
                    "ended by \(process.terminationReason == .exit ? "exit" : "signal") \(process.terminationStatus): \(instance.log)"
                )
                #expect(!instance.log.contains(environment["BOT4_API_HMAC_SECRET"]!))
                #expect(!instance.log.contains(server.superuserPassword))
            }
        }

        /// Stops what still runs and removes the files.
        func cleanUp() {
            for instance in instances where instance.process.isRunning { instance.process.terminate() }
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// "a" or "b": the instance a client order id of this test names.
    static func instance(of clientOrderId: String) -> String {
        clientOrderId.split(separator: "-").last.map(String.init) ?? "?"
    }

    static func placed(_ reply: (status: Int, json: JSONValue?), id: String) throws -> Placed {
        guard reply.status == 200, let orderId = reply.json?["orderId"]?.intValue else {
            throw FixtureError("\(id): \(reply.status) \(String(describing: reply.json))")
        }
        return Placed(orderId: orderId, clientOrderId: id)
    }

    static func decimal(_ value: JSONValue?) -> Decimal {
        value?.stringValue.flatMap { Decimal(string: $0) } ?? .nan
    }

    /// Side, price and remaining quantity of each level the open orders make.
    static func levels(openOrders: JSONValue?) -> [String: Decimal] {
        var levels: [String: Decimal] = [:]
        for order in openOrders?.arrayValue ?? [] {
            let side = order["side"]?.stringValue == "BUY" ? "bid" : "ask"
            let key = "\(side) \(decimal(order["price"]))"
            levels[key, default: 0] += decimal(order["origQty"]) - decimal(order["executedQty"])
        }
        return levels
    }

    /// Side, price and quantity of each level of a depth answer.
    static func levels(depth: JSONValue?) -> [String: Decimal] {
        var levels: [String: Decimal] = [:]
        for (side, key) in [("bid", "bids"), ("ask", "asks")] {
            for level in depth?[key]?.arrayValue ?? [] {
                let pair = level.arrayValue ?? []
                levels["\(side) \(decimal(pair.first))"] = decimal(pair.last)
            }
        }
        return levels
    }

    /// Signed requests to either instance, by index (0 is A, 1 is B).
    struct Client: Sendable {
        let instances: [ServeProcess]
        let secret: String

        static func letter(_ index: Int) -> String { index == 0 ? "a" : "b" }

        /// One round of a worker on instance `x` (alternating) and the other, `y`: a sell resting on `x` and a
        /// buy on `y` at its price (IOC or GTC); the buy's client order id again on `x` (-2010); a bid placed on
        /// `x` and cancelled on `y`.
        func round(worker: Int, round: Int) async throws -> [Placed] {
            let x = (worker + round) % 2
            let y = 1 - x
            let tag = "\(worker)-\(round)"
            let sell = try await place(on: x, "SELL", "GTC", price: "26000.00", id: "s-\(tag)-\(Self.letter(x))")
            let buyId = "t-\(tag)-\(Self.letter(y))"
            let buy = try TwoInstancesTests.placed(
                try await order(on: y, "BUY", round % 2 == 0 ? "IOC" : "GTC", price: "26000.00", id: buyId),
                id: buyId
            )
            let again = try await order(on: x, "BUY", "GTC", price: "26000.00", id: buyId)
            #expect(again.status == 400 && again.json?["code"]?.intValue == -2010, "\(buyId) again: \(again)")
            let bid = try await place(on: x, "BUY", "GTC", price: "25000.00", id: "c-\(tag)-\(Self.letter(x))")
            let cancel = try await instances[y].send(
                .DELETE,
                "/api/v3/order",
                parameters: "symbol=\(TwoInstancesTests.symbol)&orderId=\(bid.orderId)",
                secret: secret
            )
            #expect(cancel.status == 200, "cancel of \(bid.clientOrderId) on the other instance: \(cancel)")
            #expect(cancel.json?["status"]?.stringValue == "CANCELED")
            return [sell, buy, bid]
        }

        /// A LIMIT order of 0.01 BTC on instance `index`.
        func order(
            on index: Int,
            _ side: String,
            _ timeInForce: String,
            price: String,
            id: String
        ) async throws -> (status: Int, json: JSONValue?) {
            try await instances[index].send(
                .POST,
                "/api/v3/order",
                parameters: "symbol=\(TwoInstancesTests.symbol)&side=\(side)&type=LIMIT&timeInForce=\(timeInForce)"
                    + "&quantity=0.01&price=\(price)&newClientOrderId=\(id)",
                secret: secret
            )
        }

        /// ``order(on:_:_:price:id:)`` that must be acknowledged.
        func place(
            on index: Int,
            _ side: String,
            _ timeInForce: String,
            price: String,
            id: String
        ) async throws
            -> Placed
        {
            try TwoInstancesTests.placed(
                try await order(on: index, side, timeInForce, price: price, id: id),
                id: id
            )
        }

        /// `GET /api/v3/depth` of the symbol.
        func depth(on index: Int) async throws -> JSONValue? {
            try await get(on: index, "/api/v3/depth?symbol=\(TwoInstancesTests.symbol)&limit=5000", signed: false)
        }

        /// A signed GET with the parameters in the query string.
        func signedGet(on index: Int, _ path: String) async throws -> JSONValue? {
            try await get(on: index, path, signed: true)
        }

        private func get(on index: Int, _ path: String, signed: Bool) async throws -> JSONValue? {
            var url = "http://127.0.0.1:\(instances[index].port)\(path)"
            if signed {
                let payload = "recvWindow=60000&timestamp=\(ServiceFixture.nowMilliseconds)"
                let mac = HMACSHA256.mac(key: Array(secret.utf8), message: Array(payload.utf8))
                url += "?" + payload + "&signature=" + ServiceFixture.hex(mac)
            }
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            request.headers.add(name: "X-MBX-APIKEY", value: ServiceFixture.apiKey)
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 4 << 20)
            guard response.status == .ok else {
                throw FixtureError("GET \(path) on \(Self.letter(index)): \(response.status) \(String(buffer: body))")
            }
            return try JSONParser.parse(Array(body.readableBytesView))
        }
    }
}
