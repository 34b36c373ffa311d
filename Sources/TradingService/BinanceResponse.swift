import HTTPTypes
import Hummingbird
import JSON
import TradingAPI

/// Responses as Binance writes them: compact JSON, `application/json;charset=UTF-8`.
enum BinanceResponse {
    /// A JSON body with `status`.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(JSONWriter.compactBytes(value, memberOrder: .asGiven), status: status)
    }

    /// Binance's error shape with the error's HTTP status.
    static func error(_ error: BinanceAPIError) -> Response {
        bytes(error.jsonBody, status: HTTPResponse.Status(code: error.httpStatus))
    }

    /// 429 with `Retry-After`, Binance's code and message, and the usage headers.
    static func refused(_ refusal: RequestLimits.Refusal, headers: [RequestLimits.Header]) -> Response {
        var response = error(BinanceAPIError(code: refusal.code, message: refusal.message, httpStatus: 429))
        response.headers[.retryAfter] = String(refusal.retryAfterSeconds)
        add(headers, to: &response)
        return response
    }

    /// Adds usage headers to a response.
    static func add(_ headers: [RequestLimits.Header], to response: inout Response) {
        for header in headers {
            if let name = HTTPField.Name(header.name) { response.headers[name] = header.value }
        }
    }

    private static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json;charset=UTF-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }
}

extension BinanceAPIError {
    /// -1007 with a 503: the order's commit did not complete (the database was unreachable or failed), so its
    /// execution status is unknown; the client should query the order before retrying with the same
    /// `newClientOrderId`, which is refused as a duplicate if it did commit.
    static let executionStatusUnknown = BinanceAPIError(
        code: -1007,
        message: "Timeout waiting for response from backend server. Send status unknown; execution status unknown.",
        httpStatus: 503
    )
    /// -1000 with a 500: a fault of the service itself (never a client's request).
    static let unknown = BinanceAPIError(
        code: -1000,
        message: "An unknown error occurred while processing the request.",
        httpStatus: 500
    )
    /// -2011 for a cancel of an order that does not exist or is not open.
    static let unknownOrderSent = BinanceAPIError(code: -2011, message: "Unknown order sent.")
    /// -2013 for a query of an order that does not exist.
    static let noSuchOrder = BinanceAPIError(code: -2013, message: "Order does not exist.")
}
