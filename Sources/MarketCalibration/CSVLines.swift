/// Splits a text file into numbered lines and comma-separated fields, and parses fields strictly.
///
/// Lines end in `\n` or `\r\n`; blank lines are skipped. Numbers are plain decimals (an optional sign,
/// digits, an optional fraction and exponent): `nan`, `inf`, hexadecimal and empty fields are rejected, each
/// with the file, line and field named.
struct CSVLines {
    let file: String
    /// (1-based line number, the line's text).
    let lines: [(number: Int, text: Substring)]

    init(_ bytes: [UInt8], file: String) throws(CalibrationInputError) {
        self.file = file
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CalibrationInputError(.wrongFormat, file: file, "not UTF-8 text")
        }
        var result: [(Int, Substring)] = []
        var number = 0
        // "\r\n" is one Character in Swift: split on both spellings of a line end.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = raw
            if line.last == "\r" { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            result.append((number, line))
        }
        guard !result.isEmpty else { throw CalibrationInputError(.emptyFile, file: file, "the file is empty") }
        lines = result
    }

    func fields(_ line: Substring) -> [Substring] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
    }

    func double(_ field: Substring, line: Int, name: String) throws(CalibrationInputError) -> Double {
        guard Self.isPlainDecimal(field), let value = Double(field), value.isFinite else {
            throw CalibrationInputError(
                .badField,
                file: file,
                line: line,
                "\(name) is not a number: \"\(field.prefix(40))\""
            )
        }
        return value
    }

    func integer(_ field: Substring, line: Int, name: String) throws(CalibrationInputError) -> Int64 {
        guard let value = Int64(field) else {
            throw CalibrationInputError(
                .badField,
                file: file,
                line: line,
                "\(name) is not an integer: \"\(field.prefix(40))\""
            )
        }
        return value
    }

    func boolean(_ field: Substring, line: Int, name: String) throws(CalibrationInputError) -> Bool {
        switch field.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw CalibrationInputError(
                .badField,
                file: file,
                line: line,
                "\(name) is not true/false: \"\(field.prefix(40))\""
            )
        }
    }

    static func isPlainDecimal(_ s: Substring) -> Bool {
        var digits = 0
        var index = s.startIndex
        if index < s.endIndex, s[index] == "-" || s[index] == "+" { index = s.index(after: index) }
        var seenDot = false
        while index < s.endIndex {
            let c = s[index]
            if c.isASCII && c.isNumber {
                digits += 1
            } else if c == "." && !seenDot {
                seenDot = true
            } else if c == "e" || c == "E" {
                guard digits > 0 else { return false }
                var rest = s[s.index(after: index)...]
                if let first = rest.first, first == "-" || first == "+" { rest = rest.dropFirst() }
                return !rest.isEmpty && rest.allSatisfy { $0.isASCII && $0.isNumber }
            } else {
                return false
            }
            index = s.index(after: index)
        }
        return digits > 0
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

/// Binance archives switched spot timestamps to microseconds on 2025-01-01; anything above 1e14 is taken as
/// microseconds (1e14 ms would be the year 5138). Returns microseconds.
func microseconds(fromBinanceTime value: Int64) -> Int64 {
    value >= 100_000_000_000_000 ? value : value * 1000
}
