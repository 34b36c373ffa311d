import JSON
import Sodium
import TOMLPrecheck

/// One successful logical response: Vault's envelope (`request_id`, `lease_id`, `renewable`,
/// `lease_duration`, `data`, `wrap_info`, `warnings`, `auth`).
///
/// `data` is kept as parsed JSON for callers that read non-secret answers (mount tables, metadata, Transit
/// public keys); readers of secret values (``VaultSecret``) move them into `SecureBytes` and drop this value.
/// The `description` names the keys present, never a value.
public struct VaultResponse: Sendable, CustomStringConvertible {
    /// The server's request id (empty in a wrapped response).
    public let requestID: String
    /// The lease of the data, empty when there is none (KV).
    public let leaseID: String
    /// Whether the data's lease can be renewed.
    public let renewable: Bool
    /// The data's lease, in seconds (advisory for KV v1), clamped to `0...DurationText.maximumSeconds`.
    public let leaseDuration: Int
    /// The `data` member, or nil when it is null.
    public let data: JSONValue?
    /// The `auth` block of a login or renewal.
    public let auth: VaultAuth?
    /// The `wrap_info` block of a wrapped response.
    public let wrapInfo: WrapInfo?
    /// The server's warnings (fixed texts).
    public let warnings: [String]

    /// Reads the envelope of a parsed body.
    /// - Throws: ``VaultError/Code/malformedResponse`` when the body is not an object or a field has the wrong type.
    public init(json: JSONValue, path: String) throws(VaultError) {
        guard case .object = json else {
            throw VaultError(.malformedResponse, "\(path): the response is not a JSON object")
        }
        func field<T>(_ name: String, _ read: (JSONValue) -> T?, default value: T) throws(VaultError) -> T {
            guard let raw = json[name], !raw.isNull else { return value }
            guard let typed = read(raw) else {
                throw VaultError(.malformedResponse, "\(path): the field \(name) has the wrong type")
            }
            return typed
        }
        requestID = try field("request_id", \.stringValue, default: "")
        leaseID = try field("lease_id", \.stringValue, default: "")
        renewable = try field("renewable", \.boolValue, default: false)
        leaseDuration = DurationText.clampedSeconds(try field("lease_duration", \.vaultInteger, default: 0))
        let data = json["data"]
        if let data, !data.isNull, data.objectValue == nil {
            throw VaultError(.malformedResponse, "\(path): the field data is not an object")
        }
        self.data = data?.isNull == false ? data : nil
        warnings = try field("warnings", { $0.arrayValue?.compactMap(\.stringValue) }, default: [])
        if let auth = json["auth"], !auth.isNull {
            self.auth = try VaultAuth(json: auth, path: path)
        } else {
            self.auth = nil
        }
        if let wrap = json["wrap_info"], !wrap.isNull {
            self.wrapInfo = try WrapInfo(json: wrap, path: path)
        } else {
            self.wrapInfo = nil
        }
    }

    /// Names what the response holds, never a value.
    public var description: String {
        var parts: [String] = []
        if !leaseID.isEmpty { parts.append("lease: \(VaultResponse.trimmedLease(leaseID))") }
        if leaseDuration > 0 { parts.append("lease_duration: \(leaseDuration)s") }
        if let keys = data?.objectValue?.map(\.0).sorted() {
            parts.append("data keys: [\(keys.joined(separator: ", "))]")
        }
        if let auth { parts.append("auth: \(auth)") }
        if let wrapInfo { parts.append("wrap_info: \(wrapInfo)") }
        if !warnings.isEmpty { parts.append("\(warnings.count) warning(s)") }
        return "VaultResponse(" + parts.joined(separator: ", ") + ")"
    }

    /// A lease id cut to its path prefix (the last segment is the lease's own id).
    public static func trimmedLease(_ leaseID: String) -> String {
        guard let slash = leaseID.lastIndex(of: "/") else { return "…" }
        return String(leaseID[...slash]) + "…"
    }
}

/// The `auth` block: a token and its lease. The token lives in `SecureBytes`; `description` shows the accessor.
public struct VaultAuth: Sendable, CustomStringConvertible {
    /// The token.
    public let clientToken: SecureBytes
    /// The token's accessor (safe to log: it cannot be used as the token).
    public let accessor: String
    /// The token's policies.
    public let policies: [String]
    /// The token's TTL in seconds (0 for a root token, which never expires).
    public let leaseDuration: Int
    /// Whether the token can be renewed.
    public let renewable: Bool

    /// Reads an `auth` block.
    /// - Throws: ``VaultError/Code/malformedResponse`` without a `client_token` string.
    public init(json: JSONValue, path: String) throws(VaultError) {
        guard let token = json["client_token"]?.stringValue, !token.isEmpty else {
            throw VaultError(.malformedResponse, "\(path): the auth block has no client_token")
        }
        do {
            clientToken = try SecureBytes(copying: Array(token.utf8))
        } catch {
            throw VaultError(.malformedResponse, "\(path): cannot allocate guarded memory for the token")
        }
        accessor = json["accessor"]?.stringValue ?? ""
        policies = json["policies"]?.arrayValue?.compactMap(\.stringValue) ?? []
        leaseDuration = DurationText.clampedSeconds(json["lease_duration"]?.vaultInteger ?? 0)
        renewable = json["renewable"]?.boolValue ?? false
    }

    /// The accessor, policies and TTL; never the token.
    public var description: String {
        "token(accessor: \(accessor), policies: [\(policies.joined(separator: ", "))], ttl: \(leaseDuration)s, "
            + "renewable: \(renewable))"
    }
}

/// The `wrap_info` block of a response-wrapped answer. The wrapping token lives in `SecureBytes`.
public struct WrapInfo: Sendable, CustomStringConvertible {
    /// The single-use wrapping token.
    public let token: SecureBytes
    /// The wrapping token's accessor.
    public let accessor: String
    /// Its TTL in seconds.
    public let ttl: Int
    /// The path whose answer is wrapped, such as `auth/approle/role/bot4/secret-id`.
    public let creationPath: String

    /// Reads a `wrap_info` block.
    /// - Throws: ``VaultError/Code/malformedResponse`` without a `token` string.
    public init(json: JSONValue, path: String) throws(VaultError) {
        guard let token = json["token"]?.stringValue, !token.isEmpty else {
            throw VaultError(.malformedResponse, "\(path): the wrap_info block has no token")
        }
        do {
            self.token = try SecureBytes(copying: Array(token.utf8))
        } catch {
            throw VaultError(.malformedResponse, "\(path): cannot allocate guarded memory for the wrapping token")
        }
        accessor = json["accessor"]?.stringValue ?? ""
        ttl = DurationText.clampedSeconds(json["ttl"]?.vaultInteger ?? 0)
        creationPath = json["creation_path"]?.stringValue ?? ""
    }

    /// The accessor, TTL and creation path; never the token.
    public var description: String { "wrapped(accessor: \(accessor), ttl: \(ttl)s, creation_path: \(creationPath))" }
}
