/// Counts of a graph: nodes and edges, per label and per edge type.
public struct GraphSummary: Sendable, Equatable {
    public var nodeCount: Int
    public var edgeCount: Int
    /// Labels with their node counts, most frequent first, then by name.
    public var labels: [(name: String, count: Int)]
    /// Edge types with their edge counts, most frequent first, then by name.
    public var types: [(name: String, count: Int)]

    public init(_ graph: Graph) {
        nodeCount = graph.nodeCount
        edgeCount = graph.edgeCount
        labels = Self.ranked(graph.labels.allSymbols.map { (graph.labels.name($0), graph.nodeCount(withLabel: $0)) })
        types = Self.ranked(graph.types.allSymbols.map { (graph.types.name($0), graph.edgeCount(ofType: $0)) })
    }

    /// `N nodes, M edges`, then one line per label and type, counts right-aligned.
    public var text: String {
        var out = "\(nodeCount) node\(nodeCount == 1 ? "" : "s"), \(edgeCount) edge\(edgeCount == 1 ? "" : "s")\n"
        let width = (labels + types).map { String($0.count).count }.max() ?? 1
        func line(_ name: String, _ count: Int) -> String {
            String(repeating: " ", count: width - String(count).count + 2) + "\(count)  \(name)\n"
        }
        if !labels.isEmpty { out += "labels:\n" + labels.map { line(":" + $0.name, $0.count) }.joined() }
        if !types.isEmpty { out += "edge types:\n" + types.map { line(":" + $0.name, $0.count) }.joined() }
        return out
    }

    private static func ranked(_ items: [(String, Int)]) -> [(name: String, count: Int)] {
        items.filter { $0.1 > 0 }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            .map { (name: $0.0, count: $0.1) }
    }

    public static func == (lhs: GraphSummary, rhs: GraphSummary) -> Bool {
        lhs.text == rhs.text
    }
}
