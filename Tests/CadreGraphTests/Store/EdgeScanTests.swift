import Testing
@testable import CadreGraph

/// Scans of one edge type that read a property beside each edge must see exactly what
/// `scalar(of:key:)` sees, edge by edge, deleted edges excluded.
struct EdgeScanTests {
    func graph() -> (Graph, Symbol, Symbol) {
        var graph = Graph()
        let a = graph.addNode(labels: ["P"])
        let b = graph.addNode(labels: ["R"])
        let values: [Value?] = [.int(2012), .int(-4), .int(Int64.max), .float(2012.5), .string("2012"), nil,
                                .date(PartialDate(year: 2012)!), .date(PartialDate(year: 2010, month: 4)!),
                                .date(PartialDate(year: 2015, month: 12, day: 31)!), .list([.int(1)])]
        for index in 0..<200 {
            let properties: [(String, Value)] = values[index % values.count].map { [("from", $0)] } ?? []
            graph.addEdge(from: a, to: b, type: index % 3 == 0 ? "OTHER" : "HELD", properties: properties)
        }
        for edge in graph.edges where edge.index % 11 == 0 { try! graph.removeEdge(edge) }
        return (graph, graph.types.lookup("HELD")!, graph.keys.lookup("from")!)
    }

    @Test func readingAPropertySeesWhatScalarSees() {
        let (graph, held, from) = graph()
        var seen: [EdgeID] = []
        graph.visitEdges(ofType: held, reading: from) { edge, scalar in
            #expect(scalar == graph.scalar(of: edge, key: from))
            seen.append(edge)
            return true
        }
        #expect(seen == graph.edges(ofType: held))
        var first: [EdgeID] = []
        #expect(graph.visitEdges(ofType: held, reading: from) { edge, _ in first.append(edge); return first.count < 3 } == false)
        #expect(first.count == 3)
    }

    @Test(arguments: [
        ScalarBounds.Component?.none, .year, .month, .day,
    ])
    func boundsKeepTheEdgesInRangeAndHandBackWhatTheyCannotJudge(component: ScalarBounds.Component?) {
        let (graph, held, from) = graph()
        for (lower, upper) in [(Int64(2010), Int64(2015)), (4, 4), (.min, -1), (2013, 2011), (12, .max), (31, 31)] {
            let bounds = ScalarBounds(key: from, component: component, lower: lower, upper: upper)
            var inside: [EdgeID] = [], undecided: [EdgeID] = []
            graph.visitEdges(ofType: held, within: bounds) { edge, decided in
                if decided { inside.append(edge) } else { undecided.append(edge) }
                return true
            }
            var expectedInside: [EdgeID] = [], expectedUndecided: [EdgeID] = []
            for edge in graph.edges(ofType: held) {
                let number: Int64?
                switch (graph.scalar(of: edge, key: from), component) {
                case (.int(let value), nil): number = value
                case (.date(let date), .year?): number = Int64(date.year)
                case (.date(let date), .month?): number = date.month.map(Int64.init)
                case (.date(let date), .day?): number = date.day.map(Int64.init)
                case (.missing, _): number = nil
                case (.date, nil), (.int, _), (.string, _), (.other, _):
                    expectedUndecided.append(edge)
                    continue
                }
                if let number, number >= lower && number <= upper { expectedInside.append(edge) }
            }
            #expect(inside == expectedInside, "\(lower)...\(upper)")
            #expect(undecided == expectedUndecided, "\(lower)...\(upper)")
        }
    }
}
