import Foundation
import Locking
import PQ
import TradingAPI
import TradingCore
import TradingStore
import TradingVenue

/// The service's shared state behind the handlers: one ``SymbolVenue`` per symbol traded (opened on first
/// use, caught up from the log), the accounts of the configured keys, the authenticator with its replay
/// memory, and the pool of database connections the venues and the reads share.
public final class TradingDesk: Sendable {
    /// The configuration the desk was built from.
    public let configuration: ServiceConfiguration
    /// The database connections.
    public let pool: PQConnectionPool
    /// The signature checks.
    let authenticator: RequestAuthenticator
    /// The account id of each key name.
    let accounts: [String: UInt64]
    /// The service's metrics (`GET /metrics`).
    public let metrics = ServiceMetrics()
    private let replays = LockedState(ReplayGuard())
    /// The request and order limits; nil with `--rate-limits off`.
    private let limits: LockedState<RequestLimits>?
    private let venues = LockedState([String: Task<SymbolVenue, any Error>]())

    /// Opens the pool and makes sure every configured key has an account (funding is `bot4 migrate`'s job).
    /// - Parameter poolSize: the most database connections at once.
    /// - Throws: ``ServiceError`` with ``ServiceError/Code/environment`` when the database cannot be reached
    ///   or is not migrated, ``ServiceError/Code/invalidInput`` for an unusable key name.
    public init(configuration: ServiceConfiguration, poolSize: Int = 8) async throws(ServiceError) {
        self.configuration = configuration
        do {
            authenticator = try RequestAuthenticator(keys: configuration.credentials)
        } catch {
            throw ServiceError(.invalidInput, "an API key", underlying: error)
        }
        limits = configuration.requestLimits.map { LockedState($0) }
        pool = PQConnectionPool(configuration.database, size: poolSize)
        let names = configuration.credentials.keys.sorted()
        do {
            let ids = try await pool.transaction { db in
                try names.map { name in UInt64(try Accounts.ensure(apiKey: name, on: db)) }
            }
            accounts = Dictionary(uniqueKeysWithValues: zip(names, ids))
        } catch {
            throw ServiceError(
                .environment,
                "cannot open the accounts in the database (is it reachable, and migrated with bot4 migrate?)",
                underlying: error
            )
        }
    }

    /// The server's clock, µs since the epoch.
    static func nowMicros() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) }

    /// Authenticates a SIGNED request and returns its account.
    func authenticate(apiKey: String?, reader: inout ParameterReader) throws(BinanceAPIError) -> UInt64 {
        let now = Self.nowMicros()
        let name = try replays.withLock { (replays: inout ReplayGuard) throws(BinanceAPIError) -> String in
            try authenticator.authenticate(apiKey: apiKey, reader: &reader, serverMicros: now, replays: &replays)
        }
        guard let account = accounts[name] else { throw .rejectedAPIKey }
        return account
    }

    /// Counts a request against the limits of its client; nil when limits are off.
    func admitRequest(client: String, weight: Int) -> RequestLimits.Admission? {
        let now = Self.nowMicros() / 1_000
        return limits?.withLock { $0.admitRequest(client: client, weight: weight, nowMillis: now) }
    }

    /// Counts a new order of `account`: the usage headers to send with the accepted order.
    /// - Throws: ``RateLimitRefusal`` past the `ORDERS` limits.
    func admitOrder(account: UInt64) throws(RateLimitRefusal) -> [RequestLimits.Header] {
        let now = Self.nowMicros() / 1_000
        guard let admission = limits?.withLock({ $0.admitOrder(account: account, nowMillis: now) }) else { return [] }
        if let refusal = admission.refusal { throw RateLimitRefusal(refusal: refusal, headers: admission.headers) }
        return admission.headers
    }

    /// The rules of `symbol`, or Binance's `-1121 Invalid symbol.`
    func symbol(_ name: String) throws(BinanceAPIError) -> SymbolInfo {
        guard let info = configuration.exchangeInfo.symbol(name) else {
            throw BinanceAPIError(code: -1121, message: "Invalid symbol.")
        }
        return info
    }

    /// The venue of `symbol`, opened and caught up from the log on first use.
    func venue(_ symbol: SymbolInfo) async throws -> SymbolVenue {
        let task = venues.withLock { venues in
            if let task = venues[symbol.symbol] { return task }
            let pool = self.pool
            let intake = OrderIntake(symbol: symbol, exchangeFilters: configuration.exchangeInfo.exchangeFilters)
            let window = configuration.idempotencyWindow
            let referencePrice = configuration.referencePrices[symbol.symbol]
            let task = Task {
                let venue = SymbolVenue(
                    intake: intake,
                    pool: pool,
                    idempotencyWindow: window,
                    referencePrice: referencePrice
                )
                try await venue.catchUp()
                return venue
            }
            venues[symbol.symbol] = task
            return task
        }
        do {
            return try await task.value
        } catch {
            // Forget a failed opening so that the next request tries again (the database may be back).
            venues.withLock { venues in venues[symbol.symbol] = nil }
            throw error
        }
    }

    /// ``venue(_:)`` for a handler: a venue that cannot be opened (the database is unreachable) is Binance's
    /// -1007 with a 503, never a hang or a 500.
    func openVenue(_ symbol: SymbolInfo) async throws(BinanceAPIError) -> SymbolVenue {
        do {
            return try await venue(symbol)
        } catch {
            throw .executionStatusUnknown
        }
    }

    /// The state of `symbol`'s venue with every event committed to the log so far applied, by this instance
    /// or another on the same database (``SymbolVenue/refresh()``): what reads answer from. A database that
    /// cannot answer is Binance's -1007 with a 503.
    func currentState(_ symbol: SymbolInfo) async throws(BinanceAPIError) -> VenueState {
        let venue = try await openVenue(symbol)
        do {
            try await venue.refresh()
        } catch {
            throw .executionStatusUnknown
        }
        return await venue.state
    }
}
