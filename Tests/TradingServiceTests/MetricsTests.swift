import AsyncHTTPClient
import Bot4TestSupport
import Foundation
import NIOCore
import Testing

/// `GET /metrics`: Prometheus' text format with the requests by path and status and the orders by outcome.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")), .timeLimit(.minutes(5)))
struct MetricsTests {
    @Test func requestsAndOrdersAreCounted() async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        _ = try await service.send(.GET, "/api/v3/ping")
        _ = try await service.send(.GET, "/api/v3/ping")
        _ = try await service.send(.GET, "/api/v3/nothing/../etc")
        let order = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=25000.00"
        let placed = try await service.send(.POST, "/api/v3/order", body: service.signed(order))
        #expect(placed.status == 200)
        let refused = try await service.send(
            .POST,
            "/api/v3/order",
            body: service.signed(order.replacingOccurrences(of: "25000.00", with: "25000.001"))
        )
        #expect(refused.code == -1013)

        var request = HTTPClientRequest(url: "http://127.0.0.1:\(service.port)/metrics")
        request.method = .GET
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        #expect(text.contains(#"bot4_http_requests_total{method="GET",path="/api/v3/ping",status="200"} 2"#), "\(text)")
        #expect(text.contains(#"bot4_http_requests_total{method="GET",path="other",status="404"} 1"#), "\(text)")
        #expect(text.contains(#"bot4_orders_total{outcome="accepted"} 1"#), "\(text)")
        #expect(text.contains(#"bot4_orders_total{outcome="rejected"} 1"#), "\(text)")
        #expect(text.contains("bot4_http_request_duration_seconds_bucket"), "\(text)")
    }
}
