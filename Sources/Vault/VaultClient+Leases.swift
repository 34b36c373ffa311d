import JSON
import Sodium

extension VaultClient {
    /// Reads the secret at `logicalPath` from whatever engine serves it: KV (v1 or v2, optionally a pinned
    /// v2 version) through ``readKV(_:version:)``, any other engine (such as `database/creds/<role>`) as a
    /// leased read through ``readLeased(_:)``.
    ///
    /// - Throws: ``VaultError/Code/unsupportedMount`` for a version pinned on a non-KV path; the codes of the
    ///   reads.
    public func readSecret(_ logicalPath: String, version: Int? = nil) async throws(VaultError) -> VaultSecret {
        let engine = try await secretsEngine(for: logicalPath)
        guard case .leased = engine else { return try await readKV(logicalPath, version: version) }
        if let version {
            throw VaultError(
                .unsupportedMount,
                "\(logicalPath)@\(version): versions exist only on KV v2; \(engine) has none"
            )
        }
        let (response, values) = try await readLeased(logicalPath)
        return VaultSecret(
            path: logicalPath,
            engine: engine,
            version: nil,
            values: values,
            leaseDuration: response.leaseDuration,
            lease: response.leaseID.isEmpty
                ? nil
                : SecretLease(id: response.leaseID, duration: response.leaseDuration, renewable: response.renewable)
        )
    }

    /// Reads a leased secret from any engine (such as `database/creds/<role>`): the envelope, whose `data`
    /// values moved into guarded memory.
    public func readLeased(
        _ path: String
    ) async throws(VaultError) -> (response: VaultResponse, values: [String: SecureBytes]) {
        guard let response = try await request(.GET, path), let data = response.data?.objectValue else {
            throw VaultError(.notFound, "\(path): no data")
        }
        return (response, try VaultClient.secure(data, path: path))
    }

    /// `PUT sys/leases/renew`; returns the new lease duration in seconds and whether it is still renewable.
    /// A duration shorter than `increment` means the lease is capped by its max TTL.
    public func renewLease(
        _ leaseID: String,
        increment: Int? = nil
    ) async throws(VaultError) -> (
        leaseDuration: Int, renewable: Bool
    ) {
        var body: [(String, JSONValue)] = [("lease_id", .string(leaseID))]
        if let increment { body.append(("increment", .number(String(increment)))) }
        guard let response = try await request(.PUT, "sys/leases/renew", body: .object(body)) else {
            throw VaultError(.malformedResponse, "sys/leases/renew: empty answer")
        }
        return (response.leaseDuration, response.renewable)
    }

    /// `PUT sys/leases/revoke`: ends the lease now (the database engine drops the user it created).
    public func revokeLease(_ leaseID: String) async throws(VaultError) {
        _ = try await request(.PUT, "sys/leases/revoke", body: .object([("lease_id", .string(leaseID))]))
    }
}
