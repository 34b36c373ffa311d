import Foundation
import Sodium

/// How to reach a Vault-compatible server: the address, TLS material, token, namespace, retries and timeout.
///
/// ``init(environment:)`` reads the standard `VAULT_*` variables as the official Go client does (see the
/// table on that initializer); a ``VaultConfiguration`` can also be filled in by hand. Its `description`
/// never shows the token.
public struct VaultConfiguration: Sendable, CustomStringConvertible {
    /// The server's base URL, such as `https://127.0.0.1:8200` (no `/v1`).
    public var address: String
    /// The token sent as `X-Vault-Token`, when there is one.
    public var token: SecureBytes?
    /// A PEM file of CA certificates to trust instead of the system roots.
    public var caCertFile: String?
    /// A folder of PEM CA certificates to trust instead of the system roots (``caCertFile`` wins).
    public var caPath: String?
    /// A PEM client certificate for mutual TLS (with ``clientKeyFile``).
    public var clientCertFile: String?
    /// The PEM private key of ``clientCertFile``.
    public var clientKeyFile: String?
    /// The Enterprise namespace, sent as `X-Vault-Namespace`.
    public var namespace: String?
    /// Retries after the first try (the Go client's default is 2, so 3 tries in all); 0 disables retrying.
    public var maxRetries: Int = 2
    /// The timeout of one request (the Go client's default is 60 s).
    public var timeout: Duration = .seconds(60)
    /// How long one connection attempt (TCP and TLS) may take; AsyncHTTPClient keeps retrying a refused
    /// connection within this window, so it bounds how long "server down" takes to be noticed per try.
    public var connectTimeout: Duration = .seconds(5)
    /// Whether certificate verification is off. It voids TLS; ``init(environment:)`` warns loudly about it.
    public var skipVerify = false
    /// The lower bound of the linear jittered retry wait (1.0 s as in the Go client).
    public var minRetryWait: Duration = .milliseconds(1000)
    /// The upper bound of the linear jittered retry wait (1.5 s as in the Go client).
    public var maxRetryWait: Duration = .milliseconds(1500)
    /// Warnings about the configuration (such as `VAULT_SKIP_VERIFY`), for the caller to print.
    public var warnings: [String] = []

    /// The Go client's default address.
    public static let defaultAddress = "https://127.0.0.1:8200"

    /// A configuration for `address` with the Go client's defaults.
    public init(address: String = VaultConfiguration.defaultAddress, token: SecureBytes? = nil) {
        self.address = address
        self.token = token
    }

    /// Reads the standard variables:
    ///
    /// | variable | effect |
    /// |---|---|
    /// | `VAULT_ADDR`, else `BAO_ADDR` | ``address`` (default `https://127.0.0.1:8200`) |
    /// | `VAULT_TOKEN`, else `BAO_TOKEN` | ``token`` |
    /// | `VAULT_CACERT`, `VAULT_CAPATH` | ``caCertFile``, ``caPath`` |
    /// | `VAULT_CLIENT_CERT`, `VAULT_CLIENT_KEY` | mutual TLS; both or neither |
    /// | `VAULT_NAMESPACE` | ``namespace`` |
    /// | `VAULT_MAX_RETRIES` | ``maxRetries`` (an integer; negative means 0) |
    /// | `VAULT_CLIENT_TIMEOUT` | ``timeout`` (`60` or `60s`, `1m`, `500ms`) |
    /// | `VAULT_SKIP_VERIFY` | ``skipVerify`` (a Go boolean), with a loud warning in ``warnings`` |
    ///
    /// - Throws: ``VaultError/Code/configuration`` naming the variable whose value cannot be used.
    public init(environment: [String: String]) throws(VaultError) {
        func value(_ names: String...) -> String? {
            for name in names { if let v = environment[name], !v.isEmpty { return v } }
            return nil
        }
        self.init(address: value("VAULT_ADDR", "BAO_ADDR") ?? VaultConfiguration.defaultAddress)
        guard let url = URL(string: address), let scheme = url.scheme, ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw VaultError(.configuration, "VAULT_ADDR is not an http(s) URL with a host")
        }
        if let token = value("VAULT_TOKEN", "BAO_TOKEN") {
            do {
                self.token = try SecureBytes(copying: Array(token.utf8))
            } catch {
                throw VaultError(.configuration, "cannot allocate guarded memory for VAULT_TOKEN")
            }
        }
        caCertFile = value("VAULT_CACERT", "BAO_CACERT")
        caPath = value("VAULT_CAPATH", "BAO_CAPATH")
        clientCertFile = value("VAULT_CLIENT_CERT", "BAO_CLIENT_CERT")
        clientKeyFile = value("VAULT_CLIENT_KEY", "BAO_CLIENT_KEY")
        if (clientCertFile == nil) != (clientKeyFile == nil) {
            throw VaultError(.configuration, "VAULT_CLIENT_CERT and VAULT_CLIENT_KEY must be given together")
        }
        namespace = value("VAULT_NAMESPACE", "BAO_NAMESPACE")
        if let retries = value("VAULT_MAX_RETRIES", "BAO_MAX_RETRIES") {
            guard let count = Int(retries) else {
                throw VaultError(.configuration, "VAULT_MAX_RETRIES is not an integer")
            }
            maxRetries = max(0, count)
        }
        if let timeout = value("VAULT_CLIENT_TIMEOUT", "BAO_CLIENT_TIMEOUT") {
            guard let parsed = VaultDuration.parse(timeout), parsed > .zero else {
                throw VaultError(.configuration, "VAULT_CLIENT_TIMEOUT is not a positive duration such as 60 or 60s")
            }
            self.timeout = parsed
        }
        if let skip = value("VAULT_SKIP_VERIFY", "BAO_SKIP_VERIFY") {
            guard let flag = VaultConfiguration.parseGoBool(skip) else {
                throw VaultError(.configuration, "VAULT_SKIP_VERIFY is not a boolean (true/false/1/0)")
            }
            skipVerify = flag
            if flag {
                warnings.append(
                    "WARNING: VAULT_SKIP_VERIFY is set: the server's TLS certificate is NOT verified; anyone on the "
                        + "network path can read the token and every secret. Use VAULT_CACERT instead."
                )
            }
        }
    }

    /// Go's `strconv.ParseBool`.
    static func parseGoBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }

    /// Says where and how, never the token.
    public var description: String {
        var parts = ["address: \(address)", "token: \(token == nil ? "none" : "set (redacted)")"]
        if let namespace { parts.append("namespace: \(namespace)") }
        if let caCertFile { parts.append("CA file: \(caCertFile)") }
        if let caPath { parts.append("CA path: \(caPath)") }
        if clientCertFile != nil { parts.append("client certificate: set") }
        if skipVerify { parts.append("TLS verification: OFF") }
        parts.append("max retries: \(maxRetries)")
        return "VaultConfiguration(" + parts.joined(separator: ", ") + ")"
    }
}
