import Bot4TestSupport
import Digest
import Foundation
import JSON
import Testing

/// Bad, unsigned, expired, replayed, malformed and oversized requests against the running server: each gets
/// Binance's code in `{"code":…,"msg":…}` with a 4xx, never a 500, and places nothing.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")), .timeLimit(.minutes(5)))
struct RequestRefusalTests {
    static let order = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=25000.00"

    @Test func everyBadRequestGetsItsBinanceCodeAndA4xx() async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        let now = ServiceFixture.nowMilliseconds
        /// `POST /api/v3/order` with `body` as sent.
        func post(_ body: String, apiKey: String? = ServiceFixture.apiKey) async throws -> ServiceFixture.Reply {
            try await service.send(.POST, "/api/v3/order", body: body, apiKey: apiKey)
        }
        /// The valid order with one parameter's text replaced, signed.
        func edited(_ text: String, _ replacement: String) -> String {
            service.signed(Self.order.replacingOccurrences(of: text, with: replacement))
        }
        let badSignature = "&signature=" + String(repeating: "ab", count: 32)
        let oversized = "&pad=" + String(repeating: "x", count: 40_000)
        let cases: [(name: String, reply: ServiceFixture.Reply, status: Int, code: Int)] = [
            ("unsigned", try await post(Self.order + "&recvWindow=60000&timestamp=\(now)"), 400, -1102),
            ("no API key", try await post(service.signed(Self.order), apiKey: nil), 401, -2014),
            ("unknown API key", try await post(service.signed(Self.order), apiKey: "someone-else"), 401, -2015),
            (
                "wrong signature", try await post(Self.order + "&recvWindow=60000&timestamp=\(now)" + badSignature),
                400, -1022
            ),
            ("expired", try await post(service.signed(Self.order, timestamp: now - 600_000)), 400, -1021),
            ("from the future", try await post(service.signed(Self.order, timestamp: now + 600_000)), 400, -1021),
            ("recvWindow too large", try await post(service.signed(Self.order + "&recvWindow=70000")), 400, -1131),
            ("malformed quantity", try await post(edited("quantity=0.01", "quantity=1e-2")), 400, -1100),
            ("unknown side", try await post(edited("BUY", "HOLD")), 400, -1117),
            ("unknown parameter", try await post(service.signed(Self.order + "&colour=blue")), 400, -1104),
            ("unknown symbol", try await post(edited("BTCUSDT", "NOPEUSDT")), 400, -1121),
            ("filter failure", try await post(edited("25000.00", "25000.001")), 400, -1013),
            ("duplicate parameter", try await post(service.signed(Self.order + "&side=SELL")), 400, -1101),
            ("oversized body", try await post(service.signed(Self.order + oversized)), 400, -1101),
            ("bad escape", try await post("symbol=%ZZ&" + service.signed("")), 400, -1100),
            (
                "no such order",
                try await service.send(.GET, "/api/v3/order", query: service.signed("symbol=BTCUSDT&orderId=999")),
                400, -2013
            ),
            (
                "neither id",
                try await service.send(.GET, "/api/v3/order", query: service.signed("symbol=BTCUSDT")), 400, -1102
            ),
            ("depth without symbol", try await service.send(.GET, "/api/v3/depth"), 400, -1102),
            ("unknown path", try await service.send(.GET, "/api/v3/nothing"), 404, -1000),
        ]
        for entry in cases {
            #expect(entry.reply.status == entry.status, "\(entry.name): \(entry.reply.json)")
            #expect(entry.reply.code == entry.code, "\(entry.name): \(entry.reply.json)")
            #expect(entry.reply.message?.isEmpty == false, "\(entry.name)")
            #expect(entry.reply.json.objectValue?.map(\.0) == ["code", "msg"], "\(entry.name)")
        }
        let open = try await service.send(.GET, "/api/v3/openOrders", query: service.signed(""))
        #expect(open.json == .array([]), "no refused request placed an order")
    }

    @Test func aReplayedRequestIsRefusedTheSecondTime() async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        let body = service.signed(Self.order)
        let first = try await service.send(.POST, "/api/v3/order", body: body)
        #expect(first.status == 200, "\(first.json)")
        let replay = try await service.send(.POST, "/api/v3/order", body: body)
        #expect(replay.status == 400)
        #expect(replay.code == -1022)
        let query = service.signed("symbol=BTCUSDT")
        let read = try await service.send(.GET, "/api/v3/openOrders", query: query)
        #expect(read.json.arrayValue?.count == 1, "the replay placed no second order")
        let readAgain = try await service.send(.GET, "/api/v3/openOrders", query: query)
        #expect(readAgain.code == -1022)
    }

    @Test func aSignatureIsCheckedOverTheQueryStringAndTheBodyTogether() async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        // Half the parameters in the query string, half in the body, one signature over both as sent.
        let query = "symbol=BTCUSDT&side=BUY&type=LIMIT"
        let rest =
            "timeInForce=GTC&quantity=0.01&price=25000.00&recvWindow=60000&timestamp=\(ServiceFixture.nowMilliseconds)"
        let signature = ServiceFixture.hex(
            HMACSHA256.mac(key: Array(service.secret.utf8), message: Array((query + rest).utf8))
        )
        let placed = try await service.send(
            .POST,
            "/api/v3/order",
            query: query,
            body: rest + "&signature=" + signature
        )
        #expect(placed.status == 200, "\(placed.json)")
        #expect(placed.json["status"]?.stringValue == "NEW")
    }
}
