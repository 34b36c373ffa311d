import AsyncHTTPClient
import Foundation
import JSON
import Locking
import NIOCore
import NIOHTTP1
import NIOSSL
import Sodium
import TOMLPrecheck

/// A client of the Vault HTTP API (Vault and OpenBao), over AsyncHTTPClient.
///
/// - Every request carries `X-Vault-Request: true`, the token (when there is one) and the namespace.
/// - Retries follow the Go client (``RetryPolicy``): connection errors, 412, 429 and 5xx except 501, with a
///   linear jittered wait or the server's `Retry-After`; TLS certificate failures are never retried.
/// - A 403 is told apart: if the body says `invalid token`, or `auth/token/lookup-self` is refused too, the
///   token is dead (``VaultError/Code/invalidToken``) and, when the client logged in itself
///   (``login(appRoleID:secretID:mount:)``), it logs in again once and repeats the request; otherwise it is a
///   policy denial (``VaultError/Code/permissionDenied``) and is never retried.
/// - Redirects are not followed (a standby node's 307 is reported with its target host).
///
/// Call ``shutdown()`` when done.
public final class VaultClient: Sendable {
    /// The configuration the client was made with (its token may have changed since: see ``token``).
    public let configuration: VaultConfiguration
    private let http: HTTPClient
    private let state: LockedState<State>
    private let baseURL: String

    private struct State: @unchecked Sendable {
        // @unchecked Sendable: SecureBytes is itself Sendable; the struct only lives inside the LockedState.
        var token: SecureBytes?
        var relogin: AppRoleLogin?
        var engines: [String: SecretsEngine] = [:]
    }

    /// What a re-login needs: the role id and the (unwrapped) secret id.
    struct AppRoleLogin: @unchecked Sendable {
        let roleID: String
        let secretID: SecureBytes
        let mount: String
    }

