#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Renders a ``Figure`` as a self-contained inline SVG element (no scripts, no external resources).
enum SVGRenderer {
    static let width = 640.0
    static let height = 360.0
    static let left = 70.0
    static let right = 20.0
    static let top = 30.0
    static let bottom = 50.0
    static let palette = ["#d62728", "#1f77b4", "#2ca02c"]

    static func render(_ figure: Figure, id: String) -> String {
        var xs: [Double] = []
        var ys: [Double] = [0]
        for bar in figure.bars {
            xs += [bar.x0, bar.x1]
            ys.append(bar.height)
        }
        for curve in figure.curves {
            for (x, y) in curve.points where x.isFinite && y.isFinite {
                xs.append(x)
                ys.append(y)
            }
        }
        for (x, y) in figure.points where x.isFinite && y.isFinite {
            xs.append(x)
            ys.append(y)
        }
        if figure.diagonal { ys = ys.dropFirst() + xs }
        if figure.diagonal { xs += ys }
        var x0 = xs.min() ?? 0
        var x1 = xs.max() ?? 1
        var y0 = ys.min() ?? 0
        var y1 = ys.max() ?? 1
        if x1 <= x0 { (x0, x1) = (x0 - 1, x1 + 1) }
        if y1 <= y0 { (y0, y1) = (y0 - 1, y1 + 1) }
        let plotW = width - left - right
        let plotH = height - top - bottom
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { top + plotH - (y - y0) / (y1 - y0) * plotH }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" id="\(id)" class="plot" role="img" width="\(Int(width))" \
            height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))">
            <title>\(HTML.escape(figure.title))</title>
            <rect x="\(n(left))" y="\(n(top))" width="\(n(plotW))" height="\(n(plotH))" fill="#fafafa" stroke="#999"/>

            """
        for bar in figure.bars {
            let x = px(bar.x0)
            let w = max(0.5, px(bar.x1) - x)
            let y = py(bar.height)
            svg += "<rect class=\"bar\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(py(y0) - y))\" "
            svg += "fill=\"#9ecae1\" stroke=\"#6baed6\" stroke-width=\"0.5\"/>\n"
        }
        if figure.diagonal {
            let lo = max(x0, y0)
            let hi = min(x1, y1)
            svg += "<line x1=\"\(n(px(lo)))\" y1=\"\(n(py(lo)))\" x2=\"\(n(px(hi)))\" y2=\"\(n(py(hi)))\" "
            svg += "stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
        }
        for (i, curve) in figure.curves.enumerated() {
            let points = curve.points.filter { $0.0.isFinite && $0.1.isFinite }.map { "\(n(px($0.0))),\(n(py($0.1)))" }
            let color = palette[i % palette.count]
            svg += "<polyline class=\"curve\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" "
            svg += "points=\"\(points.joined(separator: " "))\"/>\n"
            svg += "<text x=\"\(n(width - right - 150))\" y=\"\(n(top + 16 + 16 * Double(i)))\" fill=\"\(color)\" "
            svg += "font-size=\"12\">\(HTML.escape(curve.label))</text>\n"
        }
        for (x, y) in figure.points where x.isFinite && y.isFinite {
            svg += "<circle class=\"point\" cx=\"\(n(px(x)))\" cy=\"\(n(py(y)))\" r=\"2\" fill=\"#1f77b4\"/>\n"
        }
        for i in 0...4 {
            let fx = x0 + (x1 - x0) * Double(i) / 4
            let fy = y0 + (y1 - y0) * Double(i) / 4
            svg += "<text x=\"\(n(px(fx)))\" y=\"\(n(top + plotH + 16))\" font-size=\"11\" text-anchor=\"middle\">"
            svg += "\(format(fx))</text>\n"
            svg += "<text x=\"\(n(left - 6))\" y=\"\(n(py(fy) + 4))\" font-size=\"11\" text-anchor=\"end\">"
            svg += "\(format(fy))</text>\n"
        }
        svg += "<text x=\"\(n(left + plotW / 2))\" y=\"\(n(height - 10))\" font-size=\"12\" text-anchor=\"middle\">"
        svg += "\(HTML.escape(figure.xLabel))</text>\n"
        svg += "<text x=\"14\" y=\"\(n(top + plotH / 2))\" font-size=\"12\" text-anchor=\"middle\" "
        svg += "transform=\"rotate(-90 14 \(n(top + plotH / 2)))\">\(HTML.escape(figure.yLabel))</text>\n"
        svg +=
            "<text x=\"\(n(left))\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(HTML.escape(figure.title))</text>\n"
        svg += "</svg>"
        return svg
    }

    /// A coordinate with one decimal.
    static func n(_ value: Double) -> String { fixed(value, 1) }
}

/// HTML text escaping.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
