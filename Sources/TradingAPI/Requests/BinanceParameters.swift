/// The parameters of one Binance request: the query string and an `application/x-www-form-urlencoded` body,
/// decoded, with the exact bytes a signature covers.
///
/// Binance's rules (`rest-api.md`): a GET carries parameters in the query string; other methods may use the
/// query string, the body or both, in any order, and a parameter in both takes the query string's value. A
/// signature covers "the query string concatenated without separator to the HTTP body", as sent (before
/// decoding), without the `signature` parameter itself.
public struct BinanceParameters: Sendable, Hashable {
    /// Bounds on what a request may carry.
    public struct Limits: Sendable, Hashable {
        /// Most distinct parameters (Binance's largest endpoint takes about 30).
        public var maxParameters: Int
        /// Most bytes of query string plus body.
        public var maxBytes: Int

        /// Creates limits.
        public init(maxParameters: Int = 64, maxBytes: Int = 16_384) {
            self.maxParameters = maxParameters
            self.maxBytes = maxBytes
        }
    }

    /// One decoded parameter.
    public struct Parameter: Sendable, Hashable {
        /// Its name.
        public let name: String
        /// Its value, decoded (may be empty).
        public let value: String
    }

    /// The parameters in the order sent, the query string's first; a name appears once.
    public let parameters: [Parameter]
    /// The bytes a signature covers: query string then body as sent, each without its `signature` component.
    public let signedPayload: [UInt8]

    /// Parses a request's parameters.
    /// - Parameters:
    ///   - query: the raw query string (after `?`, not decoded), nil when there is none.
    ///   - body: the raw body.
    ///   - contentType: the `Content-Type` header; a non-empty body must be form-urlencoded (a missing header
    ///     is read as form-urlencoded, since curl-style clients omit it).
    ///   - limits: the size bounds.
    /// - Throws: Binance's -1100 (a byte or escape that is not legal, a body of another type), -1101 (too
    ///   many parameters or bytes, or a name twice in the query string or twice in the body).
    public init(
        query: String?,
        body: [UInt8] = [],
        contentType: String? = nil,
        limits: Limits = Limits()
    ) throws(BinanceAPIError) {
        let queryBytes = Array((query ?? "").utf8)
        guard queryBytes.count + body.count <= limits.maxBytes else { throw .tooManyParameters }
        if !body.isEmpty, let contentType, !BinanceParameters.isFormContentType(contentType) {
            throw .illegalCharacters
        }
        let fromQuery = try BinanceParameters.components(queryBytes)
        let fromBody = try BinanceParameters.components(body)
        var seen = Set(fromQuery.map(\.parameter.name))
        var merged = fromQuery.map(\.parameter)
        for component in fromBody where seen.insert(component.parameter.name).inserted {
            merged.append(component.parameter)
        }
        guard merged.count <= limits.maxParameters else { throw .tooManyParameters }
        parameters = merged
        signedPayload = BinanceParameters.unsigned(queryBytes, fromQuery) + BinanceParameters.unsigned(body, fromBody)
    }

    /// The value of `name`, nil when it was not sent.
    public subscript(name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// Whether the media type (before any `;`) is `application/x-www-form-urlencoded`, case-insensitively.
    static func isFormContentType(_ value: String) -> Bool {
        let mediaType = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return mediaType.trimmingSpaces.lowercased() == "application/x-www-form-urlencoded"
    }

    private struct Component {
        let parameter: Parameter
        let range: Range<Int>
    }

    /// Splits one part at `&`, decoding names and values; empty components (`a=1&&b=2`) are skipped.
    private static func components(_ bytes: [UInt8]) throws(BinanceAPIError) -> [Component] {
        var result: [Component] = []
        var names = Set<String>()
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            if end > start {
                let raw = bytes[start..<end]
                let equals = raw.firstIndex(of: UInt8(ascii: "="))
                let rawName = raw[..<(equals ?? end)]
                let rawValue = equals.map { raw[($0 + 1)...] } ?? []
                guard !rawName.isEmpty, let name = PercentDecoding.decode(rawName) else {
                    throw .illegalCharacters
                }
                guard let value = PercentDecoding.decode(rawValue) else { throw .illegalCharacters }
                guard names.insert(name).inserted else { throw .duplicateParameter }
                result.append(Component(parameter: Parameter(name: name, value: value), range: start..<end))
            }
            start = end + 1
        }
        return result
    }

    /// The part's bytes without the `signature` component and one `&` next to it.
    private static func unsigned(_ bytes: [UInt8], _ components: [Component]) -> [UInt8] {
        guard let signature = components.first(where: { $0.parameter.name == "signature" }) else { return bytes }
        var range = signature.range
        if range.upperBound < bytes.count {
            range = range.lowerBound..<(range.upperBound + 1)
        } else if range.lowerBound > 0 {
            range = (range.lowerBound - 1)..<range.upperBound
        }
        var out = bytes
        out.removeSubrange(range)
        return out
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return self.drop(while: isSpace).reversed().drop(while: isSpace).reversed().reduce(into: Substring()) {
            $0.append($1)
        }
    }
}
