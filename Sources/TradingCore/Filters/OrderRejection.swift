/// Binance's reject of an order: the error code and the exact message Binance sends.
public struct OrderRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error code (with its retry class).
    public let code: BinanceErrorCode
    /// Binance's message, e.g. `Filter failure: PRICE_FILTER`.
    public let message: String

    /// Creates a rejection.
    public init(_ code: BinanceErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A `-1013 Filter failure: <name>` rejection.
    public static func filter(_ name: String) -> OrderRejection {
        OrderRejection(.invalidMessage, "Filter failure: " + name)
    }

    /// `{"code":-1013,"msg":"…"}` style text: the code and the message.
    public var description: String { "\(code.code) \(message)" }
}
