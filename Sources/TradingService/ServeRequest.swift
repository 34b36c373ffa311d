/// What `bot4 serve` asks for: the flags of the sheet and the environment `seal exec` delivers.
public struct ServeRequest: Sendable {
    /// The address to listen on, `HOST:PORT` (port 0: any free port).
    public var listen: String
    /// The exchangeInfo file whose symbols and filters the venue serves.
    public var exchangeInfoPath: String
    /// A JSON file of reference prices (`{"BTCUSDT":"26000.00"}`) seeding each symbol's average price.
    public var referencePricesPath: String?
    /// How long a `newClientOrderId` stays taken.
    public var idempotencyWindow: Duration
    /// Whether the exchangeInfo's `rateLimits` are enforced (`--rate-limits exchange`, the default) or not
    /// (`off`, for benchmarks).
    public var enforceRateLimits: Bool
    /// The environment (``ServiceConfiguration`` names the variables read).
    public var environment: [String: String]

    /// Creates a request.
    public init(
        listen: String,
        exchangeInfoPath: String,
        referencePricesPath: String? = nil,
        idempotencyWindow: Duration = .seconds(24 * 60 * 60),
        enforceRateLimits: Bool = true,
        environment: [String: String]
    ) {
        self.enforceRateLimits = enforceRateLimits
        self.listen = listen
        self.exchangeInfoPath = exchangeInfoPath
        self.referencePricesPath = referencePricesPath
        self.idempotencyWindow = idempotencyWindow
        self.environment = environment
    }

    /// `--rate-limits`: `exchange` (enforce exchangeInfo's limits) or `off`.
    /// - Throws: ``ServiceError/Code/invalidInput`` for any other value.
    public static func rateLimits(_ text: String) throws(ServiceError) -> Bool {
        switch text {
        case "exchange": return true
        case "off": return false
        default: throw ServiceError(.invalidInput, "--rate-limits: expected exchange or off, got '\(text)'")
        }
    }

    /// Parses a window such as `24h`, `90m`, `30s` or `2d`.
    /// - Throws: ``ServiceError/Code/invalidInput`` naming the flag.
    public static func window(_ text: String) throws(ServiceError) -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        guard let unit = text.last, let seconds = units[unit], let count = Int64(text.dropLast()), count > 0,
            count <= 366 * 86_400 / seconds
        else {
            throw ServiceError(
                .invalidInput,
                "--idempotency-window: expected a positive count and s, m, h or d (such as 24h), got '\(text)'"
            )
        }
        return .seconds(count * seconds)
    }
}
