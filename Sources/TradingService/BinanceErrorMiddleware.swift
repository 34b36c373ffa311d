import Hummingbird
import Logging
import TradingAPI

/// An order past the `ORDERS` limits: answered 429 with `Retry-After` and Binance's -1015.
struct RateLimitRefusal: Error {
    let refusal: RequestLimits.Refusal
    let headers: [RequestLimits.Header]
}

/// Turns every failure into Binance's error shape `{"code":…,"msg":…}`: the API's refusals with their own
/// status, the router's (no such path, no such method, a body too large) as 4xx refusals, and anything else
/// as -1000 with a 500, logged without the request's parameters.
struct BinanceErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as BinanceAPIError {
            return BinanceResponse.error(error)
        } catch let error as RateLimitRefusal {
            return BinanceResponse.refused(error.refusal, headers: error.headers)
        } catch let error as HTTPError {
            return BinanceResponse.error(Self.binance(error.status))
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return BinanceResponse.error(.unknown)
        }
    }

    /// The router's refusals in Binance's shape.
    static func binance(_ status: HTTPResponse.Status) -> BinanceAPIError {
        switch status.code {
        case 404: BinanceAPIError(code: -1000, message: "Unknown path.", httpStatus: 404)
        case 405: BinanceAPIError(code: -1000, message: "Method not allowed for this path.", httpStatus: 405)
        case 413: .tooManyParameters
        case 400..<500: BinanceAPIError(code: -1000, message: "Malformed request.", httpStatus: status.code)
        default: .unknown
        }
    }
}
