import AsyncHTTPClient
import Bot4TestSupport
import Digest
import Foundation
import JSON
import NIOCore
import NIOHTTP1
import Testing
import TradingVenue

/// The built `bot4 serve`: configuration refused before listening (the variable named, no value printed),
/// and a graceful stop on SIGTERM that answers the orders in flight, every acknowledged one in the database.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")), .timeLimit(.minutes(5)))
struct ServeCLITests {
    static var bot4: String { TestEnvironment.product("bot4") }

    static func environment(_ server: PostgresServer, _ database: String) -> [String: String] {
        [
            "BOT4_DATABASE_URL": server.url(database: database),
            "BOT4_DATABASE_USER": "postgres",
            "BOT4_DATABASE_PASSWORD": server.superuserPassword,
            "BOT4_API_KEY": ServiceFixture.apiKey,
            "BOT4_API_HMAC_SECRET": "cli-test-secret-" + UUID().uuidString,
        ]
    }

    @Test func aMissingVariableIsNamedAndNoValueIsPrinted() async throws {
        let server = try PostgresServer.shared()
        var env = Self.environment(server, "unused")
        let secret = env.removeValue(forKey: "BOT4_API_HMAC_SECRET")!
        env["BOT4_DATABASE_PASSWORD"] = secret
        let arguments = [
            "serve", "--listen", "127.0.0.1:\(LoopbackPort.free())", "--exchange-info", ServiceFixture.exchangeInfo,
        ]
        let missingEnv = env
        let missing = try await offThePool {
            try ProcessRunner.run(Self.bot4, arguments, environment: missingEnv, replaceEnvironment: true)
        }
        #expect(missing.status == 3)
        #expect(missing.err.contains("BOT4_API_HMAC_SECRET is not set"), "\(missing.err)")
        #expect(!missing.err.contains(secret) && !missing.out.contains(secret))
        env.removeValue(forKey: "BOT4_DATABASE_URL")
        let noURLEnv = env
        let noURL = try await offThePool {
            try ProcessRunner.run(Self.bot4, arguments, environment: noURLEnv, replaceEnvironment: true)
        }
        #expect(noURL.status == 3)
        #expect(noURL.err.contains("BOT4_DATABASE_URL is not set"), "\(noURL.err)")
        let badListen = try await offThePool { [env] in
            try ProcessRunner.run(
                Self.bot4,
                ["serve", "--listen", "localhost", "--exchange-info", ServiceFixture.exchangeInfo],
                environment: env,
                replaceEnvironment: true
            )
        }
        #expect(badListen.status == 2)
        #expect(badListen.err.contains("--listen"), "\(badListen.err)")
    }

    @Test func anUnreachableDatabaseStopsTheServiceBeforeItListens() async throws {
        let server = try PostgresServer.shared()
        var env = Self.environment(server, "unused")
        env["BOT4_DATABASE_URL"] =
            "postgresql://127.0.0.1:\(LoopbackPort.free())/bot4?sslmode=disable&connect_timeout=5"
        let result = try await offThePool { [env] in
            try ProcessRunner.run(
                Self.bot4,
                [
                    "serve", "--listen", "127.0.0.1:\(LoopbackPort.free())", "--exchange-info",
                    ServiceFixture.exchangeInfo,
                ],
                environment: env,
                replaceEnvironment: true
            )
        }
        #expect(result.status == 3)
        #expect(result.err.contains("database"), "\(result.err)")
        #expect(!result.err.contains(server.superuserPassword))
    }

