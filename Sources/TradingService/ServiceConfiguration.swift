import FileSystem
import Foundation
import JSON
import PQ
import Sodium
import TradingAPI
import TradingCore
import TradingStore

/// Everything `bot4 serve` needs before it listens, read and checked up front: the address, the symbols
/// and filters, the reference prices, the database login and the API keys.
///
/// The variables are the sheet's: `BOT4_DATABASE_URL`, the login (``StoreConfiguration``), `BOT4_API_KEY`
/// with `BOT4_API_HMAC_SECRET`, and optionally `BOT4_API_ED25519_KEY` with the PEM file named by
/// `BOT4_API_ED25519_PUBLIC_KEY_FILE`. A missing one is named; no value is ever put in a message.
public struct ServiceConfiguration: Sendable {
    /// The API key variable.
    public static let apiKeyVariable = "BOT4_API_KEY"
    /// The HMAC secret variable.
    public static let hmacSecretVariable = "BOT4_API_HMAC_SECRET"
    /// The Ed25519 key name variable.
    public static let ed25519KeyVariable = "BOT4_API_ED25519_KEY"
    /// The variable naming the Ed25519 public key file.
    public static let ed25519PublicKeyFileVariable = "BOT4_API_ED25519_PUBLIC_KEY_FILE"

    /// The host to listen on.
    public var host: String
    /// The port to listen on (0: any free one).
    public var port: Int
    /// The exchangeInfo as parsed (rules of every symbol).
    public var exchangeInfo: ExchangeInfo
    /// The exchangeInfo as read, served by `GET /api/v3/exchangeInfo`.
    public var exchangeInfoJSON: JSONValue
    /// Reference prices by symbol.
    public var referencePrices: [String: FixedDecimal]
    /// How long a `newClientOrderId` stays taken.
    public var idempotencyWindow: Duration
    /// The request and order limits of the exchangeInfo; nil when not enforced.
    public var requestLimits: RequestLimits?
    /// The database connection.
    public var database: PQConfiguration
    /// The API keys by the name clients send in `X-MBX-APIKEY`.
    public var credentials: [String: APICredential]

    /// Reads and checks `request`.
    /// - Throws: ``ServiceError`` with ``ServiceError/Code/invalidInput`` for a malformed flag or file, and
    ///   ``ServiceError/Code/environment`` for a missing variable or an unreadable file.
    public init(_ request: ServeRequest) throws(ServiceError) {
        (host, port) = try Self.address(request.listen)
        let infoBytes = try Self.read(request.exchangeInfoPath, what: "--exchange-info")
        do {
            exchangeInfo = try ExchangeInfo.parse(Data(infoBytes))
            exchangeInfoJSON = try JSONParser.parse(infoBytes)
        } catch {
            throw ServiceError(.invalidInput, "--exchange-info \(request.exchangeInfoPath)", underlying: error)
        }
        referencePrices = try request.referencePricesPath.map(Self.referencePrices) ?? [:]
        requestLimits = request.enforceRateLimits ? try RequestLimits(exchangeInfo.rateLimits) : nil
        idempotencyWindow = request.idempotencyWindow
        do {
            database = try StoreConfiguration.connection(from: request.environment, applicationName: "bot4-serve")
        } catch {
            throw ServiceError(.environment, error.message)
        }
        credentials = try Self.credentials(request.environment)
    }

    /// `HOST:PORT`, the host an IPv4 address or a name, or `[IPv6]:PORT`.
    static func address(_ text: String) throws(ServiceError) -> (String, Int) {
        let bad = ServiceError(.invalidInput, "--listen: expected HOST:PORT (such as 127.0.0.1:8080), got '\(text)'")
        guard let colon = text.lastIndex(of: ":") else { throw bad }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw bad
        }
        return (host, port)
    }

    /// Reads a configuration file whole through `FileSystem.BoundedFile` (64 MiB at most: Binance's full
    /// exchangeInfo is a few MiB).
    private static func read(_ path: String, what: String) throws(ServiceError) -> [UInt8] {
        do {
            return try BoundedFile.read(path, limit: 64 << 20)
        } catch {
            throw ServiceError(.environment, what, underlying: error)
        }
    }

    /// `{"BTCUSDT":"26000.00"}`: symbol to a positive decimal string.
    private static func referencePrices(_ path: String) throws(ServiceError) -> [String: FixedDecimal] {
        let bytes = try read(path, what: "--reference-prices")
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw ServiceError(.invalidInput, "--reference-prices \(path)", underlying: error)
        }
        guard case .object(let members) = value else {
            throw ServiceError(.invalidInput, "--reference-prices \(path): expected an object of symbol to price")
        }
        var prices: [String: FixedDecimal] = [:]
        for (symbol, price) in members {
            guard case .string(let text) = price, let decimal = try? FixedDecimal(text, allowNegative: false),
                !decimal.isZero
            else {
                throw ServiceError(
                    .invalidInput,
                    "--reference-prices \(path): the price of \(symbol) is not a positive decimal string"
                )
            }
            prices[symbol] = decimal
        }
        return prices
    }

    private static func credentials(_ environment: [String: String]) throws(ServiceError) -> [String: APICredential] {
        func required(_ name: String) throws(ServiceError) -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw ServiceError(.environment, "\(name) is not set")
            }
            return value
        }
        let key = try required(apiKeyVariable)
        let secret: SecureBytes
        do {
            secret = try SecureBytes(copying: Array(try required(hmacSecretVariable).utf8))
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError(.environment, "cannot hold \(hmacSecretVariable) in locked memory", underlying: error)
        }
        var keys: [String: APICredential] = [key: .hmacSHA256(secret: secret)]
        guard let edKey = environment[ed25519KeyVariable], !edKey.isEmpty else { return keys }
        let path = try required(ed25519PublicKeyFileVariable)
        let pem = String(decoding: try read(path, what: ed25519PublicKeyFileVariable), as: UTF8.self)
        do {
            keys[edKey] = try APICredential.ed25519(pem: pem)
        } catch {
            throw ServiceError(.invalidInput, "\(ed25519PublicKeyFileVariable) \(path)", underlying: error)
        }
        guard edKey != key else {
            throw ServiceError(.invalidInput, "\(ed25519KeyVariable) names the same key as \(apiKeyVariable)")
        }
        return keys
    }
}
