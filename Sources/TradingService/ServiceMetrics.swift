import Metrics
import Prometheus

/// The service's metrics through swift-metrics, kept in a Prometheus registry of the desk's own (no global
/// bootstrap: several servers in one process count apart), and written in Prometheus' text format for
/// `GET /metrics`.
public final class ServiceMetrics: Sendable {
    /// The registry the metrics live in.
    public let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    /// The paths counted by name; any other path is counted as `other`, so clients cannot grow the label set.
    static let knownPaths: Set<String> = [
        "/healthz", "/metrics", "/api/v3/ping", "/api/v3/time", "/api/v3/exchangeInfo", "/api/v3/depth",
        "/api/v3/avgPrice", "/api/v3/order", "/api/v3/order/test", "/api/v3/openOrders", "/api/v3/account",
        "/api/v3/myTrades",
    ]

    /// Creates empty metrics.
    public init() {
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// Counts one answered request and its duration.
    func request(method: String, path: String, status: Int, duration: Duration) {
        let path = Self.knownPaths.contains(path) ? path : "other"
        Counter(
            label: "bot4_http_requests_total",
            dimensions: [("method", method), ("path", path), ("status", String(status))],
            factory: factory
        ).increment()
        Timer(label: "bot4_http_request_duration_seconds", dimensions: [("path", path)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// Counts one new order by outcome: `accepted`, `rejected` (a Binance verdict) or `unknown` (the commit
    /// did not complete).
    func order(_ outcome: String) {
        Counter(label: "bot4_orders_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    /// The registry in Prometheus' text exposition format.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole &+ attoseconds / 1_000_000_000
    }
}
