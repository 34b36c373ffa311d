import Foundation

/// A real OpenBao server for one test: `bao server -dev` (optionally `-dev-tls`) or a single-node raft
/// server, on free loopback ports, stopped by the PID it started.
public final class OpenBaoServer: @unchecked Sendable {
    // @unchecked Sendable: the fields are set once at start; `process` is only used by stop().
    /// `http(s)://127.0.0.1:<port>`.
    public let address: String
    /// The root token (the dev server's, or the raft server's from its initialisation).
    public let rootToken: String
    /// The server's own folder (its log, CA, raft data), removed by `tearDown()`.
    public let directory: URL
    /// The API port (the cluster port is the next one).
    public let port: Int
    /// The running `bao server`.
    public private(set) var process: Process
    private let arguments: [String]
    private let bao: String
    /// The CA of a `-dev-tls` server.
    public var caFile: String { directory.appendingPathComponent("vault-ca.pem").path }

    private init(bao: String, arguments: [String], address: String, rootToken: String, directory: URL, port: Int) throws
    {
        self.bao = bao
        self.arguments = arguments
        self.address = address
        self.rootToken = rootToken
        self.directory = directory
        self.port = port
        self.process = try OpenBaoServer.launch(bao: bao, arguments: arguments, directory: directory)
    }

