/// A licence finding: an SPDX licence id or expression, or a free-text licence name.
public struct License: Hashable, Sendable, Comparable {
    /// How the licence was established (CycloneDX `acknowledgement`).
    public struct Acknowledgement: Hashable, Sendable, RawRepresentable {
        /// The CycloneDX spelling.
        public let rawValue: String
        /// Wraps a CycloneDX acknowledgement.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Stated by the package's authors (a manifest field, a declaration in another SBOM).
        public static let declared = Acknowledgement(rawValue: "declared")
        /// Concluded by analysis (a licence file matched against the SPDX texts).
        public static let concluded = Acknowledgement(rawValue: "concluded")
    }

    /// An SPDX id (`Apache-2.0`), an SPDX expression (`MIT OR Apache-2.0`), or a free-text name.
    public var expression: String
    /// Whether ``expression`` is SPDX syntax (false: a free-text name).
    public var isSPDX: Bool
    /// How it was established.
    public var acknowledgement: Acknowledgement

    /// Creates a finding.
    public init(expression: String, isSPDX: Bool = true, acknowledgement: Acknowledgement = .concluded) {
        self.expression = expression
        self.isSPDX = isSPDX
        self.acknowledgement = acknowledgement
    }

    /// The licence ids an SPDX expression names (operators, `WITH` exceptions and parentheses removed);
    /// for a free-text name, the name.
    public var identifiers: [String] {
        guard isSPDX else { return [expression] }
        var ids: [String] = []
        var afterWith = false
        for token in expression.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" }) {
            switch token.uppercased() {
            case "AND", "OR": afterWith = false
            case "WITH": afterWith = true
            default:
                if !afterWith { ids.append(String(token)) }
                afterWith = false
            }
        }
        return ids
    }

    /// Whether the expression is a single id (no operator).
    public var isSingleIdentifier: Bool {
        isSPDX && !expression.contains(" ") && !expression.contains("(")
    }

    /// Orders by expression.
    public static func < (lhs: License, rhs: License) -> Bool { lhs.expression < rhs.expression }
}
