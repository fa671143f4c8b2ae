import CadreGraph

/// Breadth-first search for the shortest paths between two nodes, for `shortestPath(...)`
/// and `allShortestPaths(...)`.
enum ShortestPaths {
    /// One shortest path, searched from both ends at once, always growing the smaller frontier
    /// (a search from one end visits about d^k nodes; from both, about 2·d^(k/2)).
    static func bidirectional(from source: NodeID, to target: NodeID, direction: Direction, types: [Symbol]?, maximum: Int,
                              excluding used: [EdgeID], graph: Graph, context: ExecutionContext) throws -> GraphPath? {
        // For each side: the node reached, the one before it, the edge between, and the depth.
        var forward: [NodeID: (previous: NodeID, edge: EdgeID, depth: Int)] = [source: (source, EdgeID(0), 0)]
        var backward: [NodeID: (previous: NodeID, edge: EdgeID, depth: Int)] = [target: (target, EdgeID(0), 0)]
        var forwardFrontier = [source], backwardFrontier = [target]
        var forwardDepth = 0, backwardDepth = 0
        while !forwardFrontier.isEmpty && !backwardFrontier.isEmpty && forwardDepth + backwardDepth < maximum {
            let growForward = forwardFrontier.count <= backwardFrontier.count
            let side = growForward ? direction : direction.reversed
            var next: [NodeID] = []
            var best: (node: NodeID, length: Int)? = nil
            let frontier = growForward ? forwardFrontier : backwardFrontier
            let depth = (growForward ? forwardDepth : backwardDepth) + 1
            for node in frontier {
                try context.checkCancel()
                func visit(_ adjacent: AdjacentEdge) -> Bool {
                    if used.contains(adjacent.edge) { return true }
                    if growForward {
                        if forward[adjacent.other] != nil { return true }
                        forward[adjacent.other] = (node, adjacent.edge, depth)
                        if let other = backward[adjacent.other], best == nil || depth + other.depth < best!.length {
                            best = (adjacent.other, depth + other.depth)
                        }
                    } else {
                        if backward[adjacent.other] != nil { return true }
                        backward[adjacent.other] = (node, adjacent.edge, depth)
                        if let other = forward[adjacent.other], best == nil || depth + other.depth < best!.length {
                            best = (adjacent.other, depth + other.depth)
                        }
                    }
                    next.append(adjacent.other)
                    return true
                }
                if let types {
                    for type in types { graph.visitEdges(of: node, direction: side, type: type, visit) }
                } else {
                    graph.visitEdges(of: node, direction: side, visit)
                }
            }
            if let meeting = best?.node {
                var nodes = [meeting], edges: [EdgeID] = []
                var current = meeting
                while current != source, let step = forward[current] {
                    edges.insert(step.edge, at: 0)
                    nodes.insert(step.previous, at: 0)
                    current = step.previous
                }
                current = meeting
                while current != target, let step = backward[current] {
                    edges.append(step.edge)
                    nodes.append(step.previous)
                    current = step.previous
                }
                return edges.count <= maximum ? GraphPath(nodes: nodes, edges: edges) : nil
            }
            if growForward { forwardFrontier = next; forwardDepth = depth } else { backwardFrontier = next; backwardDepth = depth }
        }
        return nil
    }

    static func find(from source: NodeID, to target: NodeID, relationship: PatternPlan.RelationshipSpec, reversed: Bool,
                     all: Bool, excluding used: [EdgeID], row: Row, context: ExecutionContext) throws -> [GraphPath] {
        let graph = context.graph
        let direction = reversed ? relationship.direction.reversed : relationship.direction
        let types = relationship.types.isEmpty ? nil : relationship.types.compactMap { graph.types.lookup($0) }
        let minimum = relationship.length?.min ?? 1
        let maximum = relationship.length?.max ?? 1
        if source == target && minimum == 0 { return [GraphPath(nodes: [source], edges: [])] }
        if !all && minimum <= 1 && source != target && relationship.properties.isEmpty && relationship.propertyMap == nil {
            return try bidirectional(from: source, to: target, direction: direction, types: types, maximum: maximum,
                                     excluding: used, graph: graph, context: context).map { [$0] } ?? []
        }
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
