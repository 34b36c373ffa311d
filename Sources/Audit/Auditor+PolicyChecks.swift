import Digest
import Foundation

/// The policy checks of one package beside its advisories: licences, sources (git hosts and registries) and bans.
extension Auditor {
    func licenses(_ package: AuditedPackage) -> [AuditReport.PolicyFinding] {
        let allowed = Set(policy.allowedLicenses ?? [])
        let extra = Set(
            policy.licenseExceptions.filter { $0.package == package.policyName || $0.package == package.displayName }
                .flatMap(\.allow)
        )
        var licenses = package.licenses
        if licenses.isEmpty,
            let clarification = policy.licenseClarifications.first(where: {
                $0.package == package.policyName || $0.package == package.displayName
            })
        {
            if let stale = staleClarification(clarification, package) { return [stale] }
            licenses = [clarification.expression]
        }
        if licenses.isEmpty {
            guard let disposition = policy.unknownLicense.reportedDisposition(key: "unknown") else { return [] }
            return [
                .init(
                    category: .licenses,
                    rule: "seal/license",
                    package: package,
                    message: "\(package.displayName): no known licence",
                    disposition: disposition
                )
            ]
        }
        var findings: [AuditReport.PolicyFinding] = []
        for expression in licenses where !LicenseExpression.isSatisfied(expression, by: allowed.union(extra)) {
            findings.append(
                .init(
                    category: .licenses,
                    rule: "seal/license",
                    package: package,
                    message: "\(package.displayName): licence \(expression) is not allowed",
                    disposition: .denied("not in [licenses] allow or an exception for this package")
                )
            )
        }
        return findings
    }

    /// A denial when a clarification is pinned to a Debian copyright file that has changed or is missing.
    func staleClarification(
        _ clarification: AuditPolicy.LicenseClarification,
        _ package: AuditedPackage
    ) -> AuditReport.PolicyFinding? {
        guard let expected = clarification.copyrightSHA256 else { return nil }
        let path = "/usr/share/doc/\(package.displayName)/copyright"  // the binary package's own file
        let actual = (try? FileHasher.digests(of: path, algorithms: [.sha256]))?[.sha256]?.hexString
        guard actual != expected else { return nil }
        return .init(
            category: .licenses,
            rule: "seal/license",
            package: package,
            message: actual == nil
                ? "\(package.displayName): the clarified licence's copyright file \(path) cannot be read"
                : "\(package.displayName): \(path) changed since the licence was clarified (read it again)",
            disposition: .denied("[licenses] clarify is pinned to copyright-sha256 \(expected.prefix(12))…")
        )
    }

    func source(_ package: AuditedPackage) -> AuditReport.PolicyFinding? {
        guard package.ecosystem.family == .swiftURL else { return nil }
        if let identity = package.registryIdentity { return registry(package, identity: identity) }
        guard let allowList = policy.allowedGit, let url = package.sourceURL else { return nil }
        let canonical = SwiftPackageName(url).canonical
        if allowList.contains(where: { canonical == $0 || canonical.hasPrefix($0 + "/") }) { return nil }
        let message = "\(package.displayName): source \(canonical) is not in [sources] allow-git"
        return sourceFinding(package, message, policy.unknownSource, key: "unknown")
    }

    /// A registry pin is checked against `allow-registry` (exact registry URL, canonicalised), not `allow-git`.
    func registry(_ package: AuditedPackage, identity: String) -> AuditReport.PolicyFinding? {
        guard let allowList = policy.allowedRegistries else { return nil }
        guard let url = package.registryURL else {
            let message =
                "\(identity): registry pin whose registry is not recorded (no repository_url, no registries.json)"
            return sourceFinding(package, message, policy.unknownRegistry, key: "unknown-registry")
        }
        let canonical = SwiftPackageName(url).canonical
        if allowList.contains(canonical) { return nil }
        let message = "\(identity): registry \(canonical) is not in [sources] allow-registry"
        return sourceFinding(package, message, policy.unknownRegistry, key: "unknown-registry")
    }

    func sourceFinding(
        _ package: AuditedPackage,
        _ message: String,
        _ action: AuditPolicy.Action,
        key: String
    ) -> AuditReport.PolicyFinding? {
        guard let disposition = action.reportedDisposition(key: key) else { return nil }
        return .init(
            category: .sources,
            rule: "seal/source",
            package: package,
            message: message,
            disposition: disposition
        )
    }

    func bans(_ package: AuditedPackage) -> [AuditReport.PolicyFinding] {
        var findings: [AuditReport.PolicyFinding] = []
        for ban in policy.bans where ban.package == package.policyName || ban.package == package.displayName {
            let why = ban.reason.isEmpty ? "banned by [bans] deny" : ban.reason
            guard let requirement = ban.versions else {
                findings.append(
                    .init(
                        category: .bans,
                        rule: "seal/ban",
                        package: package,
                        message: "\(package.displayName) is banned",
                        disposition: .denied(why)
                    )
                )
                continue
            }
            guard let version = package.version, let scheme = VersionScheme(ecosystem: package.ecosystem) else {
                findings.append(
                    .init(
                        category: .bans,
                        rule: "seal/ban",
                        package: package,
                        message: "\(package.displayName) has no version to check against the ban \(requirement)",
                        disposition: .warned(why)
                    )
                )
                continue
            }
            switch requirement.matches(version, scheme: scheme) {
            case .some(true):
                findings.append(
                    .init(
                        category: .bans,
                        rule: "seal/ban",
                        package: package,
                        message: "\(package.displayName) \(version) matches the ban \(requirement)",
                        disposition: .denied(why)
                    )
                )
            case .some(false): break
            case .none:
                findings.append(
                    .init(
                        category: .bans,
                        rule: "seal/ban",
                        package: package,
                        message: "\(package.displayName) \(version) cannot be compared with the ban \(requirement)",
                        disposition: .warned(why)
                    )
                )
            }
        }
        return findings
    }
}
