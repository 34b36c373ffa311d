import Foundation

/// A failure talking to a Vault-compatible server, or of the configuration that says how to.
///
/// Messages name the request path, the secret reference, the configuration field or the HTTP status, never a
/// token or a secret value. The server's own `errors` strings are kept only when they carry no value (they
/// are Vault's fixed texts such as `permission denied`); see ``VaultError/serverMessages``.
public struct VaultError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case configuration, unreachable, sealed, invalidToken, permissionDenied, notFound, badRequest
            case checkAndSetMismatch, malformedResponse, server, rateLimited, missingKey, unsupportedMount
            case wrapping, timeout
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The configuration (environment variables or `secrets.toml`) is invalid or incomplete.
        public static let configuration = Code(.configuration)
        /// The server could not be reached (connection refused, reset, TLS failure).
        public static let unreachable = Code(.unreachable)
        /// The server is sealed (503 `Vault is sealed`).
        public static let sealed = Code(.sealed)
        /// The token itself is dead: revoked, expired or bogus (a 403 that `lookup-self` confirms).
        public static let invalidToken = Code(.invalidToken)
        /// A valid token whose policy does not allow the request (403 while `lookup-self` succeeds).
        public static let permissionDenied = Code(.permissionDenied)
        /// The path, key or version does not exist, or was deleted or destroyed (404).
        public static let notFound = Code(.notFound)
        /// The server refused the request as malformed (400), including a bad AppRole login.
        public static let badRequest = Code(.badRequest)
        /// A KV v2 check-and-set write found another current version.
        public static let checkAndSetMismatch = Code(.checkAndSetMismatch)
        /// The server's answer is not the JSON shape Vault documents.
        public static let malformedResponse = Code(.malformedResponse)
        /// The server failed (5xx other than sealed) after every retry.
        public static let server = Code(.server)
        /// The server kept answering 429 after every retry.
        public static let rateLimited = Code(.rateLimited)
        /// The secret exists but has no such key.
        public static let missingKey = Code(.missingKey)
        /// The mount is not a KV mount, or does not exist.
        public static let unsupportedMount = Code(.unsupportedMount)
        /// A response-wrapping token is invalid, expired, already used or wraps something unexpected.
        public static let wrapping = Code(.wrapping)
        /// The request did not complete within the client timeout.
        public static let timeout = Code(.timeout)

        /// Whether the failure is the server's passing state (down, sealed, slow, failing, rate limiting)
        /// rather than an answer about the request: waiting and trying again may succeed.
        public var isTransient: Bool {
            [.unreachable, .sealed, .timeout, .server, .rateLimited].contains(self)
        }

        /// A short name of the code.
        public var description: String {
            switch base {
            case .configuration: "configuration"
            case .unreachable: "server unreachable"
            case .sealed: "server sealed"
            case .invalidToken: "invalid token"
            case .permissionDenied: "permission denied"
            case .notFound: "not found"
            case .badRequest: "bad request"
            case .checkAndSetMismatch: "check-and-set mismatch"
            case .malformedResponse: "malformed response"
            case .server: "server error"
            case .rateLimited: "rate limited"
            case .missingKey: "missing key"
            case .unsupportedMount: "unsupported mount"
            case .wrapping: "response wrapping"
            case .timeout: "timeout"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and where (a path, a reference, a field), never a value.
    public let message: String
    /// The HTTP status, when the server answered.
    public let status: Int?
    /// The server's `errors` strings (Vault's fixed texts; never echoes of request bodies).
    public let serverMessages: [String]
    /// The error this one wraps (a transport failure of AsyncHTTPClient or NIO, a TLS file that cannot be
    /// loaded), when there is one; its text is not repeated in ``message`` and it is not part of equality.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        status: Int? = nil,
        serverMessages: [String] = [],
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.serverMessages = serverMessages
        self.underlying = underlying
    }

    /// The message, the status, the server's fixed error texts, then the underlying error's text (cut at 300
    /// characters).
    public var description: String {
        var text = message
        if let status { text += " (HTTP \(status))" }
        let flat = serverMessages.map { VaultError.flatten($0) }.filter { !$0.isEmpty }
        if !flat.isEmpty { text += ": " + flat.joined(separator: "; ") }
        if let underlying { text += ": " + String(describing: underlying).prefix(300) }
        return text
    }

    /// Errors compare on their code only.
    public static func == (lhs: VaultError, rhs: VaultError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Turns Go's multi-error framing (`2 errors occurred:\n\t* a\n\t* b\n\n`) into `a, b`, and cuts long texts.
    static func flatten(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        let items = lines.filter { !$0.hasSuffix("occurred:") }.map {
            $0.hasPrefix("* ") ? String($0.dropFirst(2)) : $0
        }
        let joined = items.joined(separator: ", ")
        return joined.count > 200 ? String(joined.prefix(200)) + "…" : joined
    }
}
