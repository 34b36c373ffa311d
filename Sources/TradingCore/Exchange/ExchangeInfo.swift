import Foundation
import JSON

/// Binance's `GET /api/v3/exchangeInfo` body: rate limits, exchange filters and symbols.
///
/// Parsed from the bytes as Binance serves them; decimal strings go straight to ``FixedDecimal``. Both the
/// current filter generation and the 2022 legacy one (MIN_NOTIONAL, PERCENT_PRICE) parse; unknown filter
/// types, order types and STP modes are skipped.
public struct ExchangeInfo: Sendable, Hashable, Decodable {
    /// The server's timezone (`UTC`).
    public var timezone: String?
    /// The server time of the response, in milliseconds since the epoch.
    public var serverTime: Int64?
    /// The request and order rate limits.
    public var rateLimits: [RateLimit]
    /// The account-wide filters.
    public var exchangeFilters: [ExchangeFilter]
    /// The symbols, in the order served.
    public var symbols: [SymbolInfo]

    /// Parses an exchangeInfo document with the `JSON` module's strict parser (which refuses duplicate keys,
    /// invalid UTF-8 and trailing bytes) and decodes it with its `JSONValueDecoder`.
    public static func parse(_ bytes: Data) throws(ExchangeInfoError) -> ExchangeInfo {
        let document: JSONValue
        do {
            document = try JSONParser.parse(Array(bytes))
        } catch {
            throw ExchangeInfoError(.notJSON, "exchangeInfo: not valid JSON at \(error)")
        }
        do {
            return try JSONValueDecoder().decode(ExchangeInfo.self, from: document)
        } catch let error as DecodingError {
            throw ExchangeInfoError.describing(error)
        } catch {
            throw ExchangeInfoError(.notJSON, "exchangeInfo", underlying: error)
        }
    }

    /// The symbol named `name`, if listed.
    public func symbol(_ name: String) -> SymbolInfo? { symbols.first { $0.symbol == name } }
}

extension ExchangeInfoError {
    /// Turns a decoding failure into a message naming the JSON path.
    static func describing(_ error: DecodingError) -> ExchangeInfoError {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "(top level)" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return ExchangeInfoError(
                .missingField,
                "exchangeInfo: \(path(context.codingPath + [key])): required field is missing"
            )
        case .valueNotFound(_, let context):
            return ExchangeInfoError(.missingField, "exchangeInfo: \(path(context.codingPath)): value is null")
        case .typeMismatch(let type, let context):
            return ExchangeInfoError(
                .malformedField,
                "exchangeInfo: \(path(context.codingPath)): expected \(type)"
            )
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return ExchangeInfoError(.notJSON, "exchangeInfo: not valid JSON")
            }
            return ExchangeInfoError(
                .malformedField,
                "exchangeInfo: \(path(context.codingPath)): \(context.debugDescription)"
            )
        @unknown default:
            return ExchangeInfoError(.malformedField, "exchangeInfo", underlying: error)
        }
    }
}