    @Test func sigtermFinishesTheOrdersInFlightAndExitsZero() async throws {
        let server = try await offThePool { try PostgresServer.shared() }
        let database = try await offThePool { try server.createDatabase() }
        let env = Self.environment(server, database)
        _ = try await VenueSetup.run(VenueSetupRequest(environment: env))
        let folder = try TestEnvironment.temporaryDirectory("bot4-serve-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let serving = try await ServeProcess.start(environment: env, folder: folder)
        let process = serving.process
        defer { if process.isRunning { process.terminate() } }

        let secret = env["BOT4_API_HMAC_SECRET"]!
        let acknowledged = try await withThrowingTaskGroup(of: Int?.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let parameters =
                        "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=25000.00"
                        + "&newClientOrderId=inflight-\(index)"
                    guard
                        let reply = try? await serving.send(
                            .POST,
                            "/api/v3/order",
                            parameters: parameters,
                            secret: secret
                        ),
                        reply.status == 200
                    else { return nil }
                    return reply.json?["orderId"]?.intValue
                }
            }
            var sent = false
            var ids: [Int] = []
            for try await id in group {
                if !sent {
                    kill(process.processIdentifier, SIGTERM)
                    sent = true
                }
                if let id { ids.append(id) }
            }
            return ids
        }
        try await offThePool { process.waitUntilExit() }
        let output = serving.log
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(output)")
        #expect(!acknowledged.isEmpty)
        let stored = try await offThePool { try server.psql("SELECT id FROM orders ORDER BY id", database: database) }
        let storedIds = Set(stored.split(separator: "\n").compactMap { Int($0) })
        #expect(Set(acknowledged).isSubset(of: storedIds), "every acknowledged order is in the database")
        #expect(!output.contains(secret) && !output.contains(server.superuserPassword))
    }
    @Test func sighupSwitchesNewConnectionsToTheLoginInTheFiles() async throws {
        let server = try await offThePool { try PostgresServer.shared() }
        let database = try await offThePool { try server.createDatabase() }
        var env = Self.environment(server, database)
        _ = try await VenueSetup.run(VenueSetupRequest(environment: env))
        let folder = try TestEnvironment.temporaryDirectory("bot4-serve-hup")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Two leased logins as OpenBao's database engine would create them (superusers here: the test is
        // about which login new connections use, not about grants).
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let (first, second) = ("lease_a_\(suffix)", "lease_b_\(suffix)")
        let (firstPassword, secondPassword) = (UUID().uuidString, UUID().uuidString)
        try await offThePool {
            try server.psql(
                """
                CREATE ROLE \(first) LOGIN SUPERUSER PASSWORD '\(firstPassword)';
                CREATE ROLE \(second) LOGIN SUPERUSER PASSWORD '\(secondPassword)';
                """
            )
        }
        let userFile = folder.appendingPathComponent("user")
        let passwordFile = folder.appendingPathComponent("password")
        try Data((first + "\n").utf8).write(to: userFile, options: .atomic)
        try Data((firstPassword + "\n").utf8).write(to: passwordFile, options: .atomic)
        env["BOT4_DATABASE_USER"] = nil
        env["BOT4_DATABASE_PASSWORD"] = nil
        env["BOT4_DATABASE_USER_FILE"] = userFile.path
        env["BOT4_DATABASE_PASSWORD_FILE"] = passwordFile.path
        let serving = try await ServeProcess.start(environment: env, folder: folder)
        defer { if serving.process.isRunning { serving.process.terminate() } }
        let secret = env["BOT4_API_HMAC_SECRET"]!
        let order = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=25000.00"

        let before = try await serving.send(.POST, "/api/v3/order", parameters: order, secret: secret)
        #expect(before.status == 200, "\(String(describing: before.json))")

        try Data((second + "\n").utf8).write(to: userFile, options: .atomic)
        try Data((secondPassword + "\n").utf8).write(to: passwordFile, options: .atomic)
        kill(serving.process.processIdentifier, SIGHUP)
        var reloaded = false
        for _ in 0..<300 where !reloaded {
            reloaded = serving.log.contains("the database login was re-read")
            if !reloaded { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(reloaded, "no reload logged: \(serving.log)")
        // The old lease ends: its login is disabled and its sessions cut.
        try await offThePool {
            try server.psql(
                """
                ALTER ROLE \(first) NOLOGIN;
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '\(first)';
                """
            )
        }
        let after = try await serving.send(.POST, "/api/v3/order", parameters: order, secret: secret)
        #expect(after.status == 200, "\(String(describing: after.json)) \(serving.log)")
        let sessions = try await offThePool {
            try server.psql("SELECT count(*) FROM pg_stat_activity WHERE usename = '\(second)'", database: database)
        }
        #expect((Int(sessions) ?? 0) >= 1, "the new login holds the service's connections")

        kill(serving.process.processIdentifier, SIGTERM)
        try await offThePool { serving.process.waitUntilExit() }
        #expect(serving.process.terminationStatus == 0, "\(serving.log)")
        #expect(!serving.log.contains(firstPassword) && !serving.log.contains(secondPassword))
        _ = try? await offThePool { try server.psql("DROP ROLE \(first); DROP ROLE \(second);") }
    }
}

/// A `bot4 serve` process on a free loopback port, its output in a log file, answering `/healthz`.
struct ServeProcess {
    let process: Process
    let port: Int
    let logFile: URL

    /// What the process printed so far.
    var log: String { String(decoding: (try? Data(contentsOf: logFile)) ?? Data(), as: UTF8.self) }

    /// Starts `bot4 serve` with `environment` (and `extraArguments` after the usual ones) and waits until it
    /// answers (at most about a minute).
    static func start(
        environment: [String: String],
        folder: URL,
        extraArguments: [String] = []
    ) async throws -> ServeProcess {
        let prices = folder.appendingPathComponent("prices.json")
        try Data(#"{"BTCUSDT":"26000.00"}"#.utf8).write(to: prices)
        let port = LoopbackPort.free()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServeCLITests.bot4)
        process.arguments =
            [
                "serve", "--listen", "127.0.0.1:\(port)", "--exchange-info", ServiceFixture.exchangeInfo,
                "--reference-prices", prices.path,
            ] + extraArguments
        process.environment = environment
        let logFile = folder.appendingPathComponent("serve.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let serving = ServeProcess(process: process, port: port, logFile: logFile)
        for _ in 0..<600 {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz")
            request.method = .GET
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(5)),
                response.status == .ok
            {
                return serving
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning { process.terminate() }
        throw FixtureError("bot4 serve did not answer: \(serving.log)")
    }

    /// Sends a signed form-encoded request and returns the status and body.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        parameters: String,
        secret: String
    ) async throws
        -> (status: Int, json: JSONValue?)
    {
        let payload = parameters + "&recvWindow=60000&timestamp=\(ServiceFixture.nowMilliseconds)"
        let signature = ServiceFixture.hex(HMACSHA256.mac(key: Array(secret.utf8), message: Array(payload.utf8)))
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers.add(name: "X-MBX-APIKEY", value: ServiceFixture.apiKey)
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: payload + "&signature=" + signature))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), try? JSONParser.parse(Array(body.readableBytesView)))
    }
}
