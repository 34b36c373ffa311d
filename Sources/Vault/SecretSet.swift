import Sodium

/// The values of a set of references, read together: each secret (path and version) is read once, and
/// every reference must resolve, or nothing is returned.
///
/// References to one dynamic secret (such as `database/creds/bot4#username` and `#password`) share one read,
/// so that they name the same leased credentials.
public struct SecretSet: Sendable {
    /// The value of each reference.
    public let values: [SecretReference: SecureBytes]
    /// A fingerprint of each secret read (path and pinned version), to detect changes without keeping values.
    public let fingerprints: [String: [UInt8]]
    /// The KV v2 version read of each secret, for messages.
    public let versions: [String: Int]
    /// The lease of each dynamic secret, by secret (its path).
    public let leases: [String: SecretLease]
    /// The references this set resolves.
    public let references: [SecretReference]
    /// Each secret read, by secret id.
    let secrets: [String: VaultSecret]

    /// Reads every secret the references name. All failures are collected, so that one run names every
    /// missing reference; each message names the reference and the reason, never a value.
    ///
    /// Dynamic secrets that `reusing` already holds are taken from it, not read again: every read of a
    /// dynamic secret creates new credentials, which live on through lease renewal instead.
    ///
    /// - Throws: ``ResolutionError`` listing every reference that failed.
    public static func read(
        _ references: [SecretReference],
        client: VaultClient,
        reusing current: SecretSet? = nil
    ) async throws(ResolutionError) -> SecretSet {
        var toRead: [String: SecretReference] = [:]
        var outcomes: [String: Result<VaultSecret, VaultError>] = [:]
        for reference in references {
            let id = SecretSet.secretID(reference)
            if let kept = current?.secrets[id], kept.lease != nil {
                outcomes[id] = .success(kept)
            } else if toRead[id] == nil {
                toRead[id] = reference
            }
        }
        // Each secret once, all at once (the client's connection pool keeps them on a few connections).
        let read = await withTaskGroup(of: (String, Result<VaultSecret, VaultError>).self) { group in
            for (id, reference) in toRead {
                group.addTask { (id, await SecretSet.readOne(reference, client: client)) }
            }
            var all: [String: Result<VaultSecret, VaultError>] = [:]
            for await (id, outcome) in group { all[id] = outcome }
            return all
        }
        outcomes.merge(read) { kept, _ in kept }
        return try assemble(references, outcomes, fresh: Set(toRead.keys))
    }

    /// This set with one secret replaced by a new read of it (a dynamic secret's new lease).
    ///
    /// - Throws: ``ResolutionError`` when the new secret lacks a key a reference names.
    public func replacing(_ secret: VaultSecret) throws(ResolutionError) -> SecretSet {
        var outcomes = secrets.mapValues { Result<VaultSecret, VaultError>.success($0) }
        outcomes[secret.path] = .success(secret)
        return try SecretSet.assemble(references, outcomes, fresh: [secret.path])
    }

    /// This set with the dynamic secrets of `other` in place of its own (the newer leases win).
    public func keepingLeases(of other: SecretSet) -> SecretSet {
        var result = self
        for secret in other.secretsWithLeases where secrets[secret.path] != nil {
            result = (try? result.replacing(secret)) ?? result
        }
        return result
    }

    /// The dynamic secrets of this set, sorted by path.
    public var secretsWithLeases: [VaultSecret] {
        secrets.values.filter { $0.lease != nil }.sorted { $0.path < $1.path }
    }

    /// The set of `references` from the outcome of each secret's read, or every failure (with the leases
    /// of the `fresh` reads, which nothing else holds then).
    private static func assemble(
        _ references: [SecretReference],
        _ outcomes: [String: Result<VaultSecret, VaultError>],
        fresh: Set<String>
    ) throws(ResolutionError) -> SecretSet {
        var secrets: [String: VaultSecret] = [:]
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
        if !failures.isEmpty {
            let orphans = fresh.sorted().compactMap { id in (try? outcomes[id]?.get())?.lease }
            throw ResolutionError(failures: failures, fatal: fatal, leases: orphans)
        }
        var values: [SecretReference: SecureBytes] = [:]
        for reference in references {
            values[reference] = secrets[SecretSet.secretID(reference)]!.values[reference.key]!
        }
        return SecretSet(
            values: values,
            fingerprints: secrets.mapValues(\.fingerprint),
            versions: secrets.compactMapValues(\.version),
            leases: secrets.compactMapValues(\.lease),
            references: references,
            secrets: secrets
        )
    }

    /// Reads one secret, as a value (a plain function: typed throws inside a task-group closure lost results
    /// in release builds).
    static func readOne(_ reference: SecretReference, client: VaultClient) async -> Result<VaultSecret, VaultError> {
        do {
            return .success(try await client.readSecret(reference.path, version: reference.version))
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
        /// The leases of dynamic secrets this read created before it failed: nothing holds them, so the
        /// caller should revoke them.
        public var leases: [SecretLease] = []

        /// One line per reference.
        public var description: String {
            failures.map { reference, error in
                error.message.hasPrefix(reference.description) ? String(describing: error) : "\(reference): \(error)"
            }.joined(separator: "\n")
        }
    }
}

extension SecretSet {
    /// The set of `references` from secrets already read (each named by its path), as ``read(_:client:reusing:)``
    /// would assemble it; for callers that hold the secrets, and for tests of what acts on a set.
    ///
    /// - Throws: ``ResolutionError`` when a reference names a secret or key that is not there.
    public init(secrets: [VaultSecret], references: [SecretReference]) throws(ResolutionError) {
        var outcomes: [String: Result<VaultSecret, VaultError>] = [:]
        for secret in secrets { outcomes[secret.path] = .success(secret) }
        for reference in references where outcomes[SecretSet.secretID(reference)] == nil {
            outcomes[SecretSet.secretID(reference)] = .failure(VaultError(.notFound, "\(reference): not given"))
        }
        self = try SecretSet.assemble(references, outcomes, fresh: Set(outcomes.keys))
    }
}
