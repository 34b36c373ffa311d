/// The whole calibration as written to `calibration.json` (format: `docs/calibration-format.md`).
public struct CalibrationReport: Codable, Sendable {
    /// One input file.
    public struct Input: Codable, Sendable {
        /// The path as given.
        public let file: String
        /// Data rows read.
        public let rows: Int
        /// First time covered, ISO 8601 UTC.
        public let start: String
        /// Last time covered, ISO 8601 UTC.
        public let end: String
    }

    /// Always `bot4-calibration`.
    public var format = "bot4-calibration"
    /// The format's version; readers reject versions they do not know.
    public var version = 1
    /// The inputs by role: `trades`, `klines`, and `wsCapture` when given.
    public let inputs: [String: Input]
    /// The calibrated quantities by name (see the format document for the names).
    public let models: [String: ModelReport]
}
