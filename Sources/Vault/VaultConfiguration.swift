import Foundation
import Sodium
import TOMLPrecheck

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
    /// Whether a plain `http://` address may name a host other than a loopback one (`VAULT_ALLOW_INSECURE_HTTP`).
    public var allowInsecureHTTP = false

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
    /// | `VAULT_ALLOW_INSECURE_HTTP` | a Go boolean: allows a plain `http://` address whose host is not loopback |
    ///
    /// A plain `http://` address would carry the token in clear, so it is refused unless its host is a loopback
    /// address (`127.0.0.0/8`, `::1`, `localhost`) or `VAULT_ALLOW_INSECURE_HTTP` is true (then with a warning).
    ///
    /// - Throws: ``VaultError/Code/configuration`` naming the variable whose value cannot be used.
    public init(environment: [String: String]) throws(VaultError) {
        func value(_ names: String...) -> String? {
            for name in names { if let v = environment[name], !v.isEmpty { return v } }
            return nil
        }
        self.init(address: value("VAULT_ADDR", "BAO_ADDR") ?? VaultConfiguration.defaultAddress)
        if let allow = value("VAULT_ALLOW_INSECURE_HTTP", "BAO_ALLOW_INSECURE_HTTP") {
            guard let flag = VaultConfiguration.parseGoBool(allow) else {
                throw VaultError(.configuration, "VAULT_ALLOW_INSECURE_HTTP is not a boolean (true/false/1/0)")
            }
            allowInsecureHTTP = flag
        }
        try checkAddress(address, source: "VAULT_ADDR")
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
            guard let parsed = DurationText.parse(timeout), parsed > .zero else {
                throw VaultError(
                    .configuration,
                    "VAULT_CLIENT_TIMEOUT is not a positive duration such as 60 or 60s of at most 87600h"
                )
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

    /// Checks that `address` is an http(s) URL with a host, and that a plain `http://` one names a loopback
    /// host unless ``allowInsecureHTTP`` is set (then it adds a warning).
    /// - Throws: ``VaultError/Code/configuration`` naming `source` (such as `VAULT_ADDR` or `[vault] address`).
    mutating func checkAddress(_ address: String, source: String) throws(VaultError) {
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased(),
            ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw VaultError(.configuration, "\(source) is not an http(s) URL with a host")
        }
        guard scheme == "http", !VaultConfiguration.isLoopback(host: host) else { return }
        guard allowInsecureHTTP else {
            throw VaultError(
                .configuration,
                "\(source) is plain http to \(host), which would send the token in clear: use https, a loopback "
                    + "address, or set VAULT_ALLOW_INSECURE_HTTP=1"
            )
        }
        warnings.append(
            "WARNING: \(source) is plain http to \(host) (VAULT_ALLOW_INSECURE_HTTP is set): the token and every "
                + "secret cross the network in clear."
        )
    }

    /// Whether `host` is `localhost`, an IPv4 address in `127.0.0.0/8` or the IPv6 loopback `::1`.
    static func isLoopback(host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.dropLast().allSatisfy { $0 == 0 } && bytes.last == 1 }
        }
        return false
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
