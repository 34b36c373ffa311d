import Foundation
import TOMLKit
import TOMLPrecheck

/// The `policy/secrets.toml` of the canonical sheet: how to authenticate, which values go into which
/// environment variables and files of the child, and what to do when they change or are lost.
///
/// The parser is strict: an unknown table or key, a wrong type, a malformed reference, an environment
/// name that is not a shell identifier or that names the supervisor's own `VAULT_*`/`BAO_*` configuration is
/// an error naming the source, the table and the key.
public struct SecretsPolicy: Sendable {
    /// How `seal exec` authenticates.
    public enum Auth: String, Sendable {
        /// `VAULT_TOKEN` (the default).
        case token
        /// AppRole with a role id file and a secret id file (optionally a response-wrapping token).
        case approle
    }

    /// What to do when a watched secret changes.
    public enum OnChange: String, Sendable {
        /// Stop the child (the stop signal, then SIGKILL after a grace period) and start it again with the new values.
        case restart
        /// Send ``Watch/signal`` to the child (files are rewritten first; the environment cannot change).
        case signal
    }

    /// What to do when a secret can no longer be read or the token renewed.
    public enum OnLoss: String, Sendable {
        /// Stop the child and exit, saying why.
        case stop
        /// Keep the child running with what it has, and say so.
        case keep
    }

    /// The `[vault]` table.
    public struct Settings: Sendable {
        /// The address, else `VAULT_ADDR`/`BAO_ADDR`.
        public var address: String?
        /// The namespace, else `VAULT_NAMESPACE`.
        public var namespace: String?
        /// The auth method.
        public var auth: Auth = .token
        /// The AppRole role id file.
        public var roleIDFile: String?
        /// The AppRole secret id file.
        public var secretIDFile: String?
        /// Whether the secret id file holds a response-wrapping token.
        public var secretIDWrapped = false
        /// The AppRole mount (default `approle`).
        public var appRoleMount = "approle"
    }

    /// The `[watch]` table.
    public struct Watch: Sendable {
        /// How often KV versions are polled (0 disables polling).
        public var interval: Duration = .seconds(30)
        /// What a change does.
        public var onChange: OnChange = .restart
        /// The signal of `on_change = "signal"`.
        public var signal: Int32 = SIGHUP
        /// What a loss does.
        public var onLoss: OnLoss = .stop
        /// Whether the leases of dynamic secrets are revoked when `seal exec` ends or replaces them, so
        /// that credentials live no longer than the process that used them.
        public var revokeOnExit = true
    }

    /// `[vault]`.
    public var settings = Settings()
    /// `[env]`: variable name → reference, sorted by name.
    public var environment: [(name: String, reference: SecretReference)] = []
    /// `[files]`: absolute path → reference, sorted by path.
    public var files: [(path: String, reference: SecretReference)] = []
    /// `[watch]`.
    public var watch = Watch()

    /// Every reference, environment first, without duplicates.
    public var references: [SecretReference] {
        var seen = Set<SecretReference>()
        return (environment.map(\.reference) + files.map(\.reference)).filter { seen.insert($0).inserted }
    }

    /// The signals `[watch] signal` accepts.
    public static let signalNames: [String: Int32] = [
        "SIGHUP": SIGHUP, "SIGINT": SIGINT, "SIGQUIT": SIGQUIT, "SIGTERM": SIGTERM, "SIGUSR1": SIGUSR1,
        "SIGUSR2": SIGUSR2,
    ]

