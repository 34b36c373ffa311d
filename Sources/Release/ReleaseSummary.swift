import Audit

/// What `seal release` shows and exits with once ``ReleasePipeline`` has an outcome: the exit code under the
/// canonical sheet and the text for each stream, as a value the command only prints.
public struct ReleaseSummary: Sendable, Hashable {
    /// 0 released; 1 the staged bundle did not verify; 16 plus the findings bitset when the audit gate refused.
    public var exitCode: Int32
    /// What goes to standard output, without a final newline: the success line, or the verification report of a
    /// bundle that did not verify.
    public var standardOutput: String
    /// A report for standard error, printed before ``message`` as it is: the audit report of a refused release;
    /// empty otherwise.
    public var report: String
    /// The one-line failure message (the command prefixes `seal: `); nil when the release succeeded.
    public var message: String?

    /// The summary of `outcome`.
    public init(_ outcome: ReleasePipeline.Outcome) {
        switch outcome {
        case .released(let directory, let verdict, _):
            exitCode = 0
            standardOutput = "\(directory): \(verdict.files.count) files, signed and verified"
            report = ""
            message = nil
        case .refused(let audit):
            // A refusal has at least one denied finding, so its exit code is 16 plus a non-empty bitset.
            exitCode = audit.exitCode
            standardOutput = ""
            report = ReportRenderer.render(audit, format: .table)
            message = "the audit gate refused the release: \(ReportRenderer.summaryLine(audit))"
        case .selfVerificationFailed(let verdict):
            exitCode = 1
            standardOutput = verdict.textReport
            let files = Set(verdict.problems.map(\.file)).sorted()
            let count = verdict.problems.count
            message =
                "the staged bundle did not verify: \(count) \(count == 1 ? "problem" : "problems") in "
                + "\(files.joined(separator: ", ")); nothing was released"
            report = ""
        }
    }
}
