/// A Binance spot error code with its name, its retry class and its recovery strategy.
///
/// The classes follow the wording of Binance's `errors.md` and `rest-api.md` (Binance publishes no
/// "retryable" flag): throttling retries after backoff, "execution status unknown" means reconcile, request
/// and filter errors are permanent. ``all`` lists every code of the reference; ``init(code:)`` looks one up.
public struct BinanceErrorCode: Sendable, Hashable, CustomStringConvertible {
    /// The numeric code, e.g. -1013.
    public let code: Int
    /// Binance's name, e.g. `INVALID_MESSAGE`.
    public let name: String
    /// What a client may do.
    public let retryClass: RetryClass
    /// How to recover.
    public let recovery: Recovery

    init(_ code: Int, _ name: String, _ retryClass: RetryClass, _ recovery: Recovery) {
        self.code = code
        self.name = name
        self.retryClass = retryClass
        self.recovery = recovery
    }

    /// The code and name, e.g. `-1013 INVALID_MESSAGE`.
    public var description: String { "\(code) \(name)" }

    /// Looks a code up; `nil` for codes the reference does not list (treat those as ``unknown``).
    public init?(code: Int) {
        guard let found = BinanceErrorCode.byCode[code] else { return nil }
        self = found
    }

    /// -1013 INVALID_MESSAGE: filter failures and other API-side rejects.
    public static let invalidMessage = BinanceErrorCode(-1013, "INVALID_MESSAGE", .doNotRetry, .fixRequest)
    /// -1000 UNKNOWN: execution status unknown.
    public static let unknown = BinanceErrorCode(-1000, "UNKNOWN", .unknownOutcome, .reconcile)
    /// -1014 UNKNOWN_ORDER_COMPOSITION: an unsupported combination of type, time in force and iceberg.
    public static let unknownOrderComposition = BinanceErrorCode(
        -1014,
        "UNKNOWN_ORDER_COMPOSITION",
        .doNotRetry,
        .fixRequest
    )
    /// -1102 MANDATORY_PARAM_EMPTY_OR_MALFORMED.
    public static let mandatoryParamEmptyOrMalformed = BinanceErrorCode(
        -1102,
        "MANDATORY_PARAM_EMPTY_OR_MALFORMED",
        .doNotRetry,
        .fixRequest
    )
    /// -1106 PARAM_NOT_REQUIRED.
    public static let paramNotRequired = BinanceErrorCode(-1106, "PARAM_NOT_REQUIRED", .doNotRetry, .fixRequest)
    /// -1111 BAD_PRECISION.
    public static let badPrecision = BinanceErrorCode(-1111, "BAD_PRECISION", .doNotRetry, .fixRequest)
    /// -1114 TIF_NOT_REQUIRED.
    public static let tifNotRequired = BinanceErrorCode(-1114, "TIF_NOT_REQUIRED", .doNotRetry, .fixRequest)
    /// -1116 INVALID_ORDER_TYPE.
    public static let invalidOrderType = BinanceErrorCode(-1116, "INVALID_ORDER_TYPE", .doNotRetry, .fixRequest)
    /// -1121 BAD_SYMBOL.
    public static let badSymbol = BinanceErrorCode(-1121, "BAD_SYMBOL", .doNotRetry, .fixRequest)
    /// -2010 NEW_ORDER_REJECTED: the matching engine rejected a new order.
    public static let newOrderRejected = BinanceErrorCode(-2010, "NEW_ORDER_REJECTED", .doNotRetry, .fixRequest)

