import CadreGraph

/// `n:Label:Other` for a node variable of the pattern.
final class LabelKernel: VectorExpression {
    let slot: Int
    let labels: [String]

    init(slot: Int, labels: [String]) {
        self.slot = slot
        self.labels = labels
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        let graph = run.graph
        let symbols = labels.map { graph.labels.lookup($0) }
        let handles = batch.entities[slot]
        for row in selection where handles[Int(row)] != Batch.null {
            let node = NodeID(handles[Int(row)])
            vector.setBool(Int(row), symbols.allSatisfy { $0.map { graph.hasLabel(node, $0) } ?? false })
        }
        return vector
    }
}

/// A pattern used as a predicate, `(p)-[:RECEIVED]->()` or `(a)-[:R]-(b)`: one hop from a node
/// of the match to an anonymous node (labels allowed) or to another node of the match. True
/// when some edge fits, found by walking the node's adjacency until the first (a semi-join;
/// under NOT, an anti-join).
final class PatternExistsKernel: VectorExpression {
    let from: Int
    let direction: Direction
    let types: [String]
    let to: Int?
    let labels: [String]
    /// COUNT { … }: how many edges fit (an integer), not whether one does.
    let counts: Bool

    init(from: Int, direction: Direction, types: [String], to: Int?, labels: [String], counts: Bool = false) {
        self.from = from
        self.direction = direction
        self.types = types
        self.to = to
        self.labels = labels
        self.counts = counts
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        let graph = run.graph
        let typeSymbols = types.compactMap { graph.types.lookup($0) }
        let labelSymbols = labels.map { graph.labels.lookup($0) }
        // A type or label no edge or node has: nothing fits.
        let impossible = !types.isEmpty && typeSymbols.isEmpty || labelSymbols.contains { $0 == nil }
        let starts = batch.entities[from]
        if !impossible && to == nil && labels.isEmpty {
            // Only edges to count: the store counts them for the whole batch.
            let degrees = graph.degrees(of: starts, rows: selection, direction: direction, types: typeSymbols)
            for (position, row) in selection.enumerated() {
                if counts {
                    vector.tags[Int(row)] = VectorTag.int
                    vector.payloads[Int(row)] = UInt64(degrees[position])
                } else {
                    vector.setBool(Int(row), degrees[position] > 0)
                }
            }
            return vector
        }
        let ends = to.map { batch.entities[$0] }
        for row in selection {
            // From a null node (OPTIONAL MATCH) no pattern matches: false, as row by row.
            var found = 0
            let counts = self.counts
            if !impossible && starts[Int(row)] != Batch.null {
                let node = NodeID(starts[Int(row)])
                let end = ends?[Int(row)]
                func fits(_ adjacent: AdjacentEdge) -> Bool {
                    if let end, adjacent.other.raw != end { return true }
                    if !labelSymbols.allSatisfy({ graph.hasLabel(adjacent.other, $0!) }) { return true }
                    found += 1
                    return counts
                }
                if typeSymbols.isEmpty {
                    graph.visitEdges(of: node, direction: direction, fits)
                } else {
                    for type in typeSymbols where counts || found == 0 { graph.visitEdges(of: node, direction: direction, type: type, fits) }
                }
            }
            if counts {
                vector.tags[Int(row)] = VectorTag.int
                vector.payloads[Int(row)] = UInt64(found)
            } else {
                vector.setBool(Int(row), found > 0)
            }
        }
        return vector
    }
}
