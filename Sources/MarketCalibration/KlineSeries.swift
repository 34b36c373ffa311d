/// A kline series read from a data.binance.vision kline CSV: the 12 columns
/// `open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore`,
/// with the header row (USD-M futures files) or without (spot files). Open times must increase strictly.
public struct KlineSeries: Sendable {
    /// The candles in time order.
    public let klines: [Kline]

    /// Parses a kline file.
    /// - Throws: ``CalibrationInputError`` naming the file, line and field.
    public init(_ bytes: [UInt8], file: String) throws(CalibrationInputError) {
        let csv = try CSVLines(bytes, file: file)
        var rows = csv.lines[...]
        let first = csv.fields(rows.first!.text)
        if first.first?.lowercased() == "open_time" {
            guard first.count == 12, first[8].lowercased() == "count", first[9].lowercased() == "taker_buy_volume"
            else {
                throw CalibrationInputError(
                    .wrongFormat,
                    file: file,
                    line: rows.first!.number,
                    "not a kline header (want open_time,open,high,low,close,volume,close_time,quote_volume,count,"
                        + "taker_buy_volume,taker_buy_quote_volume,ignore)"
                )
            }
            rows = rows.dropFirst()
        }
        var klines: [Kline] = []
        klines.reserveCapacity(rows.count)
        var lastTime = Int64.min
        for (number, text) in rows {
            let f = try csv.fields(text, number: number, count: 12, what: "a Binance kline row")
            let rawTime = try csv.integer(f[0], line: number, name: "open_time")
            let time = microseconds(fromBinanceTime: rawTime)
            guard time > lastTime else {
                throw CalibrationInputError(
                    .unsorted,
                    file: file,
                    line: number,
                    "open_time \(rawTime) does not increase"
                )
            }
            lastTime = time
            let open = try csv.double(f[1], line: number, name: "open")
            let high = try csv.double(f[2], line: number, name: "high")
            let low = try csv.double(f[3], line: number, name: "low")
            let close = try csv.double(f[4], line: number, name: "close")
            let volume = try csv.double(f[5], line: number, name: "volume")
            let count = try csv.integer(f[8], line: number, name: "count")
            let takerBuy = try csv.double(f[9], line: number, name: "taker_buy_volume")
            guard open > 0, high > 0, low > 0, close > 0 else {
                throw CalibrationInputError(.badField, file: file, line: number, "prices must be positive")
            }
            guard volume >= 0, takerBuy >= 0, takerBuy <= volume * (1 + 1e-9), count >= 0, count < Int64(Int32.max)
            else {
                throw CalibrationInputError(
                    .badField,
                    file: file,
                    line: number,
                    "volume, count and taker_buy_volume must be non-negative with taker_buy_volume ≤ volume"
                )
            }
            klines.append(
                Kline(
                    openTimeMicros: time,
                    open: open,
                    high: high,
                    low: low,
                    close: close,
                    volume: volume,
                    tradeCount: Int(count),
                    takerBuyVolume: takerBuy
                )
            )
        }
        guard !klines.isEmpty else { throw CalibrationInputError(.emptyFile, file: file, "no klines after the header") }
        self.klines = klines
    }
}
