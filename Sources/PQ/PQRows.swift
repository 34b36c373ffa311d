/// The rows a statement returned, copied out of libpq's result (text format), plus its affected-row count.
public struct PQRows: Sendable, Sequence {
    /// The column names, in order.
    public let columns: [String]
    /// The rows' values: `nil` is SQL `NULL`, otherwise PostgreSQL's text form of the value.
    let values: [[String?]]
    /// How many rows an `INSERT`, `UPDATE`, `DELETE` (or a `SELECT`) touched, from the command tag.
    public let affectedRows: Int

    init(columns: [String], values: [[String?]], affectedRows: Int) {
        self.columns = columns
        self.values = values
        self.affectedRows = affectedRows
    }

    /// How many rows there are.
    public var count: Int { values.count }

    /// Whether there is no row.
    public var isEmpty: Bool { values.isEmpty }

    /// The first row, if any.
    public var first: PQRow? { values.first.map { PQRow(columns: columns, values: $0) } }

    /// The row at `index`.
    public subscript(index: Int) -> PQRow { PQRow(columns: columns, values: values[index]) }

    /// Iterates over the rows.
    public func makeIterator() -> some IteratorProtocol<PQRow> {
        values.lazy.map { PQRow(columns: columns, values: $0) }.makeIterator()
    }
}

/// One row of ``PQRows``; columns are read by name, with a ``PQError/Code/typeMismatch`` error naming the
/// column when the value is `NULL` or not of the requested type.
public struct PQRow: Sendable {
    let columns: [String]
    let values: [String?]

    private func raw(_ column: String) throws(PQError) -> String? {
        guard let index = columns.firstIndex(of: column) else {
            throw PQError(
                .typeMismatch,
                "no column \"\(column)\" in the result (columns: \(columns.joined(separator: ", ")))"
            )
        }
        return values[index]
    }

    private func required(_ column: String) throws(PQError) -> String {
        guard let value = try raw(column) else { throw PQError(.typeMismatch, "column \"\(column)\" is NULL") }
        return value
    }

    /// Whether the column is SQL `NULL`.
    public func isNull(_ column: String) throws(PQError) -> Bool { try raw(column) == nil }

    /// The column's text form; throws when it is `NULL`.
    public func string(_ column: String) throws(PQError) -> String { try required(column) }

    /// The column's text form, or `nil` for `NULL`.
    public func optionalString(_ column: String) throws(PQError) -> String? { try raw(column) }

    /// The column as a 64-bit integer.
    public func int64(_ column: String) throws(PQError) -> Int64 {
        let text = try required(column)
        guard let value = Int64(text) else { throw PQError(.typeMismatch, "column \"\(column)\" is not an integer") }
        return value
    }

    /// The column as an integer.
    public func int(_ column: String) throws(PQError) -> Int { Int(try int64(column)) }

    /// The column as a boolean (`t`/`f`).
    public func bool(_ column: String) throws(PQError) -> Bool {
        switch try required(column) {
        case "t": return true
        case "f": return false
        default: throw PQError(.typeMismatch, "column \"\(column)\" is not a boolean")
        }
    }

    /// The column as bytes (a `bytea` in PostgreSQL's hex output format, `\x…`).
    public func bytes(_ column: String) throws(PQError) -> [UInt8] {
        let text = Array(try required(column).utf8)
        guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x"), text.count % 2 == 0 else {
            throw PQError(.typeMismatch, "column \"\(column)\" is not a bytea in hex format")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((text.count - 2) / 2)
        var index = 2
        while index < text.count {
            guard let high = Self.hexValue(text[index]), let low = Self.hexValue(text[index + 1]) else {
                throw PQError(.typeMismatch, "column \"\(column)\" has a bad hex digit")
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