    /// Every code of the reference (Binance `errors.md`), in numeric order from -1000.
    public static let all: [BinanceErrorCode] = {
        typealias E = BinanceErrorCode
        var codes: [E] = [
            unknown,
            E(-1001, "DISCONNECTED", .retry, .retryOnce),
            E(-1002, "UNAUTHORIZED", .doNotRetry, .checkCredentials),
            E(-1003, "TOO_MANY_REQUESTS", .retryAfterBackoff, .backOff),
            E(-1006, "UNEXPECTED_RESP", .unknownOutcome, .reconcile),
            E(-1007, "TIMEOUT", .unknownOutcome, .reconcile),
            E(-1008, "SERVER_BUSY", .retryAfterBackoff, .backOff),
            E(-1010, "ERROR_MSG_RECEIVED", .doNotRetry, .fixRequest),
            invalidMessage,
            unknownOrderComposition,
            E(-1015, "TOO_MANY_ORDERS", .retryAfterBackoff, .backOff),
            E(-1016, "SERVICE_SHUTTING_DOWN", .retry, .switchEndpoint),
            E(-1020, "UNSUPPORTED_OPERATION", .doNotRetry, .fixRequest),
            E(-1021, "INVALID_TIMESTAMP", .retry, .resyncClock),
            E(-1022, "INVALID_SIGNATURE", .doNotRetry, .checkCredentials),
            E(-1033, "COMP_ID_IN_USE", .retry, .reconnect),
            E(-1034, "TOO_MANY_CONNECTIONS", .retryAfterBackoff, .backOff),
            E(-1035, "LOGGED_OUT", .retry, .reconnect),
        ]
        let request: [(Int, String)] = [
            (-1100, "ILLEGAL_CHARS"), (-1101, "TOO_MANY_PARAMETERS"), (-1102, "MANDATORY_PARAM_EMPTY_OR_MALFORMED"),
            (-1103, "UNKNOWN_PARAM"), (-1104, "UNREAD_PARAMETERS"), (-1105, "PARAM_EMPTY"),
            (-1106, "PARAM_NOT_REQUIRED"), (-1108, "PARAM_OVERFLOW"), (-1111, "BAD_PRECISION"),
            (-1112, "NO_DEPTH"), (-1114, "TIF_NOT_REQUIRED"), (-1115, "INVALID_TIF"),
            (-1116, "INVALID_ORDER_TYPE"), (-1117, "INVALID_SIDE"), (-1118, "EMPTY_NEW_CL_ORD_ID"),
            (-1119, "EMPTY_ORG_CL_ORD_ID"), (-1120, "BAD_INTERVAL"), (-1121, "BAD_SYMBOL"),
            (-1122, "INVALID_SYMBOLSTATUS"), (-1125, "INVALID_LISTEN_KEY"), (-1127, "MORE_THAN_XX_HOURS"),
            (-1128, "OPTIONAL_PARAMS_BAD_COMBO"), (-1130, "INVALID_PARAMETER"), (-1134, "BAD_STRATEGY_TYPE"),
            (-1135, "INVALID_JSON"), (-1139, "INVALID_TICKER_TYPE"), (-1145, "INVALID_CANCEL_RESTRICTIONS"),
            (-1151, "DUPLICATE_SYMBOLS"), (-1152, "INVALID_SBE_HEADER"), (-1153, "UNSUPPORTED_SCHEMA_ID"),
            (-1155, "SBE_DISABLED"), (-1158, "OCO_ORDER_TYPE_REJECTED"), (-1160, "OCO_ICEBERGQTY_TIMEINFORCE"),
            (-1161, "DEPRECATED_SCHEMA"), (-1165, "BUY_OCO_LIMIT_MUST_BE_BELOW"),
            (-1166, "SELL_OCO_LIMIT_MUST_BE_ABOVE"), (-1168, "BOTH_OCO_ORDERS_CANNOT_BE_LIMIT"),
            (-1169, "INVALID_TAG_NUMBER"), (-1170, "TAG_NOT_DEFINED_IN_MESSAGE"),
            (-1171, "TAG_APPEARS_MORE_THAN_ONCE"), (-1172, "TAG_OUT_OF_ORDER"), (-1173, "GROUP_FIELDS_OUT_OF_ORDER"),
            (-1174, "INVALID_COMPONENT"), (-1175, "RESET_SEQ_NUM_SUPPORT"), (-1176, "ALREADY_LOGGED_IN"),
            (-1177, "GARBLED_MESSAGE"), (-1178, "BAD_SENDER_COMPID"), (-1179, "BAD_SEQ_NUM"),
            (-1180, "EXPECTED_LOGON"), (-1182, "PARAMS_BAD_COMBO"),
            (-1183, "NOT_ALLOWED_IN_DROP_COPY_SESSIONS"), (-1184, "DROP_COPY_SESSION_NOT_ALLOWED"),
            (-1185, "DROP_COPY_SESSION_REQUIRED"), (-1186, "NOT_ALLOWED_IN_ORDER_ENTRY_SESSIONS"),
            (-1187, "NOT_ALLOWED_IN_MARKET_DATA_SESSIONS"), (-1188, "INCORRECT_NUM_IN_GROUP_COUNT"),
            (-1189, "DUPLICATE_ENTRIES_IN_A_GROUP"), (-1190, "INVALID_REQUEST_ID"),
            (-1194, "INVALID_TIME_UNIT"), (-1196, "BUY_OCO_STOP_LOSS_MUST_BE_ABOVE"),
            (-1197, "SELL_OCO_STOP_LOSS_MUST_BE_BELOW"), (-1198, "BUY_OCO_TAKE_PROFIT_MUST_BE_BELOW"),
            (-1199, "SELL_OCO_TAKE_PROFIT_MUST_BE_ABOVE"), (-1210, "INVALID_PEG_PRICE_TYPE"),
            (-1211, "INVALID_PEG_OFFSET_TYPE"), (-1220, "SYMBOL_DOES_NOT_MATCH_STATUS"),
            (-1221, "INVALID_SBE_MESSAGE_FIELD"), (-1222, "OPO_WORKING_MUST_BE_BUY"),
            (-1223, "OPO_PENDING_MUST_BE_SELL"), (-1224, "WORKING_PARAM_REQUIRED"),
            (-1225, "PENDING_PARAM_NOT_REQUIRED"),
        ]
        codes += request.map { E($0.0, $0.1, .doNotRetry, .fixRequest) }
        codes += [
            E(-1181, "TOO_MANY_MESSAGES", .retryAfterBackoff, .backOff),
            E(-1191, "TOO_MANY_SUBSCRIPTIONS", .doNotRetry, .fixRequest),
            newOrderRejected,
            E(-2011, "CANCEL_REJECTED", .doNotRetry, .treatAsDone),
            E(-2013, "NO_SUCH_ORDER", .doNotRetry, .treatAsDone),
            E(-2014, "BAD_API_KEY_FMT", .doNotRetry, .checkCredentials),
            E(-2015, "REJECTED_MBX_KEY", .doNotRetry, .checkCredentials),
            E(-2016, "NO_TRADING_WINDOW", .doNotRetry, .fixRequest),
            E(-2021, "ORDER_CANCEL_REPLACE_PARTIALLY_FAILED", .unknownOutcome, .reconcile),
            E(-2022, "ORDER_CANCEL_REPLACE_FAILED", .doNotRetry, .fixRequest),
            E(-2026, "ORDER_ARCHIVED", .doNotRetry, .treatAsDone),
            E(-2035, "SUBSCRIPTION_ACTIVE", .doNotRetry, .treatAsDone),
            E(-2036, "SUBSCRIPTION_INACTIVE", .retry, .reconnect),
            E(-2038, "ORDER_AMEND_REJECTED", .doNotRetry, .fixRequest),
            E(-2039, "CLIENT_ORDER_ID_INVALID", .doNotRetry, .fixRequest),
            E(-2042, "MAXIMUM_SUBSCRIPTION_IDS", .doNotRetry, .fixRequest),
            E(-2043, "NO_REFERENCE_PRICE", .retryAfterBackoff, .backOff),
        ]
        return codes.sorted { $0.code > $1.code }
    }()

    private static let byCode: [Int: BinanceErrorCode] = Dictionary(
        all.map { ($0.code, $0) },
        uniquingKeysWith: { first, _ in first }
    )

    /// The class of an HTTP response without (or before reading) a Binance code: 429 and 418 back off
    /// (418 is a ban: stop until `Retry-After`), 409 and every 5XX leave the outcome unknown, other 4XX are
    /// permanent, 2XX/3XX need no retry.
    public static func retryClass(httpStatus: Int) -> RetryClass {
        switch httpStatus {
        case 418, 429: .retryAfterBackoff
        case 409, 500...599: .unknownOutcome
        default: .doNotRetry
        }
    }
}
