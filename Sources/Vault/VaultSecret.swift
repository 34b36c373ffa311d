import Sodium

/// One secret as read: its keys, each value in `SecureBytes`, the engine it came from, its version (KV v2) and
/// its lease (dynamic secrets).
///
/// Values that are not JSON strings (numbers, booleans, objects) are kept as their compact JSON text, as
/// `bao kv get -field` and `bao read -field` print them. `description` lists key names only.
public struct VaultSecret: Sendable, CustomStringConvertible {
    /// The logical path, such as `secret/bot4/db` or `database/creds/bot4`.
    public let path: String
    /// The engine it lives in.
    public let engine: SecretsEngine
    /// The version read (KV v2), nil otherwise.
    public let version: Int?
    /// The values by key.
    public let values: [String: SecureBytes]
    /// The advisory lease of a KV v1 read, or the lease duration of a dynamic secret, in seconds.
    public let leaseDuration: Int
    /// The lease of a dynamic secret; nil for KV.
    public let lease: SecretLease?

    /// A secret from parsed parts (the readers move each value out of the JSON into guarded memory).
    public init(
        path: String,
        engine: SecretsEngine,
        version: Int?,
        values: [String: SecureBytes],
        leaseDuration: Int,
        lease: SecretLease? = nil
    ) {
        self.path = path
        self.engine = engine
        self.version = version
        self.values = values
        self.leaseDuration = leaseDuration
        self.lease = lease
    }

    /// The keys present, sorted.
    public var keys: [String] { values.keys.sorted() }

    /// A BLAKE2b-256 digest over the sorted keys and values: equal digests mean equal secrets. It changes
    /// when any value changes and is safe to compare and keep (it is not printed).
    public var fingerprint: [UInt8] {
        var hasher = BLAKE2b(outputLength: 32)
        for key in keys {
            let keyBytes = Array(key.utf8)
            hasher.update(withUnsafeBytes(of: UInt64(keyBytes.count).littleEndian) { Array($0) })
            hasher.update(keyBytes)
            values[key]!.withUnsafeBytes { raw in
                hasher.update(withUnsafeBytes(of: UInt64(raw.count).littleEndian) { Array($0) })
                hasher.update(raw)
            }
        }
        return hasher.finalize()
    }

    /// Path, version or lease and key names; never a value.
    public var description: String {
        let what =
            if let lease { lease.description } else if let version { "version \(version)" } else { engine.description }
        return "VaultSecret(\(path), \(what), keys: [\(keys.joined(separator: ", "))])"
    }
}
