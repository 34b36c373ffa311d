import Foundation
import Minisign

/// The whole audit as one call: `seal audit`, the release gate and the deploy gate run it the same way.
public enum Audit {
    /// Reads the policy, the VEX documents, the input and the installed Debian packages, then the database
    /// (checking its signature and age; a signed snapshot with a package index is read for those packages
    /// only), then audits. Writing the report is the caller's.
    /// - Throws: ``AuditError`` naming the file, flag or policy key that cannot be used.
    public static func run(_ request: AuditRequest) throws(AuditError) -> AuditReport {
        let rules = try policy(of: request)
        var statements: [VEXStatement] = []
        var warnings: [String] = []
        for path in rules.vex + request.vex {
            let loaded = try VEXStatement.load(path: path)
            statements += loaded.statements
            warnings += loaded.warnings
        }
        var scanned: AuditInput
        if let contents = request.inputContents {
            scanned = try AuditInput.parse(contents, file: request.input)
        } else {
            scanned = try AuditInput.load(path: request.input)
        }
        if !request.debianPackages.isEmpty {
            let status = request.dpkgStatus
            let data = try AuditFile.read(status, what: "the dpkg database", limit: AuditFile.inventoryLimit)
            let wanted = request.debianPackages
            let installed = try DpkgStatus.parse(
                String(decoding: data, as: UTF8.self),
                source: status,
                only: Set(wanted)
            )
            for name in wanted where !installed.contains(where: { $0.displayName == name }) {
                throw AuditError(.malformedInput, "--deb \(name): not installed according to \(status)")
            }
            scanned.packages += installed
        }
        scanned.warnings += warnings
        let database = try loadDatabase(request, rules: rules, packages: scanned.packages)
        let lists = try securityLists(rules, request.aptLists, &scanned)
        let auditor = Auditor(
            database: database,
            policy: rules,
            vex: statements,
            now: request.now,
            securityLists: lists
        )
        try auditor.checkAge()
        return auditor.audit(scanned)
    }

    /// Checks the advisory database a request would audit with, before anything else is done (the release
    /// pipeline runs it before it builds): the policy is read, the database loaded with its snapshot
    /// signature verified when the policy names a key, and its age checked against `max-age` as of
    /// ``AuditRequest/now``. A signed snapshot with a package index has its index checked against the signed
    /// manifest and no record read. Returns the database, so that the caller can say what it checked.
    /// - Throws: ``AuditError`` as ``run(_:)`` does for the same policy and database: `databaseTooOld` (the
    ///   message names `max-age`), `databaseUnusable` (missing, unsigned, a bad signature), `malformedPolicy`.
    @discardableResult
    public static func checkDatabase(_ request: AuditRequest) throws(AuditError) -> AdvisoryDatabase {
        let rules = try policy(of: request)
        let database = try loadDatabase(request, rules: rules, packages: [])
        try Auditor(database: database, policy: rules, vex: [], now: request.now, securityLists: nil).checkAge()
        return database
    }

    /// The request's policy, or the built-in defaults.
    private static func policy(of request: AuditRequest) throws(AuditError) -> AuditPolicy {
        try request.policyPath.map { path throws(AuditError) in try AuditPolicy.load(path: path) } ?? AuditPolicy()
    }

    /// The advisory database the request or the policy names, its snapshot signature verified with the
    /// policy's key when there is one; a signed snapshot with a package index is read for `packages` only.
    private static func loadDatabase(
        _ request: AuditRequest,
        rules: AuditPolicy,
        packages: [AuditedPackage]
    ) throws(AuditError) -> AdvisoryDatabase {
        guard let databasePath = request.databasePath ?? rules.databasePath else {
            throw AuditError(.malformedPolicy, "no advisory database: give --db or set [database] path in the policy")
        }
        var key: PublicKey?
        if let keyPath = rules.signatureKey {
            let bytes = try AuditFile.read(
                keyPath,
                what: "the snapshot's public key",
                limit: AuditFile.configurationLimit
            )
            do throws(MinisignError) {
                key = try PublicKey(fileContents: bytes, source: keyPath)
            } catch {
                throw AuditError(.malformedPolicy, "", underlying: error)
            }
        }
        return try AdvisoryDatabase.load(path: databasePath, publicKey: key, packages: packages)
    }

