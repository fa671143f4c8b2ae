import Testing
@testable import CadreGraph

/// Breadth-first searches (`Graph.reach`), which share one set of cells per graph, cleared
/// cell by cell after each search.
struct ReachTests {
    func randomGraph(seed: UInt64) -> Graph {
        var random = SeededRandom(state: seed)
        var graph = Graph()
        let nodes = (0..<120).map { graph.addNode(labels: ["N"], properties: [("id", .string("n\($0)"))]) }
        for _ in 0..<260 {
            let from = nodes[Int(random.next() % 120)], to = random.next() % 9 == 0 ? nil : nodes[Int(random.next() % 120)]
            graph.addEdge(from: from, to: to ?? from, type: random.next() % 2 == 0 ? "A" : "B")
        }
        return graph
    }

    /// Distances by a plain breadth-first search over `edges(of:direction:)`.
    func distances(_ graph: Graph, from start: NodeID, _ direction: Direction, _ depth: Int) -> [NodeID: Int] {
        var distance: [NodeID: Int] = [start: 0]
        var frontier = [start]
        for level in 1...depth {
            var next: [NodeID] = []
            for node in frontier {
                for entry in graph.edges(of: node, direction: direction) where distance[entry.other] == nil {
                    distance[entry.other] = level
                    next.append(entry.other)
                }
            }
            frontier = next
        }
        distance[start] = nil
        return distance
    }

    @Test(arguments: 0..<4)
    func searchesOneAfterAnotherFindWhatAFreshSearchFinds(seed: Int) throws {
        let graph = randomGraph(seed: UInt64(seed))
        let nodes = Array(graph.nodes)
        var random = SeededRandom(state: UInt64(seed) &+ 99)
        for _ in 0..<60 {
            let start = nodes[Int(random.next() % UInt64(nodes.count))]
            let direction = [Direction.outgoing, .incoming, .both][Int(random.next() % 3)]
            let depth = 1 + Int(random.next() % 4)
            // The graph's cells (used, cleared, used again) and fresh cells (while a search holds
            // the graph's) give one answer.
            let shared = graph.reach(from: start, direction: direction, types: nil, maxDepth: depth) {}
            let held = try #require(graph.storage.searchCells.take(3 * graph.nodeSlots))
            let fresh = graph.reach(from: start, direction: direction, types: nil, maxDepth: depth) {}
            graph.storage.searchCells.give(held)
            #expect(shared.nodes == fresh.nodes)
            #expect(shared.closedTrail == fresh.closedTrail)
            let expected = distances(graph, from: start, direction, depth)
            #expect(Set(shared.nodes) == Set(expected.keys))
        }
    }
}
