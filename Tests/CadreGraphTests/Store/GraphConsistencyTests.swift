import Testing
@testable import CadreGraph

/// Random edits, checked after each step against indexes recomputed by brute force.
struct GraphConsistencyTests {
    typealias Generator = SeededRandom

    @Test(arguments: [1, 2, 3])
    func indexesStayConsistentUnderRandomEdits(seed: UInt64) throws {
        var random = Generator(state: seed)
        var graph = Graph()
        let labels = ["Person", "Role", "Org"]
        let types = ["HELD", "MEMBER_OF", "PART_OF"]
        for step in 0..<3_000 {
            let live = graph.nodes
            switch Int.random(in: 0..<10, using: &random) {
            case let roll where roll <= 2 || live.count < 2:
                graph.addNode(labels: [labels.randomElement(using: &random)!],
                              properties: [("id", .string("n\(Int.random(in: 0..<400, using: &random))"))])
            case 3...5:
                graph.addEdge(from: live.randomElement(using: &random)!, to: live.randomElement(using: &random)!,
                              type: types.randomElement(using: &random)!, properties: [("step", .int(Int64(step)))])
            case 6:
                if let edge = graph.edges.randomElement(using: &random) { try graph.removeEdge(edge) }
            case 7:
                try graph.detachAndRemoveNode(live.randomElement(using: &random)!)
            case 8:
                let node = live.randomElement(using: &random)!
                if Bool.random(using: &random) {
                    graph.addLabel(labels.randomElement(using: &random)!, to: node)
                } else {
                    graph.removeLabel(labels.randomElement(using: &random)!, from: node)
                }
            default:
                graph.setProperty(of: live.randomElement(using: &random)!, "id",
                                  to: Bool.random(using: &random) ? .string("n\(Int.random(in: 0..<400, using: &random))") : .null)
            }
            if step % 97 == 0 || step == 2_999 { try check(graph) }
        }
        graph.compact()
        try check(graph)
    }

    private func check(_ graph: Graph) throws {
        let nodes = graph.nodes
        let edges = graph.edges
        #expect(graph.nodeCount == nodes.count && graph.edgeCount == edges.count)
        for symbol in graph.labels.allSymbols {
            #expect(graph.nodes(withLabel: symbol) == nodes.filter { graph.hasLabel($0, symbol) })
        }
        for symbol in graph.types.allSymbols {
            #expect(graph.edges(ofType: symbol) == edges.filter { graph.type(of: $0) == symbol })
        }
        var ids: [String: [NodeID]] = [:]
        for node in nodes {
            if case .string(let id)? = graph.property(of: node, "id") { ids[id, default: []].append(node) }
        }
        for (id, holders) in ids { #expect(graph.nodes(withID: id).sorted() == holders) }
        #expect(graph.nodes(withID: "never").isEmpty)
        for node in nodes {
            let out = edges.filter { graph.source(of: $0) == node }
            let into = edges.filter { graph.target(of: $0) == node }
            #expect(graph.edges(of: node, direction: .outgoing).map(\.edge).sorted() == out)
            #expect(graph.edges(of: node, direction: .incoming).map(\.edge).sorted() == into)
            #expect(graph.degree(of: node, direction: .both) == Set(out + into).count)
        }
        for edge in edges {
            #expect(graph.contains(graph.source(of: edge)) && graph.contains(graph.target(of: edge)))
            #expect(graph.property(of: edge, "step") != nil)
        }
    }
}
