import Bot4TestSupport
import Foundation
import PQ
import Testing

/// A real PostgreSQL 15 (one cluster for the process, one database per test), logged in over TCP with
/// `scram-sha-256`.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct PQConnectionTests {
    static func connect(_ server: PostgresServer, database: String) -> PQConnection {
        PQConnection(
            PQConfiguration(
                url: server.url(database: database),
                user: "postgres",
                password: PQPassword(server.superuserPassword)
            )
        )
    }

    static func fresh() throws -> (PostgresServer, PQConnection) {
        let server = try PostgresServer.shared()
        return (server, connect(server, database: try server.createDatabase()))
    }

    static let hostileStrings = [
        "'; DROP TABLE items; --", "Robert'); DELETE FROM items WHERE ('1'='1", "\\", "\\x00", "$1", "$$ $tag$",
        "\"quoted\"", "E'\\n'", "", " ", "line\nbreak\ttab\r", "ünïcödé ✓ 🚀", "' OR 1=1 --", "%s%n", "NULL",
        String(repeating: "x", count: 100_000),
    ]

    @Test func hostileStringsRoundTripAsData() async throws {
        let (_, connection) = try Self.fresh()
        try await connection.execute("CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL)")
        for (index, text) in Self.hostileStrings.enumerated() {
            try await connection.execute("INSERT INTO items VALUES (\(index), \(text))")
        }
        let rows = try await connection.query("SELECT id, label FROM items ORDER BY id")
        #expect(rows.count == Self.hostileStrings.count)
        for row in rows {
            #expect(try row.string("label") == Self.hostileStrings[try row.int("id")])
        }
        // The table survived every attempt to end the statement early.
        let count = try await connection.query("SELECT count(*) AS n FROM items").first?.int("n")
        #expect(count == Self.hostileStrings.count)
        let matched = try await connection.query("SELECT id FROM items WHERE label = \("' OR 1=1 --")")
        #expect(matched.count == 1)
    }

    @Test func everyByteRoundTripsAsBytea() async throws {
        let (_, connection) = try Self.fresh()
        let bytes = (0...255).map { UInt8($0) } + [0, 0, 39, 92]
        let rows = try await connection.query("SELECT \(bytes)::bytea AS b, length(\(bytes)::bytea) AS n")
        #expect(try rows.first?.bytes("b") == bytes)
        #expect(try rows.first?.int("n") == bytes.count)
        #expect(try await connection.query("SELECT \([UInt8]())::bytea AS b").first?.bytes("b") == [])
    }

    @Test func aNulInATextBindIsRefusedNamingTheBind() async throws {
        let (_, connection) = try Self.fresh()
        let error = await #expect(throws: PQError.self) {
            try await connection.query("SELECT \(1) AS a, \("a\u{0}b") AS b")
        }
        #expect(error?.code == .invalidQuery)
        #expect(error?.message.contains("bind $2") == true)
    }

    @Test func uniqueViolationSurfacesAsSQLState23505() async throws {
        let (_, connection) = try Self.fresh()
        try await connection.execute("CREATE TABLE keys (account bigint, client_id text, UNIQUE (account, client_id))")
        try await connection.execute("INSERT INTO keys VALUES (\(1), \("cid-1"))")
        let error = await #expect(throws: PQError.self) {
            try await connection.execute("INSERT INTO keys VALUES (\(1), \("cid-1"))")
        }
        #expect(error?.code == .server)
        #expect(error?.sqlState == "23505")
        #expect(error?.isUniqueViolation == true)
        #expect(error?.description.contains("duplicate key") == true)
        // The row values are only in the detail, never in the description.
        #expect(error?.description.contains("cid-1") == false)
        #expect(error.map { String(reflecting: $0) }?.contains("cid-1") == true)
        // The connection is still usable afterwards.
        #expect(try await connection.query("SELECT count(*) AS n FROM keys").first?.int("n") == 1)
    }

    @Test func pipelineBatchRollsBackWholeOnOneError() async throws {
        let (_, connection) = try Self.fresh()
        try await connection.execute("CREATE TABLE t (k text PRIMARY KEY)")
        try await connection.execute("INSERT INTO t VALUES ('a')")
        let error = await #expect(throws: PQError.self) {
            try await connection.pipeline([
                "INSERT INTO t VALUES (\("b"))", "INSERT INTO t VALUES (\("a"))", "INSERT INTO t VALUES (\("d"))",
            ])
        }
        #expect(error?.sqlState == "23505")
        #expect(error?.message == "statement 2 of 3 in the batch")
        // The statement's own error is kept as the cause; the text reads as the server's message after the place.
        let cause = try #require(error?.underlying as? PQError)
        #expect(cause.sqlState == "23505")
        #expect(cause.underlying == nil)
        #expect(
            error?.description == "PostgreSQL \(cause.code) [23505]: statement 2 of 3 in the batch: \(cause.message)"
        )
        // b (before the failure) was rolled back, d (after it) never ran.
        let keys = try await connection.query("SELECT k FROM t ORDER BY k").map { try $0.string("k") }
        #expect(keys == ["a"])

        let results = try await connection.pipeline([
            "INSERT INTO t VALUES (\("b"))", "INSERT INTO t VALUES (\("c"))", "SELECT count(*) AS n FROM t",
        ])
        #expect(results.count == 3)
        #expect(results[0].affectedRows == 1)
        #expect(try results[2].first?.int("n") == 3)
    }

    @Test func aBatchWithAnUnsendableBindSendsNothingAndLeavesTheConnectionUsable() async throws {
        let (_, connection) = try Self.fresh()
        try await connection.execute("CREATE TABLE t (k text PRIMARY KEY)")
        let error = await #expect(throws: PQError.self) {
            try await connection.pipeline(["INSERT INTO t VALUES (\("a"))", "INSERT INTO t VALUES (\("b\u{0}"))"])
        }
        #expect(error?.code == .invalidQuery)
        #expect(error?.message == "statement 2 of 2 in the batch")
        let cause = try #require(error?.underlying as? PQError)
        #expect(cause.code == .invalidQuery)
        #expect(error?.description == "PostgreSQL invalid query: statement 2 of 2 in the batch: \(cause.message)")
        #expect(try await connection.query("SELECT count(*) AS n FROM t").first?.int("n") == 0)
    }

    @Test func aLargeBatchDoesNotDeadlock() async throws {
        let (_, connection) = try Self.fresh()
        try await connection.execute("CREATE TABLE big (n int PRIMARY KEY, pad text)")
        let pad = String(repeating: "p", count: 2_000)
        let queries: [PQQuery] = (0..<2_000).map { "INSERT INTO big VALUES (\($0), \(pad)) RETURNING pad" }
        let results = try await connection.pipeline(queries)
        #expect(results.count == 2_000)
        #expect(try await connection.query("SELECT count(*) AS n FROM big").first?.int("n") == 2_000)
    }

    @Test func preparedBatchesParseEachTextOnceAndSurviveARolledBackTransaction() async throws {
        let (_, connection) = try Self.fresh()
        try await connection.execute("CREATE TABLE pb (k text PRIMARY KEY, payload bytea)")
        @Sendable func batch(_ key: String) -> [PQQuery] {
            ["INSERT INTO pb VALUES (\(key), \([UInt8]([0, 255]))::bytea)", "SELECT count(*) AS n FROM pb"]
        }
        // The first batch prepares its texts inside a transaction that then fails and is rolled back.
        await #expect(throws: PQError.self) {
            try await connection.transaction { db in
                _ = try db.pipeline(preparing: batch("a"))
                _ = try db.pipeline(preparing: batch("a"))
            }
        }
        #expect(try await connection.query("SELECT count(*) AS n FROM pb").first?.int("n") == 0)
        // The statements stay prepared on the session and run again, with other values.
        for key in ["a", "b", "c"] {
            let results = try await connection.pipeline(preparing: batch(key))
            #expect(results[0].affectedRows == 1)
        }
        let prepared = try await connection.query(
            "SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE 'pq_pipeline_%'"
        )
        #expect(try prepared.first?.int("n") == 2)
        let rows = try await connection.query("SELECT k, payload FROM pb ORDER BY k")
        #expect(try rows.map { try $0.string("k") } == ["a", "b", "c"])
        #expect(try rows.map { try $0.bytes("payload") } == Array(repeating: [0, 255], count: 3))
    }

    @Test func preparedStatementsRunRepeatedly() async throws {
        let (_, connection) = try Self.fresh()
        try await connection.execute("CREATE TABLE p (n int, label text)")
        let insert = PQPreparedStatement(name: "insert_p", sql: "INSERT INTO p VALUES ($1, $2)")
        for n in 0..<20 { try await connection.query(insert, [n, "row \(n)"]) }
        let sum = PQPreparedStatement(name: "sum_p", sql: "SELECT sum(n) AS s FROM p WHERE n >= $1")
        #expect(try await connection.query(sum, [10]).first?.int("s") == (10..<20).reduce(0, +))
    }

    struct Planned: Error {}

    @Test func transactionsCommitOrRollBack() async throws {
        let (_, connection) = try Self.fresh()
        try await connection.execute("CREATE TABLE tx (n int)")
        try await connection.transaction { connection in
            try connection.execute("INSERT INTO tx VALUES (\(1))")
            try connection.execute("INSERT INTO tx VALUES (\(2))")
        }
        await #expect(throws: Planned.self) {
            try await connection.transaction { connection in
                try connection.execute("INSERT INTO tx VALUES (\(3))")
                throw Planned()
            }
        }
        let values = try await connection.query("SELECT n FROM tx ORDER BY n").map { try $0.int("n") }
        #expect(values == [1, 2])
    }

    /// Four connections block in libpq at once (each waits for an advisory lock a fifth connection holds),
    /// more than the cooperative pool has threads on a small machine. Only a task on the pool can release the
    /// lock: were the blocked calls run on the pool's threads, it could never run and the test would hang until
    /// its time limit. No wall-clock figure is asserted; the limit only turns a hang into a failure.
    /// Waiters on this test's lock only: the cluster is shared with other suites that take advisory locks of
    /// their own in their own databases.
    static let blockedOnLock42: PQQuery = """
        SELECT count(*)::int AS n FROM pg_locks
        WHERE locktype = 'advisory' AND NOT granted AND objid = 42
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        """

    @Test(.timeLimit(.minutes(3))) func blockingCallsLeaveTheCooperativePoolFree() async throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let holder = Self.connect(server, database: database)
        try await holder.connect()
        try await holder.execute("SELECT pg_advisory_lock(42)")
        let waiters = (0..<4).map { _ in Self.connect(server, database: database) }
        for connection in waiters { try await connection.connect() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for connection in waiters {
                group.addTask {
                    try await connection.execute("SELECT pg_advisory_lock(42)")
                    try await connection.execute("SELECT pg_advisory_unlock(42)")
                }
            }
            group.addTask {
                // Release only once all four are waiting in the server, so that all four are blocked in libpq.
                while try await holder.query(Self.blockedOnLock42).first?.int("n") != 4 {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await holder.execute("SELECT pg_advisory_unlock(42)")
            }
            try await group.waitForAll()
        }
        let waiting = try await holder.query(Self.blockedOnLock42)
        #expect(try waiting.first?.int("n") == 0)
    }

    @Test func aRunningStatementCanBeCancelledFromAnotherTask() async throws {
        let (_, connection) = try Self.fresh()
        #expect(connection.cancelRunningStatement() == false)  // not connected yet: nothing to cancel
        try await connection.connect()
        let sleeper = Task { try await connection.execute("SELECT pg_sleep(30)") }
        // Cancel until the statement has ended (a request sent before it started is a no-op).
        let canceller = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(200))
                _ = connection.cancelRunningStatement()
            }
        }
        let result = await sleeper.result
        canceller.cancel()
        guard case .failure(let error) = result else {
            Issue.record("the statement was not cancelled")
            return
        }
        #expect((error as? PQError)?.sqlState == "57014")
        #expect(try await connection.query("SELECT 1 AS one").first?.int("one") == 1)
    }

    @Test func wrongPasswordFailsWithoutThePassword() async throws {
        let server = try PostgresServer.shared()
        let wrong = "Wr0ng-pa55word-\(UUID().uuidString)"
        let connection = PQConnection(
            PQConfiguration(url: server.url(), user: "postgres", password: PQPassword(wrong))
        )
        let error = await #expect(throws: PQError.self) { try await connection.connect() }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("password authentication failed") == true)
        for text in [error?.message, error?.description, error.map { String(reflecting: $0) }] {
            #expect(text?.contains(wrong) == false)
        }
        #expect(!PQConfiguration(url: server.url(), password: PQPassword(wrong)).description.contains(wrong))
    }

    @Test func sslmodeRequireAgainstAPlainServerFailsClearly() async throws {
        let server = try PostgresServer.shared()
        let connection = PQConnection(
            PQConfiguration(
                url: server.url(parameters: "sslmode=require"),
                user: "postgres",
                password: PQPassword(server.superuserPassword)
            )
        )
        let error = await #expect(throws: PQError.self) { try await connection.connect() }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("SSL") == true)
    }

    @Test func aURLWithAPasswordOrAMalformedURLIsRefused() async throws {
        let withPassword = PQConnection(PQConfiguration(url: "postgresql://u:secret@127.0.0.1:1/db"))
        let error = await #expect(throws: PQError.self) { try await withPassword.connect() }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("secret") == false)
        let malformed = PQConnection(PQConfiguration(url: "postgresql://127.0.0.1:notaport/db?sslmode"))
        let other = await #expect(throws: PQError.self) { try await malformed.connect() }
        #expect(other?.code == .invalidConfiguration)
    }
}
