import PQ
import Testing

/// Interpolation turns values into `$n` binds; raw SQL needs the `unsafeSQL` spelling.
struct PQQueryTests {
    @Test func interpolatedValuesBecomePlaceholdersAndBinds() {
        let account: Int64 = 7
        let asset = "BTC'; DROP TABLE balances; --"
        let query: PQQuery = "SELECT free FROM balances WHERE account_id = \(account) AND asset = \(asset)"
        #expect(query.sql == "SELECT free FROM balances WHERE account_id = $1 AND asset = $2")
        #expect(query.binds == [.text("7"), .text(asset)])
        #expect(!query.description.contains("DROP"))
    }

    @Test func bytesNullsAndBooleansBind() {
        let payload: [UInt8] = [0, 1, 255]
        let missing: String? = nil
        let query: PQQuery = "INSERT INTO t VALUES (\(payload), \(missing), \(true))"
        #expect(query.sql == "INSERT INTO t VALUES ($1, $2, $3)")
        #expect(query.binds == [.bytes(payload), .null, .text("t")])
    }

    @Test func unsafeSQLIsSplicedOnlyWhenSpelledSo() {
        let table = "events"
        let symbol = "BTCUSDT"
        let query: PQQuery = "SELECT count(*) FROM \(unsafeSQL: table) WHERE symbol = \(symbol)"
        #expect(query.sql == "SELECT count(*) FROM events WHERE symbol = $1")
        #expect(query.binds == [.text("BTCUSDT")])
        let raw = PQQuery(unsafeSQL: "SELECT $1::int", binds: [.text("5")])
        #expect(raw.sql == "SELECT $1::int" && raw.binds.count == 1)
    }
}
