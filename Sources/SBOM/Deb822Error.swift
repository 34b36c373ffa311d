/// A deb822 syntax error: what was wrong and on which line. Callers add the file's name in the form their
/// own errors use.
public struct Deb822Error: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case notAField, continuationOutsideField, repeatedField
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A line that is neither a field, a continuation, a comment nor blank.
        public static let notAField = Code(.notAField)
        /// A continuation line before the first field of a paragraph.
        public static let continuationOutsideField = Code(.continuationOutsideField)
        /// A field written twice in one paragraph.
        public static let repeatedField = Code(.repeatedField)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .notAField: "not a field"
            case .continuationOutsideField: "continuation outside a field"
            case .repeatedField: "repeated field"
            }
        }
    }

    /// The kind of error.
    public let code: Code
    /// The 1-based line number.
    public let line: Int
    /// The field's name as written, for ``Code/repeatedField``.
    public let field: String?

    /// Creates an error.
    public init(_ code: Code, line: Int, field: String? = nil) {
        self.code = code
        self.line = line
        self.field = field
    }

    /// What was wrong, without the line number: ``expected `Field: value` ``, …
    public var reason: String {
        switch code {
        case .continuationOutsideField: "a continuation line outside a field"
        case .repeatedField: "field \(field ?? "") repeated in the paragraph"
        default: "expected `Field: value`"
        }
    }

    /// `line N: reason`.
    public var description: String { "line \(line): \(reason)" }
}
