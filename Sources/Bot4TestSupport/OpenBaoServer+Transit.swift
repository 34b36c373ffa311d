import Foundation

extension OpenBaoServer {
    /// The Transit key the signing tests use.
    public static let transitReleaseKey = "vault-transit://transit/keys/release"

    /// Starts a dev server with Transit mounted at `transit/` and an Ed25519 key `release`.
    public static func startTransit() throws -> OpenBaoServer {
        let server = try startDev()
        try server.call("POST", "sys/mounts/transit", body: #"{"type":"transit"}"#)
        try server.call("POST", "transit/keys/release", body: #"{"type":"ed25519"}"#)
        return server
    }

    /// Enables AppRole with a role `signer` that may sign with and read `transit/keys/release`, and writes a
    /// secrets.toml whose `[vault]` table logs in as it (role id file, response-wrapped secret id file) and
    /// that maps no secret. Returns the file and the wrapping token (single use).
    public func writeTransitAppRoleConfig() throws -> (config: URL, wrappingToken: String) {
        try writePolicy(
            "signer",
            #"path "transit/sign/release" { capabilities = ["update"] }"#
                + "\n" + #"path "transit/keys/release" { capabilities = ["read"] }"#
        )
        try call("POST", "sys/auth/approle", body: #"{"type":"approle"}"#)
        try call("POST", "auth/approle/role/signer", body: #"{"token_policies":["signer"],"token_ttl":"10m"}"#)
        let role = try call("GET", "auth/approle/role/signer/role-id")
        guard let roleID = role.data?["role_id"] as? String else {
            throw OpenBaoServerError("role-id: \(role.status) \(role.body)")
        }
        let wrapped = try call(
            "POST",
            "auth/approle/role/signer/secret-id",
            body: "{}",
            headers: ["X-Vault-Wrap-TTL: 60s"]
        )
        guard let wrappingToken = (wrapped.json?["wrap_info"] as? [String: Any])?["token"] as? String else {
            throw OpenBaoServerError("wrapped secret-id: \(wrapped.status)")
        }
        let roleFile = directory.appendingPathComponent("role-id")
        let secretFile = directory.appendingPathComponent("secret-id")
        try roleID.write(to: roleFile, atomically: true, encoding: .utf8)
        try (wrappingToken + "\n").write(to: secretFile, atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent("signing.toml")
        try """
        [vault]
        address = "\(address)"
        auth = "approle"
        role_id_file = "\(roleFile.path)"
        secret_id_file = "\(secretFile.path)"
        secret_id_wrapped = true
        """.write(to: config, atomically: true, encoding: .utf8)
        return (config, wrappingToken)
    }
}
