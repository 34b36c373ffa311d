/// A guard in front of TOMLKit (toml++ 3 inside): text that TOML never allows but that trips an assertion or an
/// out-of-bounds read in toml++ (found by fuzzing both of Bot4's TOML parsers: `[` followed by a non-ASCII
/// character) is refused here first, with its line and column. TOML's bare keys and values are ASCII, so a
/// non-ASCII character outside strings and comments, or a NUL anywhere, is an error whatever toml++ would say.
/// Keys are checked where toml++ asserts on them (a table header, a key/value line, an inline-table entry): a
/// key there must be bare (`A-Z a-z 0-9 _ -`) or quoted, dotted parts likewise, followed by `]` or `=`.
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
        var open: [Unicode.Scalar] = []  // brackets and braces of values open in normal mode
        var lineHasContent = false
        while index < scalars.count {
            let scalar = scalars[index]
            column += 1
            if scalar == "\0" {
                return Problem(line: line, column: column, message: "a NUL character is not allowed")
            }
            if scalar == "\n" {
                line += 1
                column = 0
                lineHasContent = false
                if mode == .comment || mode == .basic || mode == .literal { mode = .normal }
                index += 1
                continue
            }
            switch mode {
            case .normal:
                if let problem = checkKeys(scalars, index, &open, &lineHasContent) {
                    return Problem(line: line, column: column, message: problem)
                }
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

    /// Checks the key positions that start at `index` in normal mode and tracks the open brackets.
    private static func checkKeys(
        _ scalars: [Unicode.Scalar],
        _ index: Int,
        _ open: inout [Unicode.Scalar],
        _ lineHasContent: inout Bool
    ) -> String? {
        let scalar = scalars[index]
        if scalar == " " || scalar == "\t" || scalar == "\r" { return nil }
        defer { lineHasContent = true }
        let atLineStart = !lineHasContent && open.isEmpty
        if atLineStart && scalar == "[" {
            var cursor = index + 1
            let double = cursor < scalars.count && scalars[cursor] == "["
            if double { cursor += 1 }
            guard var end = keyPathEnd(scalars, from: cursor) else {
                return "a table header needs a key: bare (A-Z a-z 0-9 _ -) or quoted, dotted parts likewise"
            }
            for _ in 0..<(double ? 2 : 1) {
                guard end < scalars.count, scalars[end] == "]" else { return "a table header must close with ]" }
                end += 1
            }
            return nil
        }
        if atLineStart && scalar != "#" {
            guard let end = keyPathEnd(scalars, from: index), end < scalars.count, scalars[end] == "=" else {
                return "a line must be a table header, a comment, or key = value with a bare or quoted key"
            }
            return nil
        }
        switch scalar {
        case "=":
            if !startsValue(scalars, after: index, newlines: false) { return "a value must follow =" }
        case "[":
            open.append("[")
            if !startsValue(scalars, after: index, newlines: true, orClosing: "]") {
                return "an array holds values separated by commas and ends with ]"
            }
        case "," where open.last == "[":
            if !startsValue(scalars, after: index, newlines: true, orClosing: "]") {
                return "an array holds values separated by commas and ends with ]"
            }
        case "]": if open.last == "[" { open.removeLast() }
        case "}": if open.last == "{" { open.removeLast() }
        case "{", ",":
            if scalar == "{" { open.append("{") } else if open.last != "{" { return nil }
            var cursor = index + 1
            while cursor < scalars.count, scalars[cursor] == " " || scalars[cursor] == "\t" { cursor += 1 }
            if cursor < scalars.count, scalars[cursor] == "}" { return nil }
            guard let end = keyPathEnd(scalars, from: cursor), end < scalars.count, scalars[end] == "=" else {
                return "an inline table entry needs key = value with a bare or quoted key"
            }
        default: break
        }
        return nil
    }

    /// Whether a value (or `closing`) starts after `index`, past blanks (and newlines and comments inside arrays).
    private static func startsValue(
        _ scalars: [Unicode.Scalar],
        after index: Int,
        newlines: Bool,
        orClosing closing: Unicode.Scalar? = nil
    ) -> Bool {
        var cursor = index + 1
        while cursor < scalars.count {
            let scalar = scalars[cursor]
            if scalar == " " || scalar == "\t" || (newlines && (scalar == "\n" || scalar == "\r")) {
                cursor += 1
            } else if newlines && scalar == "#" {
                while cursor < scalars.count, scalars[cursor] != "\n" { cursor += 1 }
            } else {
                break
            }
        }
        guard cursor < scalars.count else { return false }
        let first = scalars[cursor]
        if let closing, first == closing { return true }
        return "\"'[{tfin+-".unicodeScalars.contains(first) || ("0"..."9").contains(first)
    }

    /// The index after a key path (`key`, `a.b`, `"quoted".bare`) and the blanks after it, or `nil`.
    private static func keyPathEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var cursor = start
        func skipBlanks() {
            while cursor < scalars.count, scalars[cursor] == " " || scalars[cursor] == "\t" { cursor += 1 }
        }
        func isBare(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
        }
        while true {
            skipBlanks()
            guard cursor < scalars.count else { return nil }
            let first = scalars[cursor]
            if isBare(first) {
                while cursor < scalars.count, isBare(scalars[cursor]) { cursor += 1 }
            } else if first == "\"" || first == "'" {
                cursor += 1
                while cursor < scalars.count, scalars[cursor] != first {
                    if scalars[cursor] == "\n" { return nil }
                    if first == "\"", scalars[cursor] == "\\" { cursor += 1 }
                    cursor += 1
                }
                guard cursor < scalars.count else { return nil }
                cursor += 1
            } else {
                return nil
            }
            skipBlanks()
            guard cursor < scalars.count, scalars[cursor] == "." else { return cursor }
            cursor += 1
        }
    }
}
