import Foundation
import JSON

/// A websocket trade capture: each line holds one or more local wall-clock stamps
/// (`YYYY-MM-DD HH:MM:SS[.ffffff]`, no time zone) separated by ` | `, then the raw `<symbol>@trade` JSON message
/// with its event time `E` and trade time `T` in milliseconds.
public struct WebSocketCapture: Sendable {
    /// The messages in file order.
    public let messages: [WebSocketMessage]

    /// Parses a capture.
    /// - Throws: ``CalibrationInputError`` naming the file and line.
    public init(_ bytes: [UInt8], file: String) throws(CalibrationInputError) {
        let csv = try CSVLines(bytes, file: file)
        var messages: [WebSocketMessage] = []
        for (number, text) in csv.lines {
            let parts = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            guard parts.count >= 2, let json = parts.last, json.first == "{" else {
                throw CalibrationInputError(
                    .wrongFormat,
                    file: file,
                    line: number,
                    "not a capture line (want local stamps, ' | ', then the trade JSON)"
                )
            }
            var stamps: [Int64] = []
            for stamp in parts.dropLast() {
                guard let micros = Self.parseStamp(stamp) else {
                    throw CalibrationInputError(
                        .badField,
                        file: file,
                        line: number,
                        "local stamp is not YYYY-MM-DD HH:MM:SS[.ffffff]: \"\(stamp.prefix(40))\""
                    )
                }
                stamps.append(micros)
            }
            guard let fields = try? JSONParser.parse(Array(json.utf8)), fields.objectValue != nil else {
                throw CalibrationInputError(.wrongFormat, file: file, line: number, "the message is not a JSON object")
            }
            guard let event = Self.integer(fields["E"]), let trade = Self.integer(fields["T"]), event > 0, trade > 0
            else {
                throw CalibrationInputError(
                    .badField,
                    file: file,
                    line: number,
                    "the message has no integer event time E and trade time T"
                )
            }
            messages.append(
                WebSocketMessage(
                    naiveLocalMicros: stamps,
                    eventTimeMicros: microseconds(fromBinanceTime: event),
                    tradeTimeMicros: microseconds(fromBinanceTime: trade)
                )
            )
        }
        self.messages = messages
    }

    private static func integer(_ value: JSONValue?) -> Int64? {
        guard case .number(let text)? = value else { return nil }
        if let integer = Int64(text), integer.magnitude < 9_000_000_000_000_000 { return integer }
        guard let double = Double(text), double.isFinite, double == double.rounded(), abs(double) < 9e15 else {
            return nil
        }
        return Int64(double)
    }

    /// `YYYY-MM-DD HH:MM:SS[.ffffff]` as microseconds since 1970-01-01T00:00 of the same naive clock.
    static func parseStamp(_ text: Substring) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == 45, bytes[7] == 45, bytes[10] == 32, bytes[13] == 58, bytes[16] == 58
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for i in range {
                guard bytes[i] >= 48 && bytes[i] <= 57 else { return nil }
                value = value * 10 + Int64(bytes[i] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        var fraction: Int64 = 0
        if bytes.count > 19 {
            guard bytes[19] == 46, bytes.count > 20, bytes.count <= 26, let digits = number(20..<bytes.count) else {
                return nil
            }
            fraction = digits
            for _ in 0..<(26 - bytes.count) { fraction *= 10 }
        }
        // Days from the civil date (proleptic Gregorian), Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return ((days * 24 + hour) * 60 + minute) * 60_000_000 + second * 1_000_000 + fraction
    }
}
