/// A trade tape read from CSV.
///
/// Accepted layouts (detected from the header or the column count):
/// - `trade_id,price,qty,time_ms,is_buyer_maker` with that header (the project's fixture format);
/// - data.binance.vision spot `trades` files without a header: `id,price,qty,quoteQty,time,isBuyerMaker,isBestMatch`
///   (times in milliseconds, or microseconds from 2025).
///
/// Times must not decrease; prices and quantities must be positive decimals.
public struct TradeTape: Sendable {
    /// The trades in file order.
    public let trades: [Trade]

    /// Parses a trade tape.
    /// - Parameters:
    ///   - bytes: the file's contents.
    ///   - file: the name to use in error messages.
    /// - Throws: ``CalibrationInputError`` naming the file, line and field.
    public init(_ bytes: [UInt8], file: String) throws(CalibrationInputError) {
        let csv = try CSVLines(bytes, file: file)
        var rows = csv.lines[...]
        let header = csv.fields(rows.first!.text).map { $0.lowercased() }
        var timeColumn = 4
        var makerColumn = 5
        var columns = 7
        if header.first == "trade_id" || header.first == "id" {
            guard let t = header.firstIndex(where: { $0 == "time_ms" || $0 == "time" }),
                let m = header.firstIndex(where: { $0 == "is_buyer_maker" || $0 == "isbuyermaker" }),
                header.count >= 4, header[1] == "price", header[2] == "qty"
            else {
                throw CalibrationInputError(
                    .wrongFormat,
                    file: file,
                    line: rows.first!.number,
                    "not a trade tape header (want trade_id,price,qty,time_ms,is_buyer_maker)"
                )
            }
            timeColumn = t
            makerColumn = m
            columns = header.count
            rows = rows.dropFirst()
        } else if header.count == 5 {
            timeColumn = 3
            makerColumn = 4
            columns = 5
        } else if header.count != 7 {
            throw CalibrationInputError(
                .wrongFormat,
                file: file,
                line: rows.first!.number,
                "not a trade tape: \(header.count) columns (want a trade_id,price,qty,time_ms,is_buyer_maker header)"
            )
        }
        var trades: [Trade] = []
        trades.reserveCapacity(rows.count)
        var lastTime = Int64.min
        for (number, text) in rows {
            let f = try csv.fields(text, number: number, count: columns)
            let id = try csv.integer(f[0], line: number, name: "trade id")
            let price = try csv.double(f[1], line: number, name: "price")
            let quantity = try csv.double(f[2], line: number, name: "qty")
            guard price > 0, quantity > 0 else {
                throw CalibrationInputError(.badField, file: file, line: number, "price and qty must be positive")
            }
            let rawTime = try csv.integer(f[timeColumn], line: number, name: "time")
            guard rawTime > 0 else {
                throw CalibrationInputError(.badField, file: file, line: number, "time must be positive")
            }
            let time = microseconds(fromBinanceTime: rawTime)
            guard time >= lastTime else {
                throw CalibrationInputError(.unsorted, file: file, line: number, "time goes backwards (\(rawTime))")
            }
            lastTime = time
            let maker = try csv.boolean(f[makerColumn], line: number, name: "is_buyer_maker")
            trades.append(Trade(id: id, price: price, quantity: quantity, timeMicros: time, isBuyerMaker: maker))
        }
        guard !trades.isEmpty else { throw CalibrationInputError(.emptyFile, file: file, "no trades after the header") }
        self.trades = trades
    }
}
