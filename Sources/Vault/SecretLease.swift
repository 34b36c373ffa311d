/// The lease of a dynamic secret (such as `database/creds/<role>`): what renews or revokes it.
///
/// The lease id lets a token holding `sys/leases` rights renew or revoke the credentials, so `description`
/// shows only its path prefix.
public struct SecretLease: Hashable, Sendable, CustomStringConvertible {
    /// The lease id, `<path>/<random id>`.
    public let id: String
    /// Its time to live when read or last renewed, in seconds.
    public let duration: Int
    /// Whether the server allows renewing it.
    public let renewable: Bool

    /// A lease from its parts.
    public init(id: String, duration: Int, renewable: Bool) {
        self.id = id
        self.duration = duration
        self.renewable = renewable
    }

    /// `lease(database/creds/bot4/…, 60s, renewable)`: never the lease's own id.
    public var description: String {
        "lease(\(VaultResponse.trimmedLease(id)), \(duration)s\(renewable ? ", renewable" : ""))"
    }
}
