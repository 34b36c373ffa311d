import Foundation

/// A real OpenBao dev server holding the secrets a `secrets.toml` for Bot4 maps (`secret/bot4/db#password`,
/// `secret/bot4/api#hmac_secret`, `secret/bot4/api#ed25519_key`, each a fresh random value), with a folder for
/// the configurations it writes and for what a child reports.
public struct SecretsFixture: Sendable {
    /// The server.
    public let server: OpenBaoServer
    /// The fixture's folder (configurations, secret files, `child/`).
    public let directory: URL
    /// The database password.
    public let password = "pw-" + UUID().uuidString
    /// The API's HMAC secret.
    public let hmac = "hmac-" + UUID().uuidString
    /// The Ed25519 key delivered as a file.
    public let edKey = "ed-" + UUID().uuidString
    /// Every value that must never appear in output: the secrets and the root token.
    public var values: [String] { [password, hmac, edKey, server.rootToken] }
    /// Where the configurations deliver the Ed25519 key.
    public var keyFile: String { directory.appendingPathComponent("run/bot4/ed25519.key").path }
    /// A folder a child may write what it saw to.
    public var outDir: URL { directory.appendingPathComponent("child") }

    /// Writes the secrets into `server`, or into a new dev server.
    public init(server: OpenBaoServer? = nil) throws {
        self.server = try server ?? OpenBaoServer.startDev()
        directory = try TestEnvironment.temporaryDirectory("bot4-exec")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("child"),
            withIntermediateDirectories: true
        )
        try self.server.putKV2("bot4/db", #"{"password":"\#(password)"}"#)
        try self.server.putKV2("bot4/api", #"{"hmac_secret":"\#(hmac)","ed25519_key":"\#(edKey)"}"#)
    }

    /// Writes a secrets.toml: `vault` into `[vault]`, `env` (or the database password and HMAC secret) into
    /// `[env]`, the Ed25519 key into `[files]`, then `extra`.
    public func config(_ extra: String = "", env: String? = nil, vault: String = "") throws -> URL {
        let url = directory.appendingPathComponent("secrets-\(UUID().uuidString).toml")
        let text = """
            [vault]
            \(vault)

            [env]
            \(env ?? "BOT4_DATABASE_PASSWORD = \"secret/bot4/db#password\"\nBOT4_API_HMAC_SECRET = \"secret/bot4/api#hmac_secret\"")

            [files]
            "\(keyFile)" = "secret/bot4/api#ed25519_key"

            \(extra)
            """
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The server's address and root token, no retries.
    public var environment: [String: String] {
        ["VAULT_ADDR": server.address, "VAULT_TOKEN": server.rootToken, "VAULT_MAX_RETRIES": "0"]
    }

    /// The secret values, the root token and `extra` that appear in `text` (empty when nothing leaked).
    public func leaks(in text: String, extra: [String] = []) -> [String] {
        (values + extra).filter { text.contains($0) }
    }

    /// Enables AppRole with a role `bot4` that reads `secret/bot4/*` (tokens of 10 minutes); returns its role id.
    public func enableAppRole() throws -> String {
        try server.writePolicy("bot4", #"path "secret/data/bot4/*" { capabilities = ["read"] }"#)
        try server.call("POST", "sys/auth/approle", body: #"{"type":"approle"}"#)
        try server.call("POST", "auth/approle/role/bot4", body: #"{"token_policies":["bot4"],"token_ttl":"10m"}"#)
        let answer = try server.call("GET", "auth/approle/role/bot4/role-id")
        guard let roleID = answer.data?["role_id"] as? String else {
            throw OpenBaoServerError("role-id: \(answer.body)")
        }
        return roleID
    }

    /// What the child wrote to `child/<name>`, if anything.
    public func read(_ name: String) -> String? {
        try? String(contentsOf: outDir.appendingPathComponent(name), encoding: .utf8)
    }

    /// Stops the server and removes both folders.
    public func tearDown() {
        server.tearDown()
        try? FileManager.default.removeItem(at: directory)
    }
}
