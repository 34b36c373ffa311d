/// A guard in front of TOMLKit (toml++ 3 inside): text that TOML never allows but that trips an assertion or an
/// out-of-bounds read in toml++ (found by fuzzing both of Bot4's TOML parsers: `[` followed by a non-ASCII
/// character) is refused here first, with its line and column. TOML's bare keys and values are ASCII, so a
/// non-ASCII character outside strings and comments, or a NUL anywhere, is an error whatever toml++ would say.
public enum TOMLPrecheck {
    /// Where the text goes wrong and why.
    public struct Problem: Sendable, Equatable {
        /// 1-based line.
        public let line: Int
        /// 1-based column, in Unicode scalars.
        public let column: Int
        /// What is wrong there.
        public let message: String
    }

    /// The first character of `text` that TOML never allows and that would reach toml++'s assertions, or
    /// `nil` when there is none.
    public static func firstProblem(in text: String) -> Problem? {
        enum Mode { case normal, comment, basic, literal, multiBasic, multiLiteral }
        var mode = Mode.normal
        var line = 1
        var column = 0
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func at(_ offset: Int) -> Unicode.Scalar? { index + offset < scalars.count ? scalars[index + offset] : nil }
        func triple(_ quote: Unicode.Scalar) -> Bool { at(0) == quote && at(1) == quote && at(2) == quote }
        while index < scalars.count {
            let scalar = scalars[index]
            column += 1
            if scalar == "\0" {
                return Problem(line: line, column: column, message: "a NUL character is not allowed")
            }
            if scalar == "\n" {
                line += 1
                column = 0
                if mode == .comment || mode == .basic || mode == .literal { mode = .normal }
                index += 1
                continue
            }
            switch mode {
            case .normal:
                if scalar == "#" {
                    mode = .comment
                } else if triple("\"") {
                    mode = .multiBasic
                    index += 2
                } else if triple("'") {
                    mode = .multiLiteral
                    index += 2
                } else if scalar == "\"" {
                    mode = .basic
                } else if scalar == "'" {
                    mode = .literal
                } else if !scalar.isASCII {
                    return Problem(
                        line: line,
                        column: column,
                        message: "a non-ASCII character outside a string or comment"
                    )
                }
            case .comment: break
            case .basic, .multiBasic:
                if scalar == "\\" {
                    index += 1
                } else if mode == .basic, scalar == "\"" {
                    mode = .normal
                } else if mode == .multiBasic, triple("\"") {
                    mode = .normal
                    index += 2
                }
            case .literal:
                if scalar == "'" { mode = .normal }
            case .multiLiteral:
                if triple("'") {
                    mode = .normal
                    index += 2
                }
            }
            index += 1
        }
        return nil
    }
}
