import Bot4TestSupport
import Foundation
import Testing

/// The built `bot4 migrate` against a real cluster: configuration from the environment, exit codes 0, 2, 3,
/// what it prints, and no secret printed. What the migration does is `VenueSetupTests`' (library calls).
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct MigrateCLITests {
    @Test func migratesAndFundsOnceThenReportsUpToDate() throws {
        let server = try PostgresServer.shared()
        let env = server.bot4Environment(database: try server.createDatabase())
        let first = try Bot4CLI.run(["migrate"], environment: env)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("applied migrations 1"))
        #expect(first.out.contains("funded the account of BOT4_API_KEY"))
        let second = try Bot4CLI.run(["migrate"], environment: env)
        #expect(second.status == 0, "\(second.err)")
        #expect(second.out.contains("schema up to date"))
        #expect(second.out.contains("the account of BOT4_API_KEY was already funded"))
        for output in [first.out, first.err, second.out, second.err] {
            #expect(!output.contains(server.superuserPassword))
        }
    }

    @Test func aMissingVariableIsNamedWithExitThree() throws {
        let server = try PostgresServer.shared()
        var env = server.bot4Environment(database: "postgres")
        env["BOT4_API_KEY"] = nil
        let result = try Bot4CLI.run(["migrate"], environment: env, replaceEnvironment: true)
        #expect(result.status == 3)
        #expect(result.err.contains("BOT4_API_KEY"))
        #expect(!(result.out + result.err).contains(server.superuserPassword))
    }

    @Test func anOwnerRoleThatIsNoPlainIdentifierIsBadInputWithExitTwo() throws {
        let server = try PostgresServer.shared()
        let result = try Bot4CLI.run(
            ["migrate", "--owner-role", "Bot4; DROP"],
            environment: server.bot4Environment(database: "postgres")
        )
        #expect(result.status == 2)
        #expect(result.err.hasPrefix("bot4 migrate: "), "\(result.err)")
    }

    @Test func aWrongPasswordIsAnEnvironmentFailureThatPrintsNoSecret() throws {
        let server = try PostgresServer.shared()
        var env = server.bot4Environment(database: "postgres")
        env["BOT4_DATABASE_PASSWORD"] = "not-the-password-\(UUID().uuidString)"
        let result = try Bot4CLI.run(["migrate"], environment: env)
        #expect(result.status == 3)
        #expect(!(result.out + result.err).contains(env["BOT4_DATABASE_PASSWORD"]!))
    }
}