    /// Parses the TOML text of `source` (a file name used in messages).
    ///
    /// With `requiringSecrets` (the default, what `seal exec` needs) a file that maps no secret in `[env]` or
    /// `[files]` is refused; without it such a file is valid and only its `[vault]` table matters (how
    /// `--vault-config` reads a login for Transit signing).
    /// - Throws: ``VaultError/Code/configuration`` with the source, line and column or table and key.
    public init(toml text: String, source: String, requiringSecrets: Bool = true) throws(VaultError) {
        if let problem = TOMLPrecheck.firstProblem(in: text) {
            throw VaultError(.configuration, "\(source):\(problem.line):\(problem.column): \(problem.message)")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw VaultError(
                .configuration,
                "\(source):\(error.source.begin.line):\(error.source.begin.column): \(error.description)"
            )
        } catch {
            throw VaultError(.configuration, "\(source): not TOML")
        }
        func fail(_ where_: String, _ what: String) -> VaultError {
            VaultError(.configuration, "\(source): \(where_): \(what)")
        }
        for key in table.keys where !["vault", "env", "files", "watch"].contains(key) {
            throw fail(key, "unknown table (expected vault, env, files, watch)")
        }
        func subtable(_ name: String) throws(VaultError) -> TOMLTable? {
            guard let value = table[name] else { return nil }
            guard let sub = value.table else { throw fail("[\(name)]", "is not a table") }
            return sub
        }
        func string(_ sub: TOMLTable, _ tableName: String, _ key: String) throws(VaultError) -> String {
            guard let value = sub[key]?.string else { throw fail("[\(tableName)] \(key)", "must be a string") }
            return value
        }
        // The value at `key` of `[tableName]` that must be one of `Value`'s raw values, worded in `expected`.
        func choice<Value: RawRepresentable<String>>(
            _ sub: TOMLTable,
            _ tableName: String,
            _ key: String,
            expected: String
        ) throws(VaultError) -> Value {
            guard let value = Value(rawValue: try string(sub, tableName, key)) else {
                throw fail("[\(tableName)] \(key)", "must be \(expected)")
            }
            return value
        }
        func flag(_ sub: TOMLTable, _ tableName: String, _ key: String) throws(VaultError) -> Bool {
            guard let value = sub[key]?.bool else { throw fail("[\(tableName)] \(key)", "must be true or false") }
            return value
        }
        // The secret reference at `key` of `[tableName]`; any failure is wrapped with `place` naming the entry.
        func reference(
            _ sub: TOMLTable,
            _ tableName: String,
            _ key: String,
            at place: String
        ) throws(VaultError)
            -> SecretReference
        {
            do {
                return try SecretReference(try string(sub, tableName, key))
            } catch {
                throw VaultError(.configuration, "\(source): \(place)", underlying: error)
            }
        }
        if let vault = try subtable("vault") {
            for key in vault.keys {
                switch key {
                case "address": settings.address = try string(vault, "vault", key)
                case "namespace": settings.namespace = try string(vault, "vault", key)
                case "auth": settings.auth = try choice(vault, "vault", key, expected: "\"token\" or \"approle\"")
                case "role_id_file": settings.roleIDFile = try string(vault, "vault", key)
                case "secret_id_file": settings.secretIDFile = try string(vault, "vault", key)
                case "approle_mount": settings.appRoleMount = try string(vault, "vault", key)
                case "secret_id_wrapped": settings.secretIDWrapped = try flag(vault, "vault", key)
                default: throw fail("[vault] \(key)", "unknown key")
                }
            }
            if settings.auth == .approle, settings.roleIDFile == nil || settings.secretIDFile == nil {
                throw fail("[vault]", "auth = \"approle\" needs role_id_file and secret_id_file")
            }
        }
        if let env = try subtable("env") {
            for name in env.keys.sorted() {
                guard SecretsPolicy.isIdentifier(name) else {
                    throw fail("[env] \(name)", "is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)")
                }
                guard !name.hasPrefix("VAULT_"), !name.hasPrefix("BAO_") else {
                    throw fail("[env] \(name)", "VAULT_* and BAO_* are the supervisor's own configuration")
                }
                environment.append((name, try reference(env, "env", name, at: "[env] \(name)")))
            }
        }
        if let filesTable = try subtable("files") {
            for path in filesTable.keys.sorted() {
                guard path.hasPrefix("/"), !path.hasSuffix("/"), !path.split(separator: "/").contains("..") else {
                    throw fail("[files] \"\(path)\"", "must be an absolute file path without '..'")
                }
                files.append((path, try reference(filesTable, "files", path, at: "[files] \"\(path)\"")))
            }
        }
        if let watchTable = try subtable("watch") {
            for key in watchTable.keys {
                switch key {
                case "interval":
                    guard let duration = DurationText.parse(try string(watchTable, "watch", key)) else {
                        throw fail("[watch] interval", "is not a duration such as \"30s\" or \"5m\" of at most 87600h")
                    }
                    watch.interval = duration
                case "on_change":
                    watch.onChange = try choice(watchTable, "watch", key, expected: "\"restart\" or \"signal\"")
                case "signal":
                    let name = try string(watchTable, "watch", key)
                    guard let number = SecretsPolicy.signalNames[name.hasPrefix("SIG") ? name : "SIG" + name] else {
                        throw fail(
                            "[watch] signal",
                            "must be one of \(SecretsPolicy.signalNames.keys.sorted().joined(separator: ", "))"
                        )
                    }
                    watch.signal = number
                case "on_loss": watch.onLoss = try choice(watchTable, "watch", key, expected: "\"stop\" or \"keep\"")
                case "revoke_on_exit": watch.revokeOnExit = try flag(watchTable, "watch", key)
                default: throw fail("[watch] \(key)", "unknown key")
                }
            }
        }
        guard !requiringSecrets || !environment.isEmpty || !files.isEmpty else {
            throw fail("[env]/[files]", "no secret is mapped")
        }
    }

    /// Whether `name` is a portable environment variable name.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || (first | 0x20) >= 97 && (first | 0x20) <= 122
        else { return false }
        return name.utf8.allSatisfy {
            $0 == UInt8(ascii: "_") || ($0 >= 48 && $0 <= 57) || (($0 | 0x20) >= 97 && ($0 | 0x20) <= 122)
        }
    }
}
