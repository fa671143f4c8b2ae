import CadreExport
import CadreGraph
import Foundation

/// `:at` and `:timeline`: questions in time.
extension Shell {
    /// The session's date (`:at`), the value of `$at`, when it is a date.
    var atDate: PartialDate? {
        if case .date(let date)? = parameters["at"] { return date }
        return nil
    }

    /// `:at DATE` binds `$at` (a day, or a year or month: an uncertain date) and marks in `:show`
    /// the edges valid then; `:at` shows it; `:at off` forgets it.
    func setAt(_ words: [String]) -> Bool {
        guard let text = words.first else {
            output.write(atDate.map { "at \($0): $at is bound, :show marks the edges valid then\n" } ?? "no date set; :at 2018-06-01 sets one\n")
            return true
        }
        if text.lowercased() == "off" {
            parameters["at"] = nil
            return true
        }
        guard words.count == 1, let date = PartialDate(iso: text) else {
            report(":at needs a date written YYYY-MM-DD (or YYYY-MM, YYYY for an uncertain one), or off")
            return false
        }
        parameters["at"] = .date(date)
        return true
    }

    /// `:timeline ID [FILE.svg]`: the dated edges around a node as bars on a time axis, in the
    /// terminal or as an SVG picture.
    func timeline(_ words: [String]) -> Bool {
        var words = words
        var file: String? = nil
        if let last = words.last, words.count > 1, last.lowercased().hasSuffix(".svg") { file = words.removeLast() }
        guard !words.isEmpty else { report(":timeline needs an id, as in :timeline person:tran-quoc-trung"); return false }
        guard let node = resolveNode(words.joined(separator: " ")) else { return false }
        let full = Timeline(of: node, in: graph)
        guard let file else {
            // As many rows as a result shows (:maxrows); the rest are counted.
            let timeline = full.limited(to: maxRows)
            output.write(TimelineText.render(timeline, width: output.path == nil ? options.width ?? 100 : 100, at: atDate))
            return true
        }
        // A picture of at most 1,000 bars (26,000 pixels high: what image tools still draw).
        let timeline = full.limited(to: 1_000)
        do {
            try AtomicFile.write(Array(TimelineSVG.render(timeline, at: atDate).utf8), to: file)
        } catch {
            report("\(file): cannot write: \(error)")
            return false
        }
        let rows = timeline.hidden > 0 ? "\(timeline.spans.count) of \(full.spans.count) rows, the earliest" : "\(timeline.spans.count) rows"
        output.write("wrote \(file) (\(rows))\n")
        return true
    }
}
