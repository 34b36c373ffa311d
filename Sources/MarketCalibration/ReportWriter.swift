import FileSystem
import Foundation
import JSON

/// Writes `calibration.json` and `report.html` into a folder. Both documents are rendered in memory first and
/// each is written atomically (temporary file, fsync, rename), so a failure never leaves a partial file.
public enum ReportWriter {
    /// The JSON document, canonical (`JSONWriter`: sorted keys, two-space indentation); a non-finite number
    /// (which no fit should produce) is written as the string `"NaN"`, `"Infinity"` or `"-Infinity"`.
    public static func json(_ report: CalibrationReport) throws -> String {
        JSONWriter.string(try JSONValueEncoder(nonFiniteAsStrings: true).encode(report))
    }

    /// The HTML page: one self-contained document with inline CSS and SVG, no scripts.
    public static func html(_ report: CalibrationReport, figures: [String: [Figure]]) -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Bot4 market calibration</title>
            <style>
            body { font-family: sans-serif; max-width: 1000px; margin: 2em auto; color: #222; line-height: 1.4; }
            table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; }
            td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: right; }
            th { background: #f0f0f0; } td.l, th.l { text-align: left; }
            .verdict { background: #eef6ee; border-left: 4px solid #4a4; padding: 0.5em 1em; }
            .cannot { background: #fbeeee; border-left-color: #c44; }
            svg.plot { display: block; margin: 0.5em 0; }
            </style>
            </head>
            <body>
            <h1>Bot4 market calibration</h1>
            <p>Fitted models for synthetic order flow, with standard errors and goodness-of-fit tests. The machine-readable
            parameters are in <code>calibration.json</code> next to this page.</p>
            <h2>Inputs</h2>
            <table><tr><th class="l">role</th><th class="l">file</th><th>rows</th><th class="l">from</th><th class="l">to</th></tr>

            """
        for role in ["trades", "klines", "wsCapture"] {
            guard let input = report.inputs[role] else { continue }
            page += "<tr><td class=\"l\">\(role)</td><td class=\"l\">\(HTML.escape(input.file))</td>"
            page += "<td>\(input.rows)</td><td class=\"l\">\(input.start)</td><td class=\"l\">\(input.end)</td></tr>\n"
        }
        page += "</table>\n"
        for name in Calibrator.Outcome.order {
            guard let model = report.models[name] else { continue }
            page += section(name, model, figures: figures[name] ?? [])
        }
        page += "</body>\n</html>\n"
        return page
    }

    static func section(_ name: String, _ model: ModelReport, figures: [Figure]) -> String {
        let cannot = model.fits.isEmpty && model.verdict.hasPrefix("Cannot")
        var html = "<section id=\"\(name)\">\n<h2>\(HTML.escape(model.quantity))</h2>\n"
        html += "<p>Source: \(model.source); unit: \(HTML.escape(model.unit)); n = \(model.sampleSize)"
        if let excluded = model.excluded { html += "; left out: \(HTML.escape(excluded))" }
        html += ".</p>\n<p class=\"verdict\(cannot ? " cannot" : "")\"><strong>Verdict.</strong> "
        html += "\(HTML.escape(model.verdict))</p>\n"
        if let s = model.summary {
            html += "<table><tr><th>mean</th><th>sd</th><th>skewness</th><th>excess kurtosis</th><th>min</th>"
            html +=
                "<th>median</th><th>max</th></tr><tr><td>\(format(s.mean))</td><td>\(format(s.standardDeviation))</td>"
            html += "<td>\(format(s.skewness))</td><td>\(format(s.excessKurtosis))</td><td>\(format(s.minimum))</td>"
            html += "<td>\(format(s.quantiles["p50"] ?? .nan))</td><td>\(format(s.maximum))</td></tr></table>\n"
        }
        if !model.fits.isEmpty {
            html +=
                "<table><tr><th class=\"l\">model</th><th class=\"l\">method</th><th class=\"l\">parameters (± SE)</th>"
            html += "<th>log-likelihood</th></tr>\n"
            for fit in model.fits {
                let parameters = fit.parameters.map { "\($0.name) = \(format($0.value)) ± \(format($0.standardError))" }
                html += "<tr><td class=\"l\">\(fit.distribution)</td><td class=\"l\">\(fit.method.rawValue)</td>"
                html += "<td class=\"l\">\(HTML.escape(parameters.joined(separator: ", ")))</td>"
                html += "<td>\(format(fit.logLikelihood))</td></tr>\n"
            }
            html += "</table>\n"
        }
        if !model.tests.isEmpty {
            html += "<table><tr><th class=\"l\">model</th><th class=\"l\">test</th><th>statistic</th><th>df</th>"
            html += "<th>p-value</th><th class=\"l\">note</th></tr>\n"
            for test in model.tests {
                let r = test.result
                html +=
                    "<tr><td class=\"l\">\(test.model)</td><td class=\"l\">\(r.name)</td><td>\(format(r.statistic))</td>"
                html +=
                    "<td>\(r.degreesOfFreedom.map { format($0) } ?? "")</td><td>\(r.pValue < 1e-16 ? "< 1e-16" : format(r.pValue))</td>"
                html += "<td class=\"l\">\(HTML.escape(r.note ?? ""))</td></tr>\n"
            }
            html += "</table>\n"
        }
        for (i, figure) in figures.enumerated() {
            html += SVGRenderer.render(figure, id: "\(name)-plot\(i + 1)") + "\n"
        }
        html += "</section>\n"
        return html
    }

    /// Renders both documents, then writes them into `directory` (created if missing).
    /// - Throws: `AtomicFile.WriteError` or a Foundation error when the folder cannot be made or written.
    public static func write(_ report: CalibrationReport, figures: [String: [Figure]], to directory: String) throws {
        let json = try json(report)
        let html = html(report, figures: figures)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Both files are staged in full before either is renamed into place: a failure leaves the old pair.
        try AtomicFile.writeAll([
            (directory + "/calibration.json", Array(json.utf8)), (directory + "/report.html", Array(html.utf8)),
        ])
    }
}
