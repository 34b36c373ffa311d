import Foundation

/// The text framing that minisign and signify files share: comment lines and standard base64 lines, LF
/// endings (a CR before the LF is tolerated as minisign does), payload sizes checked exactly.
enum Base64Lines {
    static let untrustedPrefix = "untrusted comment: "
    static let trustedPrefix = "trusted comment: "

    /// Splits a file into lines the way minisign's `trim()` does: one trailing LF then one CR removed.
    /// Returns the lines and whether the last one ended with a newline.
    static func lines(_ bytes: [UInt8]) -> [String] {
        var out: [String] = []
        var current: [UInt8] = []
        for byte in bytes {
            if byte == 0x0A {
                if current.last == 0x0D { current.removeLast() }
                out.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty {
            if current.last == 0x0D { current.removeLast() }
            out.append(String(decoding: current, as: UTF8.self))
        }
        return out
    }

    /// The length of each line in bytes as stored (a CR before the LF counted, the LF not), for the line
    /// limits minisign's fixed buffers impose when it reads a signature.
    static func storedLengths(_ bytes: [UInt8]) -> [Int] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(\.count)
    }

    /// Decodes one base64 line that must hold exactly `size` bytes.
    static func decode(_ line: String, size: Int) -> [UInt8]? {
        guard let data = Data(base64Encoded: line), data.count == size else { return nil }
        return [UInt8](data)
    }

    /// Standard base64 with padding.
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Checks a comment for what minisign rejects or must not see: line breaks, control characters
    /// (TAB allowed), DEL, invalid UTF-8 is impossible in a Swift String.
    static func validateComment(_ comment: String, field: String, maxBytes: Int) throws(MinisignError) {
        if comment.utf8.count >= maxBytes {
            throw MinisignError(
                .invalidComment,
                "\(field) is \(comment.utf8.count) bytes; the limit is \(maxBytes - 1)"
            )
        }
        for scalar in comment.unicodeScalars {
            let v = scalar.value
            if v == 0x09 { continue }
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
                throw MinisignError(
                    .invalidComment,
                    "\(field) contains the control character U+\(String(v, radix: 16, uppercase: true))"
                )
            }
        }
    }
}
