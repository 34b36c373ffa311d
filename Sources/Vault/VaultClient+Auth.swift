import JSON
import Sodium

extension VaultClient {
    /// `GET auth/token/lookup-self`.
    /// - Throws: ``VaultError/Code/invalidToken`` when the token is dead.
    public func lookupSelf() async throws(VaultError) -> TokenInfo {
        guard let data = try await request(.GET, "auth/token/lookup-self", token: .client, reauth: false)?.data else {
            throw VaultError(.malformedResponse, "auth/token/lookup-self: no data")
        }
        return TokenInfo(json: data)
    }

    /// `POST auth/token/renew-self`, optionally asking for `increment` seconds; returns the new auth block
    /// (its `leaseDuration` is the new TTL: when it stops growing, the max TTL is reached).
    public func renewSelf(increment: Int? = nil) async throws(VaultError) -> VaultAuth {
        var body: [(String, JSONValue)] = []
        if let increment { body.append(("increment", .string("\(increment)s"))) }
        guard let auth = try await request(.POST, "auth/token/renew-self", body: .object(body))?.auth else {
            throw VaultError(.malformedResponse, "auth/token/renew-self: no auth block")
        }
        return auth
    }

    /// `POST auth/token/revoke-self`: ends the client's token (used when a supervisor exits).
    public func revokeSelf() async throws(VaultError) {
        try await request(.POST, "auth/token/revoke-self", token: .client, reauth: false)
    }

    /// AppRole login; the token becomes the client's, and the role id and secret id are kept (in guarded
    /// memory) so that the client can log in again once when the token dies.
    @discardableResult
    public func loginAppRole(
        roleID: String,
        secretID: SecureBytes,
        mount: String = "approle"
    ) async throws(VaultError)
        -> VaultAuth
    {
        let path = "auth/\(mount)/login"
        let secret = secretID.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let response = try await request(
            .POST,
            path,
            body: .object([("role_id", .string(roleID)), ("secret_id", .string(secret))]),
            token: .none,
            reauth: false
        )
        guard let auth = response?.auth else { throw VaultError(.malformedResponse, "\(path): no auth block") }
        remember(login: AppRoleLogin(roleID: roleID, secretID: secretID, mount: mount), token: auth.clientToken)
        return auth
    }

    /// Unwraps a response-wrapped AppRole secret id, once.
    ///
    /// The wrapping token is first looked up (`sys/wrapping/lookup`, unauthenticated) and its `creation_path`
    /// must be exactly `auth/<mount>/role/<role>/secret-id`: a token that wraps anything else is refused
    /// without being used, as the response-wrapping guide requires. Then `sys/wrapping/unwrap` with the
    /// wrapping token as `X-Vault-Token`.
    ///
    /// - Throws: ``VaultError/Code/wrapping`` for an unknown, used, expired or unexpected wrapping token.
    public func unwrapSecretID(
        wrappingToken: SecureBytes,
        mount: String = "approle"
    ) async throws(VaultError)
        -> SecureBytes
    {
        let tokenText = wrappingToken.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let lookup: VaultResponse?
        do {
            lookup = try await request(
                .POST,
                "sys/wrapping/lookup",
                body: .object([("token", .string(tokenText))]),
                token: .none,
                reauth: false
            )
        } catch {
            throw VaultError(
                .wrapping,
                "sys/wrapping/lookup: the wrapping token is not valid (already used, expired or unknown): alert",
                status: error.status,
                serverMessages: error.serverMessages
            )
        }
        let creationPath = lookup?.data?["creation_path"]?.stringValue ?? ""
        let parts = creationPath.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "auth", parts[1] == Substring(mount), parts[2] == "role",
            !parts[3].isEmpty, parts[4] == "secret-id"
        else {
            throw VaultError(
                .wrapping,
                "the wrapping token wraps \(creationPath), not auth/\(mount)/role/<role>/secret-id: refused, alert"
            )
        }
        let response = try await request(
            .POST,
            "sys/wrapping/unwrap",
            body: .object([]),
            token: .explicit(wrappingToken),
            reauth: false
        )
        guard let secretID = response?.data?["secret_id"]?.stringValue, !secretID.isEmpty else {
            throw VaultError(.wrapping, "sys/wrapping/unwrap: the answer has no secret_id")
        }
        var bytes = Array(secretID.utf8)
        do {
            return try SecureBytes(consuming: &bytes)
        } catch {
            throw VaultError(.wrapping, "cannot allocate guarded memory for the secret id")
        }
    }

    /// `GET sys/health` as the Go client asks it (sealed and uninitialised answer 299 instead of 503/501).
    public func health() async throws(VaultError) -> (initialized: Bool, sealed: Bool) {
        let raw = try await send(
            .GET,
            "sys/health",
            query: "sealedcode=299&uninitcode=299",
            body: nil,
            token: .none,
            wrapTTL: nil
        )
        guard let json = try? VaultJSON.parse(raw.body) else {
            throw VaultError(.malformedResponse, "sys/health: not JSON", status: raw.status)
        }
        return (json["initialized"]?.boolValue ?? false, json["sealed"]?.boolValue ?? true)
    }
}
