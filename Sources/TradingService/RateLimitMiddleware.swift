import Hummingbird
import TradingAPI

/// Counts every request's weight against the `REQUEST_WEIGHT` and `RAW_REQUESTS` limits of the client's
/// address: a request past a limit gets 429 with `Retry-After` and Binance's -1003, and every response
/// carries `X-MBX-USED-WEIGHT-*`. Sits outside ``BinanceErrorMiddleware`` so that refusals carry it too.
struct RateLimitMiddleware: RouterMiddleware {
    let desk: TradingDesk

    func handle(
        _ request: Request,
        context: ServiceRequestContext,
        next: (Request, ServiceRequestContext) async throws -> Response
    ) async throws -> Response {
        guard
            let admission = desk.admitRequest(
                client: context.client,
                weight: EndpointWeight.of(request)
            )
        else { return try await next(request, context) }
        if let refusal = admission.refusal {
            return BinanceResponse.refused(refusal, headers: admission.headers)
        }
        var response = try await next(request, context)
        BinanceResponse.add(admission.headers, to: &response)
        return response
    }
}

/// Binance's request weight of each endpoint (`rest-api.md`).
enum EndpointWeight {
    /// The weight of `request`; parameters that change it are read from the query string, where GET carries them.
    static func of(_ request: Request) -> Int {
        let query = request.uri.queryParameters
        switch (request.method, request.uri.path) {
        case (.get, "/api/v3/exchangeInfo"): return 20
        case (.get, "/api/v3/depth"):
            let limit = query["limit"].flatMap { Int($0) } ?? 100
            switch limit {
            case ...100: return 5
            case ...500: return 25
            case ...1_000: return 50
            default: return 250
            }
        case (.get, "/api/v3/avgPrice"): return 2
        case (.get, "/api/v3/order"): return 4
        case (.get, "/api/v3/openOrders"): return query["symbol"] == nil ? 80 : 6
        case (.get, "/api/v3/account"): return 20
        case (.get, "/api/v3/myTrades"): return query["orderId"] == nil ? 20 : 5
        default: return 1
        }
    }
}