    private static func launch(bao: String, arguments: [String], directory: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bao)
        process.arguments = arguments
        let log = directory.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = directory.path
        for key in env.keys where key.hasPrefix("VAULT_") || key.hasPrefix("BAO_") { env[key] = nil }
        process.environment = env
        try process.run()
        return process
    }

    /// Two free consecutive loopback ports (the API port and OpenBao's cluster port, API + 1).
    public static func freePort() -> Int { LoopbackPort.free() }

    /// Starts a dev server (in-memory, KV v2 at `secret/`), TLS with its own CA when `tls` is set, with
    /// `extraConfig` (HCL, such as another listener) added to the dev configuration.
    public static func startDev(tls: Bool = false, extraConfig: String? = nil) throws -> OpenBaoServer {
        let bao = try TestEnvironment.requireTool("bao")
        let dir = try TestEnvironment.temporaryDirectory("bot4-openbao")
        let port = freePort()
        let token = "root-" + UUID().uuidString
        var args = [
            "server", "-dev", "-dev-listen-address=127.0.0.1:\(port)", "-dev-root-token-id=\(token)",
            "-dev-no-store-token",
        ]
        if tls { args += ["-dev-tls", "-dev-tls-cert-dir=\(dir.path)"] }
        if let extraConfig {
            let file = dir.appendingPathComponent("extra.hcl")
            try extraConfig.write(to: file, atomically: true, encoding: .utf8)
            args.append("-config=\(file.path)")
        }
        let server = try OpenBaoServer(
            bao: bao,
            arguments: args,
            address: "\(tls ? "https" : "http")://127.0.0.1:\(port)",
            rootToken: token,
            directory: dir,
            port: port
        )
        try server.waitReady(tls: tls)
        return server
    }

    /// Starts a single-node raft server (data kept across restarts), initialised and unsealed.
    public static func startRaft() throws -> (server: OpenBaoServer, unsealKey: String) {
        let bao = try TestEnvironment.requireTool("bao")
        let dir = try TestEnvironment.temporaryDirectory("bot4-openbao-raft")
        let port = freePort()
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("raft"),
            withIntermediateDirectories: true
        )
        let config = """
            storage "raft" {
              path = "\(dir.path)/raft"
              node_id = "n1"
            }
            listener "tcp" {
              address = "127.0.0.1:\(port)"
              cluster_address = "127.0.0.1:\(port + 1)"
              tls_disable = true
            }
            api_addr = "http://127.0.0.1:\(port)"
            cluster_addr = "http://127.0.0.1:\(port + 1)"
            disable_mlock = true
            """
        let configFile = dir.appendingPathComponent("server.hcl")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        let address = "http://127.0.0.1:\(port)"
        let temp = try OpenBaoServer(
            bao: bao,
            arguments: ["server", "-config=\(configFile.path)"],
            address: address,
            rootToken: "",
            directory: dir,
            port: port
        )
        try temp.waitListening()
        let initialized = try temp.call(
            "POST",
            "sys/init",
            body: #"{"secret_shares":1,"secret_threshold":1}"#,
            token: nil,
            maxTime: 120  // raft writes and syncs its first entries: slow on a loaded machine
        )
        guard let key = (initialized.json?["keys_base64"] as? [String])?.first,
            let root = initialized.json?["root_token"] as? String
        else { throw OpenBaoServerError("raft init failed: \(initialized.status)") }
        let server = OpenBaoServer(copying: temp, rootToken: root)
        try server.unseal(key)
        return (server, key)
    }

    private init(copying other: OpenBaoServer, rootToken: String) {
        self.bao = other.bao
        self.arguments = other.arguments
        self.address = other.address
        self.rootToken = rootToken
        self.directory = other.directory
        self.port = other.port
        self.process = other.process
    }

    /// Unseals and waits until active.
    public func unseal(_ key: String) throws {
        _ = try call("POST", "sys/unseal", body: #"{"key":"\#(key)"}"#, token: nil, maxTime: 60)
        // Leader election and the first raft writes: up to a minute on a loaded machine.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if (try? call("GET", "sys/health", token: nil, maxTime: 5).status) == 200 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw OpenBaoServerError("the raft server did not become active")
    }

    /// Stops the server and waits for it. SIGKILL: a child of the test runner may inherit SIGTERM blocked,
    /// and raft keeps what it committed across a kill (which is what the restart tests need anyway).
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Restarts the same server (raft: sealed afterwards).
    public func restart() throws {
        stop()
        for _ in 0..<50 {
            if LoopbackPort.isFree(port) { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process = try OpenBaoServer.launch(bao: bao, arguments: arguments, directory: directory)
        try waitListening()
    }

    /// Stops the server and removes its folder.
    public func tearDown() {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func waitListening() throws {
        for _ in 0..<150 {
            if let result = try? call("GET", "sys/health", token: nil), result.status != 0 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw OpenBaoServerError("OpenBao did not start on \(address)")
    }

    private func waitReady(tls: Bool) throws {
        for _ in 0..<150 {
            if tls, !FileManager.default.fileExists(atPath: caFile) {
                Thread.sleep(forTimeInterval: 0.1)
                continue
            }
            if let result = try? call("GET", "sys/health", token: nil), result.status == 200 { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw OpenBaoServerError("OpenBao did not become ready on \(address)")
    }

    /// The answer of one API call.
    public struct Result {
        /// The HTTP status (0 when curl got no answer).
        public let status: Int
        /// The body.
        public let body: String
        /// The body parsed as a JSON object.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }
        /// `data` of the envelope.
        public var data: [String: Any]? { json?["data"] as? [String: Any] }
    }

    /// One API call with curl (an independent HTTP client), as root unless told otherwise, given `maxTime`
    /// seconds in all.
    @discardableResult
    public func call(
        _ method: String,
        _ path: String,
        body: String? = nil,
        token: String?? = .none,
        headers: [String] = [],
        maxTime: Int = 10
    )
        throws -> Result
    {
        let useToken: String? =
            switch token {
            case .none: rootToken
            case .some(let given): given
            }
        var args = ["-s", "-S", "-o", "-", "-w", "\n%{http_code}", "-X", method, "--max-time", String(maxTime)]
        if address.hasPrefix("https") { args += ["--cacert", caFile] }
        if let useToken, !useToken.isEmpty { args += ["-H", "X-Vault-Token: \(useToken)"] }
        for header in headers { args += ["-H", header] }
        if let body { args += ["-H", "Content-Type: application/json", "--data-binary", body] }
        args.append("\(address)/v1/\(path)")
        let result = try ProcessRunner.run("/usr/bin/curl", args)
        let text = result.out
        guard let newline = text.lastIndex(of: "\n") else { return Result(status: 0, body: text) }
        return Result(status: Int(text[text.index(after: newline)...]) ?? 0, body: String(text[..<newline]))
    }

    /// Creates a token with `policies` and `ttl`, returning the token.
    public func createToken(policies: [String], ttl: String = "1h", extra: String = "") throws -> String {
        let list = policies.map { "\"\($0)\"" }.joined(separator: ",")
        let result = try call("POST", "auth/token/create", body: #"{"policies":[\#(list)],"ttl":"\#(ttl)"\#(extra)}"#)
        guard let token = (result.json?["auth"] as? [String: Any])?["client_token"] as? String else {
            throw OpenBaoServerError("token create failed: \(result.status)")
        }
        return token
    }

    /// Writes a policy.
    public func writePolicy(_ name: String, _ hcl: String) throws {
        let escaped = hcl.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        let result = try call("PUT", "sys/policies/acl/\(name)", body: #"{"policy":"\#(escaped)"}"#)
        guard result.status == 204 || result.status == 200 else {
            throw OpenBaoServerError("policy write failed: \(result.body)")
        }
    }

    /// Writes a KV v2 secret at `secret/<path>` as root.
    ///
    /// A KV v2 mount that was just enabled (or a server just restarted) answers 400 "Upgrading from non-versioned to
    /// versioned data" for a moment: the write is tried again for up to 30 s.
    public func putKV2(_ path: String, _ json: String) throws {
        let deadline = Date().addingTimeInterval(30)
        while true {
            let result = try call("POST", "secret/data/\(path)", body: #"{"data":\#(json)}"#)
            if result.status == 200 { return }
            guard result.status == 400, result.body.contains("Upgrading from non-versioned"), Date() < deadline else {
                throw OpenBaoServerError("kv put failed: \(result.status) \(result.body)")
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }
}

/// An OpenBao test server (or a fixture around it) could not be set up.
public struct OpenBaoServerError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
