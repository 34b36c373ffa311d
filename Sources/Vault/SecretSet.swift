import Sodium

/// The values of a set of references, read together: each secret (path and version) is read once, and
/// every reference must resolve, or nothing is returned.
public struct SecretSet: Sendable {
    /// The value of each reference.
    public let values: [SecretReference: SecureBytes]
    /// A fingerprint of each secret read (path and pinned version), to detect changes without keeping values.
    public let fingerprints: [String: [UInt8]]
    /// The KV v2 version read of each secret, for messages.
    public let versions: [String: Int]

    /// Reads every secret the references name. All failures are collected, so that one run names every
    /// missing reference; each message names the reference and the reason, never a value.
    ///
    /// - Throws: ``ResolutionError`` listing every reference that failed.
    public static func read(
        _ references: [SecretReference],
        client: VaultClient
    ) async throws(ResolutionError)
        -> SecretSet
    {
        // Each secret once, all at once (the client's connection pool keeps them on a few connections).
        var firstReference: [String: SecretReference] = [:]
        for reference in references where firstReference[SecretSet.secretID(reference)] == nil {
            firstReference[SecretSet.secretID(reference)] = reference
        }
        let outcomes = await withTaskGroup(of: (String, Result<KVSecret, VaultError>).self) { group in
            for (id, reference) in firstReference {
                group.addTask { (id, await SecretSet.readOne(reference, client: client)) }
            }
            var all: [String: Result<KVSecret, VaultError>] = [:]
            for await (id, outcome) in group { all[id] = outcome }
            return all
        }
        var secrets: [String: KVSecret] = [:]
        var failures: [(SecretReference, VaultError)] = []
        var fatal: VaultError?
        for reference in references {
            switch outcomes[SecretSet.secretID(reference)]! {
            case .success(let secret):
                secrets[SecretSet.secretID(reference)] = secret
                if secret.values[reference.key] == nil {
                    failures.append(
                        (
                            reference,
                            VaultError(
                                .missingKey,
                                "\(reference): the secret has no key \(reference.key) "
                                    + "(keys: \(secret.keys.joined(separator: ", ")))"
                            )
                        )
                    )
                }
            case .failure(let error):
                // Without a server or a token every read fails the same way: name it once.
                if [.unreachable, .sealed, .invalidToken, .configuration, .timeout].contains(error.code) {
                    if fatal == nil {
                        fatal = error
                        failures.append((reference, error))
                    }
                } else if !failures.contains(where: { $0.0 == reference }) {
                    failures.append((reference, error))
                }
            }
        }
        if !failures.isEmpty { throw ResolutionError(failures: failures, fatal: fatal) }
        var values: [SecretReference: SecureBytes] = [:]
        for reference in references {
            values[reference] = secrets[SecretSet.secretID(reference)]!.values[reference.key]!
        }
        return SecretSet(
            values: values,
            fingerprints: secrets.mapValues(\.fingerprint),
            versions: secrets.compactMapValues(\.version)
        )
    }

    /// Reads one secret, as a value (a plain function: typed throws inside a task-group closure lost results
    /// in release builds).
    static func readOne(_ reference: SecretReference, client: VaultClient) async -> Result<KVSecret, VaultError> {
        do {
            return .success(try await client.readKV(reference.path, version: reference.version))
        } catch {
            return .failure(error)
        }
    }

    /// The key of one secret read: its path and pinned version.
    static func secretID(_ reference: SecretReference) -> String {
        reference.path + (reference.version.map { "@\($0)" } ?? "")
    }

    /// Why a set could not be read: one line per failing reference.
    public struct ResolutionError: Error, CustomStringConvertible, Sendable {
        /// Each failing reference with its error.
        public let failures: [(reference: SecretReference, error: VaultError)]
        /// The error that stopped the reading early (server down, sealed, token dead), if any.
        public let fatal: VaultError?

        /// One line per reference.
        public var description: String {
            failures.map { reference, error in
                error.message.hasPrefix(reference.description) ? String(describing: error) : "\(reference): \(error)"
            }.joined(separator: "\n")
        }
    }
}
