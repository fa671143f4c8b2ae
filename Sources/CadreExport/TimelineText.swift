import CadreGraph

/// A timeline in the terminal: one row per span, its kind and name in aligned columns (by
/// display width, so Vietnamese names line up), then a bar on a shared axis of years: `█`
/// where the dates are known, `░` over the year or month a partial date leaves open, `▸` for
/// a span still running, `◆` for a single day, `┊` for the session's `:at` date.
public enum TimelineText {
    public static let legend = "█ known  ░ uncertain (a date known only to the year or month)  ▸ not ended  ◆ one day"

    public static func render(_ timeline: Timeline, width: Int, at: PartialDate? = nil) -> String {
        var out = timeline.title + "\n"
        guard let (axisFirst, axisLast) = timeline.axis(at: at), !timeline.spans.isEmpty else {
            return out + "  no dated edges or neighbours\n"
        }
        let kindWidth = min(16, timeline.spans.map { DisplayWidth.of($0.kind) }.max() ?? 0)
        let nameWidth = min(32, timeline.spans.map { DisplayWidth.of($0.name) }.max() ?? 0)
        let labelWidth = kindWidth + 2 + nameWidth + 2
        let barWidth = max(20, width - labelWidth - 1)
        let start = Timeline.day(axisFirst), total = Timeline.day(axisLast) - start + 1
        func column(_ raw: UInt32) -> Int {
            Int(max(0, min(Int64(barWidth - 1), (Timeline.day(raw) - start) * Int64(barWidth) / total)))
        }
        func pad(_ text: String, _ width: Int) -> String {
            let cut = DisplayWidth.truncate(text, to: width)
            return cut + String(repeating: " ", count: max(0, width - DisplayWidth.of(cut)))
        }
        let atColumn = at.map { column(PartialDate.firstDay($0.raw)) }
        for span in timeline.spans {
            var cells = [Character](repeating: " ", count: barWidth)
            func fill(_ from: Int, _ to: Int, _ mark: Character) { if from <= to { for index in from...to { cells[index] = mark } } }
            if span.point, let day = span.from {
                if day.precision == .day { cells[column(day.raw)] = "◆" } else {
                    fill(column(PartialDate.firstDay(day.raw)), column(PartialDate.lastDay(day.raw)), "░")
                }
            } else {
                let startFirst = span.from.map { PartialDate.firstDay($0.raw) } ?? axisFirst
                let startLast = span.from.map { PartialDate.lastDay($0.raw) } ?? axisFirst
                let endFirst = span.open ? axisLast : span.to.map { PartialDate.firstDay($0.raw) } ?? axisLast
                let endLast = span.open ? axisLast : span.to.map { PartialDate.lastDay($0.raw) } ?? axisLast
                fill(column(startFirst), column(endLast), "░")
                if span.from != nil, startLast <= endFirst { fill(column(startLast), column(endFirst), "█") }
                if span.open { cells[barWidth - 1] = "▸" }
            }
            if let atColumn, cells[atColumn] == " " { cells[atColumn] = "┊" }
            let line = pad(span.kind, kindWidth) + "  " + pad(span.name, nameWidth) + "  " + String(cells)
            out += String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        // The axis: a tick and a label at the first day of every `step` years.
        let firstYear = PartialDate(raw: axisFirst).year, lastYear = PartialDate(raw: axisLast).year
        let years = lastYear - firstYear + 1
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].first { barWidth * $0 / max(1, years) >= 6 } ?? 1000
        var ruler = [Character](repeating: "─", count: barWidth)
        var labels = [Character](repeating: " ", count: barWidth + 4)
        var year = (firstYear + step - 1) / step * step
        if step == 1 { year = firstYear }
        while year <= lastYear {
            let position = column(PartialDate(year: year, month: 1, day: 1)!.raw)
            ruler[position] = "┬"
            for (offset, digit) in String(year).enumerated() where position + offset < labels.count { labels[position + offset] = digit }
            year += step
        }
        if let atColumn { ruler[atColumn] = "┊" }
        let indent = String(repeating: " ", count: labelWidth)
        out += indent + String(ruler) + "\n"
        out += String((indent + String(labels)).reversed().drop { $0 == " " }.reversed()) + "\n"
        if let at { out += indent + "┊ at \(at)\n" }
        if timeline.hidden > 0 { out += "… \(timeline.hidden) more row\(timeline.hidden == 1 ? "" : "s"), the latest, not shown (:maxrows)\n" }
        return out + legend + "\n"
    }
}
