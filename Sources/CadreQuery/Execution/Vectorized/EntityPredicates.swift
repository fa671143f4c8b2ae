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
/// under NOT, an anti-join). A `test` of the far node and the edge (property maps, a
/// subquery's WHERE) runs on each edge that has the types and labels; when it reads only the
/// far node, its answer is kept per node for the run, so each far node is tested once.
final class PatternExistsKernel: VectorExpression {
    let from: Int
    let direction: Direction
    let types: [String]
    let to: Int?
    let labels: [String]
    /// COUNT { … }: how many edges fit (an integer), not whether one does.
    let counts: Bool
    let test: Test?

    /// A condition over a row of two: the far node, then the edge.
    struct Test {
        let evaluator: Evaluator
        /// The condition as kernels over a batch of (far node, edge), when it cannot raise.
        let kernel: VectorExpression?
        /// False when the condition reads the far node only (then kept per node).
        let readsEdge: Bool
    }

    /// The test's answers by far node in a run: 0 not tested yet, 1 false, 2 true.
    final class Answers {
        var byNode: [UInt8]
        init(count: Int) { byNode = [UInt8](repeating: 0, count: count) }
    }

    init(from: Int, direction: Direction, types: [String], to: Int?, labels: [String], counts: Bool = false, test: Test? = nil) {
        self.from = from
        self.direction = direction
        self.types = types
        self.to = to
        self.labels = labels
        self.counts = counts
        self.test = test
    }

    /// The test of one edge and its far node by the row engine's evaluator (true without a
    /// test); its answer kept in `answers` per far node when it reads no edge.
    private func passes(_ edge: EdgeID, _ other: NodeID, _ answers: Answers?, _ run: VectorRun) throws -> Bool {
        guard let test else { return true }
        let node = other.index
        if let answers, node < answers.byNode.count, answers.byNode[node] != 0 { return answers.byNode[node] == 2 }
        let fits = try test.evaluator([.node(other), .edge(edge)], run.context) == .bool(true)
        if let answers, node < answers.byNode.count { answers.byNode[node] = fits ? 2 : 1 }
        return fits
    }

    /// The test as kernels over every expanded edge whose far node has the labels at once (a
    /// batch of far node and edge): true where it holds.
    private func keptByKernel(_ kernel: VectorExpression, _ edges: [UInt32], _ others: [UInt32], _ labelled: (Int) -> Bool,
                              _ run: VectorRun) throws -> [Bool] {
        var pairs = Batch(width: 2)
        pairs.count = edges.count
        pairs.entities = [others, edges]
        let candidates = edges.indices.filter(labelled).map { Int32($0) }
        let truth = try kernel.evaluate(pairs, candidates, run)
        var marks = [Bool](repeating: false, count: edges.count)
        for index in candidates where truth.isTrue(Int(index)) { marks[Int(index)] = true }
        return marks
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: batch.count)
        let graph = run.graph
        let typeSymbols = types.compactMap { graph.types.lookup($0) }
        let labelSymbols = labels.map { graph.labels.lookup($0) }
        // A type or label no edge or node has: nothing fits.
        let impossible = !types.isEmpty && typeSymbols.isEmpty || labelSymbols.contains { $0 == nil }
        let starts = batch.entities[from]
        if !impossible && to == nil && labels.isEmpty && test == nil {
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
        // The edges of the batch's nodes in one pass over the adjacency (a null node, from an
        // OPTIONAL MATCH, has none: no pattern matches it), then each tested in order.
        var rows: [Int32] = [], nodes: [UInt32] = []
        rows.reserveCapacity(selection.count)
        nodes.reserveCapacity(selection.count)
        for row in selection where starts[Int(row)] != Batch.null {
            rows.append(row)
            nodes.append(starts[Int(row)])
        }
        var found = [Int](repeating: 0, count: rows.count)
        if !impossible {
            var parents: [Int32] = [], edges: [UInt32] = [], others: [UInt32] = []
            graph.expand(nodes, direction: direction, types: typeSymbols.isEmpty ? nil : typeSymbols,
                         parents: &parents, edges: &edges, others: &others)
            let ends = to.map { batch.entities[$0] }
            let labelled = { (index: Int) in labelSymbols.allSatisfy { graph.hasLabel(NodeID(others[index]), $0!) } }
            let kept = try test?.kernel.map { try keptByKernel($0, edges, others, labelled, run) }
            let answers = test.map { test in test.readsEdge ? nil : run.state(self) { Answers(count: graph.nodeCount) } } ?? nil
            for index in parents.indices {
                let parent = Int(parents[index])
                if !counts && found[parent] > 0 { continue }
                if let ends, others[index] != ends[Int(rows[parent])] { continue }
                let fits = try kept.map { $0[index] }
                    ?? (labelled(index) && passes(EdgeID(edges[index]), NodeID(others[index]), answers, run))
                if fits { found[parent] += 1 }
            }
        }
        for row in selection {
            if counts {
                vector.tags[Int(row)] = VectorTag.int
                vector.payloads[Int(row)] = 0
            } else {
                vector.setBool(Int(row), false)
            }
        }
        for (position, row) in rows.enumerated() where found[position] > 0 {
            if counts {
                vector.payloads[Int(row)] = UInt64(found[position])
            } else {
                vector.setBool(Int(row), true)
            }
        }
        return vector
    }
}