    /// Makes a client; TLS material is loaded now so that a bad file fails here.
    /// - Throws: ``VaultError/Code/configuration`` naming a TLS file that cannot be used.
    public init(configuration: VaultConfiguration) throws(VaultError) {
        self.configuration = configuration
        var base = configuration.address
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        do {
            if let file = configuration.caCertFile {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            } else if let dir = configuration.caPath {
                let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
                var roots: [NIOSSLCertificate] = []
                for name in names where name.hasSuffix(".pem") || name.hasSuffix(".crt") {
                    roots += try NIOSSLCertificate.fromPEMFile(dir + "/" + name)
                }
                tls.trustRoots = .certificates(roots)
            }
            if let cert = configuration.clientCertFile, let key = configuration.clientKeyFile {
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
        } catch {
            throw VaultError(
                .configuration,
                "cannot load the TLS files (VAULT_CACERT/CAPATH/CLIENT_CERT/KEY)",
                underlying: error
            )
        }
        if configuration.skipVerify { tls.certificateVerification = .none }
        let seconds = max(1, Int64(DurationText.seconds(configuration.timeout).rounded(.up)))
        let httpConfiguration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .milliseconds(Int64(DurationText.seconds(configuration.connectTimeout) * 1000)),
                read: .seconds(seconds)
            )
        )
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: httpConfiguration)
        state = LockedState(State(token: configuration.token))
    }

    /// Closes the connections. The client cannot be used afterwards.
    public func shutdown() async {
        try? await http.shutdown()
    }

    /// A client dropped without ``shutdown()`` (a caller leaving early on a thrown error) shuts its HTTP client down
    /// here: AsyncHTTPClient traps in debug builds on a client released while running, and keeps itself alive until
    /// a shutdown started here completes. After ``shutdown()`` this is a no-op that reports "already shut down".
    deinit {
        http.shutdown { _ in }
    }

    /// The token in use (after a login, the login's token).
    public var token: SecureBytes? {
        get { state.withLock { $0.token } }
    }

    /// Replaces the token (and forgets a remembered AppRole login).
    public func setToken(_ token: SecureBytes?) {
        state.withLock {
            $0.token = token
            $0.relogin = nil
        }
    }

    func remember(login: AppRoleLogin, token: SecureBytes) {
        state.withLock {
            $0.relogin = login
            $0.token = token
        }
    }

    func cache(engine: SecretsEngine) { state.withLock { $0.engines[engine.path] = engine } }
    func cachedEngine(covering path: String) -> SecretsEngine? {
        state.withLock { s in s.engines.values.filter { path.hasPrefix($0.path) }.max { $0.path.count < $1.path.count }
        }
    }

    // MARK: Requests

    /// How a request authenticates.
    enum TokenUse: Sendable {
        /// The client's token.
        case client
        /// No token (login routes).
        case none
        /// A given token (a wrapping token).
        case explicit(SecureBytes)
    }

    /// What came back, before interpretation.
    struct RawResponse: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
    }

    /// Sends one logical request and interprets the answer.
    ///
    /// - Returns: the envelope, or nil for a 204.
    /// - Throws: ``VaultError`` with the code of the status (and the 403 meaning worked out).
    @discardableResult
    public func request(
        _ method: HTTPMethod,
        _ path: String,
        query: String? = nil,
        body: JSONValue? = nil,
        wrapTTL: String? = nil
    ) async throws(VaultError) -> VaultResponse? {
        try await request(method, path, query: query, body: body, token: .client, wrapTTL: wrapTTL, reauth: true)
    }

    @discardableResult
    func request(
        _ method: HTTPMethod,
        _ path: String,
        query: String? = nil,
        body: JSONValue? = nil,
        token: TokenUse,
        wrapTTL: String? = nil,
        reauth: Bool = true,
        envelopeOn404: Bool = false
    ) async throws(VaultError) -> VaultResponse? {
        let raw = try await send(method, path, query: query, body: body, token: token, wrapTTL: wrapTTL)
        // KV v2 answers a deleted or destroyed version with 404 and a full envelope whose metadata says so.
        if raw.status == 404, envelopeOn404, let json = try? VaultJSON.parse(raw.body), json["data"]?.objectValue != nil
        {
            return try VaultResponse(json: json, path: path)
        }
        if (200..<300).contains(raw.status) {
            if raw.body.isEmpty || raw.status == 204 { return nil }
            return try VaultResponse(json: try VaultJSON.parse(raw.body), path: path)
        }
        var error = VaultClient.failure(status: raw.status, headers: raw.headers, body: raw.body, path: path)
        if raw.status == 403, case .client = token {
            error = try await classifyForbidden(error, path: path)
            if error.code == .invalidToken, reauth, let login = state.withLock({ $0.relogin }) {
                try await relogin(login)
                return try await request(
                    method,
                    path,
                    query: query,
                    body: body,
                    token: .client,
                    wrapTTL: wrapTTL,
                    reauth: false,
                    envelopeOn404: envelopeOn404
                )
            }
        }
        throw error
    }

    /// Tells a dead token from a policy denial (OpenBao's bodies carry no `invalid token`: ask lookup-self).
    private func classifyForbidden(_ error: VaultError, path: String) async throws(VaultError) -> VaultError {
        let deadToken = { (reason: String) in
            VaultError(
                .invalidToken,
                "\(path): the token is invalid, expired or revoked (\(reason))",
                status: 403,
                serverMessages: error.serverMessages
            )
        }
        if error.serverMessages.contains(where: { $0.contains("invalid token") }) {
            return deadToken("the server said invalid token")
        }
        if path == "auth/token/lookup-self" { return deadToken("lookup-self was refused") }
        if token == nil { return deadToken("no token is configured") }
        let check = try await send(.GET, "auth/token/lookup-self", query: nil, body: nil, token: .client, wrapTTL: nil)
        if check.status == 403 { return deadToken("lookup-self was refused too") }
        return VaultError(
            .permissionDenied,
            "\(path): permission denied by policy (the token itself is valid)",
            status: 403,
            serverMessages: error.serverMessages
        )
    }

    private func relogin(_ login: AppRoleLogin) async throws(VaultError) {
        _ = try await loginAppRole(roleID: login.roleID, secretID: login.secretID, mount: login.mount)
    }

    /// Sends with the retry policy; returns the last answer (any status) or throws a transport failure.
    func send(
        _ method: HTTPMethod,
        _ path: String,
        query: String?,
        body: JSONValue?,
        token: TokenUse,
        wrapTTL: String?
    ) async throws(VaultError) -> RawResponse {
        let policy = RetryPolicy(
            maxRetries: configuration.maxRetries,
            minWait: configuration.minRetryWait,
            maxWait: configuration.maxRetryWait
        )
        let encodedPath = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
        var url = baseURL + "/v1/" + encodedPath
        if let query { url += "?" + query }
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "X-Vault-Request", value: "true")
            if let namespace = configuration.namespace {
                request.headers.add(name: "X-Vault-Namespace", value: namespace)
            }
            if let wrapTTL { request.headers.add(name: "X-Vault-Wrap-TTL", value: wrapTTL) }
            let tokenBytes: SecureBytes? =
                switch token {
                case .client: self.token
                case .none: nil
                case .explicit(let given): given
                }
            if let tokenBytes {
                request.headers.add(
                    name: "X-Vault-Token",
                    value: tokenBytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
                )
            }
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: VaultJSON.body(body)))
            }
            let outcome: Result<RawResponse, VaultError>
            do {
                let response = try await http.execute(
                    request,
                    timeout: .seconds(Int64(DurationText.seconds(configuration.timeout).rounded(.up)))
                )
                let buffer = try await response.body.collect(upTo: 32 << 20)
                outcome = .success(
                    RawResponse(
                        status: Int(response.status.code),
                        headers: response.headers,
                        body: Array(buffer.readableBytesView)
                    )
                )
            } catch {
                outcome = .failure(VaultClient.transportFailure(error, path: path))
            }
            switch outcome {
            case .success(let raw):
                guard policy.shouldRetry(status: raw.status), attempt <= policy.maxRetries else { return raw }
                let retryAfter = raw.headers.first(name: "Retry-After").flatMap(RetryPolicy.parseRetryAfter)
                let wait = policy.wait(attempt: attempt, status: raw.status, retryAfter: retryAfter)
                try? await Task.sleep(for: wait)
            case .failure(let error):
                guard error.code != .configuration, attempt <= policy.maxRetries else { throw error }
                try? await Task.sleep(for: policy.wait(attempt: attempt, status: 0, retryAfter: nil))
            }
        }
    }

    /// Maps an AsyncHTTPClient or NIO failure; TLS certificate failures become `.configuration` (not retried).
    static func transportFailure(_ error: any Error, path: String) -> VaultError {
        let text = String(describing: error)
        if let client = error as? HTTPClientError, client == .deadlineExceeded || client == .readTimeout {
            return VaultError(.timeout, "\(path): the server did not answer in time", underlying: error)
        }
        if error is NIOSSLError || text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") {
            return VaultError(
                .configuration,
                "\(path): TLS handshake failed (is VAULT_CACERT the server's CA?)",
                underlying: error
            )
        }
        return VaultError(.unreachable, "\(path): cannot reach the server", underlying: error)
    }

    /// The error for a non-2xx answer, from its status and `errors` body.
    static func failure(status: Int, headers: HTTPHeaders, body: [UInt8], path: String) -> VaultError {
        let messages = (try? VaultJSON.parse(body))?["errors"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let joined = messages.joined(separator: "\n")
        switch status {
        case 400 where joined.contains("check-and-set"):
            return VaultError(
                .checkAndSetMismatch,
                "\(path): check-and-set refused",
                status: status,
                serverMessages: messages
            )
        case 400 where joined.contains("wrapping token"):
            return VaultError(
                .wrapping,
                "\(path): the wrapping token is not valid",
                status: status,
                serverMessages: messages
            )
        case 400:
            return VaultError(.badRequest, "\(path): request refused", status: status, serverMessages: messages)
        case 403:
            return VaultError(.permissionDenied, "\(path): permission denied", status: status, serverMessages: messages)
        case 404:
            return VaultError(.notFound, "\(path): not found", status: status, serverMessages: messages)
        case 429:
            return VaultError(.rateLimited, "\(path): rate limited", status: status, serverMessages: messages)
        case 503 where joined.contains("sealed"):
            return VaultError(.sealed, "\(path): the server is sealed", status: status, serverMessages: messages)
        case 300..<400:
            let target = headers.first(name: "Location").flatMap { URL(string: $0)?.host } ?? "?"
            return VaultError(.server, "\(path): redirect to \(target) not followed (standby node?)", status: status)
        default:
            return VaultError(.server, "\(path): the server failed", status: status, serverMessages: messages)
        }
    }
}
