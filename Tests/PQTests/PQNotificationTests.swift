import Bot4TestSupport
import PQ
import Testing

/// LISTEN/NOTIFY between two connections.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct PQNotificationTests {
    @Test func aNotificationReachesTheListener() async throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let listener = PQConnectionTests.connect(server, database: database)
        let sender = PQConnectionTests.connect(server, database: database)
        let channel = "orders \"BTCUSDT\"; --"
        try await listener.listen(channel)
        #expect(try await listener.notifications(waitingUpTo: .milliseconds(50)).isEmpty)
        try await sender.notify(channel, payload: "seq=7")
        var received: [PQNotification] = []
        for _ in 0..<20 where received.isEmpty {
            received = try await listener.notifications(waitingUpTo: .milliseconds(250))
        }
        #expect(received.map(\.channel) == [channel])
        #expect(received.map(\.payload) == ["seq=7"])
    }
}
