import JSON
import TOMLPrecheck

/// What `auth/token/lookup-self` says about a token, minus its `id` (which is the token itself).
public struct TokenInfo: Sendable, Hashable, CustomStringConvertible {
    /// The accessor (safe to log).
    public let accessor: String
    /// The remaining TTL in seconds (0 for a token that never expires), at most `DurationText.maximumSeconds`.
    public let ttl: Int
    /// The TTL the token was created with, in seconds: what each renewal should ask for again.
    public let creationTTL: Int
    /// Whether the token can be renewed.
    public let renewable: Bool
    /// Its policies.
    public let policies: [String]
    /// Uses left (0 means unlimited).
    public let numUses: Int

    /// Reads the `data` of a lookup-self answer.
    init(json: JSONValue) {
        accessor = json["accessor"]?.stringValue ?? ""
        ttl = DurationText.clampedSeconds(json["ttl"]?.vaultInteger ?? 0)
        creationTTL = DurationText.clampedSeconds(json["creation_ttl"]?.vaultInteger ?? 0)
        renewable = json["renewable"]?.boolValue ?? false
        policies = json["policies"]?.arrayValue?.compactMap(\.stringValue) ?? []
        numUses = json["num_uses"]?.vaultInteger ?? 0
    }

    /// Accessor, TTL, policies.
    public var description: String {
        "token(accessor: \(accessor), ttl: \(ttl)s, renewable: \(renewable), policies: [\(policies.joined(separator: ", "))])"
    }
}
