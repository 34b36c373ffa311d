import FileSystem
import Foundation
import PQ
import TradingStore

/// What `bot4 migrate` asks for: the store's migrations, then the starting balances of every configured
/// account, applied once per account.
public struct VenueSetupRequest: Sendable {
    /// The starting-balances file (JSON `{"USDT":"1000000","BTC":"100"}`); `nil`: the sheet's default.
    public var initialBalancesPath: String?
    /// The `NOLOGIN` role that owns what the migrations create; `nil`: the login itself.
    public var ownerRole: String?
    /// The environment: the database variables (``StoreConfiguration``) and the API keys
    /// (``VenueSetup/apiKeyVariables``).
    public var environment: [String: String]

    /// Creates a request.
    public init(initialBalancesPath: String? = nil, ownerRole: String? = nil, environment: [String: String]) {
        self.initialBalancesPath = initialBalancesPath
        self.ownerRole = ownerRole
        self.environment = environment
    }
}

/// What `bot4 migrate` did.
public struct VenueSetupReport: Sendable, Hashable {
    /// The migration versions applied now (empty: the schema was up to date).
    public var appliedVersions: [Int]
    /// The variables naming the accounts funded now (an account funded before is not funded again).
    public var fundedAccounts: [String]
    /// The variables naming the accounts that were already funded.
    public var alreadyFunded: [String]
}

/// `bot4 migrate` as one call: the schema, then the accounts of the configured API keys, each funded once.
public enum VenueSetup {
    /// The API key variables, one account each: `BOT4_API_KEY` (required) and `BOT4_API_ED25519_KEY`.
    public static let apiKeyVariables = ["BOT4_API_KEY", "BOT4_API_ED25519_KEY"]

    /// Runs the request.
    /// - Throws: ``VenueError`` with ``VenueError/Code/invalidInput`` for a bad balances file or owner role,
    ///   ``VenueError/Code/environment`` for a missing variable (named, never its value), an unreadable file or
    ///   a database failure.
    public static func run(_ request: VenueSetupRequest) async throws(VenueError) -> VenueSetupReport {
        let balances = try startingBalances(request.initialBalancesPath)
        let migrator: Migrator
        do {
            migrator = try Migrator(ownerRole: request.ownerRole)
        } catch {
            throw VenueError(.invalidInput, "the owner role", underlying: error)
        }
        let keys = try apiKeys(request.environment)
        let configuration: PQConfiguration
        do {
            configuration = try StoreConfiguration.connection(
                from: request.environment,
                applicationName: "bot4-migrate"
            )
        } catch {
            throw VenueError(.environment, "the database connection", underlying: error)
        }
        let connection = PQConnection(configuration)
        defer { Task { await connection.close() } }
        let applied: [Int]
        do {
            applied = try await migrator.migrate(connection)
        } catch {
            throw VenueError(.environment, "migrating the store", underlying: error)
        }
        let funded: [Bool]
        do {
            funded = try await connection.transaction { db in
                try keys.map { key in
                    let account = try Accounts.ensure(apiKey: key.value, on: db)
                    return try Accounts.fundOnce(accountID: account, with: balances, on: db)
                }
            }
        } catch {
            throw VenueError(.environment, "funding the accounts", underlying: error)
        }
        let names = keys.map(\.variable)
        return VenueSetupReport(
            appliedVersions: applied,
            fundedAccounts: zip(names, funded).filter(\.1).map(\.0),
            alreadyFunded: zip(names, funded).filter { !$0.1 }.map(\.0)
        )
    }

    private static func startingBalances(_ path: String?) throws(VenueError) -> StartingBalances {
        guard let path else { return .default }
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(path, limit: 16 << 20)
        } catch {
            throw VenueError(.environment, "the starting balances", underlying: error)
        }
        do {
            return try StartingBalances(json: bytes, source: path)
        } catch {
            throw VenueError(.invalidInput, "the starting balances", underlying: error)
        }
    }

    private static func apiKeys(
        _ environment: [String: String]
    ) throws(VenueError) -> [(variable: String, value: String)] {
        let keys = apiKeyVariables.compactMap { name -> (variable: String, value: String)? in
            guard let value = environment[name], !value.isEmpty else { return nil }
            return (name, value)
        }
        guard keys.contains(where: { $0.variable == apiKeyVariables[0] }) else {
            throw VenueError(.environment, "\(apiKeyVariables[0]) is not set (its account is the one to fund)")
        }
        return keys
    }
}
