import CadreGraph

/// A set of nodes and edges of one graph, to export.
public struct Subgraph: Sendable, Equatable {
    public var nodes: Set<NodeID> = []
    public var edges: Set<EdgeID> = []

    public init(nodes: Set<NodeID> = [], edges: Set<EdgeID> = []) {
        self.nodes = nodes
        self.edges = edges
    }

    /// Every node, relationship and path in the values (inside lists and maps too); a
    /// relationship brings its two ends.
    public init(values: [Value], in graph: Graph) {
        for value in values { add(value, graph) }
    }

    private mutating func add(_ value: Value, _ graph: Graph) {
        switch value {
        case .node(let node) where graph.contains(node): nodes.insert(node)
        case .edge(let edge) where graph.contains(edge):
            edges.insert(edge)
            nodes.insert(graph.source(of: edge))
            nodes.insert(graph.target(of: edge))
        case .path(let path):
            for node in path.nodes where graph.contains(node) { nodes.insert(node) }
            for edge in path.edges { add(.edge(edge), graph) }
        case .list(let items): for item in items { add(item, graph) }
        case .map(let map): for entry in map.entries { add(entry.value, graph) }
        default: break
        }
    }

    /// Adds the edges of the graph between nodes already in the subgraph (`--closed`).
    public mutating func close(in graph: Graph) {
        for node in nodes {
            graph.forEachEdge(of: node, direction: .outgoing) { adjacent in
                if nodes.contains(adjacent.other) { edges.insert(adjacent.edge) }
            }
        }
    }

    /// The neighbourhood of `center` within `depth` hops, in either direction, following only
    /// `types` (all when empty) and keeping only nodes with one of `labels` (all when empty; the
    /// center always stays). Nil, with the count reached, when it would pass `limit` nodes.
    public static func ego(_ center: NodeID, depth: Int, types: [String], labels: [String], limit: Int,
                           in graph: Graph) -> Result<Subgraph, SizeError> {
        let typeSymbols = types.compactMap { graph.types.lookup($0) }
        let labelSymbols = labels.compactMap { graph.labels.lookup($0) }
        var result = Subgraph(nodes: [center])
        var frontier = [center]
        for _ in 0..<max(0, depth) {
            var next: [NodeID] = []
            for node in frontier {
                graph.forEachEdge(of: node, direction: .both) { adjacent in
                    if !types.isEmpty && !typeSymbols.contains(adjacent.type) { return }
                    if !labels.isEmpty && !labelSymbols.contains(where: { graph.hasLabel(adjacent.other, $0) }) { return }
                    result.edges.insert(adjacent.edge)
                    if result.nodes.insert(adjacent.other).inserted { next.append(adjacent.other) }
                }
            }
            if result.nodes.count > limit { return .failure(SizeError(nodes: result.nodes.count, limit: limit)) }
            frontier = next
        }
        return .success(result)
    }

    /// The shortest paths (all of them, in either direction) between two nodes.
    public static func shortestPaths(from source: NodeID, to target: NodeID, in graph: Graph, maxDepth: Int = 12) -> Subgraph? {
        if source == target { return Subgraph(nodes: [source]) }
        var distance: [NodeID: Int] = [source: 0]
        var predecessors: [NodeID: [(NodeID, EdgeID)]] = [:]
        var frontier = [source]
        var depth = 0
        while !frontier.isEmpty && distance[target] == nil && depth < maxDepth {
            depth += 1
            var next: [NodeID] = []
            for node in frontier {
                graph.forEachEdge(of: node, direction: .both) { adjacent in
                    if let seen = distance[adjacent.other] {
                        if seen == depth { predecessors[adjacent.other, default: []].append((node, adjacent.edge)) }
                        return
                    }
                    distance[adjacent.other] = depth
                    predecessors[adjacent.other] = [(node, adjacent.edge)]
                    next.append(adjacent.other)
                }
            }
            frontier = next
        }
        guard distance[target] != nil else { return nil }
        var result = Subgraph(nodes: [target])
        var stack = [target]
        while let node = stack.popLast() {
            for (previous, edge) in predecessors[node] ?? [] {
                result.edges.insert(edge)
                if result.nodes.insert(previous).inserted { stack.append(previous) }
            }
        }
        return result
    }

    public struct SizeError: Error, Equatable, Sendable {
        public var nodes: Int
        public var limit: Int
    }
}
