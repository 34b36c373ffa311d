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
        // Split on the byte 0x0A: "\r\n" is a single Character, and grapheme breaking is slow on large files.
        let utf8 = text.utf8
        var start = utf8.startIndex
        while start <= utf8.endIndex {
            let end = utf8[start...].firstIndex(of: 10) ?? utf8.endIndex
            number += 1
            var line = Substring(utf8[start..<end])
            if line.utf8.last == 13 { line = Substring(line.utf8.dropLast()) }
            if !line.utf8.allSatisfy({ $0 == 32 || $0 == 9 }) { result.append((number, line)) }
            if end == utf8.endIndex { break }
            start = utf8.index(after: end)
        }
        guard !result.isEmpty else { throw CalibrationInputError(.emptyFile, file: file, "the file is empty") }
        lines = result
    }

    func fields(_ line: Substring) -> [Substring] {
        line.utf8.split(separator: 44, omittingEmptySubsequences: false).map { Substring($0).trimmingSpaces }
    }

    /// The fields of data line `number`, which must have exactly `count` of them.
    /// - Throws: ``CalibrationInputError/Code/wrongFormat`` naming both counts, and `what` a row is, if given.
    func fields(
        _ line: Substring,
        number: Int,
        count: Int,
        what: String? = nil
    ) throws(CalibrationInputError)
        -> [Substring]
    {
        let result = fields(line)
        guard result.count == count else {
            throw CalibrationInputError(
                .wrongFormat,
                file: file,
                line: number,
                "\(result.count) fields, want \(count)" + (what.map { " (\($0))" } ?? "")
            )
        }
        return result
    }

    func double(_ field: Substring, line: Int, name: String) throws(CalibrationInputError) -> Double {
        guard Self.isPlainDecimal(field), let value = Double(field), value.isFinite else {
            throw badField(field, line: line, name: name, isNot: "a number")
        }
        return value
    }

    func integer(_ field: Substring, line: Int, name: String) throws(CalibrationInputError) -> Int64 {
        guard let value = Int64(field) else {
            throw badField(field, line: line, name: name, isNot: "an integer")
        }
        return value
    }

    func boolean(_ field: Substring, line: Int, name: String) throws(CalibrationInputError) -> Bool {
        switch field.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw badField(field, line: line, name: name, isNot: "true/false")
        }
    }

    /// The error for `field`, the column `name` of `line`, that is not of the wanted kind (`isNot`: "a number",
    /// "an integer", …); the field is quoted, cut to 40 characters.
    private func badField(_ field: Substring, line: Int, name: String, isNot kind: String) -> CalibrationInputError {
        CalibrationInputError(.badField, file: file, line: line, "\(name) is not \(kind): \"\(field.prefix(40))\"")
    }

    static func isPlainDecimal(_ s: Substring) -> Bool {
        let bytes = s.utf8
        var index = bytes.startIndex
        var digits = 0
        if index < bytes.endIndex, bytes[index] == 45 || bytes[index] == 43 { index = bytes.index(after: index) }
        var seenDot = false
        while index < bytes.endIndex {
            let c = bytes[index]
            if c >= 48 && c <= 57 {
                digits += 1
            } else if c == 46 && !seenDot {
                seenDot = true
            } else if c == 101 || c == 69 {
                guard digits > 0 else { return false }
                var rest = bytes[bytes.index(after: index)...]
                if let first = rest.first, first == 45 || first == 43 { rest = rest.dropFirst() }
                return !rest.isEmpty && rest.allSatisfy { $0 >= 48 && $0 <= 57 }
            } else {
                return false
            }
            index = bytes.index(after: index)
        }
        return digits > 0
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = utf8[...]
        while let f = s.first, f == 32 || f == 9 { s = s.dropFirst() }
        while let l = s.last, l == 32 || l == 9 { s = s.dropLast() }
        return Substring(s)
    }
}

/// Binance archives switched spot timestamps to microseconds on 2025-01-01; anything above 1e14 is taken as
/// microseconds (1e14 ms would be the year 5138). Returns microseconds.
func microseconds(fromBinanceTime value: Int64) -> Int64 {
    value >= 100_000_000_000_000 ? value : value * 1000
}