    /// apt's security suites, read when the policy checks pending security updates and Debian packages are
    /// audited. Under `security-update-pending = "deny"` lists that cannot be read or name no security suite are
    /// an environment failure (the gate cannot tell); under `warn` the report says that nothing was checked.
    private static func securityLists(
        _ rules: AuditPolicy,
        _ directory: String,
        _ scanned: inout AuditInput
    ) throws(AuditError) -> AptSecurityLists? {
        guard rules.securityUpdatePending != .allow,
            scanned.packages.contains(where: { $0.ecosystem.family == .debian })
        else { return nil }
        let deny = rules.securityUpdatePending == .deny
        let lists: AptSecurityLists
        do throws(AuditError) {
            lists = try AptSecurityLists.load(directory: directory)
        } catch {
            if deny { throw error }
            scanned.warnings.append("pending security updates not checked: \(error.description)")
            return nil
        }
        if lists.suites.isEmpty && deny {
            throw AuditError(
                .io,
                "\(directory): no list of a security suite (run apt-get update), so security-update-pending = "
                    + "\"deny\" cannot be checked"
            )
        }
        return lists
    }
}

/// What ``Audit/run(_:)`` audits, against what, and as of when.
public struct AuditRequest: Sendable {
    /// The policy used when none is named and it exists in the working directory.
    public static let defaultPolicyPath = "policy/audit.toml"

    /// A project folder (its Package.resolved), a Package.resolved, or a CycloneDX/SPDX JSON SBOM.
    public var input: String
    /// The bytes of ``input`` (a `Package.resolved` or an SBOM) when the caller already holds them, for
    /// instance a release bundle's SBOM as its verification read it; ``input`` then only names the file in
    /// the report and is never opened. nil: ``input`` is read.
    public var inputContents: [UInt8]?
    /// The advisory database (a folder of OSV records or an all.zip); nil: the policy's.
    public var databasePath: String?
    /// The policy file; nil: the built-in defaults (``defaultPolicy()`` finds the usual one).
    public var policyPath: String?
    /// VEX documents besides the policy's.
    public var vex: [String]
    /// Installed Debian binary packages to audit too, read from ``dpkgStatus``.
    public var debianPackages: [String]
    /// The dpkg database.
    public var dpkgStatus: String
    /// apt's lists, read for security updates published but not installed.
    public var aptLists: String
    /// The instant the database age and ignore expiry are judged at.
    public var now: Date

    /// A request with the defaults of `seal audit`.
    public init(
        input: String = ".",
        inputContents: [UInt8]? = nil,
        databasePath: String? = nil,
        policyPath: String? = nil,
        vex: [String] = [],
        debianPackages: [String] = [],
        dpkgStatus: String = DpkgStatus.defaultPath,
        aptLists: String = AptSecurityLists.defaultDirectory,
        now: Date = Date()
    ) {
        self.input = input
        self.inputContents = inputContents
        self.databasePath = databasePath
        self.policyPath = policyPath
        self.vex = vex
        self.debianPackages = debianPackages
        self.dpkgStatus = dpkgStatus
        self.aptLists = aptLists
        self.now = now
    }

    /// ``defaultPolicyPath`` when it exists (relative to the working directory), else nil.
    public static func defaultPolicy() -> String? {
        FileManager.default.fileExists(atPath: defaultPolicyPath) ? defaultPolicyPath : nil
    }

    /// The end of the day `text` (`YYYY-MM-DD`, UTC) names, as `--as-of` means it.
    /// - Throws: ``AuditError/Code/malformedInput`` naming the flag.
    public static func endOfDay(_ text: String) throws(AuditError) -> Date {
        guard let day = try? Date.ISO8601FormatStyle().year().month().day().parse(text) else {
            throw AuditError(.malformedInput, "--as-of \(text): expected a day YYYY-MM-DD")
        }
        return day.addingTimeInterval(86_400 - 1)
    }
}
