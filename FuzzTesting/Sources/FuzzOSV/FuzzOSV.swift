import Audit

/// Feeds arbitrary bytes to the OSV record parser, then evaluates every parsed range against a few versions
/// with both orderings and scores every severity vector. Parse errors are expected; a crash, a trap or an
/// ASan report is a bug. A parsed version must compare equal to itself. Whatever the skim of records that name
/// no audited package (`OSVRecordSkim`) reads of a record the parser also reads, it reads alike.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOSV(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    let skim = bytes.withUnsafeBufferPointer { OSVRecordSkim.read($0) }
    guard let record = try? OSVParser.parse(bytes, source: "fuzz") else { return 0 }
    if let skim {
        precondition(skim.id == record.id && skim.modified == record.modified, "the skim read another id or date")
        precondition(skim.withdrawn == (record.withdrawn != nil), "the skim read another withdrawn")
        precondition(
            skim.packages.map { Ecosystem(osv: $0.ecosystem) } == record.affected.map(\.ecosystem)
                && skim.packages.map(\.name) == record.affected.map(\.name),
            "the skim read other packages"
        )
    }
    let database = AdvisoryDatabase(records: [record])
    for severity in record.severity + record.affected.flatMap(\.severity) {
        _ = CVSS3(severity.score)?.baseScore
        _ = CVSS4(severity.score)?.baseScore
    }
    for affected in record.affected {
        for scheme in [VersionScheme.semver, .dpkg] {
            let evaluator = RangeEvaluator(scheme: scheme)
            for event in affected.ranges.flatMap(\.events) {
                if let order = scheme.compare(event.version, event.version) {
                    precondition(order == 0, "a version does not compare equal to itself")
                }
                _ = evaluator.evaluate(event.version, affected)
            }
            for version in ["0", "1.0.0", "2.39.0", "3.0.19-1~deb12u2", "1:1.0~rc1-1"] {
                _ = evaluator.evaluate(version, affected)
            }
        }
        let package = AuditedPackage(ecosystem: affected.ecosystem, name: affected.name, version: "1.0.0")
        _ = Auditor(database: database, policy: AuditPolicy()).audit(
            AuditInput(packages: [package], scannedFile: "fuzz", hasLicenseData: false)
        )
    }
    return 0
}
