import PQ

/// A `VALUES` list of many rows with every value bound, so that one statement writes or matches a whole
/// batch: `($1::bigint, $2::text), ($3::bigint, $4::text)`. The casts are literals of this module, never input.
struct MultiRow {
    /// The list's SQL, placeholders only.
    private(set) var sql = ""
    /// The values, in placeholder order.
    private(set) var binds: [PQBind] = []

    /// The list of `rows`, each with one value per entry of `casts` (a PostgreSQL type name).
    init(_ rows: [[PQBind]], casts: [String]) {
        binds.reserveCapacity(rows.count * casts.count)
        sql.reserveCapacity(rows.count * casts.count * 12)
        for (rowIndex, row) in rows.enumerated() {
            precondition(row.count == casts.count, "a row has \(row.count) values for \(casts.count) columns")
            sql += rowIndex == 0 ? "(" : ", ("
            for (index, value) in row.enumerated() {
                binds.append(value)
                sql += index == 0 ? "$\(binds.count)::\(casts[index])" : ", $\(binds.count)::\(casts[index])"
            }
            sql += ")"
        }
    }

    /// Binds one more value after the rows and returns its placeholder (`$n`).
    mutating func bind(_ value: some PQBindable) -> String {
        binds.append(value.pqBind)
        return "$\(binds.count)"
    }

    /// The statement `before` + the list + `after`; both are literals of this module.
    func query(_ before: String, _ after: String = "") -> PQQuery {
        PQQuery(unsafeSQL: before + sql + after, binds: binds)
    }
}
