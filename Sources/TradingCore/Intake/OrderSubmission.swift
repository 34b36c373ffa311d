/// A new order as the service hands it to ``OrderIntake``: the client's request with its timing fields, and
/// the ids the venue assigns.
public struct OrderSubmission: Sendable, Hashable {
    /// The client's request.
    public var request: OrderRequest
    /// The order id the venue assigns (unique per book).
    public var orderId: UInt64
    /// The account that sent the request (from its API key).
    public var account: UInt64
    /// The request's `timestamp`.
    public var timestamp: BinanceTimestamp
    /// The request's `recvWindow` (``RecvWindow/default`` when absent).
    public var recvWindow: RecvWindow

    /// Creates a submission.
    public init(
        request: OrderRequest,
        orderId: UInt64,
        account: UInt64,
        timestamp: BinanceTimestamp,
        recvWindow: RecvWindow = .default
    ) {
        self.request = request
        self.orderId = orderId
        self.account = account
        self.timestamp = timestamp
        self.recvWindow = recvWindow
    }
}
