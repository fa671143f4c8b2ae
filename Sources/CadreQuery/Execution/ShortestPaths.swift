import CadreGraph

/// Breadth-first search for the shortest paths between two nodes, for `shortestPath(...)`
/// and `allShortestPaths(...)`.
enum ShortestPaths {
    static func find(from source: NodeID, to target: NodeID, relationship: PatternPlan.RelationshipSpec, reversed: Bool,
                     all: Bool, excluding used: [EdgeID], row: Row, context: ExecutionContext) throws -> [GraphPath] {
        let graph = context.graph
        let direction = reversed ? relationship.direction.reversed : relationship.direction
        let types = relationship.types.isEmpty ? nil : relationship.types.compactMap { graph.types.lookup($0) }
        let minimum = relationship.length?.min ?? 1
        let maximum = relationship.length?.max ?? 1
        if source == target && minimum == 0 { return [GraphPath(nodes: [source], edges: [])] }
        // Predecessors per node, recorded while its distance is still the first one seen.
        var distance: [NodeID: Int] = [source: 0]
        var predecessors: [NodeID: [(NodeID, EdgeID)]] = [:]
        var frontier = [source]
        var depth = 0
        while !frontier.isEmpty && depth < maximum && distance[target] == nil {
            depth += 1
            var next: [NodeID] = []
            for node in frontier {
                try context.checkCancel()
                var adjacent: [AdjacentEdge] = []
                if let types {
                    for type in types { adjacent += graph.edges(of: node, direction: direction, type: type) }
                } else {
                    adjacent = graph.edges(of: node, direction: direction)
                }
                for entry in adjacent where !used.contains(entry.edge) {
                    var ok = true
                    for (key, evaluator) in relationship.properties {
                        if Comparison.equals(graph.property(of: entry.edge, key) ?? .null, try evaluator(row, context)) != true { ok = false }
                    }
                    guard ok else { continue }
                    if let seen = distance[entry.other] {
                        if seen == depth { predecessors[entry.other, default: []].append((node, entry.edge)) }
                        continue
                    }
                    distance[entry.other] = depth
                    predecessors[entry.other] = [(node, entry.edge)]
                    next.append(entry.other)
                }
            }
            frontier = next
        }
        guard let found = distance[target], found >= minimum, found > 0 else { return [] }
        var results: [GraphPath] = []
        func unwind(_ node: NodeID, _ nodes: [NodeID], _ edges: [EdgeID]) {
            if !all && !results.isEmpty { return }
            if node == source {
                results.append(GraphPath(nodes: [source] + nodes, edges: edges))
                return
            }
            for (previous, edge) in predecessors[node] ?? [] {
                unwind(previous, [node] + nodes, [edge] + edges)
            }
        }
        unwind(target, [], [])
        return results
    }
}
