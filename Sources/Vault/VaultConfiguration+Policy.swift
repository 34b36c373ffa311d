import Foundation

extension VaultConfiguration {
    /// What a `secrets.toml` plus the environment mean together, decided in one place: the standard
    /// `VAULT_*`/`BAO_*` variables (``init(environment:)``), then the policy's `[vault]` table on top:
    /// `address` and `namespace` win over the variables, and `auth = "approle"` drops any `VAULT_TOKEN` so
    /// that the client starts without a token and logs in (``VaultClient/login(_:)``).
    /// - Throws: ``VaultError/Code/configuration`` naming the variable or key whose value cannot be used.
    public init(policy: SecretsPolicy, environment: [String: String]) throws(VaultError) {
        try self.init(environment: environment)
        let settings = policy.settings
        if let address = settings.address {
            if let index = warnings.firstIndex(where: { $0.hasPrefix("WARNING: VAULT_ADDR is plain http") }) {
                warnings.remove(at: index)
            }
            try checkAddress(address, source: "[vault] address")
            self.address = address
        }
        if let namespace = settings.namespace { self.namespace = namespace }
        if settings.auth == .approle { token = nil }
    }
}
