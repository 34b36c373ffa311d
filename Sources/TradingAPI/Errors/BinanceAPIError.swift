import JSON

/// A refusal the API answers with Binance's error shape `{"code":…,"msg":…}` and an HTTP status in the 4xx
/// range (Binance's `rest-api.md`: 4XX for malformed requests, the sender's fault).
///
/// Messages are Binance's own wording from `errors.md`; they name parameters, never secret values.
public struct BinanceAPIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Binance's numeric code, e.g. -1022.
    public let code: Int
    /// Binance's message, e.g. "Signature for this request is not valid.".
    public let message: String
    /// The HTTP status to answer with.
    public let httpStatus: Int

    /// Creates an error.
    public init(code: Int, message: String, httpStatus: Int = 400) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    /// `code msg`.
    public var description: String { "\(code) \(message)" }

    /// The response body: `{"code":-1022,"msg":"Signature for this request is not valid."}`.
    public var jsonBody: [UInt8] {
        JSONWriter.compactBytes(
            .object([("code", .integer(code)), ("msg", .string(message))]),
            memberOrder: .asGiven
        )
    }
}

extension BinanceAPIError {
    /// -1100 without a parameter name.
    public static let illegalCharacters = BinanceAPIError(
        code: -1100,
        message: "Illegal characters found in a parameter."
    )
    /// -1100 naming the parameter and its legal range.
    public static func illegalCharacters(_ name: String, legalRange: String) -> BinanceAPIError {
        BinanceAPIError(
            code: -1100,
            message: "Illegal characters found in parameter '\(name)'; legal range is '\(legalRange)'."
        )
    }
    /// -1101 for too many parameters (or too many bytes of them).
    public static let tooManyParameters = BinanceAPIError(
        code: -1101,
        message: "Too many parameters sent for this endpoint."
    )
    /// -1101 for a parameter sent twice in the query string or twice in the body.
    public static let duplicateParameter = BinanceAPIError(
        code: -1101,
        message: "Duplicate values for a parameter detected."
    )
    /// -1102: a mandatory parameter missing, empty or malformed.
    public static func mandatoryParameter(_ name: String) -> BinanceAPIError {
        BinanceAPIError(
            code: -1102,
            message: "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed."
        )
    }
    /// -1104: parameters the endpoint did not read.
    public static func unreadParameters(read: Int, sent: Int) -> BinanceAPIError {
        BinanceAPIError(
            code: -1104,
            message: "Not all sent parameters were read; read '\(read)' parameter(s) but was sent '\(sent)'."
        )
    }
    /// -1105: an optional parameter sent empty.
    public static func emptyParameter(_ name: String) -> BinanceAPIError {
        BinanceAPIError(code: -1105, message: "Parameter '\(name)' was empty.")
    }
    /// -1106: a parameter the request does not allow.
    public static func parameterNotRequired(_ name: String) -> BinanceAPIError {
        BinanceAPIError(code: -1106, message: "Parameter '\(name)' sent when not required.")
    }
    /// -1108: a number too large for its field.
    public static func parameterOverflow(_ name: String) -> BinanceAPIError {
        BinanceAPIError(code: -1108, message: "Parameter '\(name)' overflowed.")
    }
    /// -1111: more decimals than the field takes.
    public static func tooMuchPrecision(_ name: String) -> BinanceAPIError {
        BinanceAPIError(code: -1111, message: "Parameter '\(name)' has too much precision.")
    }
    /// -1115.
    public static let invalidTimeInForce = BinanceAPIError(code: -1115, message: "Invalid timeInForce.")
    /// -1116.
    public static let invalidOrderType = BinanceAPIError(code: -1116, message: "Invalid orderType.")
    /// -1117.
    public static let invalidSide = BinanceAPIError(code: -1117, message: "Invalid side.")
    /// -1127: `startTime` and `endTime` further apart than the endpoint allows.
    /// - Parameter hours: the endpoint's largest window, in hours.
    public static func moreThanHours(_ hours: Int) -> BinanceAPIError {
        BinanceAPIError(code: -1127, message: "More than \(hours) hours between startTime and endTime.")
    }
    /// -1128: optional parameters sent together that the endpoint does not take together.
    public static let optionalParametersBadCombination = BinanceAPIError(
        code: -1128,
        message: "Combination of optional parameters invalid."
    )
    /// -1130: data for a parameter that is not one of its values.
    public static func invalidParameter(_ name: String) -> BinanceAPIError {
        BinanceAPIError(code: -1130, message: "Data sent for parameter '\(name)' is not valid.")
    }
    /// -1131: `recvWindow` above Binance's maximum of 60,000 ms (or not positive).
    public static let badRecvWindow = BinanceAPIError(code: -1131, message: "recvWindow must be less than 60000")
    /// -1134: `strategyType` below 1,000,000.
    public static let badStrategyType = BinanceAPIError(code: -1134, message: "strategyType was less than 1000000.")
    /// -1022.
    public static let invalidSignature = BinanceAPIError(
        code: -1022,
        message: "Signature for this request is not valid.",
        httpStatus: 400
    )
    /// -2014: the `X-MBX-APIKEY` header is missing or not a key.
    public static let badAPIKeyFormat = BinanceAPIError(
        code: -2014,
        message: "API-key format invalid.",
        httpStatus: 401
    )
    /// -2015: no such key (or it may not do this).
    public static let rejectedAPIKey = BinanceAPIError(
        code: -2015,
        message: "Invalid API-key, IP, or permissions for action.",
        httpStatus: 401
    )
    /// -1003 when the replay memory is full: refused rather than forgetting signatures still inside their window.
    public static let tooManyRequestsQueued = BinanceAPIError(
        code: -1003,
        message: "Too many requests queued.",
        httpStatus: 429
    )
}
