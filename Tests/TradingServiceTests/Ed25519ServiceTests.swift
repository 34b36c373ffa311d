import Bot4TestSupport
import Foundation
import Testing

/// An Ed25519 API key end to end: the key made and the requests signed by OpenSSL's command line (as
/// Binance's documentation shows), the public key delivered as a PEM file, the account funded by migrate.
@Suite(
    .enabled(if: TestEnvironment.canRun("pg_config")),
    .enabled(if: TestEnvironment.has("openssl")),
    .timeLimit(.minutes(5))
)
struct Ed25519ServiceTests {
    @Test func anEd25519SignedOrderIsPlacedAndAForgedOneRefused() async throws {
        let folder = try TestEnvironment.temporaryDirectory("bot4-ed25519")
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("key.pem").path
        let pub = folder.appendingPathComponent("pub.pem").path
        let openssl = try TestEnvironment.requireTool("openssl")
        try await offThePool {
            try ProcessRunner.run(openssl, ["genpkey", "-algorithm", "ed25519", "-out", key])
            try ProcessRunner.run(openssl, ["pkey", "-in", key, "-pubout", "-out", pub])
        }
        let service = try await ServiceFixture.start(extraEnvironment: [
            "BOT4_API_ED25519_KEY": "ed25519-test-key",
            "BOT4_API_ED25519_PUBLIC_KEY_FILE": pub,
        ])
        defer { service.stop() }

        let payload =
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.01&price=27000.00"
            + "&recvWindow=60000&timestamp=\(ServiceFixture.nowMilliseconds)"
        let message = folder.appendingPathComponent("payload")
        try Data(payload.utf8).write(to: message)
        let signed = try await offThePool {
            try ProcessRunner.run(openssl, ["pkeyutl", "-sign", "-rawin", "-inkey", key, "-in", message.path])
        }
        try #require(signed.status == 0, "\(signed.err)")
        let signature = signed.stdout.base64EncodedString()
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let placed = try await service.send(
            .POST,
            "/api/v3/order",
            body: payload + "&signature=" + signature,
            apiKey: "ed25519-test-key"
        )
        #expect(placed.status == 200, "\(placed.json)")
        #expect(placed.json["status"]?.stringValue == "NEW")

        var forged = Array(signed.stdout)
        forged[0] ^= 1
        let forgedSignature = Data(forged).base64EncodedString()
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let refused = try await service.send(
            .POST,
            "/api/v3/order",
            body: payload.replacingOccurrences(of: "27000.00", with: "27100.00") + "&signature=" + forgedSignature,
            apiKey: "ed25519-test-key"
        )
        #expect(refused.status == 400)
        #expect(refused.code == -1022)
        let hmacKeysOrders = try await service.send(.GET, "/api/v3/openOrders", query: service.signed(""))
        #expect(hmacKeysOrders.json == .array([]), "the Ed25519 key's order belongs to its own account")
    }
}
