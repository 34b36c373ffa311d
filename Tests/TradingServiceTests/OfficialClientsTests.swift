import Bot4TestSupport
import Foundation
import Testing

/// Binance's own Python clients, unchanged, against the server: python-binance and binance-sdk-spot place,
/// query, list and cancel orders and read the account (`Clients/official_clients.py`; installed into the
/// venv by `scripts/setup`).
@Suite(
    .enabled(if: TestEnvironment.canRun("pg_config")),
    .enabled(if: OfficialClients.installed, "python-binance and binance-sdk-spot are not in the venv"),
    .timeLimit(.minutes(5))
)
struct OfficialClientsTests {
    static let script = TestEnvironment.projectRoot
        .appendingPathComponent("Tests/TradingServiceTests/Clients/official_clients.py").path

    @Test(arguments: ["python-binance", "binance-sdk-spot"])
    func theClientPlacesQueriesAndCancelsOrders(client: String) async throws {
        let service = try await ServiceFixture.start()
        defer { service.stop() }
        let environment = [
            "BOT4_TEST_PORT": String(service.port),
            "BOT4_TEST_API_KEY": ServiceFixture.apiKey,
            "BOT4_TEST_API_SECRET": service.secret,
        ]
        let result = try await offThePool {
            try ProcessRunner.run(TestEnvironment.python, [Self.script, client], environment: environment)
        }
        #expect(result.status == 0, "\(result.out)\n\(result.err)")
        #expect(result.out.contains("\(client): order canceled"), "\(result.out)")
        #expect(!result.out.contains("FAILED"))
    }
}

/// Whether the venv has both clients.
enum OfficialClients {
    static var installed: Bool {
        let python = TestEnvironment.python
        guard FileManager.default.isExecutableFile(atPath: python),
            let result = try? ProcessRunner.run(python, ["-c", "import binance.client, binance_sdk_spot.spot"])
        else { return false }
        return result.status == 0
    }
}
