import CadreGraph
import Testing
@testable import CadreExport

struct DOTWriterTests {
    func sample() -> Graph {
        var graph = Graph()
        let person = graph.addNode(labels: ["Person"], properties: [("id", .string("person:a\"b\\c")), ("name", .string("Trần <A> & \"B\""))])
        let role = graph.addNode(labels: ["Role"], properties: [("id", .string("role:r")), ("name", .string("Bí thư"))])
        let org = graph.addNode(labels: ["Organization"], properties: [("id", .string("org:o")), ("name", .string("Thành ủy"))])
        let term = graph.addNode(labels: ["Term"], properties: [("id", .string("term:o:13")), ("name", .string("khóa XIII")), ("label", .string("khóa XIII"))])
        graph.addEdge(from: person, to: role, type: "HELD", properties: [("term", .string("term:o:13")), ("from", .date(PartialDate(year: 2015)!))])
        graph.addEdge(from: role, to: org, type: "ROLE_OF")
        graph.addEdge(from: term, to: org, type: "TERM_OF")
        return graph
    }

    @Test func quotesAndEscapesIdsAndLabels() {
        #expect(DOTWriter.quote("a\"b\\c\nd") == #""a\"b\\c\nd""#)
        #expect(DOTWriter.html("Trần <A> & \"B\"") == "Trần &lt;A&gt; &amp; &quot;B&quot;")
        let graph = sample()
        let text = DOTWriter().write(Subgraph(nodes: Set(graph.nodes), edges: Set(graph.edges)), of: graph)
        #expect(text.contains(#""person:a\"b\\c" [label=<Trần &lt;A&gt; &amp; &quot;B&quot;<BR/>"#))
        #expect(text.contains("charset=\"UTF-8\""))
    }

    @Test func stylesPerLabelAndALegendOfThoseShown() {
        let graph = sample()
        let text = DOTWriter().write(Subgraph(nodes: Set(graph.nodes), edges: []), of: graph)
        #expect(text.contains("shape=ellipse"))
        #expect(text.contains("shape=box, style=\"rounded,filled\""))
        #expect(text.contains("\"legend:Person\""))
        #expect(!text.contains("\"legend:Award\""))
        #expect(!DOTWriter.legendless(graph).contains("cluster_legend"))
    }

    @Test func edgeLabelsShowTypeTermAndDates() {
        let graph = sample()
        let text = DOTWriter().write(Subgraph(nodes: Set(graph.nodes), edges: Set(graph.edges)), of: graph)
        #expect(text.contains("[label=\"HELD\\nkhóa XIII\\n2015–…\"]"))
    }

    @Test func outputIsDeterministic() {
        let graph = sample()
        let all = Subgraph(nodes: Set(graph.nodes), edges: Set(graph.edges))
        let first = DOTWriter().write(all, of: graph)
        for _ in 0..<5 { #expect(DOTWriter().write(Subgraph(nodes: Set(graph.nodes.reversed()), edges: Set(graph.edges.reversed())), of: graph) == first) }
    }

    @Test func clustersRolesAndTermsInTheirOrganization() {
        let graph = sample()
        var writer = DOTWriter()
        writer.clusterByOrganization = true
        let text = writer.write(Subgraph(nodes: Set(graph.nodes), edges: Set(graph.edges)), of: graph)
        #expect(text.contains("subgraph \"cluster_org:o\" {"))
        let cluster = text.components(separatedBy: "subgraph \"cluster_org:o\" {")[1].components(separatedBy: "  }")[0]
        #expect(cluster.contains("\"role:r\"") && cluster.contains("\"term:o:13\"") && !cluster.contains("person:"))
    }

    @Test func subgraphsFromValuesEgoAndPaths() throws {
        let graph = sample()
        let person = try #require(graph.node(withID: "role:r").flatMap { graph.edges(of: $0, direction: .incoming).first?.other })
        let held = graph.edges(ofType: "HELD")[0]
        #expect(Subgraph(values: [.list([.edge(held)])], in: graph).nodes.count == 2)
        let ego = try Subgraph.ego(person, depth: 2, types: [], labels: [], limit: 10, in: graph).get()
        #expect(ego.nodes.count == 3)
        #expect(throws: Subgraph.SizeError.self) { try Subgraph.ego(person, depth: 3, types: [], labels: [], limit: 2, in: graph).get() }
        let org = try #require(graph.node(withID: "org:o"))
        #expect(Subgraph.shortestPaths(from: person, to: org, in: graph)?.edges.count == 2)
        var closed = Subgraph(nodes: Set(graph.nodes), edges: [])
        closed.close(in: graph)
        #expect(closed.edges.count == 3)
    }
}

extension DOTWriter {
    static func legendless(_ graph: Graph) -> String {
        var writer = DOTWriter()
        writer.legend = false
        return writer.write(Subgraph(nodes: Set(graph.nodes), edges: []), of: graph)
    }
}
