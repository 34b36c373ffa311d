import CLibPQ

/// One PostgreSQL connection through libpq, on a thread of its own.
///
/// The actor runs on a dedicated thread (its own serial executor), so that libpq's blocking calls never hold
/// a thread of the cooperative pool; callers `await` its methods from anywhere. It opens its connection on
/// first use and reopens it after a loss, as ``PQConnectionStateMachine`` decides: a statement that finds the
/// connection dead fails with ``PQError/Code/connectionLost`` (its outcome is unknown: it is never retried
/// silently), and the next call reconnects; while reconnecting keeps failing, calls fail fast with
/// ``PQError/Code/backingOff``.
///
/// ```swift
/// let connection = PQConnection(PQConfiguration(url: url, user: user, password: PQPassword(secret)))
/// let rows = try await connection.query("SELECT free FROM balances WHERE asset = \(asset)")
/// try await connection.transaction { connection in
///     try connection.execute("UPDATE balances SET free = free - \(amount) WHERE asset = \(asset)")
/// }
/// ```
public actor PQConnection {
    private let executor: PQThreadExecutor
    private let canceller = PQCanceller()
    private let configuration: PQConfiguration
    private var machine: PQConnectionStateMachine
    private var handle: PQHandle?
    private var preparedOnSession: Set<String> = []
    private var pipelineStatementNames: [String: String] = [:]
    private var inTransaction = false

    /// Runs the actor on its own thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Creates a connection; it opens on first use.
    public init(_ configuration: PQConfiguration) {
        self.configuration = configuration
        self.machine = PQConnectionStateMachine(backoff: configuration.backoff)
        self.executor = PQThreadExecutor(name: "pq-connection")
    }

    deinit { executor.stop() }

    /// The connection state machine's current state.
    public var state: PQConnectionStateMachine.State { machine.state }

    /// Opens the connection now if it is not open (otherwise the first statement does).
    /// - Throws: ``PQError`` with ``PQError/Code/connectionFailed`` when the server refuses or cannot be reached.
    public func connect() throws(PQError) {
        _ = try readyHandle()
    }

    /// Asks the server to cancel the statement this connection is running, from any task or thread; that
    /// statement then fails with ``PQError/Code/server`` and SQLSTATE `57014` (and an open transaction is
    /// rolled back by ``transaction(_:)``). Returns whether the request was sent; when nothing is running, the
    /// request is harmless.
    public nonisolated func cancelRunningStatement() -> Bool {
        canceller.cancel()
    }

    /// Closes the connection for good; later calls fail with ``PQError/Code/closed``.
    public func close() {
        _ = machine.close()
        drop()
    }

    /// Runs one statement and returns its rows.
    /// - Throws: ``PQError``: ``PQError/Code/server`` with the SQLSTATE when the server refuses it.
    @discardableResult
    public func query(_ query: PQQuery) throws(PQError) -> PQRows {
        try run { handle throws(PQError) in try handle.execute(query) }
    }

    /// Runs one statement and returns how many rows it affected.
    @discardableResult
    public func execute(_ query: PQQuery) throws(PQError) -> Int {
        try self.query(query).affectedRows
    }

    /// Runs a script of several `;`-separated statements with no binds (a migration, say), through the
    /// simple query protocol. The caller vouches for the text: nothing in it may come from outside.
    public func runScript(unsafeSQL sql: String) throws(PQError) {
        try run { handle throws(PQError) in try handle.executeScript(sql) }
    }

    /// Runs a prepared statement, preparing it on this session first if needed.
    @discardableResult
    public func query(_ statement: PQPreparedStatement, _ binds: [any PQBindable]) throws(PQError) -> PQRows {
        let values = binds.map(\.pqBind)
        return try run { handle throws(PQError) in
            if !preparedOnSession.contains(statement.name) {
                try handle.prepare(statement)
                preparedOnSession.insert(statement.name)
            }
            return try handle.execute(statement, binds: values)
        }
    }

    /// Sends `queries` as one pipeline batch with one sync: a single round trip, and a single transaction.
    ///
    /// Outside ``transaction(_:)``, the batch is one implicit transaction: **if any statement fails, none of
    /// the batch's effects remain** (the earlier ones are rolled back, the later ones are not run), and the
    /// error names the failing statement's position. Inside ``transaction(_:)`` the batch joins it.
    /// - Returns: one ``PQRows`` per query, in order.
    @discardableResult
    public func pipeline(_ queries: [PQQuery]) throws(PQError) -> [PQRows] {
        try run { handle throws(PQError) in try handle.pipeline(queries) }
    }

    /// ``pipeline(_:)`` with every statement prepared on this session, so that the server parses and plans
    /// each distinct text once rather than at every batch: a text seen for the first time is prepared in the
    /// same batch. For statements whose texts repeat (the same shape, other values); at most
    /// ``maximumPipelineStatements`` texts are kept per session, later ones run unnamed.
    @discardableResult
    public func pipeline(preparing queries: [PQQuery]) throws(PQError) -> [PQRows] {
        let names = queries.map { query -> String? in
            if let name = pipelineStatementNames[query.sql] { return name }
            guard pipelineStatementNames.count < Self.maximumPipelineStatements else { return nil }
            let name = "pq_pipeline_\(pipelineStatementNames.count + 1)"
            pipelineStatementNames[query.sql] = name
            return name
        }
        return try run { handle throws(PQError) in
            try handle.pipeline(queries, names: names, prepared: &preparedOnSession)
        }
    }

    /// The most statement texts ``pipeline(preparing:)`` prepares on one session.
    public static let maximumPipelineStatements = 512

    /// Runs `body` in a transaction (`BEGIN` … `COMMIT`), on this connection's thread; any error thrown by
    /// `body` or by the commit rolls it back and is rethrown.
    ///
    /// `body` is synchronous: the transaction holds the connection, and nothing else runs on it meanwhile.
    public func transaction<Result: Sendable>(
        _ body: @Sendable (isolated PQConnection) throws -> Result
    ) throws -> Result {
        guard !inTransaction else {
            throw PQError(.invalidQuery, "a transaction is already open on this connection (no nesting)")
        }
        try execute("BEGIN")
        inTransaction = true
        defer { inTransaction = false }
        do {
            let result = try body(self)
            try execute("COMMIT")
            return result
        } catch {
            if let handle, !handle.isBroken { _ = try? handle.execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `work` on the open handle (for this module's extensions).
    func withHandle<Result>(_ work: (PQHandle) throws(PQError) -> Result) throws(PQError) -> Result {
        try run(work)
    }

    /// Runs `work` on an open handle, opening or reopening it first as the state machine says, and reports a
    /// broken connection back to the state machine.
    private func run<Result>(_ work: (PQHandle) throws(PQError) -> Result) throws(PQError) -> Result {
        let handle = try readyHandle()
        do {
            return try work(handle)
        } catch {
            // A batch cut off half-way (the server ended the session while its results were read) leaves
            // libpq in pipeline mode, where no other statement can run: that handle is as lost as a closed one.
            if handle.isBroken || handle.isLeftInPipelineMode {
                if machine.connectionLost(now: .now) == .discardHandle { drop() }
                throw PQError(
                    .connectionLost,
                    error.message,
                    sqlState: error.sqlState,
                    detail: error.detail,
                    query: error.query
                )
            }
            throw error
        }
    }

    private func readyHandle() throws(PQError) -> PQHandle {
        switch machine.operationRequested(now: .now) {
        case .use:
            if let handle { return handle }
            throw PQError(.unexpectedResult, "the connection is marked open but has no handle")
        case .connect:
            let opened: PQHandle
            do {
                opened = try PQHandle.open(configuration)
            } catch {
                _ = machine.connectFailed(now: .now)
                throw error
            }
            if machine.connectSucceeded() == .discardHandle { throw PQError(.closed, "the connection was closed") }
            handle = opened
            preparedOnSession = []
            canceller.replace(with: opened.makeCancel())
            return opened
        case .failFast(let retryAt):
            let wait = retryAt - .now
            throw PQError(.backingOff, "the database is unreachable; the next attempt is due in \(wait)")
        case .refuse, .discardHandle, .none:
            throw PQError(.closed, "the connection was closed")
        }
    }

    private func drop() {
        canceller.replace(with: nil)
        handle = nil
        preparedOnSession = []
        inTransaction = false
    }
}
