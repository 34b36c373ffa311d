import Bot4TestSupport
import Foundation
import Testing
import TradingVenue

/// `VenueSetup.run` (what `bot4 migrate` calls) against a real cluster: the schema migrated and the accounts
/// funded once, the sheet's default balances, a missing variable named, a malformed balances file refused
/// before anything is touched, no secret in any error. `Bot4CLITests` runs the command for its exit codes.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct VenueSetupTests {
    @Test func migratesAndFundsOnceThenReportsUpToDate() async throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let folder = try TestEnvironment.temporaryDirectory("bot4-migrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let balances = folder.appendingPathComponent("balances.json")
        try Data(#"{"USDT":"5000","ETH":"2.5"}"#.utf8).write(to: balances)
        let request = VenueSetupRequest(
            initialBalancesPath: balances.path,
            environment: server.bot4Environment(database: database)
        )
        let first = try await VenueSetup.run(request)
        #expect(first.appliedVersions.first == 1)
        #expect(first.fundedAccounts == ["BOT4_API_KEY"])
        #expect(first.alreadyFunded.isEmpty)
        let second = try await VenueSetup.run(request)
        #expect(second.appliedVersions.isEmpty)
        #expect(second.fundedAccounts.isEmpty)
        #expect(second.alreadyFunded == ["BOT4_API_KEY"])
        let rows = try server.psql(
            """
            SELECT b.asset || '=' || b.free::text FROM balances b JOIN accounts a ON a.id = b.account_id
            WHERE a.api_key = 'migrate-test-key' ORDER BY b.asset
            """,
            database: database
        )
        #expect(rows.split(separator: "\n") == ["ETH=2.5", "USDT=5000"])
    }

    @Test func theDefaultBalancesAreTheSheets() async throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        _ = try await VenueSetup.run(VenueSetupRequest(environment: server.bot4Environment(database: database)))
        let rows = try server.psql("SELECT asset || '=' || free::text FROM balances ORDER BY asset", database: database)
        #expect(rows.split(separator: "\n") == ["BTC=100", "USDT=1000000"])
    }

    @Test(arguments: ["BOT4_DATABASE_URL", "BOT4_DATABASE_PASSWORD", "BOT4_API_KEY"])
    func aMissingVariableIsNamed(variable: String) async throws {
        let server = try PostgresServer.shared()
        var environment = server.bot4Environment(database: "postgres")
        environment[variable] = nil
        let error = await #expect(throws: VenueError.self) {
            try await VenueSetup.run(VenueSetupRequest(environment: environment))
        }
        #expect(error?.code == .environment)
        #expect(error?.description.contains(variable) == true)
        #expect(error?.description.contains(server.superuserPassword) == false)
    }

    @Test func aMalformedBalancesFileIsInvalidInputAndTouchesNothing() async throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let folder = try TestEnvironment.temporaryDirectory("bot4-migrate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let balances = folder.appendingPathComponent("balances.json")
        try Data(#"{"USDT":1000}"#.utf8).write(to: balances)
        let error = await #expect(throws: VenueError.self) {
            try await VenueSetup.run(
                VenueSetupRequest(
                    initialBalancesPath: balances.path,
                    environment: server.bot4Environment(database: database)
                )
            )
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.description.contains("USDT") == true)
        let tables = try server.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", database: database)
        #expect(tables == "0")
    }

    @Test func aWrongPasswordIsAnEnvironmentFailureThatSaysNoSecret() async throws {
        let server = try PostgresServer.shared()
        var environment = server.bot4Environment(database: "postgres")
        let wrong = "not-the-password-\(UUID().uuidString)"
        environment["BOT4_DATABASE_PASSWORD"] = wrong
        let error = await #expect(throws: VenueError.self) {
            try await VenueSetup.run(VenueSetupRequest(environment: environment))
        }
        #expect(error?.code == .environment)
        let text = String(describing: error) + String(reflecting: error)
        #expect(!text.contains(wrong))
        #expect(!text.contains(server.superuserPassword))
    }
}
