import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import TradingAPI
import UnixSignals

/// `bot4 serve` as a value: the Binance-shaped routes over a ``TradingDesk``, served by Hummingbird under a
/// ServiceLifecycle group.
///
/// On SIGTERM or SIGINT (the `gracefulShutdownSignals`) the server stops accepting connections and lets
/// the requests in flight finish, so an order already handed to its venue is answered once it is durable.
public struct TradingServer: Sendable {
    /// The shared state.
    public let desk: TradingDesk
    private let logger: Logger

    /// Creates a server over `desk`.
    public init(desk: TradingDesk, logger: Logger = Logger(label: "bot4.serve")) {
        self.desk = desk
        self.logger = logger
    }

    /// The router with every endpoint and the error middleware.
    public func router() -> Router<ServiceRequestContext> {
        let router = Router(context: ServiceRequestContext.self)
        router.add(middleware: MetricsMiddleware(metrics: desk.metrics))
        router.add(middleware: RateLimitMiddleware(desk: desk))
        router.add(middleware: BinanceErrorMiddleware())
        let market = MarketEndpoints(desk: desk)
        let orders = OrderEndpoints(desk: desk)
        let accounts = AccountEndpoints(desk: desk, orders: orders)
        router.get("/healthz") { _, _ in BinanceResponse.json(.object([("status", .string("ok"))])) }
        let metrics = desk.metrics
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition()))
            )
        }
        let api = router.group("/api/v3")
        api.get("ping") { request, _ in try await market.ping(request) }
        api.get("time") { request, _ in try await market.time(request) }
        api.get("exchangeInfo") { request, _ in try await market.exchangeInfo(request) }
        api.get("depth") { request, _ in try await market.depth(request) }
        api.get("avgPrice") { request, _ in try await market.averagePrice(request) }
        api.post("order") { request, _ in try await orders.newOrder(request, isTest: false) }
        api.post("order/test") { request, _ in try await orders.newOrder(request, isTest: true) }
        api.get("order") { request, _ in try await orders.queryOrder(request) }
        api.delete("order") { request, _ in try await orders.cancelOrder(request) }
        api.get("openOrders") { request, _ in try await orders.openOrders(request) }
        api.delete("openOrders") { request, _ in try await orders.cancelOpenOrders(request) }
        api.get("account") { request, _ in try await accounts.account(request) }
        api.get("myTrades") { request, _ in try await accounts.myTrades(request) }
        return router
    }

    /// The server and its helpers as a ServiceLifecycle group, not yet running: ``run(gracefulShutdownSignals:reloadingLoginFrom:onListening:)``
    /// runs it; a caller that stops it itself calls `triggerGracefulShutdown()`.
    /// - Parameters:
    ///   - gracefulShutdownSignals: the signals that stop the server gracefully.
    ///   - reloadingLoginFrom: the environment whose database login is re-read on SIGHUP; nil: SIGHUP is not
    ///     trapped.
    ///   - onListening: called with the bound port once the server accepts connections.
    public func serviceGroup(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        reloadingLoginFrom environment: [String: String]? = nil,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> ServiceGroup {
        let configuration = desk.configuration
        let application = Application(
            router: router(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: nil
            ),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
        var services: [any Service] = [application]
        if let environment {
            services.append(LoginReloadService(desk: desk, environment: environment, logger: logger))
        }
        return ServiceGroup(services: services, gracefulShutdownSignals: gracefulShutdownSignals, logger: logger)
    }

    /// Serves until a graceful shutdown signal (or the task's cancellation); the parameters are
    /// ``serviceGroup(gracefulShutdownSignals:reloadingLoginFrom:onListening:)``'s.
    public func run(
        gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        reloadingLoginFrom environment: [String: String]? = nil,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws(ServiceError) {
        let group = serviceGroup(
            gracefulShutdownSignals: gracefulShutdownSignals,
            reloadingLoginFrom: environment,
            onListening: onListening
        )
        do {
            try await group.run()
        } catch {
            let configuration = desk.configuration
            throw ServiceError(
                .environment,
                "serving on \(configuration.host):\(configuration.port)",
                underlying: error
            )
        }
    }
}
