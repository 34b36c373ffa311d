import Hummingbird

/// Counts every answered request by method, path and status, with its duration (``ServiceMetrics``). The
/// outermost middleware: it sees refusals of the limits and of the API alike.
struct MetricsMiddleware: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(
        _ request: Request,
        context: ServiceRequestContext,
        next: (Request, ServiceRequestContext) async throws -> Response
    ) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await next(request, context)
        metrics.request(
            method: request.method.rawValue,
            path: request.uri.path,
            status: response.status.code,
            duration: clock.now - start
        )
        return response
    }
}
