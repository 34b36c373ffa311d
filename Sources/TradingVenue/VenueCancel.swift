import TradingCore

/// A cancel handed to the venue: which open order, on whose behalf.
///
/// The venue refuses (Binance's `-2011 Unknown order sent.`) an order that is not open in the book or that
/// belongs to another account; the caller looks the order up by `origClientOrderId` first when that is what
/// the client sent.
public struct VenueCancel: Sendable, Hashable {
    /// The order to cancel.
    public var orderId: UInt64
    /// The account asking.
    public var account: UInt64
    /// The cancel's own id (`newClientOrderId` of `DELETE /api/v3/order`), answered as `clientOrderId`.
    public var cancelClientOrderId: String?

    /// Creates a cancel.
    public init(orderId: UInt64, account: UInt64, cancelClientOrderId: String? = nil) {
        self.orderId = orderId
        self.account = account
        self.cancelClientOrderId = cancelClientOrderId
    }
}

/// One entry of a group commit: a new order or a cancel.
enum VenueCommand: Sendable, Hashable {
    case place(VenueOrder)
    case cancel(VenueCancel)
}

extension OrderRejection {
    /// Binance's answer to a cancel of an order that is not open (or not the account's).
    static let unknownOrder = OrderRejection(BinanceErrorCode(code: -2011)!, "Unknown order sent.")
}
