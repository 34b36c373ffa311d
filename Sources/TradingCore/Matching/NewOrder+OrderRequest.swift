extension NewOrder {
    /// The engine's order for a request: the one conversion from what a client sends to what the book holds.
    ///
    /// The request's STP mode, or the symbol's default when it named none (Binance's rule), becomes the
    /// order's; a missing `timeInForce` becomes GTC, which the engine ignores for the types that never rest.
    /// The request is not validated here: ``OrderValidator`` does that first (``OrderIntake`` runs both).
    /// - Parameters:
    ///   - request: the client's request.
    ///   - id: the order id the venue assigns.
    ///   - account: the owning account.
    ///   - defaultSTPMode: the symbol's `defaultSelfTradePreventionMode`.
    public init(_ request: OrderRequest, id: UInt64, account: UInt64, defaultSTPMode: STPMode) {
        self.init(
            id: id,
            account: account,
            side: request.side,
            type: request.type,
            timeInForce: request.timeInForce ?? .gtc,
            price: request.price,
            quantity: request.quantity,
            quoteOrderQty: request.quoteOrderQty,
            stopPrice: request.stopPrice,
            icebergQty: request.icebergQty,
            trailingDelta: request.trailingDelta,
            stpMode: request.selfTradePreventionMode ?? defaultSTPMode
        )
    }
}
