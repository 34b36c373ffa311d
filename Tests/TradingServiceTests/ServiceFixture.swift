import AsyncHTTPClient
import Bot4TestSupport
import Digest
import Foundation
import JSON
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import TradingService
import TradingVenue

/// A migrated, funded database on the shared cluster and `bot4 serve`'s server on a loopback port, in this
/// process; requests go over real HTTP with AsyncHTTPClient and are signed as Binance's clients sign them.
struct ServiceFixture {
    static let apiKey = "service-test-key"
    static let exchangeInfo = TestEnvironment.projectRoot
        .appendingPathComponent("Tests/TradingVenueTests/Fixtures/binance-spot-exchangeInfo-2023-09-08.subset.json")
        .path

    let server: PostgresServer
    let database: String
    let secret: String
    let environment: [String: String]
    let folder: URL
    let port: Int
    let group: ServiceGroup
    let serving: Task<Void, any Error>

    /// Starts a server over a fresh database.
    static func start(
        exchangeInfo: String = ServiceFixture.exchangeInfo,
        extraEnvironment: [String: String] = [:],
        server: PostgresServer? = nil
    ) async throws -> ServiceFixture {
        let server = try await offThePool { try server ?? PostgresServer.shared() }
        let database = try await offThePool { try server.createDatabase() }
        let secret = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let environment = [
            "BOT4_DATABASE_URL": server.url(database: database),
            "BOT4_DATABASE_USER": "postgres",
            "BOT4_DATABASE_PASSWORD": server.superuserPassword,
            "BOT4_API_KEY": apiKey,
            "BOT4_API_HMAC_SECRET": secret,
        ].merging(extraEnvironment) { _, extra in extra }
        _ = try await VenueSetup.run(VenueSetupRequest(environment: environment))
        let folder = try TestEnvironment.temporaryDirectory("bot4-serve")
        let prices = folder.appendingPathComponent("reference-prices.json")
        try Data(#"{"BTCUSDT":"26000.00"}"#.utf8).write(to: prices)
        let request = ServeRequest(
            listen: "127.0.0.1:0",
            exchangeInfoPath: exchangeInfo,
            referencePricesPath: prices.path,
            environment: environment
        )
        let desk = try await TradingDesk(configuration: try ServiceConfiguration(request), poolSize: 4)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let group = TradingServer(desk: desk).serviceGroup(gracefulShutdownSignals: []) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let serving = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw FixtureError("the server stopped before listening") }
        return ServiceFixture(
            server: server,
            database: database,
            secret: secret,
            environment: environment,
            folder: folder,
            port: port,
            group: group,
            serving: serving
        )
    }

    /// Stops the server gracefully (in the background) and removes the fixture's files.
    func stop() {
        let group = group
        Task { await group.triggerGracefulShutdown() }
        try? FileManager.default.removeItem(at: folder)
    }

    /// A response: status and parsed JSON body.
    struct Reply {
        let status: Int
        let json: JSONValue
        let headers: HTTPHeaders

        /// The `Content-Type` header.
        var contentType: String? { headers.first(name: "Content-Type") }

        /// Binance's error code, if the body is an error.
        var code: Int? { json["code"]?.intValue }
        /// Binance's error message.
        var message: String? { json["msg"]?.stringValue }
    }

    /// The current time in ms, as clients send `timestamp`.
    static var nowMilliseconds: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// `parameters` with `timestamp` (now unless given), `recvWindow` (unless given) and the HMAC-SHA256
    /// `signature` appended.
    /// The window is Binance's largest, 60 s: the server shares this process's two-thread cooperative pool with
    /// suites that block it while their child processes run, which can delay an answer by seconds.
    func signed(_ parameters: String, timestamp: Int64 = ServiceFixture.nowMilliseconds) -> String {
        let window = parameters.contains("recvWindow=") ? "" : "recvWindow=60000&"
        let payload = (parameters.isEmpty ? "" : parameters + "&") + window + "timestamp=\(timestamp)"
        return payload + "&signature=" + Self.hex(HMACSHA256.mac(key: Array(secret.utf8), message: Array(payload.utf8)))
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// Sends a request: `query` in the URL, `body` as a form body.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        query: String? = nil,
        body: String? = nil,
        apiKey: String? = ServiceFixture.apiKey
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)" + (query.map { "?" + $0 } ?? ""))
        request.method = method
        if let apiKey { request.headers.add(name: "X-MBX-APIKEY", value: apiKey) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 4 << 20)
        let json = try JSONParser.parse(Array(bytes.readableBytesView))
        return Reply(
            status: Int(response.status.code),
            json: json,
            headers: response.headers
        )
    }
}

/// Runs blocking work on a thread of its own: a child process waited for on the cooperative pool would
/// starve the in-process server's handlers on a two-core machine.
@discardableResult
func offThePool<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Swift.Result { try work() }) }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
