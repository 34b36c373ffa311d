import ArgumentParser
import Foundation
import TradingVenue

/// `bot4 migrate`: applies the store's migrations and, once per account, the starting balances.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the store's migrations and, once, the starting balances of the configured accounts.",
        discussion: """
            Configuration as for serve: BOT4_DATABASE_URL, and BOT4_DATABASE_USER and BOT4_DATABASE_PASSWORD (or \
            their _FILE variants); BOT4_API_KEY (and BOT4_API_ED25519_KEY if set) name the accounts to fund. A \
            missing variable is named; no value is ever printed.

            Exit codes: 0 migrated (and funded where not yet); 2 bad input (usage, a malformed balances file, an \
            owner role that is not a plain identifier); 3 the environment failed (a missing variable, an \
            unreadable file, the database unreachable or a statement failed).
            """
    )

    @Option(
        name: .customLong("initial-balances"),
        help: "Starting balances, JSON {\"USDT\":\"1000000\",\"BTC\":\"100\"} (the default)."
    )
    var initialBalances: String?

    @Option(name: .customLong("owner-role"), help: "The NOLOGIN role that owns the tables (a-z, 0-9, _).")
    var ownerRole: String?

    func run() async throws {
        let request = VenueSetupRequest(
            initialBalancesPath: initialBalances,
            ownerRole: ownerRole,
            environment: ProcessInfo.processInfo.environment
        )
        let report: VenueSetupReport
        do {
            report = try await VenueSetup.run(request)
        } catch {
            FileHandle.standardError.write(Data("bot4 migrate: \(error)\n".utf8))
            throw error.code == .invalidInput ? Bot4Exit.badInput : Bot4Exit.environment
        }
        let versions = report.appliedVersions.map(String.init).joined(separator: ", ")
        print(report.appliedVersions.isEmpty ? "schema up to date" : "applied migrations \(versions)")
        for name in report.fundedAccounts { print("funded the account of \(name)") }
        for name in report.alreadyFunded { print("the account of \(name) was already funded") }
    }
}
