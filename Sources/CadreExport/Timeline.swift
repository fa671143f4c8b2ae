import CadreGraph

/// What `:timeline ID` draws: the spans of time around one node, read from the graph.
///
/// - each edge of the node with a start or an end (`from`/`to`, `start_date`/`end_date`,
///   `valid_from`/`valid_to`) is a bar named after the node at its other end: a person's posts
///   and memberships, a post's holders;
/// - an edge with only a `date` is a point (an award received, a succession);
/// - a neighbour reached by an edge without dates, when the neighbour itself has them (a term
///   of a body: `period: "2015-2020"`, `to: 2020-09-25`), is a bar named after the neighbour;
/// - the node's own dates, when it has some, are a bar first.
/// Dates known only to the year or month keep that uncertainty: the renderers draw it faded.
public struct Timeline: Sendable {
    public struct Span: Sendable, Equatable {
        /// The edge type, or the neighbour's label.
        public var kind: String
        public var name: String
        /// Nil: the start is not known.
        public var from: PartialDate?
        /// Nil: not ended ("still"), or not known when `open` is false.
        public var to: PartialDate?
        /// No end recorded: the span runs on.
        public var open: Bool
        /// One date, not a span.
        public var point: Bool
    }

    public let title: String
    public let spans: [Span]
    /// Spans left out by `limited(to:)`.
    public private(set) var hidden = 0

    static let startKeys = ["from", "start_date", "valid_from", "start"]
    static let endKeys = ["to", "end_date", "valid_to", "end"]

    public init(title: String, spans: [Span]) {
        self.title = title
        self.spans = spans
    }

    /// The timeline of `node`.
    public init(of node: NodeID, in graph: Graph) {
        func text(_ node: NodeID, _ key: String) -> String? { graph.property(of: node, key)?.stringValue }
        func nameOf(_ node: NodeID) -> String { text(node, "name") ?? text(node, "label") ?? text(node, "title") ?? text(node, "id") ?? "#\(node.raw)" }
        var spans: [Span] = []
        if let own = Self.span(kind: graph.labelNames(of: node).first ?? "", name: nameOf(node), read: { graph.property(of: node, $0) }) {
            spans.append(own)
        }
        var seen = Set<NodeID>()
        for direction in [Direction.outgoing, .incoming] {
            graph.forEachEdge(of: node, direction: direction) { adjacent in
                let type = graph.types.name(adjacent.type)
                if let span = Self.span(kind: type, name: nameOf(adjacent.other), read: { graph.property(of: adjacent.edge, $0) }) {
                    spans.append(span)
                } else if adjacent.other != node, seen.insert(adjacent.other).inserted,
                          let span = Self.span(kind: graph.labelNames(of: adjacent.other).first ?? type, name: nameOf(adjacent.other),
                                               read: { graph.property(of: adjacent.other, $0) }), !span.point {
                    spans.append(span)
                }
            }
        }
        // By start (unknown starts last), then end, then name: the same picture every time.
        spans.sort { a, b in
            let (x, y) = (a.from.map { PartialDate.firstDay($0.raw) } ?? .max, b.from.map { PartialDate.firstDay($0.raw) } ?? .max)
            if x != y { return x < y }
            let (u, v) = (a.to.map { PartialDate.lastDay($0.raw) } ?? .max, b.to.map { PartialDate.lastDay($0.raw) } ?? .max)
            if u != v { return u < v }
            return (a.kind, a.name) < (b.kind, b.name)
        }
        self.init(title: nameOf(node) + " (" + (text(node, "id") ?? "#\(node.raw)") + ")", spans: spans)
    }

    /// A span from properties read by `read`; nil when they hold no date.
    public static func span(kind: String, name: String, read: (String) -> Value?) -> Span? {
        func date(_ keys: [String]) -> PartialDate? {
            for key in keys { if case .date(let date)? = read(key) { return date } }
            return nil
        }
        var from = date(startKeys), to = date(endKeys)
        // `period: "2015-2020"` (or with an en dash): the years, where no date says more.
        if case .string(let period)? = read("period") {
            let years = period.split(whereSeparator: { $0 == "-" || $0 == "–" }).map { String($0.filter { $0 != " " }) }
            if years.count == 2, let first = PartialDate(iso: years[0]), let last = PartialDate(iso: years[1]) {
                from = from ?? first
                to = to ?? last
            }
        }
        if from != nil || to != nil {
            return Span(kind: kind, name: name, from: from, to: to, open: to == nil, point: false)
        }
        if let day = date(["date"]) { return Span(kind: kind, name: name, from: day, to: day, open: false, point: true) }
        return nil
    }

    /// The first `count` spans (the earliest), the others counted in `hidden`; all when
    /// `count` is 0.
    public func limited(to count: Int) -> Timeline {
        guard count > 0, spans.count > count else { return self }
        var cut = Timeline(title: title, spans: Array(spans.prefix(count)))
        cut.hidden = hidden + spans.count - count
        return cut
    }

    /// The first and last day the axis shows: whole years around every date (and `at`).
    public func axis(at: PartialDate? = nil) -> (first: UInt32, last: UInt32)? {
        var dates = spans.flatMap { [$0.from, $0.to].compactMap { $0 } }
        if let at { dates.append(at) }
        guard let low = dates.map(\.year).min(), let high = dates.map(\.year).max() else { return nil }
        // An open span shows running on past its last date: one more year on the axis.
        let extra = spans.contains { $0.open } && !dates.contains { $0.year == high + 1 } ? 1 : 0
        return (PartialDate(year: low, month: 1, day: 1)!.raw, PartialDate(year: high + extra, month: 12, day: 31)!.raw)
    }

    /// Days since 1970-01-01 of a packed full date.
    static func day(_ raw: UInt32) -> Int64 { PartialDate(raw: raw).firstEpochDay }
}
