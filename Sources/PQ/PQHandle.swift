import CLibPQ
import Foundation

/// The one owner of a `PGconn*`: every libpq call goes through here, every result is cleared here, and the
/// handle is finished in `deinit`. Not thread-safe (libpq's rule for one connection): ``PQConnection`` uses it
/// from its own thread only.
final class PQHandle {
    let connection: OpaquePointer
    private let password: PQPassword?

    private init(connection: OpaquePointer, password: PQPassword?) {
        self.connection = connection
        self.password = password
    }

    deinit { PQfinish(connection) }

    /// Opens a connection (blocking, bounded by `connect_timeout`).
    static func open(_ configuration: PQConfiguration) throws(PQError) -> PQHandle {
        try checkURL(configuration.url)
        // Defaults first, then the URL (expand_dbname: its parameters override the defaults), then the login.
        // TCP keepalives find a silently dead server in about 25 s instead of the system's two hours.
        var keywords = [
            "connect_timeout", "application_name", "keepalives_idle", "keepalives_interval", "keepalives_count",
            "dbname",
        ]
        var values = [
            String(configuration.connectTimeoutSeconds), configuration.applicationName, "10", "5", "3",
            configuration.url,
        ]
        if let user = configuration.user {
            keywords.append("user")
            values.append(user)
        }
        let password = configuration.password
        if password != nil { keywords.append("password") }
        let handle: OpaquePointer? = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                withPasswordPointer(password) { passwordPointer in
                    var valuePointers = valuePointers
                    // The password goes straight from its own buffer into libpq, never through a String.
                    if let passwordPointer { valuePointers.insert(passwordPointer, at: valuePointers.count - 1) }
                    return PQconnectdbParams(keywordPointers, valuePointers, 1)
                }
            }
        }
        guard let handle else { throw PQError(.connectionFailed, "libpq could not allocate a connection") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.clean(String(cString: PQerrorMessage(handle)), password: password)
            PQfinish(handle)
            throw PQError(.connectionFailed, message)
        }
        return PQHandle(connection: handle, password: password)
    }

    /// Refuses a URL that libpq cannot parse, or that carries a password.
    private static func checkURL(_ url: String) throws(PQError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &errorMessage) else {
            var reason = "malformed"
            if let errorMessage {
                reason = String(cString: errorMessage).trimmingCharacters(in: .whitespacesAndNewlines)
                PQfreemem(errorMessage)
            }
            throw PQError(.invalidConfiguration, "the database URL is not a libpq URI or conninfo string: \(reason)")
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let keyword = option.pointee.keyword {
            if String(cString: keyword) == "password", option.pointee.val != nil {
                throw PQError(
                    .invalidConfiguration,
                    "the database URL contains a password; give the password separately, never in the URL"
                )
            }
            option += 1
        }
    }

    /// A new cancel object for this connection (owned by ``PQCanceller``), or nil if libpq cannot make one.
    func makeCancel() -> OpaquePointer? { PQgetCancel(connection) }

    /// Whether libpq considers the connection broken.
    var isBroken: Bool { PQstatus(connection) != CONNECTION_OK }

    /// The connection's last libpq error message, trimmed and scrubbed of the password.
    var lastErrorMessage: String { Self.clean(String(cString: PQerrorMessage(connection)), password: password) }

    /// Runs one statement with its binds (blocking).
    func execute(_ query: PQQuery) throws(PQError) -> PQRows {
        let result = try withParameters(query.binds, sql: query.sql) { count, types, values, lengths, formats in
            PQexecParams(connection, query.sql, count, types, values, lengths, formats, 0)
        }
        return try rows(consuming: result, sql: query.sql)
    }

    /// Runs a script of several statements through the simple query protocol (no binds; blocking).
    func executeScript(_ sql: String) throws(PQError) {
        _ = try rows(consuming: PQexec(connection, sql), sql: sql)
    }

    /// Prepares `statement` on this session (blocking).
    func prepare(_ statement: PQPreparedStatement) throws(PQError) {
        let result = PQprepare(connection, statement.name, statement.sql, 0, nil)
        _ = try rows(consuming: result, sql: statement.sql)
    }

    /// Runs a statement prepared on this session (blocking).
    func execute(_ statement: PQPreparedStatement, binds: [PQBind]) throws(PQError) -> PQRows {
        let result = try withParameters(binds, sql: statement.sql) { count, _, values, lengths, formats in
            PQexecPrepared(connection, statement.name, count, values, lengths, formats, 0)
        }
        return try rows(consuming: result, sql: statement.sql)
    }

    /// Converts a result into rows or an error, and clears it.
    func rows(consuming result: OpaquePointer?, sql: String) throws(PQError) -> PQRows {
        guard let result else {
            throw PQError(isBroken ? .connectionLost : .unexpectedResult, lastErrorMessage, query: sql)
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return Self.copyRows(result)
        case PGRES_PIPELINE_ABORTED:
            throw PQError(.pipelineAborted, "not run: an earlier statement of the batch failed", query: sql)
        default:
            throw error(from: result, sql: sql)
        }
    }

    /// The struct error for a failed result.
    func error(from result: OpaquePointer, sql: String?) -> PQError {
        func field(_ code: UInt8) -> String? {
            guard let value = PQresultErrorField(result, Int32(code)) else { return nil }
            return String(cString: value)
        }
        // Field codes from postgres_ext.h: 'C' SQLSTATE, 'M' primary message, 'D' detail, 'H' hint.
        let sqlState = field(UInt8(ascii: "C"))
        let primary = field(UInt8(ascii: "M")) ?? lastErrorMessage
        let detail = [field(UInt8(ascii: "D")), field(UInt8(ascii: "H"))].compactMap { $0 }.joined(separator: "\n")
        let code: PQError.Code
        if isBroken || sqlState?.hasPrefix("08") == true || sqlState == "57P01" {
            code = .connectionLost
        } else {
            code = .server
        }
        return PQError(
            code,
            Self.clean(primary, password: password),
            sqlState: sqlState,
            detail: detail.isEmpty ? nil : detail,
            query: sql
        )
    }

    private static func copyRows(_ result: OpaquePointer) -> PQRows {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var values: [[String?]] = []
        values.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            values.append(
                (0..<Int32(columnCount)).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                }
            )
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PQRows(columns: columns, values: values, affectedRows: affected)
    }

    /// Lends C parameter arrays for `binds` (text binds as NUL-terminated strings, bytes as binary `bytea`).
    func withParameters<R>(
        _ binds: [PQBind],
        sql: String,
        _ body: (
            Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
            UnsafePointer<Int32>?
        ) -> R
    ) throws(PQError) -> R {
        var types: [Oid] = []
        var values: [UnsafeMutablePointer<CChar>?] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        defer { for value in values { free(value) } }
        try Self.validate(binds, sql: sql)
        for bind in binds {
            switch bind.storage {
            case .null:
                types.append(0)
                values.append(nil)
                lengths.append(0)
                formats.append(0)
            case .text(let text):
                types.append(0)
                values.append(strdup(text))
                lengths.append(0)
                formats.append(0)
            case .bytes(let bytes):
                let buffer = malloc(max(bytes.count, 1))!.assumingMemoryBound(to: CChar.self)
                bytes.withUnsafeBytes { raw in
                    if let base = raw.baseAddress { memcpy(buffer, base, bytes.count) }
                }
                types.append(17)  // bytea
                values.append(buffer)
                lengths.append(Int32(bytes.count))
                formats.append(1)
            }
        }
        let constValues = values.map { $0.map { UnsafePointer($0) } }
        return types.withUnsafeBufferPointer { typePointer in
            constValues.withUnsafeBufferPointer { valuePointer in
                lengths.withUnsafeBufferPointer { lengthPointer in
                    formats.withUnsafeBufferPointer { formatPointer in
                        body(
                            Int32(binds.count),
                            typePointer.baseAddress,
                            valuePointer.baseAddress,
                            lengthPointer.baseAddress,
                            formatPointer.baseAddress
                        )
                    }
                }
            }
        }
    }

    /// Refuses binds libpq cannot send: text with a NUL character (text parameters are C strings), bytes
    /// longer than a 32-bit length.
    static func validate(_ binds: [PQBind], sql: String) throws(PQError) {
        for (index, bind) in binds.enumerated() {
            switch bind.storage {
            case .null:
                continue
            case .text(let text):
                guard !text.utf8.contains(0) else {
                    throw PQError(
                        .invalidQuery,
                        "bind $\(index + 1) contains a NUL character, which PostgreSQL text cannot hold",
                        query: sql
                    )
                }
            case .bytes(let bytes):
                guard bytes.count <= Int(Int32.max) else {
                    throw PQError(.invalidQuery, "bind $\(index + 1) is longer than 2 GiB", query: sql)
                }
            }
        }
    }

    private static func clean(_ message: String, password: PQPassword?) -> String {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        return password?.scrub(trimmed) ?? trimmed
    }

    private static func withPasswordPointer<R>(
        _ password: PQPassword?,
        _ body: (UnsafePointer<CChar>?) -> R
    ) -> R {
        guard let password else { return body(nil) }
        return password.withCString { body($0) }
    }
}

/// Lends NUL-terminated copies of `strings`, followed by a `nil` terminator, as libpq's keyword arrays want.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { for copy in copies { free(copy) } }
    return body(copies.map { $0.map { UnsafePointer($0) } } + [nil])
}
