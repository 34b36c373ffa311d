import AsyncHTTPClient
import Bot4TestSupport
import Foundation
import JSON
import NIOCore
import NIOHTTP1
import Testing

/// The service as deployed: `seal exec --config secrets.toml -- bot4 serve`, logged in to OpenBao with AppRole
/// and a response-wrapped secret id (a new one per start), the database login leased from OpenBao's database
/// engine (a PostgreSQL role in the owner role `bot4 migrate --owner-role` gave the tables to), the API key
/// and its HMAC secret from KV. A SIGKILL to the supervisor takes the service along and loses no acknowledged
/// order; the next start, with a new lease, refuses their client order ids as duplicates; SIGTERM stops both
/// with exit 0; no secret value reaches their output.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct SealExecServeTests {
    /// Generous: the machine running the tests is shared and loaded.
    static let wait: Double = 60

    /// Everything one test sets up: the database, OpenBao with AppRole and the database engine, the config.
    struct Deployment {
        let postgres: PostgresServer
        let database: String
        let owner: String
        let server: OpenBaoServer
        let folder: URL
        let config: URL
        let secretIDFile: URL
        let hmacSecret: String

        static func make() throws -> Deployment {
            let postgres = try PostgresServer.shared()
            let database = try postgres.createDatabase()
            let owner = "bot4_owner_" + UUID().uuidString.prefix(8).lowercased()
            try postgres.psql("CREATE ROLE \(owner) NOLOGIN; ALTER DATABASE \(database) OWNER TO \(owner);")
            let migrated = try ProcessRunner.run(
                TestEnvironment.product("bot4"),
                ["migrate", "--owner-role", owner],
                environment: postgres.bot4Environment(database: database, apiKey: ServiceFixture.apiKey),
                replaceEnvironment: true
            )
            guard migrated.status == 0 else { throw FixtureError("bot4 migrate: \(migrated.err)") }
            let server = try OpenBaoServer.startDev()
            do {
                return try configure(postgres, database: database, owner: owner, server: server)
            } catch {
                server.tearDown()
                throw error
            }
        }

        private static func configure(
            _ postgres: PostgresServer,
            database: String,
            owner: String,
            server: OpenBaoServer
        ) throws -> Deployment {
            try server.call("POST", "sys/mounts/database", body: #"{"type":"database"}"#)
            let configured = try server.call(
                "POST",
                "database/config/bot4",
                body: """
                    {"plugin_name":"postgresql-database-plugin","allowed_roles":"bot4",
                     "connection_url":"postgresql://{{username}}:{{password}}@127.0.0.1:\(postgres.port)/postgres?sslmode=disable",
                     "username":"postgres","password":"\(postgres.superuserPassword)","verify_connection":true}
                    """
            )
            guard configured.status == 204 || configured.status == 200 else {
                throw OpenBaoServerError("database config: \(configured.status)")
            }
            try server.call(
                "POST",
                "database/roles/bot4",
                body: """
                    {"db_name":"bot4","default_ttl":"1h","max_ttl":"2h","creation_statements":["CREATE ROLE \
                    \\"{{name}}\\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}' IN ROLE \(owner);"]}
                    """
            )
            let hmacSecret = "serve-hmac-" + UUID().uuidString
            try server.putKV2(
                "bot4/api",
                #"{"api_key":"\#(ServiceFixture.apiKey)","hmac_secret":"\#(hmacSecret)"}"#
            )
            try server.writePolicy(
                "bot4-serve",
                """
                path "database/creds/bot4" { capabilities = ["read"] }
                path "sys/leases/renew" { capabilities = ["update"] }
                path "sys/leases/revoke" { capabilities = ["update"] }
                path "secret/data/bot4/*" { capabilities = ["read"] }
                """
            )
            try server.call("POST", "sys/auth/approle", body: #"{"type":"approle"}"#)
            try server.call(
                "POST",
                "auth/approle/role/bot4",
                body: #"{"token_policies":["bot4-serve"],"token_ttl":"1h"}"#
            )
            let role = try server.call("GET", "auth/approle/role/bot4/role-id")
            guard let roleID = role.data?["role_id"] as? String else {
                throw OpenBaoServerError("role-id: \(role.status)")
            }
            let folder = try TestEnvironment.temporaryDirectory("bot4-seal-serve")
            let roleFile = folder.appendingPathComponent("role-id")
            let secretIDFile = folder.appendingPathComponent("secret-id")
            try roleID.write(to: roleFile, atomically: true, encoding: .utf8)
            let config = folder.appendingPathComponent("secrets.toml")
            try """
            [vault]
            address = "\(server.address)"
            auth = "approle"
            role_id_file = "\(roleFile.path)"
            secret_id_file = "\(secretIDFile.path)"
            secret_id_wrapped = true

            [env]
            BOT4_DATABASE_USER = "database/creds/bot4#username"
            BOT4_DATABASE_PASSWORD = "database/creds/bot4#password"
            BOT4_API_KEY = "secret/bot4/api#api_key"
            BOT4_API_HMAC_SECRET = "secret/bot4/api#hmac_secret"

            [watch]
            interval = "30s"
            on_change = "restart"
            on_loss = "stop"
            """.write(to: config, atomically: true, encoding: .utf8)
            try Data(#"{"BTCUSDT":"26000.00"}"#.utf8).write(to: folder.appendingPathComponent("prices.json"))
            return Deployment(
                postgres: postgres,
                database: database,
                owner: owner,
                server: server,
                folder: folder,
                config: config,
                secretIDFile: secretIDFile,
                hmacSecret: hmacSecret
            )
        }

        /// Writes a new response-wrapped secret id (single use, 60 s) into the file and returns its token.
        func newWrappedSecretID() throws -> String {
            let wrapped = try server.call(
                "POST",
                "auth/approle/role/bot4/secret-id",
                body: "{}",
                headers: ["X-Vault-Wrap-TTL: 60s"]
            )
            guard let token = (wrapped.json?["wrap_info"] as? [String: Any])?["token"] as? String else {
                throw OpenBaoServerError("wrapped secret-id: \(wrapped.status)")
            }
            try (token + "\n").write(to: secretIDFile, atomically: true, encoding: .utf8)
            return token
        }

        func tearDown() {
            server.tearDown()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// One `seal exec -- bot4 serve` run: the supervisor, the service it started, their output.
    struct Run {
        let serving: ServeProcess
        let service: Int32
        let wrappingToken: String
        /// The leased login the service was given (read from its environment, as root).
        let user: String
        let password: String

        var supervisor: Process { serving.process }

        /// Starts the pair with a new wrapped secret id and waits until the service answers.
        static func start(_ deployment: Deployment, label: String) async throws -> Run {
            let wrappingToken = try deployment.newWrappedSecretID()
            let port = LoopbackPort.free()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TestEnvironment.product("seal"))
            process.arguments = [
                "exec", "--config", deployment.config.path, "--", TestEnvironment.product("bot4"), "serve",
                "--listen", "127.0.0.1:\(port)", "--exchange-info", ServiceFixture.exchangeInfo,
                "--reference-prices", deployment.folder.appendingPathComponent("prices.json").path,
            ]
            // Nothing secret: where the database is, and PATH.
            process.environment = [
                "PATH": "/usr/local/bin:/usr/bin:/bin",
                "BOT4_DATABASE_URL": deployment.postgres.url(database: deployment.database),
            ]
            let logFile = deployment.folder.appendingPathComponent("\(label).log")
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
            let handle = try FileHandle(forWritingTo: logFile)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let serving = ServeProcess(process: process, port: port, logFile: logFile)
            var up = false
            let deadline = Date().addingTimeInterval(SealExecServeTests.wait)
            while !up && Date() < deadline && process.isRunning {
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz")
                request.method = .GET
                if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(5)) {
                    up = response.status == .ok
                }
                if !up { try await Task.sleep(for: .milliseconds(200)) }
            }
            guard up, let service = children(of: process.processIdentifier).first else {
                if process.isRunning { kill(process.processIdentifier, SIGTERM) }
                throw FixtureError("seal exec -- bot4 serve did not answer: \(serving.log)")
            }
            let environment = try Self.environment(of: service)
            return Run(
                serving: serving,
                service: service,
                wrappingToken: wrappingToken,
                user: environment["BOT4_DATABASE_USER"] ?? "",
                password: environment["BOT4_DATABASE_PASSWORD"] ?? ""
            )
        }

        static func environment(of pid: Int32) throws -> [String: String] {
            let data = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))
            var result: [String: String] = [:]
            for entry in data.split(separator: 0) {
                let text = String(decoding: entry, as: UTF8.self)
                guard let equals = text.firstIndex(of: "=") else { continue }
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            return result
        }

        /// Waits (off the cooperative pool) for the supervisor to exit.
        func waitForSupervisor() async throws {
            let process = supervisor
            try await offThePool { process.waitUntilExit() }
        }
    }

    /// The pids whose parent is `parent` (from /proc).
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 1
            else { return false }
            return Int32(fields[1]) == parent
        }
    }

    /// True once `pid` has exited (no such process, or a zombie).
    static func isGone(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        let state = stat.split(separator: ")").last?.split(separator: " ").first
        return state == "Z" || state == "X"
    }

    static func waitUntilGone(_ pid: Int32) async throws -> Bool {
        let deadline = Date().addingTimeInterval(wait)
        while Date() < deadline {
            if isGone(pid) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return isGone(pid)
    }

    static let order = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=25000.00"

    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("pg_config")))
    func aKilledSupervisorLosesNoAcknowledgedOrderAndTheNextStartRefusesThemAgain() async throws {
        let deployment = try await offThePool { try Deployment.make() }
        defer { deployment.tearDown() }
        let secret = deployment.hmacSecret

        // First start: 24 orders in flight, then SIGKILL to the supervisor.
        let first = try await Run.start(deployment, label: "first")
        defer { if first.supervisor.isRunning { kill(first.supervisor.processIdentifier, SIGKILL) } }
        #expect(first.user.hasPrefix("v-") && !first.password.isEmpty, "a leased login: \(first.user)")
        let serving = first.serving
        let supervisor = first.supervisor.processIdentifier
        let acknowledged = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let id = "sealkill-\(index)"
                    guard
                        let reply = try? await serving.send(
                            .POST,
                            "/api/v3/order",
                            parameters: Self.order + "&newClientOrderId=\(id)",
                            secret: secret
                        ),
                        (200..<300).contains(reply.status)
                    else { return nil }
                    return id
                }
            }
            // The kill comes after the sixth answer, with the other orders still in flight.
            var answered = 0
            var ids: [String] = []
            for try await id in group {
                answered += 1
                if answered == 6 { kill(supervisor, SIGKILL) }
                if let id { ids.append(id) }
            }
            return ids
        }
        try await first.waitForSupervisor()
        #expect(first.supervisor.terminationReason == .uncaughtSignal)
        #expect(first.supervisor.terminationStatus == SIGKILL)
        #expect(try await Self.waitUntilGone(first.service), "bot4 serve outlived its supervisor")
        #expect(!acknowledged.isEmpty)
        let stored = try await offThePool {
            try deployment.postgres.psql("SELECT client_order_id FROM orders", database: deployment.database)
        }
        let storedIDs = Set(stored.split(separator: "\n").map(String.init))
        #expect(Set(acknowledged).isSubset(of: storedIDs), "acknowledged \(acknowledged), stored \(storedIDs)")

        // Second start: a new wrapped secret id, a new lease; every acknowledged id is a duplicate.
        let second = try await Run.start(deployment, label: "second")
        defer { if second.supervisor.isRunning { kill(second.supervisor.processIdentifier, SIGKILL) } }
        #expect(second.user.hasPrefix("v-") && second.user != first.user, "a new leased login: \(second.user)")
        #expect(second.wrappingToken != first.wrappingToken)
        for id in acknowledged {
            let reply = try await second.serving.send(
                .POST,
                "/api/v3/order",
                parameters: Self.order + "&newClientOrderId=\(id)",
                secret: secret
            )
            #expect(reply.status == 400, "\(id): \(reply.status)")
            #expect(reply.json?["code"]?.intValue == -2010, "\(id): \(String(describing: reply.json))")
        }
        let count = try await offThePool {
            try deployment.postgres.psql("SELECT count(*) FROM orders", database: deployment.database)
        }
        #expect(Int(count) == storedIDs.count, "no resent order was placed a second time")
        kill(second.supervisor.processIdentifier, SIGTERM)
        try await second.waitForSupervisor()
        #expect(second.supervisor.terminationReason == .exit)
        #expect(second.supervisor.terminationStatus == 0, "\(second.serving.log)")
        #expect(try await Self.waitUntilGone(second.service))

        // No secret value in what either run printed.
        let output = first.serving.log + second.serving.log
        let secrets = [
            secret, deployment.postgres.superuserPassword, deployment.server.rootToken, first.wrappingToken,
            second.wrappingToken, first.password, second.password,
        ]
        for value in secrets where !value.isEmpty {
            #expect(!output.contains(value), "a secret value leaked into the output")
        }
    }
}
