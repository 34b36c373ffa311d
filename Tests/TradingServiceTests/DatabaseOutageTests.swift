import Bot4TestSupport
import Foundation
import JSON
import Testing

/// PostgreSQL stopped under the running server: orders and reads fail fast with Binance's "execution status
/// unknown" (-1007, HTTP 503), never a hang or a 500; once PostgreSQL is back the service reconnects by itself,
/// and every acknowledged order is in the database.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")), .timeLimit(.minutes(5)))
struct DatabaseOutageTests {
    @Test func anOutageIsAnsweredWith1007AndTheServiceRecovers() async throws {
        let server = try await offThePool { try PostgresServer.start() }
        defer { server.stop() }
        let service = try await ServiceFixture.start(server: server)
        defer { service.stop() }
        func order(_ id: String) -> String {
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=25000.00&newClientOrderId=\(id)"
        }
        let before = try await service.send(.POST, "/api/v3/order", body: service.signed(order("before")))
        #expect(before.status == 200, "\(before.json)")

        try await offThePool { try server.halt() }
        let during = try await service.send(.POST, "/api/v3/order", body: service.signed(order("during")))
        #expect(during.status == 503, "\(during.json)")
        #expect(during.code == -1007)
        let read = try await service.send(.GET, "/api/v3/account", query: service.signed(""))
        #expect(read.status == 503, "\(read.json)")
        #expect(read.code == -1007)

        try await offThePool { try server.startAgain() }
        var acknowledged: [Int] = []
        for attempt in 0..<240 where acknowledged.isEmpty {
            let after = try await service.send(.POST, "/api/v3/order", body: service.signed(order("after-\(attempt)")))
            if after.status == 200, let id = after.json["orderId"]?.intValue {
                acknowledged.append(id)
            } else {
                #expect(after.status == 503, "while reconnecting: \(after.json)")
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        try #require(!acknowledged.isEmpty, "the service did not reconnect")
        let stored = try await offThePool {
            try server.psql("SELECT client_order_id FROM orders ORDER BY id", database: service.database)
        }
        let ids = stored.split(separator: "\n").map(String.init)
        #expect(ids.first == "before")
        #expect(ids.contains { $0.hasPrefix("after-") })
        #expect(!ids.contains("during"), "the order refused during the outage was not written")
    }
}
