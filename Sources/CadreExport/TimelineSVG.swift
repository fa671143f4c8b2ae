import CadreGraph

/// A timeline as a standalone SVG picture: the same rows and axis as `TimelineText`, bars solid
/// where the dates are known and faded over the year or month a partial date leaves open, an
/// arrow for a span still running, a diamond for a single day, a dashed line at the `:at` date.
public enum TimelineSVG {
    static let rowHeight = 26.0
    static let barHeight = 14.0
    static let labelWidth = 330.0
    static let barWidth = 560.0
    static let margin = 16.0

    public static func render(_ timeline: Timeline, at: PartialDate? = nil) -> String {
        let rows = Double(max(1, timeline.spans.count))
        let width = margin * 2 + labelWidth + barWidth
        let top = margin + 46
        let height = top + rows * rowHeight + 56
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(number(width))" height="\(number(height))" viewBox="0 0 \(number(width)) \(number(height))" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(number(margin))" y="\(number(margin + 12))" font-size="15" font-weight="bold">\(escape(timeline.title))</text>

            """
        guard let (axisFirst, axisLast) = timeline.axis(at: at), !timeline.spans.isEmpty else {
            return out + "<text x=\"\(number(margin))\" y=\"\(number(top + 14))\">no dated edges or neighbours</text>\n</svg>\n"
        }
        let start = Timeline.day(axisFirst), total = Double(Timeline.day(axisLast) - start + 1)
        let left = margin + labelWidth
        func x(_ raw: UInt32, end: Bool = false) -> Double {
            left + Double(Timeline.day(raw) - start + (end ? 1 : 0)) * barWidth / total
        }
        // The names start past the widest kind (about 8 px a character in bold 12 px text).
        let nameX = margin + Double(min(16, timeline.spans.map { DisplayWidth.of($0.kind) }.max() ?? 0)) * 8.2 + 12
        let nameColumns = max(8, Int((left - nameX - 10) / 7))
        let palette = ["#2b6cb0", "#2f855a", "#c05621", "#6b46c1", "#b7791f", "#2c7a7b", "#c53030", "#4a5568"]
        var colors: [String: String] = [:]
        for span in timeline.spans where colors[span.kind] == nil { colors[span.kind] = palette[colors.count % palette.count] }
        for (index, span) in timeline.spans.enumerated() {
            let y = top + Double(index) * rowHeight
            let color = colors[span.kind]!
            if index % 2 == 1 {
                out += "<rect x=\"\(number(margin))\" y=\"\(number(y - 5))\" width=\"\(number(labelWidth + barWidth))\" height=\"\(number(rowHeight))\" fill=\"#f4f6f8\"/>\n"
            }
            out += "<text x=\"\(number(margin))\" y=\"\(number(y + 11))\" fill=\"\(color)\" font-weight=\"bold\">\(escape(DisplayWidth.truncate(span.kind, to: 16)))</text>\n"
            out += "<text x=\"\(number(nameX))\" y=\"\(number(y + 11))\">\(escape(DisplayWidth.truncate(span.name, to: nameColumns)))</text>\n"
            func bar(_ from: Double, _ to: Double, faded: Bool) {
                guard to > from else { return }
                out += "<rect x=\"\(number(from))\" y=\"\(number(y))\" width=\"\(number(to - from))\" height=\"\(number(barHeight))\" rx=\"2\" fill=\"\(color)\""
                    + (faded ? " fill-opacity=\"0.28\"" : "") + "/>\n"
            }
            if span.point, let day = span.from {
                if day.precision == .day {
                    let cx = x(day.raw) + 0.5 * barWidth / total, cy = y + barHeight / 2
                    out += "<path d=\"M\(number(cx)) \(number(cy - 7)) L\(number(cx + 7)) \(number(cy)) L\(number(cx)) \(number(cy + 7)) L\(number(cx - 7)) \(number(cy)) Z\" fill=\"\(color)\"/>\n"
                } else {
                    bar(x(PartialDate.firstDay(day.raw)), x(PartialDate.lastDay(day.raw), end: true), faded: true)
                }
                continue
            }
            let startFirst = span.from.map { PartialDate.firstDay($0.raw) } ?? axisFirst
            let startLast = span.from.map { PartialDate.lastDay($0.raw) } ?? axisFirst
            let endFirst = span.open ? axisLast : span.to.map { PartialDate.firstDay($0.raw) } ?? axisLast
            let endLast = span.open ? axisLast : span.to.map { PartialDate.lastDay($0.raw) } ?? axisLast
            if span.from != nil, startLast <= endFirst {
                bar(x(startFirst), x(startLast, end: true), faded: true)
                bar(x(startLast, end: true), x(endFirst), faded: false)
                bar(x(endFirst), x(endLast, end: true), faded: !span.open)
            } else {
                bar(x(startFirst), x(endLast, end: true), faded: true)
            }
            if span.open {
                let tip = left + barWidth + 8, cy = y + barHeight / 2
                out += "<path d=\"M\(number(tip - 8)) \(number(y - 2)) L\(number(tip)) \(number(cy)) L\(number(tip - 8)) \(number(y + barHeight + 2)) Z\" fill=\"\(color)\"/>\n"
            }
        }
        let axisY = top + rows * rowHeight
        out += axis(axisFirst, axisLast, x: { x($0) }, left: left, top: top, axisY: axisY, at: at)
        if timeline.hidden > 0 {
            out += "<text x=\"\(number(margin))\" y=\"\(number(axisY + 18))\" fill=\"#4a5568\">… \(timeline.hidden) more, the latest, not drawn</text>\n"
        }
        out += "<text x=\"\(number(margin))\" y=\"\(number(axisY + 40))\" fill=\"#4a5568\" font-size=\"11\">solid: known · faded: a date known only to the year or month · arrow: not ended · diamond: one day</text>\n"
        return out + "</svg>\n"
    }

    /// The year axis under the rows: a line, a tick and a label per step of years, and the
    /// `:at` date as a dashed line.
    static func axis(_ axisFirst: UInt32, _ axisLast: UInt32, x: (UInt32) -> Double, left: Double, top: Double, axisY: Double,
                     at: PartialDate?) -> String {
        var out = ""
        out += "<line x1=\"\(number(left))\" y1=\"\(number(axisY))\" x2=\"\(number(left + barWidth))\" y2=\"\(number(axisY))\" stroke=\"#4a5568\"/>\n"
        let firstYear = PartialDate(raw: axisFirst).year, lastYear = PartialDate(raw: axisLast).year
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].first { barWidth * Double($0) / Double(max(1, lastYear - firstYear + 1)) >= 44 } ?? 1000
        var year = step == 1 ? firstYear : (firstYear + step - 1) / step * step
        while year <= lastYear {
            let tick = x(PartialDate(year: year, month: 1, day: 1)!.raw)
            out += "<line x1=\"\(number(tick))\" y1=\"\(number(top - 6))\" x2=\"\(number(tick))\" y2=\"\(number(axisY + 5))\" stroke=\"#cbd5e0\" stroke-width=\"0.8\"/>\n"
            out += "<text x=\"\(number(tick))\" y=\"\(number(axisY + 18))\" text-anchor=\"middle\" fill=\"#4a5568\">\(year)</text>\n"
            year += step
        }
        if let at {
            let line = x(PartialDate.firstDay(at.raw))
            out += "<line x1=\"\(number(line))\" y1=\"\(number(top - 8))\" x2=\"\(number(line))\" y2=\"\(number(axisY + 5))\" stroke=\"#c53030\" stroke-dasharray=\"4 3\"/>\n"
            out += "<text x=\"\(number(line + 4))\" y=\"\(number(top - 10))\" fill=\"#c53030\">at \(at)</text>\n"
        }
        return out
    }

    /// A coordinate with at most one decimal.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    /// Text for an SVG element: `&`, `<`, `>` and quotes escaped; control characters dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: if scalar.value >= 0x20 && scalar.value != 0x7F { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
