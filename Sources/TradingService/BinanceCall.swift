import HTTPTypes
import Hummingbird
import TradingAPI
import TradingCore

/// One request's Binance parameters, read from the query string (and, for POST and DELETE, the form body)
/// with the exact bytes its signature covers.
struct BinanceCall {
    /// The parameters, read one by one by the endpoint.
    var reader: ParameterReader
    /// The `X-MBX-APIKEY` header.
    let apiKey: String?

    /// The size bounds: Binance's largest endpoint takes about 30 parameters.
    static let limits = BinanceParameters.Limits()

    /// Reads the parameters; a body larger than the bounds is refused as too many parameters (-1101), without
    /// being read to its end.
    static func read(_ request: Request) async throws(BinanceAPIError) -> BinanceCall {
        var request = request
        var body: [UInt8] = []
        if request.method != .get {
            do {
                let buffer = try await request.collectBody(upTo: limits.maxBytes)
                body = Array(buffer.readableBytesView)
            } catch {
                throw .tooManyParameters
            }
        }
        let parameters = try BinanceParameters(
            query: request.uri.query,
            body: body,
            contentType: request.headers[.contentType],
            limits: limits
        )
        return BinanceCall(reader: ParameterReader(parameters), apiKey: request.headers[apiKeyField])
    }

    /// The header clients name their API key in.
    static let apiKeyField = HTTPField.Name("X-MBX-APIKEY")!

    /// The request's `timestamp` and `recvWindow`, once ``TradingDesk/authenticate(apiKey:reader:)`` accepted
    /// them.
    func timing() throws(BinanceAPIError) -> (BinanceTimestamp, RecvWindow) {
        guard let text = reader.parameters["timestamp"], let raw = Int64(text),
            let timestamp = BinanceTimestamp(raw: raw)
        else { throw .mandatoryParameter("timestamp") }
        return (timestamp, try RequestAuthenticator.recvWindow(reader.parameters["recvWindow"]))
    }
}
