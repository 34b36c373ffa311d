extension ChecksumManifest {
    /// One entry of a manifest read back.
    public struct Line: Hashable, Sendable {
        /// The 1-based line number.
        public let number: Int
        /// The digest as written (hex).
        public let hex: String
        /// The file name.
        public let name: String
    }

    /// Reads a manifest in the format `sha256sum`/`sha512sum` write and `-c` accepts: `<hex>  <name>` or
    /// `<hex> *<name>` per line, `digestLength` hex digits. Lines of another shape are returned by number in
    /// `malformed`; empty lines are skipped.
    public static func read(_ bytes: [UInt8], digestLength: Int) -> (lines: [Line], malformed: [Int]) {
        var lines: [Line] = []
        var malformed: [Int] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty { continue }
            let text = String(decoding: line, as: UTF8.self)
            let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            let hex = String(parts[0])
            var name = parts.count == 2 ? Substring(parts[1]) : ""
            if name.first == " " || name.first == "*" { name = name.dropFirst() }
            guard hex.utf8.count == digestLength, hex.utf8.allSatisfy(Self.isASCIIHexDigit), !name.isEmpty,
                !name.contains("\r")
            else {
                malformed.append(index + 1)
                continue
            }
            lines.append(Line(number: index + 1, hex: hex.lowercased(), name: String(name)))
        }
        return (lines, malformed)
    }

    private static func isASCIIHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
}
