import Foundation
import Locking
import ProcessHardening

/// A throwaway PostgreSQL cluster for tests: `initdb` and `pg_ctl` run as the `postgres` user (PostgreSQL
/// refuses to run as root), listening on a free loopback port and a private socket folder.
///
/// TCP logins use `scram-sha-256`, so a wrong password really fails; the superuser `postgres` has a random
/// password (``superuserPassword``). Local socket logins (``psql(_:database:)``, the tests' back door for
/// setup and inspection) are trusted. Data is written with `fsync` on, as in production.
public final class PostgresServer: Sendable {
    /// The cluster's folder (data, logs, socket).
    public let directory: URL
    /// The TCP port on 127.0.0.1.
    public let port: Int
    /// PostgreSQL's binaries folder (`pg_config --bindir`).
    public let bin: String
    /// The superuser's password (throwaway, for this cluster only).
    public let superuserPassword: String

    private init(directory: URL, port: Int, bin: String, superuserPassword: String) {
        self.directory = directory
        self.port = port
        self.bin = bin
        self.superuserPassword = superuserPassword
    }

    /// Creates and starts a cluster. Throws ``MissingTool`` when PostgreSQL is not installed.
    public static func start() throws -> PostgresServer {
        let pgConfig = try TestEnvironment.requireTool("pg_config")
        let bin = try ProcessRunner.run(pgConfig, ["--bindir"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try TestEnvironment.requireTool("runuser")
        let directory = try TestEnvironment.temporaryDirectory("bot4-pg")
        let password = UUID().uuidString
        let passwordFile = directory.appendingPathComponent("pwfile")
        try Data((password + "\n").utf8).write(to: passwordFile)
        try ProcessRunner.run("/bin/chown", ["-R", "postgres", directory.path])
        let initdb = try ProcessRunner.run(
            "/usr/sbin/runuser",
            [
                "-u", "postgres", "--", "\(bin)/initdb", "-D", "\(directory.path)/data", "-U", "postgres",
                "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=\(passwordFile.path)", "--no-sync",
                "-E", "UTF8", "--locale=C.UTF-8",
            ]
        )
        try? FileManager.default.removeItem(at: passwordFile)
        guard initdb.status == 0 else { throw PostgresServerError("initdb failed: \(initdb.err)") }
        let server = PostgresServer(
            directory: directory,
            port: LoopbackPort.free(),
            bin: bin,
            superuserPassword: password
        )
        try server.pgctl(["-l", "\(directory.path)/server.log", "-w", "-t", "30", "-o", server.options, "start"])
        return server
    }

    private var options: String { "-c listen_addresses=127.0.0.1 -p \(port) -k \(directory.path)" }

    /// Stops the cluster (fast shutdown) and removes its folder.
    public func stop() {
        try? pgctl(["-m", "fast", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Restarts the server (fast shutdown: open connections are cut), keeping its data.
    public func restart() throws {
        try pgctl(["-m", "fast", "-w", "-t", "30", "-o", options, "restart"])
    }

    /// Stops the server, keeping its data (``startAgain()`` brings it back).
    public func halt() throws {
        try pgctl(["-m", "fast", "-w", "stop"])
    }

    /// Starts a halted server again.
    public func startAgain() throws {
        try pgctl(["-l", "\(directory.path)/server.log", "-w", "-t", "30", "-o", options, "start"])
    }

    /// A libpq URI for `database` over TCP, without credentials.
    public func url(database: String = "postgres", parameters: String = "sslmode=disable") -> String {
        "postgresql://127.0.0.1:\(port)/\(database)?\(parameters)"
    }

    /// Runs SQL as the superuser through the local socket (the SQL goes on standard input, never in argv);
    /// returns psql's unaligned, tuples-only output.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let result = try ProcessRunner.run(
            "/usr/sbin/runuser",
            [
                "-u", "postgres", "--", "\(bin)/psql", "-h", directory.path, "-p", "\(port)", "-d", database,
                "-v", "ON_ERROR_STOP=1", "-tA", "-f", "-",
            ],
            input: Data(sql.utf8)
        )
        guard result.status == 0 else { throw PostgresServerError("psql failed: \(result.err)") }
        return result.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Creates a fresh database and returns its name.
    public func createDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try psql("CREATE DATABASE \(name)")
        return name
    }

    private func pgctl(_ arguments: [String]) throws {
        let status = try Self.detached(
            "/usr/sbin/runuser",
            ["-u", "postgres", "--", "\(bin)/pg_ctl", "-D", "\(directory.path)/data"] + arguments,
            log: directory.appendingPathComponent("pg_ctl.log")
        )
        guard status == 0 else {
            throw PostgresServerError("pg_ctl \(arguments.last ?? "") failed (see \(directory.path)/pg_ctl.log)")
        }
    }

    /// Runs a command with its output going to `log` and no standard input; returns its exit status.
    /// ``ProcessHardening/runDetached(_:_:log:)``: Foundation's Process would wait for the descriptors the
    /// daemon pg_ctl starts keeps open, and the daemon must not hold another test's pipe either.
    public static func detached(_ executable: String, _ arguments: [String], log: URL) throws -> Int32 {
        do {
            return try ProcessHardening.runDetached(executable, arguments, log: log.path)
        } catch {
            throw PostgresServerError(error.description)
        }
    }
}

extension PostgresServer {
    private static let sharedLock = LockedState()
    nonisolated(unsafe) private static var sharedServer: PostgresServer?

    /// One cluster shared by every test of the process, started on first use and stopped when the process
    /// exits. Tests isolate themselves with ``createDatabase()``; a test that restarts or stops the server
    /// starts its own with ``start()``.
    public static func shared() throws -> PostgresServer {
        try sharedLock.withLock { () throws -> PostgresServer in
            if let sharedServer { return sharedServer }
            let server = try start()
            sharedServer = server
            atexit { PostgresServer.sharedServer?.stop() }
            return server
        }
    }
}

/// A test server could not be set up.
public struct PostgresServerError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
    init(_ description: String) { self.description = description }
}
