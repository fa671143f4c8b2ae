import CadreGraph
import Testing
@testable import CadreQuery

/// The planner's shortcuts (an edge-type scan, breadth-first expansion when rows are
/// deduplicated, the name index for CONTAINS) must give exactly the rows of the general path.
struct PlanShortcutTests {
    /// A random multigraph with self-loops and parallel edges, deterministic per seed.
    func randomGraph(seed: UInt64, nodes: Int, edges: Int) -> Graph {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var graph = Graph()
        let ids = (0..<nodes).map { graph.addNode(labels: [next(3) == 0 ? "A" : "B"], properties: [("id", .string("n\($0)"))]) }
        for _ in 0..<edges {
            graph.addEdge(from: ids[next(nodes)], to: ids[next(nodes)], type: next(2) == 0 ? "R" : "S")
        }
        return graph
    }

    @Test(arguments: Array(UInt64(1)...12))
    func breadthFirstExpansionFindsTheNodesEveryTrailFinds(seed: UInt64) throws {
        var graph = randomGraph(seed: seed, nodes: 9, edges: 14)
        for (index, edge) in graph.edges.enumerated() where index % 3 != 0 { graph.setProperty(of: edge, "w", to: .int(Int64(index % 2))) }
        for start in ["n0", "n3", "n7"] {
            for pattern in ["-[*1..3]-", "-[*..2]->", "<-[*1..4]-", "-[:R*1..3]-", "-[*0..2]-", "-[:S*1..5]->",
                            "-[*1..3 {w: 1}]-", "<-[:R*1..4 {w: 0}]-"] {
                // count(*) counts trails: no shortcut. DISTINCT takes the breadth-first one.
                let everyTrail = try rows("MATCH (a {id: '\(start)'})\(pattern)(x) WITH x, count(*) AS trails RETURN x.id ORDER BY x.id", on: &graph)
                let distinct = try rows("MATCH (a {id: '\(start)'})\(pattern)(x) RETURN DISTINCT x.id ORDER BY x.id", on: &graph)
                #expect(distinct == everyTrail, "seed \(seed), \(start)\(pattern)")
                let counted = try rows("MATCH (a {id: '\(start)'})\(pattern)(x:A) RETURN count(DISTINCT x)", on: &graph)
                let expected = try rows("MATCH (a {id: '\(start)'})\(pattern)(x:A) WITH x, count(*) AS trails RETURN count(x)", on: &graph)
                #expect(counted == expected, "seed \(seed), \(start)\(pattern) to :A")
                // An unconstrained end counted DISTINCT: the nodes go to the count as one batch.
                let batched = try rows("MATCH (a {id: '\(start)'})\(pattern)(x) RETURN count(DISTINCT x), count(DISTINCT x) AS again", on: &graph)
                let trails = try rows("MATCH (a {id: '\(start)'})\(pattern)(x) WITH x, count(*) AS trails RETURN count(x), count(x) AS again", on: &graph)
                #expect(batched == trails, "seed \(seed), \(start)\(pattern), batched")
                // Anything else of the rows read: built one by one, same answer.
                #expect(try rows("MATCH (a {id: '\(start)'})\(pattern)(x) RETURN count(DISTINCT x), count(DISTINCT a)", on: &graph)
                        == rows("MATCH (a {id: '\(start)'})\(pattern)(x) WITH a, x, count(*) AS trails RETURN count(x), count(DISTINCT a)", on: &graph))
            }
        }
        // After edges are added and deleted (entries pending beside the built adjacency, dead ones skipped).
        let nodes = graph.nodes
        for index in 0..<6 { graph.addEdge(from: nodes[index], to: nodes[(index * 5 + 2) % nodes.count], type: index % 2 == 0 ? "R" : "S") }
        for edge in graph.edges where edge.index % 5 == 1 { try graph.removeEdge(edge) }
        for pattern in ["-[*1..3]-", "<-[:R*1..4]-", "-[*0..2]->"] {
            #expect(try rows("MATCH (a {id: 'n3'})\(pattern)(x) RETURN count(DISTINCT x)", on: &graph)
                    == rows("MATCH (a {id: 'n3'})\(pattern)(x) WITH x, count(*) AS trails RETURN count(x)", on: &graph), "\(pattern) after edits")
        }
    }

    /// A last hop over an anonymous relationship hands its end nodes to an aggregation in one
    /// batch (filtered first), and `x <> a` with `a` bound before the MATCH is tested as each
    /// `x` is reached: the same answers as matching row by row (a named relationship, and the
    /// inequality written `NOT x = a`, which stays a row filter).
    @Test(arguments: Array(UInt64(1)...8))
    func batchedHopsAndPushedInequalitiesFindWhatRowsFind(seed: UInt64) throws {
        var graph = randomGraph(seed: seed, nodes: 20, edges: 60)
        for (index, edge) in graph.edges.enumerated() where index % 2 == 0 { graph.setProperty(of: edge, "w", to: .int(Int64(index % 3))) }
        let starts = "MATCH (a) WHERE a.id IN ['n0', 'n4', 'n9'] "
        for hops in ["(a)-[:R]->(m)-[:S]-(x)", "(a)<-[:R|S]-(m:A)-[:R]->(x:B)", "(a)-[:S]-(x)", "(a)-[:R]-(m)<-[:R {w: 1}]-(x)",
                     "(a)-[:R]->(m)-[:R]->(x:A)", "(a)-[]-(m)-[]-(x)"] {
            func named(_ pattern: String) -> String {
                // The last relationship named: no batch.
                guard let open = pattern.range(of: "[", options: .backwards) else { return pattern }
                return pattern.replacingCharacters(in: open, with: "[last")
            }
            for (condition, general) in [("", ""), ("WHERE x <> a", "WHERE NOT x = a"), ("WHERE a <> x", "WHERE NOT (a = x)"),
                                         ("WHERE x <> a AND x.id <> 'n3'", "WHERE NOT x = a AND NOT x.id = 'n3'"),
                                         ("WHERE x <> m", "WHERE NOT x = m")] {
                if condition.contains("m") && !hops.contains("(m") { continue }
                for returned in ["count(DISTINCT x)", "count(x), count(DISTINCT x)", "a.id, count(DISTINCT x)", "x.id, count(*)"] {
                    func outcome(_ query: String) throws -> [[String]] {
                        try rows(query, on: &graph).sorted { $0.lexicographicallyPrecedes($1) }
                    }
                    let batched = try outcome("\(starts)MATCH \(hops) \(condition) RETURN \(returned)")
                    let general = try outcome("\(starts)MATCH \(named(hops)) \(general) RETURN \(returned)")
                    #expect(batched == general, "\(hops) \(condition) RETURN \(returned)")
                }
            }
        }
        #expect(try rows("\(starts)MATCH (a)-[]-(m)-[]-(x) WHERE x <> a RETURN count(DISTINCT x)", on: &graph) != [["0"]])
        // The other variable bound before, but not a node: null rules every row out; another
        // value (a number is never equal to a node) keeps them all.
        for (bound, expected) in [("OPTIONAL MATCH (a {id: 'none'})", "0"), ("WITH 1 AS a", "\(graph.nodeCount)"),
                                  ("WITH null AS a", "0"), ("MATCH (a {id: 'n2'})", "\(graph.nodeCount - 1)")] {
            #expect(try rows("\(bound) MATCH (x) WHERE x <> a RETURN count(*)", on: &graph) == [[expected]], "\(bound)")
            #expect(try rows("\(bound) MATCH (x) WHERE NOT x = a RETURN count(*)", on: &graph) == [[expected]], "\(bound), general")
        }
        // Under OPTIONAL MATCH the inequality is part of the match: a row without one keeps nulls.
        #expect(try rows("MATCH (a) OPTIONAL MATCH (a)-[:R]->(x) WHERE x <> a RETURN a.id, count(x)", on: &graph).sorted { $0.lexicographicallyPrecedes($1) }
                == rows("MATCH (a) OPTIONAL MATCH (a)-[:R]->(x) WHERE NOT x = a RETURN a.id, count(x)", on: &graph).sorted { $0.lexicographicallyPrecedes($1) })
        // Variable-length ends and edge scans are not tested in the match: the row filter stays.
        #expect(try rows("\(starts)MATCH (a)-[*1..2]-(x) WHERE x <> a RETURN count(DISTINCT x)", on: &graph)
                == rows("\(starts)MATCH (a)-[*1..2]-(x) WHERE NOT x = a RETURN count(DISTINCT x)", on: &graph))
        #expect(try rows("MATCH (a {id: 'n1'}) MATCH (x)-[:R]->(y) WHERE x <> a AND y <> a RETURN count(*)", on: &graph)
                == rows("MATCH (a {id: 'n1'}) MATCH (x)-[:R]->(y) WHERE NOT x = a AND NOT y = a RETURN count(*)", on: &graph))
    }

    @Test func aClosedTrailPutsTheStartAmongTheEnds() throws {
        var graph = Graph()
        let a = graph.addNode(properties: [("id", .string("a"))])
        let b = graph.addNode(properties: [("id", .string("b"))])
        let c = graph.addNode(properties: [("id", .string("c"))])
        graph.addEdge(from: a, to: b, type: "R")
        graph.addEdge(from: b, to: c, type: "R")
        let query = "MATCH ({id: 'a'})-[*1..3]-(x) RETURN DISTINCT x.id ORDER BY x.id"
        #expect(try rows(query, on: &graph) == [["\"b\""], ["\"c\""]])
        // A deleted edge leads nowhere, though its entry stays in the adjacency until a rebuild.
        let late = graph.addEdge(from: c, to: graph.addNode(properties: [("id", .string("d"))]), type: "R")
        graph.compact() // every entry in the built block
        #expect(try rows("MATCH ({id: 'a'})-[*1..3]-(x) RETURN count(DISTINCT x)", on: &graph) == [["3"]])
        try graph.removeEdge(late)
        try graph.removeEdge(graph.edges(ofType: "R")[1])
        #expect(try rows("MATCH ({id: 'a'})-[*1..3]-(x) RETURN count(DISTINCT x)", on: &graph) == [["1"]])
        graph.compact()
        #expect(try rows("MATCH ({id: 'a'})-[*1..3]-(x) RETURN count(DISTINCT x)", on: &graph) == [["1"]])
        graph.addEdge(from: b, to: c, type: "R")
        graph.addEdge(from: c, to: a, type: "R") // a triangle: a is 3 edges from itself
        #expect(try rows(query, on: &graph) == [["\"a\""], ["\"b\""], ["\"c\""]])
        #expect(try rows("MATCH ({id: 'a'})-[*1..2]-(x) RETURN DISTINCT x.id ORDER BY x.id", on: &graph) == [["\"b\""], ["\"c\""]])
    }

    @Test func edgeScansMatchEveryDirectionAndFilter() throws {
        var graph = randomGraph(seed: 42, nodes: 30, edges: 90)
        for (scan, general) in [
            ("MATCH ()-[r:R]->() RETURN count(*)", "MATCH (a)-[r]->(b) WHERE type(r) = 'R' RETURN count(*)"),
            ("MATCH (a)<-[r:S]-(b:A) RETURN count(*)", "MATCH (b:A)-[r]->(a) WHERE type(r) = 'S' RETURN count(*)"),
            ("MATCH (a)-[:R|S]->(b)-[:R]->(c) RETURN count(*)", "MATCH (a)-[r1]->(b)-[r2]->(c) WHERE type(r1) IN ['R', 'S'] AND type(r2) = 'R' RETURN count(*)"),
        ] {
            #expect(try rows(scan, on: &graph) == rows(general, on: &graph), "\(scan)")
        }
        let total = try rows("MATCH ()-[r:R]->() RETURN count(r)", on: &graph)
        #expect(total == [["\(graph.edgeCount(ofType: graph.types.lookup("R")!))"]])
    }

    @Test func containsOnNameIsExactThoughTheIndexFolds() throws {
        var graph = Graph()
        for name in ["Trần Quốc Trung", "Tran Van An", "TRẦN THỊ BA", "Lê Văn Trần"] {
            graph.addNode(labels: ["Person"], properties: [("name", .string(name))])
        }
        #expect(try rows("MATCH (p:Person) WHERE p.name CONTAINS 'Trần' RETURN p.name ORDER BY p.name", on: &graph)
                == [["\"Lê Văn Trần\""], ["\"Trần Quốc Trung\""]])
        #expect(try rows("MATCH (p:Person) WHERE p.name CONTAINS 'Tran' RETURN p.name", on: &graph) == [["\"Tran Van An\""]])
        #expect(try rows("MATCH (p:Person) WHERE p.name ~ 'tran' RETURN count(*)", on: &graph) == [["4"]])
    }

    /// Comparisons moved into an edge scan (`r.key op constant`, `r.key.year op constant`) keep
    /// exactly the rows the general filter keeps, whatever the stored values: integers, dates of
    /// every precision, floats, strings, lists, nothing.
    @Test func filtersMovedIntoScansKeepTheSameRows() throws {
        var graph = randomGraph(seed: 7, nodes: 20, edges: 0)
        let values: [Value] = [.int(3), .int(2012), .int(-5), .float(2012.0), .string("2012"), .list([.int(1)]),
                               .date(PartialDate(year: 2012)!), .date(PartialDate(year: 2010, month: 4)!),
                               .date(PartialDate(year: 2015, month: 12, day: 31)!), .date(PartialDate(year: 2016, month: 1, day: 1)!)]
        let nodes = graph.nodes
        for index in 0..<120 {
            var properties: [(String, Value)] = []
            if index % 7 != 0 { properties.append(("from", values[index % values.count])) }
            if index % 5 != 0 { properties.append(("n", values[(index * 3) % values.count])) }
            graph.addEdge(from: nodes[index % nodes.count], to: nodes[(index * 7) % nodes.count], type: "HELD", properties: properties)
        }
        var dated = graph
        for edge in dated.edges where dated.property(of: edge, "from").map({ if case .date = $0 { false } else { true } }) ?? false {
            dated.setProperty(of: edge, "from", to: .null)
        }
        for (graph, condition) in [(graph, "h.from.year >= 2010 AND h.from.year <= 2015"), (dated, "h.from.year >= 2010 AND h.from.year <= 2015"),
                                   (dated, "h.from.month = 4"), (dated, "h.from.day <= 31 AND h.n >= -5")] {
            var graph = graph
            func outcome(_ query: String) -> String {
                do { return "\(try rows(query, on: &graph, parameters: ["p": .int(2012)]))" } catch { return "error" }
            }
            #expect(outcome("MATCH ()-[h:HELD]->() WHERE \(condition) RETURN count(*)")
                    == outcome("MATCH ()-[h:HELD]->() WHERE NOT NOT (\(condition)) RETURN count(*)"), "\(condition)")
        }
        #expect(try rows("MATCH ()-[h:HELD]->() WHERE h.from.year >= 2010 AND h.from.year <= 2015 RETURN count(*)", on: &dated) != [["0"]])
        for condition in ["h.from.year >= 2010 AND h.from.year <= 2015", "h.from.month = 4", "2012 > h.n", "h.n <> 3",
                          "h.from.day <= 31 AND h.n >= -5", "h.n = $p", "h.from.year = $p OR h.n = 3", "h.missing < 1",
                          "h.n = '2012'", "'2012' = h.n", "h.n = 'never stored'", "h.n = $s", "h.n <> '2012'", "h.n < '3'",
                          // Folded into one range the store tests (floats and strings left to the row filter).
                          "h.n > 2 AND h.n < 2013", "h.n >= 2012 AND h.n <= 2012", "h.n = 3 AND h.n > 3", "h.n > 9223372036854775807",
                          "h.from.month >= 4 AND h.from.month <= 12", "h.from.day = 31", "h.n >= -5 AND $p >= h.n"] {
            // Rows, or the error's message: reading `.year` of an integer is an error both ways.
            func outcome(_ query: String) -> String {
                do { return "\(try rows(query, on: &graph, parameters: ["p": .int(2012), "s": .string("2012")]))" } catch { return "error \(error)" }
            }
            // An edge scan, and an expansion from labelled nodes (each alternative start).
            for match in ["MATCH ()-[h:HELD]->()", "MATCH (a:A)-[h:HELD]->(b:B)", "MATCH (a)<-[h:HELD]-(b:A)"] {
                let pushed = outcome("\(match) WHERE \(condition) RETURN count(*)")
                let general = outcome("\(match) WHERE NOT NOT (\(condition)) RETURN count(*)")
                #expect(pushed.hasPrefix("error") == general.hasPrefix("error") && (pushed.hasPrefix("error") || pushed == general),
                        "\(match) \(condition): \(pushed) vs \(general)")
            }
            let pushed = outcome("MATCH ()-[h:HELD]->() WHERE \(condition) RETURN count(*)")
            let general = outcome("MATCH ()-[h:HELD]->() WHERE NOT NOT (\(condition)) RETURN count(*)")
            #expect(pushed.hasPrefix("error") == general.hasPrefix("error") && (pushed.hasPrefix("error") || pushed == general), "\(condition): \(pushed) vs \(general)")
        }
        // A comparison the stored value cannot decide still raises the general error.
        #expect(error("MATCH ()-[h:HELD]->() WHERE h.n.year > 1 RETURN count(*)", on: graph) != nil)
    }

    /// ORDER BY with LIMIT keeps only the first rows while reading: the same rows, in the same
    /// (stable) order, as sorting everything and cutting.
    @Test func orderByWithLimitKeepsTheFirstRowsOfTheFullSort() throws {
        var graph = Graph()
        let values = "UNWIND range(0, 199) AS i WITH i, (i * 37) % 11 AS key, toString((i * 13) % 5) AS text"
        let everything = try rows("\(values) RETURN i, key, text ORDER BY key DESC, text", on: &graph)
        for (skip, limit) in [(0, 1), (0, 10), (3, 7), (0, 99), (0, 150), (190, 5), (0, 0), (250, 3)] {
            let cut = try rows("\(values) RETURN i, key, text ORDER BY key DESC, text SKIP \(skip) LIMIT \(limit)", on: &graph)
            #expect(cut == Array(everything.dropFirst(skip).prefix(limit)), "SKIP \(skip) LIMIT \(limit)")
        }
        let viaParameter = try rows("\(values) RETURN i ORDER BY key LIMIT $n", on: &graph, parameters: ["n": .int(4)])
        #expect(viaParameter == Array(try rows("\(values) RETURN i ORDER BY key", on: &graph).prefix(4)))
    }

    /// Grouping by a node's property remembers each node's group; the groups are still those of
    /// the property's values (two nodes, one value: one group), and with an update earlier in
    /// the query each row reads the value as it is then.
    @Test func groupingByANodePropertyGroupsByItsValue() throws {
        var graph = Graph()
        let hub = graph.addNode(labels: ["Org"], properties: [("id", .string("o")), ("k", .string("same"))])
        let other = graph.addNode(labels: ["Org"], properties: [("id", .string("p")), ("k", .string("same"))])
        let third = graph.addNode(labels: ["Org"], properties: [("id", .string("q")), ("k", .string("else"))])
        for (index, org) in [hub, hub, other, third, third, third].enumerated() {
            let person = graph.addNode(labels: ["Person"], properties: [("id", .string("person\(index)"))])
            graph.addEdge(from: person, to: org, type: "MEMBER_OF")
        }
        #expect(try rows("MATCH (p:Person)-[:MEMBER_OF]->(o:Org) RETURN o.k, count(*) ORDER BY o.k", on: &graph)
                == [["\"else\"", "3"], ["\"same\"", "3"]])
        #expect(try rows("MATCH (p:Person)-[:MEMBER_OF]->(o:Org) RETURN o.id, count(p) ORDER BY o.id", on: &graph)
                == [["\"o\"", "2"], ["\"p\"", "1"], ["\"q\"", "3"]])
        // After an update in the query, a node's property is read for each row, as the
        // general grouping (on an expression, `o.n + 0`) reads it.
        graph.setProperty(of: third, "n", to: .int(0))
        var copy = graph
        let update = "MATCH (p:Person)-[:MEMBER_OF]->(o:Org {id: 'q'}) SET o.n = o.n + 1 WITH "
        #expect(try rows(update + "o.n AS n, count(*) AS c RETURN n, c ORDER BY n", on: &graph)
                == rows(update + "o.n + 0 AS n, count(*) AS c RETURN n, c ORDER BY n", on: &copy))
    }

    /// Plain counts keep one integer per group, and nodes as keys find their group by handle:
    /// the same groups and counts as the general accumulators (a `sum` forces those), nulls
    /// not counted, nodes and other values apart even in one column.
    @Test(arguments: Array(UInt64(1)...6))
    func countsPerGroupMatchTheGeneralAggregates(seed: UInt64) throws {
        var graph = randomGraph(seed: seed, nodes: 30, edges: 90)
        for (index, node) in graph.nodes.enumerated() where index % 3 != 0 {
            graph.setProperty(of: node, "k", to: index % 2 == 0 ? .string("k\(index % 4)") : .int(Int64(index % 5)))
        }
        for (key, counted) in [("a", "b"), ("a.k", "b.k"), ("CASE WHEN a.k IS NULL THEN a ELSE a.k END", "b.k"),
                               ("a, b.k", "r"), ("a.k", "*")] {
            let general = counted == "*" ? "1" : "CASE WHEN \(counted) IS NULL THEN 0 ELSE 1 END"
            let counts = try rows("MATCH (a)-[r]->(b) RETURN \(key), count(\(counted))", on: &graph)
            #expect(counts.count > 3)
            #expect(counts == (try rows("MATCH (a)-[r]->(b) RETURN \(key), sum(\(general))", on: &graph)), "\(key) \(counted)")
        }
        // Groups found by node handle, or by the node whose property is the key, against groups
        // found by value only (an expression, not a plain property).
        let byValue = try rows("MATCH (a)-[r]->(b) WITH a.id + '' AS id, count(b) AS c RETURN id, c ORDER BY id", on: &graph)
        #expect(try rows("MATCH (a)-[r]->(b) WITH a, count(b) AS c RETURN a.id, c ORDER BY a.id", on: &graph) == byValue)
        #expect(try rows("MATCH (a)-[r]->(b) WITH a.id AS id, count(b) AS c RETURN id, c ORDER BY id", on: &graph) == byValue)
        #expect(try rows("MATCH (a)-[r]->(b) RETURN count(b.k), count(*), count(r)", on: &graph)
                == rows("MATCH (a)-[r]->(b) RETURN sum(CASE WHEN b.k IS NULL THEN 0 ELSE 1 END), sum(1), sum(2 - 1)", on: &graph))
        #expect(try rows("MATCH (a)-[r]->(b) WHERE false RETURN count(b)", on: &graph) == [["0"]])
        #expect(try rows("MATCH (a)-[r]->(b) WHERE false RETURN a, count(b)", on: &graph) == [])
    }

    /// A chain whose matches are only counted is counted without building them (counts carried
    /// along each hop's edges): the same groups and counts as matching one by one (which a
    /// `WHERE true` forces), in every direction, at every key position, with self-loops and
    /// parallel edges, labels tested or implied, and after deletions.
    @Test(arguments: Array(UInt64(1)...8))
    func countedChainsCountWhatMatchingFinds(seed: UInt64) throws {
        var graph = randomGraph(seed: seed, nodes: 25, edges: 80)
        for (index, node) in graph.nodes.enumerated() where index % 4 == 0 { _ = graph.addLabel("C", to: node) }
        for (index, edge) in graph.edges.enumerated() where index % 9 == 0 { try graph.removeEdge(edge) }
        let a = graph.addNode(labels: ["T"]), b = graph.addNode(labels: ["U"])
        graph.addEdge(from: a, to: b, type: "ONLY")
        graph.addEdge(from: a, to: b, type: "ONLY")
        let matches = ["(x:A)-[:R]->(y)", "(x)<-[:R]-(y:B)", "(x)-[:R]-(y)", "(x:A)-[r:R]->(y:B)<-[:S]-(z)",
                       "(x)-[:R]-(y:B:C)-[:S]-(z:A)", "(x:B)<-[:R]-(y)-[s:S]->(z)<-[:ONLY]-(w)", "(x:T)-[:ONLY]->(y:U)",
                       "(x:A)-[:R|S]->(y)", "(x:Missing)-[:R]->(y)", "(x)-[:NEVER]->(y)", "(:A)-[:S]->(y)<-[:R]-()",
                       "(x)-[:ONLY]->(y:T)", "(x:T)<-[:ONLY]-(y)", "(x:U)-[:ONLY]-(y:T)", "(x:B:C)-[:R]->(y)", "(x)-[:S]->(y:A:C)",
                       "(x)-[:R|R]->(y)", "(x:A)-[:S|R|S]-(y)",
                       // One hop between nodes of any label: counted off the type index.
                       "(x)-[:R]->(y)", "(x)<-[:S|R]-(y)", "()-[:ONLY]->()", "(x)-[r:S]->(y)", "(x)-[:S|NEVER]->(y)"]
        for match in matches {
            let variables = ["x", "y", "z", "w"].filter { match.contains("(\($0)") }
            var returns = ["count(*)"] + variables.map { "\($0).id, count(*)" } + variables.map { "\($0), count(*)" }
            if match.contains("[r:") { returns.append("y.id, count(r), count(*) AS all") }
            if match.contains("[s:") { returns.append("z, count(s)") }
            for returned in returns {
                func outcome(_ predicate: String) throws -> [[String]] {
                    try rows("MATCH \(match) \(predicate) RETURN \(returned)", on: &graph).sorted { $0.lexicographicallyPrecedes($1) }
                }
                #expect(try outcome("") == outcome("WHERE true"), "\(match) RETURN \(returned)")
            }
            #expect(try rows("MATCH \(match) WITH count(*) AS n WHERE n >= 0 RETURN n", on: &graph)
                    == rows("MATCH \(match) WHERE true WITH count(*) AS n WHERE n >= 0 RETURN n", on: &graph))
        }
        #expect(try rows("MATCH (x:T)-[:ONLY]->(y:U) RETURN y.id, count(*)", on: &graph).first?.last == "2")
        // A type named twice is one alternative: each edge matches once, counted or matched.
        #expect(try rows("MATCH (x:T)-[:ONLY|ONLY]->(y:U) RETURN count(*)", on: &graph) == [["2"]])
        #expect(try rows("MATCH (x:T)-[:ONLY|ONLY]->(y:U) WHERE true RETURN count(*)", on: &graph) == [["2"]])
        #expect(try rows("MATCH (x:T)-[:ONLY|ONLY*1..2]->(y:U) RETURN count(*)", on: &graph) == [["2"]])
        // Comparisons of the hops' properties in WHERE are tested on each hop's edges: decided
        // on stored values where they can be, else evaluated as the row filter would.
        let values: [Value] = [.int(1), .int(3), .int(2012), .float(2.5), .string("3"), .date(PartialDate(year: 2012, month: 5)!),
                               .date(PartialDate(year: 2014)!)]
        for (index, edge) in graph.edges.enumerated() where index % 4 != 3 {
            graph.setProperty(of: edge, "since", to: values[index % values.count])
        }
        for (match, condition) in [("(x:A)-[r:R]->(y)", "r.since >= 2 AND r.since <= 2012"), ("(x)-[r:R]-(y)", "r.since > 1"),
                                   ("(x)<-[r:S]-(y)-[q:R]->(z)", "r.since = 3 AND q.since < 2013"),
                                   ("(x)-[r:S]->(y)", "r.since = '3'"), ("(x)-[r:R]->(y)", "r.since <> 3"),
                                   ("(x)-[r:R]->(y)", "r.missing = 1"), ("(x)-[r:R]->(y)", "r.since = $p")] {
            for returned in ["count(*)", "x.id, count(r)", "y, count(*)"] {
                func outcome(_ predicate: String) throws -> [[String]] {
                    try rows("MATCH \(match) WHERE \(predicate) RETURN \(returned)", on: &graph, parameters: ["p": .int(3)])
                        .sorted { $0.lexicographicallyPrecedes($1) }
                }
                #expect(try outcome(condition) == outcome("true AND (\(condition))"), "\(match) WHERE \(condition) RETURN \(returned)")
            }
        }
        // Reading `.year` of a number is an error either way; a WHERE on a node is matched as usual.
        #expect(error("MATCH (x)-[r:R]->(y) WHERE r.since.year > 2000 RETURN count(*)", on: graph) != nil)
        #expect(try rows("MATCH (x)-[r:R]->(y) WHERE x.id = 'n1' RETURN count(*)", on: &graph)
                == rows("MATCH (x {id: 'n1'})-[r:R]->(y) RETURN count(*)", on: &graph))
    }

    /// When every edge of a type ends at nodes with a label, expansions skip the label test;
    /// the fact is forgotten as soon as the graph changes.
    @Test func labelsImpliedByAnEdgeTypeFollowTheGraphsChanges() throws {
        var graph = Graph()
        let hub = graph.addNode(labels: ["Hub"], properties: [("id", .string("hub"))])
        for index in 0..<5 {
            let leaf = graph.addNode(labels: ["A"], properties: [("id", .string("a\(index)"))])
            graph.addEdge(from: hub, to: leaf, type: "R")
        }
        let query = "MATCH (h:Hub {id: 'hub'})-[:R]->(x:A) RETURN count(x)"
        #expect(try rows(query, on: &graph) == [["5"]])
        #expect(graph.allEdges(ofType: graph.types.lookup("R")!, haveLabel: graph.labels.lookup("A")!, atSource: false))
        let stranger = graph.addNode(labels: ["B"], properties: [("id", .string("b"))])
        graph.addEdge(from: hub, to: stranger, type: "R")
        #expect(!graph.allEdges(ofType: graph.types.lookup("R")!, haveLabel: graph.labels.lookup("A")!, atSource: false))
        #expect(try rows(query, on: &graph) == [["5"]])
        #expect(try rows("MATCH (h:Hub)-[:R]->(x:B) RETURN count(x)", on: &graph) == [["1"]])
        // A label removed from an endpoint, within one statement and across statements.
        #expect(try rows("MATCH (x:A {id: 'a0'}) REMOVE x:A WITH 1 AS one MATCH (h:Hub)-[:R]->(x:A) RETURN count(x)", on: &graph) == [["4"]])
        #expect(try rows(query, on: &graph) == [["4"]])
        // A failed statement leaves the graph, and what is known about it, as it was.
        #expect(error("MATCH (x:A {id: 'a1'}) REMOVE x:A WITH 1 AS one RETURN 1 / 0", on: graph) != nil)
        #expect(try rows(query, on: &graph) == [["4"]])
    }
}
