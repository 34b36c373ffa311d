/// Where and why a document is not JSON.
///
/// It carries positions and a fixed description of the problem, never bytes of the document, so that a
/// module reading secrets can pass it on unchanged.
public struct JSONSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The byte offset of the problem from the start of the document.
    public let offset: Int
    /// The line of the problem, from 1.
    public let line: Int
    /// The column of the problem in characters, from 1.
    public let column: Int
    /// What is wrong, such as `duplicate key` or `unterminated string`.
    public let reason: String

    /// Creates an error.
    public init(offset: Int, line: Int, column: Int, reason: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `line:column: reason`.
    public var description: String { "\(line):\(column): \(reason)" }
}
