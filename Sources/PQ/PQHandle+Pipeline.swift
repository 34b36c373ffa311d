import CLibPQ
import Foundation

extension PQHandle {
    /// Sends `queries` in libpq's pipeline mode followed by one sync, and reads every result.
    ///
    /// Everything up to a sync is one implicit transaction on the server: when one statement fails, the
    /// statements before it are rolled back and the ones after it are not run. The error thrown is the first
    /// failure, with its index in ``PQError/message``. Inside an explicit transaction (`BEGIN` already sent),
    /// the batch joins that transaction instead, which the failure leaves aborted.
    ///
    /// The socket is switched to non-blocking while sending, and input is drained whenever the output buffer
    /// is full, so that a large batch cannot deadlock with a server that is waiting for its results to be read.
    func pipeline(_ queries: [PQQuery]) throws(PQError) -> [PQRows] {
        var none = Set<String>()
        return try pipeline(queries, names: Array(repeating: nil, count: queries.count), prepared: &none)
    }

    /// ``pipeline(_:)`` with named statements: a query with a name runs as that prepared statement, prepared
    /// first in the same batch when `prepared` (the names this session has) lacks it; a name is added to
    /// `prepared` once the server has confirmed its preparation.
    func pipeline(
        _ queries: [PQQuery],
        names: [String?],
        prepared: inout Set<String>
    ) throws(PQError) -> [PQRows] {
        guard !queries.isEmpty else { return [] }
        precondition(names.count == queries.count, "one name (or nil) per query")
        // Every bind is checked before anything is sent: a refusal half-way would leave the connection in
        // pipeline mode with statements queued and no sync.
        for (index, query) in queries.enumerated() {
            do {
                try Self.validate(query.binds, sql: query.sql)
            } catch {
                throw PQError(
                    error.code,
                    "statement \(index + 1) of \(queries.count) in the batch",
                    query: error.query,
                    underlying: error
                )
            }
        }
        guard PQenterPipelineMode(connection) == 1 else {
            throw PQError(.unexpectedResult, "cannot enter pipeline mode: \(lastErrorMessage)")
        }
        guard PQsetnonblocking(connection, 1) == 0 else {
            throw PQError(.unexpectedResult, "cannot make the connection non-blocking: \(lastErrorMessage)")
        }
        defer {
            _ = PQexitPipelineMode(connection)
            _ = PQsetnonblocking(connection, 0)
        }
        var preparing = Array(repeating: false, count: queries.count)
        var preparedHere = Set<String>()
        for (index, query) in queries.enumerated() {
            let sent: Int32
            if let name = names[index] {
                if !prepared.contains(name) && !preparedHere.contains(name) {
                    guard PQsendPrepare(connection, name, query.sql, 0, nil) == 1 else {
                        throw lost("cannot send the preparation of a statement of the batch")
                    }
                    preparing[index] = true
                    preparedHere.insert(name)
                }
                sent = try withParameters(query.binds, sql: query.sql) { count, _, values, lengths, formats in
                    PQsendQueryPrepared(connection, name, count, values, lengths, formats, 0)
                }
            } else {
                sent = try withParameters(query.binds, sql: query.sql) { count, types, values, lengths, formats in
                    PQsendQueryParams(connection, query.sql, count, types, values, lengths, formats, 0)
                }
            }
            guard sent == 1 else { throw lost("cannot send a statement of the batch") }
            try flushOutput()
        }
        guard PQpipelineSync(connection) == 1 else { throw lost("cannot send the batch's sync") }
        try flushOutput()

        var results: [PQRows] = []
        var firstError: PQError?
        for (index, query) in queries.enumerated() {
            if preparing[index], let name = names[index] {
                // The preparation's own result comes first.
                if try readResult(of: query, "preparing statement \(index + 1) of \(queries.count)", into: &firstError)
                    != nil
                {
                    prepared.insert(name)
                }
            }
            if let rows = try readResult(of: query, "statement \(index + 1) of \(queries.count)", into: &firstError) {
                results.append(rows)
            }
        }
        guard let sync = try nextResult() else { throw lost("the batch ended without its sync result") }
        let status = PQresultStatus(sync)
        PQclear(sync)
        guard status == PGRES_PIPELINE_SYNC else {
            throw PQError(.unexpectedResult, "the batch ended with result status \(status.rawValue), not a sync")
        }
        if let firstError { throw firstError }
        return results
    }

    /// Reads one result of a batch and the nil that ends it. A failed statement gives nil and, if it is the
    /// batch's first, becomes `firstError` (the later statements of the batch were not run); a lost connection
    /// is thrown at once.
    private func readResult(
        of query: PQQuery,
        _ what: String,
        into firstError: inout PQError?
    ) throws(PQError) -> PQRows? {
        let result = try nextResult()
        var read: PQRows?
        do {
            read = try rows(consuming: result, sql: query.sql)
        } catch {
            if firstError == nil {
                firstError = PQError(
                    error.code,
                    "\(what) in the batch",
                    sqlState: error.sqlState,
                    detail: error.detail,
                    query: error.query,
                    underlying: error
                )
            }
            if error.code == .connectionLost { throw firstError! }
        }
        if let extra = try nextResult() {
            PQclear(extra)
            throw PQError(.unexpectedResult, "\(what) of the batch returned several results")
        }
        return read
    }

    /// Whether a batch ended without leaving pipeline mode (its results were cut off): the handle can run
    /// nothing else and must be discarded.
    var isLeftInPipelineMode: Bool { PQpipelineStatus(connection) != PQ_PIPELINE_OFF }

    /// Waits (on the socket, not spinning) until libpq has a whole result, then returns it (nil ends a
    /// statement's results).
    private func nextResult() throws(PQError) -> OpaquePointer? {
        while PQisBusy(connection) == 1 {
            try waitForSocket(events: Int16(POLLIN))
            guard PQconsumeInput(connection) == 1 else { throw lost("reading the batch's results failed") }
        }
        return PQgetResult(connection)
    }

    /// Flushes the output buffer, reading input meanwhile so that the server never blocks on its own writes.
    private func flushOutput() throws(PQError) {
        while true {
            let state = PQflush(connection)
            if state == 0 { return }
            guard state == 1 else { throw lost("sending the batch failed") }
            let ready = try waitForSocket(events: Int16(POLLIN | POLLOUT))
            if ready & Int16(POLLIN) != 0, PQconsumeInput(connection) != 1 {
                throw lost("reading while sending the batch failed")
            }
        }
    }

    @discardableResult
    private func waitForSocket(events: Int16) throws(PQError) -> Int16 {
        var descriptor = pollfd(fd: PQsocket(connection), events: events, revents: 0)
        guard descriptor.fd >= 0 else { throw lost("the connection has no socket") }
        while true {
            let ready = poll(&descriptor, 1, -1)
            if ready > 0 { return descriptor.revents }
            if ready < 0 && errno != EINTR { throw lost("poll failed: \(String(cString: strerror(errno)))") }
        }
    }

    private func lost(_ what: String) -> PQError {
        PQError(isBroken ? .connectionLost : .unexpectedResult, "\(what): \(lastErrorMessage)")
    }
}
