#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a full load needs of an OSV record that names none of the audited packages: its id, `modified` and
/// whether it is withdrawn (so that duplicates, the withdrawn count and the snapshot's date come out as if it
/// had been parsed), and its affected packages (to decide that it names none, and for the unknown-ecosystem
/// warnings).
///
/// ``read(_:)`` is a fast structural pass (strings, nesting, commas and colons), not a validating one: it
/// answers nil for anything outside the plain form (a tracked key or value with an escape, a tracked field of
/// another JSON type, a missing `id` or `modified`, an affected entry without both package fields, unbalanced
/// nesting), and the record is then read by ``OSVParser``, which reports what is wrong with it. A skimmed
/// record's other fields are not checked: a malformed record about a package nobody audits is not reported,
/// as when it is read through a package index.
public struct OSVRecordSkim: Sendable {
    /// The record's id.
    public let id: String
    /// Its `modified` stamp, as written.
    public let modified: String
    /// Whether `withdrawn` is set (not null).
    public let withdrawn: Bool
    /// The `package` of each affected entry, in order: its `ecosystem` and `name`.
    public let packages: [(ecosystem: String, name: String)]

    /// Skims one record's bytes; nil when the record must be parsed in full.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> OSVRecordSkim? {
        var scanner = Scanner(bytes: bytes)
        return scanner.record()
    }

    /// The scanner: a position in the bytes and the passes over each JSON shape.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        /// The maximum nesting of skipped values, as ``OSVReader``'s depth limit.
        static let maximumDepth = 256

        mutating func record() -> OSVRecordSkim? {
            var id: String?
            var modified: String?
            var withdrawn = false
            var packages: [(ecosystem: String, name: String)] = []
            guard open(UInt8(ascii: "{")) else { return nil }
            while let key = nextKey() {
                switch key {
                case .id:
                    guard let value = stringOrNull() else { return nil }
                    id = value
                case .modified:
                    guard let value = stringOrNull() else { return nil }
                    modified = value
                case .withdrawn:
                    guard let value = stringOrNull() else { return nil }
                    withdrawn = value != nil
                case .affected:
                    // The parser keeps the last `affected` of a record that repeats it.
                    guard let entries = affected() else { return nil }
                    packages = entries
                default:
                    guard skipValue(depth: 1) else { return nil }
                }
                guard afterMember(closing: UInt8(ascii: "}")) else { return nil }
            }
            guard !failed else { return nil }
            skipSpace()
            guard i == bytes.count, let id, !id.isEmpty, let modified else { return nil }
            return OSVRecordSkim(id: id, modified: modified, withdrawn: withdrawn, packages: packages)
        }

        /// `affected`: an array of objects, each with a `package` object holding string `ecosystem` and
        /// `name` (null or absent: nil, as the parser refuses the entry).
        mutating func affected() -> [(ecosystem: String, name: String)]? {
            guard open(UInt8(ascii: "[")) else { return nil }
            var entries: [(ecosystem: String, name: String)] = []
            skipSpace()
            if peek(UInt8(ascii: "]")) { return entries }
            while true {
                guard let entry = affectedEntry() else { return nil }
                entries.append(entry)
                guard let more = next(closing: UInt8(ascii: "]")) else { return nil }
                if !more { return entries }
            }
        }

        mutating func affectedEntry() -> (ecosystem: String, name: String)? {
            var ecosystem: String?
            var name: String?
            guard open(UInt8(ascii: "{")) else { return nil }
            while let key = nextKey() {
                if key == .package {
                    guard open(UInt8(ascii: "{")) else { return nil }
                    while let packageKey = nextKey() {
                        switch packageKey {
                        case .ecosystem:
                            guard let value = stringOrNull() else { return nil }
                            ecosystem = value
                        case .name:
                            guard let value = stringOrNull() else { return nil }
                            name = value
                        default:
                            guard skipValue(depth: 3) else { return nil }
                        }
                        guard afterMember(closing: UInt8(ascii: "}")) else { return nil }
                    }
                    guard !failed else { return nil }
                } else {
                    guard skipValue(depth: 2) else { return nil }
                }
                guard afterMember(closing: UInt8(ascii: "}")) else { return nil }
            }
            guard !failed, let ecosystem, let name else { return nil }
            return (ecosystem, name)
        }

        // MARK: Objects

        /// The keys this pass tracks; every other key is `.other`.
        enum Key { case id, modified, withdrawn, affected, package, ecosystem, name, other }

        /// Set when an object's members are not in the plain form (the loops end, and the caller answers nil).
        var failed = false

        /// Opens an object or array: `{` or `[` after optional whitespace.
        mutating func open(_ bracket: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == bracket else { return false }
            i += 1
            return true
        }

        /// The next key of the open object and its colon, or nil at its end (or on a failure, with `failed`
        /// set).
        mutating func nextKey() -> Key? {
            skipSpace()
            guard i < bytes.count else {
                failed = true
                return nil
            }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return nil
            }
            guard let key = plainString() else {
                failed = true
                return nil
            }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                failed = true
                return nil
            }
            i += 1
            return Self.key(UnsafeBufferPointer(rebasing: bytes[key]))
        }

        /// After a member's value: a comma (another member follows) or the closing brace, which is left for
        /// ``nextKey()`` to take.
        mutating func afterMember(closing: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count else { return false }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                skipSpace()
                // A comma must be followed by another member, not the end.
                return i < bytes.count && bytes[i] == UInt8(ascii: "\"")
            }
            return bytes[i] == closing
        }

        /// After an element of an open array or object: true past a comma (another element follows), false past
        /// `closing` (the container ends), nil for anything else.
        mutating func next(closing: UInt8) -> Bool? {
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                skipSpace()
                return true
            }
            guard bytes[i] == closing else { return nil }
            i += 1
            return false
        }

        static func key(_ text: UnsafeBufferPointer<UInt8>) -> Key {
            /// Whether `text` is `literal` (of the same length, which the switch has checked).
            func `is`(_ literal: StaticString) -> Bool { memcmp(text.baseAddress!, literal.utf8Start, text.count) == 0 }
            switch text.count {
            case 2: if `is`("id") { return .id }
            case 4: if `is`("name") { return .name }
            case 7: if `is`("package") { return .package }
            case 8:
                if `is`("modified") { return .modified }
                if `is`("affected") { return .affected }
            case 9:
                if `is`("withdrawn") { return .withdrawn }
                if `is`("ecosystem") { return .ecosystem }
            default: break
            }
            return .other
        }

        // MARK: Values

        /// A tracked value: `.some(nil)` for null, `.some(text)` for a plain string, nil for anything else.
        mutating func stringOrNull() -> String?? {
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "n") {
                guard bytes.count - i >= 4, bytes[i + 1] == UInt8(ascii: "u"), bytes[i + 2] == UInt8(ascii: "l"),
                    bytes[i + 3] == UInt8(ascii: "l")
                else { return nil }
                i += 4
                return .some(nil)
            }
            guard let range = plainString() else { return nil }
            return .some(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
        }

        /// A string without escapes or control bytes at `i`; its contents' range. Non-ASCII bytes are allowed
        /// only where they form valid UTF-8, which `String(decoding:)` would otherwise repair silently.
        mutating func plainString() -> Range<Int>? {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            let start = i + 1
            var end = start
            var ascii = true
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "\"") { break }
                guard byte >= 0x20, byte != UInt8(ascii: "\\") else { return nil }
                if byte >= 0x80 { ascii = false }
                end += 1
            }
            guard end < bytes.count else { return nil }
            if !ascii, String(validating: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) == nil {
                return nil
            }
            i = end + 1
            return start..<end
        }

        /// Skips any value at `i` (at nesting `depth`): strings honour escapes, containers their nesting;
        /// scalars run to the next delimiter. False for an unbalanced or unterminated value.
        mutating func skipValue(depth: Int) -> Bool {
            skipSpace()
            guard i < bytes.count, depth < Self.maximumDepth else { return false }
            switch bytes[i] {
            case UInt8(ascii: "\""):
                return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let closing = bytes[i] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                i += 1
                skipSpace()
                if i < bytes.count, bytes[i] == closing {
                    i += 1
                    return true
                }
                while true {
                    if closing == UInt8(ascii: "}") {
                        guard skipString() else { return false }
                        skipSpace()
                        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
                        i += 1
                    }
                    guard skipValue(depth: depth + 1), let more = next(closing: closing) else { return false }
                    if !more { return true }
                }
            default:
                let start = i
                while i < bytes.count {
                    switch bytes[i] {
                    case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
                        return i > start
                    case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ":"):
                        return false
                    default:
                        i += 1
                    }
                }
                return i > start
            }
        }

        /// Skips a string at `i`, escapes included: it ends at the first quote after an even run of backslashes
        /// (escapes come in pairs, and only a backslash starts one), found with memchr(3).
        mutating func skipString() -> Bool {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return false }
            let start = i + 1
            var from = start
            while from < bytes.count {
                guard let found = memchr(bytes.baseAddress! + from, Int32(UInt8(ascii: "\"")), bytes.count - from)
                else { return false }
                let quote = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                var backslashes = 0
                while quote - backslashes > start, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") {
                    backslashes += 1
                }
                if backslashes.isMultiple(of: 2) {
                    i = quote + 1
                    return true
                }
                from = quote + 1
            }
            return false
        }

        mutating func peek(_ byte: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x0A, 0x0D, 0x09: i += 1
                default: return
                }
            }
        }
    }
}
