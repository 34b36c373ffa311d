import Bot4TestSupport
import Foundation
import JSON
import Testing
import TradingAPI

/// The exchangeInfo's `rateLimits` enforced by the running server: usage headers on every response, 429
/// with `Retry-After` and Binance's -1003 or -1015 past a limit, nothing placed by a refused order.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")), .timeLimit(.minutes(5)))
struct RateLimitServiceTests {
    /// The fixture's exchangeInfo with per-day limits small enough to reach (a day: no window ends mid-test
    /// except at midnight UTC).
    static func tightExchangeInfo(in folder: URL) throws -> String {
        let original = try JSONParser.parse(
            Array(try Data(contentsOf: URL(fileURLWithPath: ServiceFixture.exchangeInfo)))
        )
        guard case .object(let members) = original else { throw FixtureError("exchangeInfo is not an object") }
        let limits = JSONValue.array([
            .object([
                ("rateLimitType", .string("REQUEST_WEIGHT")), ("interval", .string("DAY")),
                ("intervalNum", .integer(1)),
                ("limit", .integer(30)),
            ]),
            .object([
                ("rateLimitType", .string("ORDERS")), ("interval", .string("DAY")), ("intervalNum", .integer(1)),
                ("limit", .integer(2)),
            ]),
        ])
        let edited = JSONValue.object(members.map { $0.0 == "rateLimits" ? ($0.0, limits) : $0 })
        let path = folder.appendingPathComponent("exchangeInfo-tight.json")
        try Data(JSONWriter.compactBytes(edited, memberOrder: .asGiven)).write(to: path)
        return path.path
    }

    @Test func weightAndOrdersAreLimitedWithBinancesHeadersAndCodes() async throws {
        let folder = try TestEnvironment.temporaryDirectory("bot4-limits")
        defer { try? FileManager.default.removeItem(at: folder) }
        let service = try await ServiceFixture.start(exchangeInfo: try Self.tightExchangeInfo(in: folder))
        defer { service.stop() }

        let info = try await service.send(.GET, "/api/v3/exchangeInfo")
        #expect(info.status == 200)
        #expect(info.headers.first(name: "X-MBX-USED-WEIGHT-1D") == "20")
        let again = try await service.send(.GET, "/api/v3/exchangeInfo")
        #expect(again.status == 429)
        #expect(again.code == -1003)
        #expect(again.message?.contains("current limit is 30 request weight per 1 DAY") == true)
        let retryAfter = try #require(again.headers.first(name: "Retry-After").flatMap { Int($0) })
        #expect((1...86_400).contains(retryAfter))
        #expect(again.headers.first(name: "X-MBX-USED-WEIGHT-1D") == "20", "the refused request is not counted")
        let ping = try await service.send(.GET, "/api/v3/ping")
        #expect(ping.status == 200)
        #expect(ping.headers.first(name: "X-MBX-USED-WEIGHT-1D") == "21")

        let order = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=25000.00"
        for expected in ["1", "2"] {
            let placed = try await service.send(.POST, "/api/v3/order", body: service.signed(order))
            #expect(placed.status == 200, "\(placed.json)")
            #expect(placed.headers.first(name: "X-MBX-ORDER-COUNT-1D") == expected)
        }
        let third = try await service.send(.POST, "/api/v3/order", body: service.signed(order))
        #expect(third.status == 429)
        #expect(third.code == -1015)
        #expect(third.message == "Too many new orders; current limit is 2 orders per 1 DAY.")
        #expect(third.headers.first(name: "Retry-After") != nil)
        let open = try await service.send(.GET, "/api/v3/openOrders", query: service.signed("symbol=BTCUSDT"))
        #expect(open.json.arrayValue?.count == 2, "the refused order placed nothing")
    }
}
