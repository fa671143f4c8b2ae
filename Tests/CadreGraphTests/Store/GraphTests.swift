import Testing
@testable import CadreGraph

struct GraphTests {
    /// A sorted index: integers by signed value, dates (partial ones too) by their packed word,
    /// ties in handle order, entities without the key left out, none for a key of mixed kinds;
    /// positions of a closed interval of ordered words by binary search.
    @Test func sortedIndexesOrderValuesAndFindIntervals() throws {
        var graph = Graph()
        let numbers: [Int64?] = [5, -3, nil, 5, 0, -3, 9]
        for (index, number) in numbers.enumerated() {
            var properties: [(String, Value)] = [("mixed", index == 3 ? .string("a") : .int(1))]
            if let number { properties.append(("i", .int(number))) }
            properties.append(("d", .date(index % 2 == 0 ? PartialDate(year: 2001)! : PartialDate(year: 2000, month: 12, day: 31 - index)!)))
            graph.addNode(labels: ["N"], properties: properties)
        }
        let i = try #require(graph.keys.lookup("i")), d = try #require(graph.keys.lookup("d"))
        let byNumber = try #require(graph.sortedIndex(i, edges: false))
        #expect(byNumber.order == [1, 5, 4, 0, 3, 6])
        let column = graph.nodeColumn(i)
        let flip = byNumber.flip
        #expect(byNumber.positions(column, from: UInt64(bitPattern: -3) ^ flip, through: 5 ^ flip) == 0..<5)
        #expect(byNumber.positions(column, from: 1 ^ flip, through: 4 ^ flip).isEmpty)
        #expect(byNumber.positions(column, from: 6 ^ flip, through: 1 ^ flip) == 0..<0)
        let byDate = try #require(graph.sortedIndex(d, edges: false))
        #expect(byDate.order == [5, 3, 1, 0, 2, 4, 6])
        #expect(graph.sortedIndex(try #require(graph.keys.lookup("mixed")), edges: false) == nil)
        #expect(graph.cachedSortedIndex(i, edges: false) != nil)
        // Positive integers over more than one pass of bits (the passes cover what varies).
        var wide = Graph()
        for number: Int64 in [70_000, 5, 70_000, 131_072, 6, 2_047, 2_048] { wide.addNode(labels: ["W"], properties: [("w", .int(number))]) }
        let w = try #require(wide.keys.lookup("w"))
        #expect(try #require(wide.sortedIndex(w, edges: false)).order == [1, 4, 5, 6, 0, 2, 3])
    }

    /// Counts per label set: sets in the order of their first nodes, sets past the first 64
    /// labels (not one word) too, deleted nodes not, and only sets holding every label asked.
    @Test func labelSetCountsCountEachSetOnce() throws {
        var graph = Graph()
        let wide = (0..<70).map { "L\($0)" }
        graph.addNode(labels: ["B"], properties: [(String, Value)]())
        graph.addNode(labels: ["A", "B"], properties: [(String, Value)]())
        graph.addNode(labels: wide, properties: [(String, Value)]())
        graph.addNode(labels: ["B"], properties: [(String, Value)]())
        let gone = graph.addNode(labels: ["A", "B"], properties: [(String, Value)]())
        graph.addNode(labels: wide, properties: [(String, Value)]())
        graph.addNode(labels: [], properties: [(String, Value)]())
        graph.addNode(labels: ["A", "B"], properties: [(String, Value)]())
        try graph.removeNode(gone)
        let all = graph.labelSetCounts(having: [])
        #expect(all.map(\.first.raw) == [0, 1, 2, 6])
        #expect(all.map(\.count) == [2, 2, 2, 1])
        let b = try #require(graph.labels.lookup("B")), a = try #require(graph.labels.lookup("A"))
        #expect(graph.labelSetCounts(having: [b]).map(\.count) == [2, 2])
        #expect(graph.labelSetCounts(having: [b, a]).map { [Int($0.first.raw), $0.count] } == [[1, 2]])
        let l65 = try #require(graph.labels.lookup("L65"))
        #expect(graph.labelSetCounts(having: [l65]).map { [Int($0.first.raw), $0.count] } == [[2, 2]])
    }

    /// The counts are kept for the graph's version: a change in place (a node added, one
    /// removed, a label set) and a change to a copy are each counted anew, and the copy's
    /// counts leave the original's as they were.
    @Test func labelSetCountsFollowChanges() throws {
        var graph = Graph()
        graph.addNode(labels: ["A"], properties: [(String, Value)]())
        let second = graph.addNode(labels: ["A"], properties: [(String, Value)]())
        #expect(graph.labelSetCounts(having: []).map(\.count) == [2])
        graph.addNode(labels: ["B"], properties: [(String, Value)]())
        #expect(graph.labelSetCounts(having: []).map(\.count) == [2, 1])
        try graph.removeNode(second)
        #expect(graph.labelSetCounts(having: []).map(\.count) == [1, 1])
        var copy = graph
        #expect(copy.removeLabel("A", from: NodeID(0)) && copy.addLabel("B", to: NodeID(0)))
        #expect(copy.labelSetCounts(having: []).map(\.count) == [2])
        #expect(graph.labelSetCounts(having: []).map(\.count) == [1, 1])
        let b = try #require(copy.labels.lookup("B"))
        #expect(copy.labelSetCounts(having: [b]).map(\.count) == [2])
    }

    @Test func addsNodesAndEdgesWithIndexes() throws {
        var graph = Graph()
        let trung = graph.addNode(labels: ["Person"], properties: [("id", .string("person:tran-quoc-trung")), ("name", .string("Trần Quốc Trung"))])
        let role = graph.addNode(labels: ["Role"], properties: [("id", .string("role:bi-thu"))])
        let held = graph.addEdge(from: trung, to: role, type: "HELD", properties: [("from", .date(PartialDate(year: 2015)!))])

        #expect(graph.nodeCount == 2 && graph.edgeCount == 1)
        #expect(graph.node(withID: "person:tran-quoc-trung") == trung)
        #expect(graph.nodes(withLabel: "Person") == [trung])
        #expect(graph.edges(ofType: "HELD") == [held])
        #expect(graph.edges(of: trung, direction: .outgoing).map(\.other) == [role])
        #expect(graph.edges(of: role, direction: .incoming).map(\.other) == [trung])
        #expect(graph.edges(of: role, direction: .outgoing).isEmpty)
        #expect(graph.property(of: held, "from") == .date(PartialDate(year: 2015)!))
        #expect(graph.property(of: trung, "name") == .string("Trần Quốc Trung"))
    }

    @Test func nullPropertiesAreNotStored() {
        var graph = Graph()
        let node = graph.addNode(properties: [("a", .null), ("b", .int(1))])
        #expect(graph.properties(of: node).count == 1)
        graph.setProperty(of: node, "b", to: .null)
        #expect(graph.properties(of: node).isEmpty)
    }

    @Test func textIsStoredNFC() throws {
        var graph = Graph()
        let node = graph.addNode(labels: ["Ngu\u{031B}o\u{031B}\u{0300}i"], properties: [("name", .string("Tra\u{0302}\u{0300}n"))])
        let name = try #require(graph.property(of: node, "name")?.stringValue)
        #expect(Array(name.utf8) == Array("Trần".utf8))
        #expect(Array(graph.labelNames(of: node)[0].utf8) == Array("Người".utf8))
    }

    @Test func removingANodeWithEdgesNeedsDetach() throws {
        var graph = Graph()
        let a = graph.addNode(properties: [("id", .string("a"))])
        let b = graph.addNode()
        graph.addEdge(from: a, to: b, type: "T")
        #expect(throws: GraphError.nodeHasEdges(a, count: 1)) { try graph.removeNode(a) }
        try graph.detachAndRemoveNode(a)
        #expect(graph.nodeCount == 1 && graph.edgeCount == 0)
        #expect(graph.node(withID: "a") == nil)
        #expect(graph.edges(of: b, direction: .both).isEmpty)
    }

    @Test func selfLoopIsSeenOnceInBothDirections() {
        var graph = Graph()
        let a = graph.addNode()
        graph.addEdge(from: a, to: a, type: "SELF")
        #expect(graph.edges(of: a, direction: .outgoing).count == 1)
        #expect(graph.edges(of: a, direction: .incoming).count == 1)
        #expect(graph.edges(of: a, direction: .both).count == 1)
    }

    @Test func edgesFilterByTypeAndKeepOrderAcrossCompaction() {
        var graph = Graph()
        let a = graph.addNode(), b = graph.addNode(), c = graph.addNode()
        let first = graph.addEdge(from: a, to: b, type: "X")
        let second = graph.addEdge(from: a, to: c, type: "Y")
        let third = graph.addEdge(from: a, to: c, type: "X")
        let x = graph.types.lookup("X")!
        #expect(graph.edges(of: a, direction: .outgoing, type: x).map(\.edge) == [first, third])
        graph.compact()
        #expect(graph.edges(of: a, direction: .outgoing, type: x).map(\.edge) == [first, third])
        #expect(graph.edges(of: a, direction: .outgoing).map(\.edge) == [first, third, second])
    }

    @Test func changingTheIDPropertyUpdatesTheIndex() {
        var graph = Graph()
        let node = graph.addNode(properties: [("id", .string("old"))])
        graph.setProperty(of: node, "id", to: .string("new"))
        #expect(graph.node(withID: "old") == nil)
        #expect(graph.node(withID: "new") == node)
        graph.setProperty(of: node, "id", to: .int(5))
        #expect(graph.node(withID: "new") == nil)
    }

    @Test func duplicateIDsAreIndexedAndReported() {
        var graph = Graph()
        let a = graph.addNode(properties: [("id", .string("x"))])
        let b = graph.addNode(properties: [("id", .string("x"))])
        #expect(graph.nodes(withID: "x") == [a, b])
        #expect(graph.node(withID: "x") == nil)
        #expect(graph.duplicateIDs == ["x"])
    }

    @Test func labelsCanBeAddedAndRemoved() {
        var graph = Graph()
        let node = graph.addNode(labels: ["A"])
        let added = graph.addLabel("B", to: node)
        let addedAgain = graph.addLabel("B", to: node)
        #expect(added && !addedAgain)
        #expect(graph.nodes(withLabel: "B") == [node])
        let removed = graph.removeLabel("A", from: node)
        #expect(removed)
        #expect(graph.nodes(withLabel: "A").isEmpty)
        #expect(graph.labelNames(of: node) == ["B"])
    }

    @Test func manyLabelsOverflowTheBitMask() {
        var graph = Graph()
        let names = (0..<70).map { "L\($0)" }
        let node = graph.addNode(labels: names)
        #expect(graph.labelNames(of: node) == names)
        #expect(graph.nodes(withLabel: "L69") == [node])
    }

    @Test func aCopyIsASnapshot() {
        var graph = Graph()
        let a = graph.addNode(properties: [("name", .string("a"))])
        let snapshot = graph
        graph.setProperty(of: a, "name", to: .string("changed"))
        graph.addNode(labels: ["New"])
        #expect(snapshot.property(of: a, "name") == .string("a"))
        #expect(snapshot.nodeCount == 1)
    }
}

struct FoldedNameIndexTests {
    @Test func findsNamesIgnoringAccentsAndCase() {
        var graph = Graph()
        let trung = graph.addNode(properties: [("name", .string("Trần Quốc Trung"))])
        let thu = graph.addNode(properties: [("name", .string("Lê Tấn Thủ"))])
        let dang = graph.addNode(properties: [("name", .string("Đảng bộ thành phố"))])
        #expect(graph.nodes(withNameContaining: "tran quoc") == [trung])
        #expect(graph.nodes(withNameContaining: "TRUNG") == [trung])
        #expect(graph.nodes(withNameContaining: "dang bo") == [dang])
        #expect(graph.nodes(withNameContaining: "th") == [thu, dang])
        #expect(graph.nodes(withNameContaining: "").count == 3)
        #expect(graph.nodes(withNameContaining: "nobody").isEmpty)
    }

    /// What a search costs, known before it runs: four per name of its rarest trigram, every
    /// distinct name for a text too short for a trigram.
    @Test func aSearchsWorkIsItsRarestTrigramsNames() {
        var graph = Graph()
        for index in 0..<40 { graph.addNode(properties: [("name", .string("Nguyễn Thị Huyền \(index)"))]) }
        for index in 0..<3 { graph.addNode(properties: [("name", .string("Huyện \(index)"))]) }
        graph.addNode(properties: [("name", .string("Trần Quốc Trung"))])
        #expect(graph.nameIndexWork("Huyện") == 4 * 43)
        #expect(graph.nameIndexWork("quốc trung") == 4)
        #expect(graph.nameIndexWork("nobody") == 0)
        #expect(graph.nameIndexWork("hu") == 44)
    }

    /// The index built at once (names folded once per distinct name) finds what one built
    /// node by node finds, for repeated names, names that repeat trigrams, and non-string names.
    @Test func buildingAtOnceFindsWhatBuildingOneByOneFinds() {
        var graph = Graph()
        let names = ["Trần Quốc Trung", "Lê Tấn Thủ", "Trần Quốc Trung", "Đảng bộ thành phố", "aaaaaa", "Nguyễn Ngọc Ngà", "ab"]
        var byOne = FoldedNameIndex()
        for (index, name) in (names + names).enumerated() {
            let node = graph.addNode(properties: [("name", index == 3 ? .int(3) : .string(name))])
            if index != 3 { byOne.insert(node, name: name) }
        }
        _ = graph.addNode(properties: [("title", .string("Trần"))])
        for needle in ["tran", "quoc trung", "ng", "aaa", "aaaa", "ngoc nga", "a", "", "dang bo thanh", "nobody", "tra"] {
            #expect(graph.nodes(withNameContaining: needle) == byOne.nodes(containing: needle), "\(needle)")
        }
        #expect(graph.nodes(withNameContaining: "tran quoc").count == 4)
    }

    /// Built ahead on another thread: searches wait for it and find what a build on first use
    /// finds; changes made while it is built (which copy the storage) and after it are followed;
    /// a copy taken before a change keeps its own answers.
    @Test func preparedOnAnotherThreadFindsWhatItShould() throws {
        var graph = Graph()
        var nodes: [NodeID] = []
        for index in 0..<20_000 {
            nodes.append(graph.addNode(properties: [("name", .string(index % 3 == 0 ? "Trần Quốc \(index)" : "Lê Văn \(index)"))]))
        }
        let untouched = graph
        graph.prepare()
        graph.setProperty(of: nodes[1], "name", to: .string("Trần Quốc Mới"))
        let added = graph.addNode(properties: [("name", .string("Trần Quốc Thêm"))])
        #expect(graph.nodes(withNameContaining: "tran quoc").count == 6_667 + 2)
        #expect(graph.nodes(withNameContaining: "tran quoc moi") == [nodes[1]])
        #expect(graph.nodes(withNameContaining: "tran quoc them") == [added])
        try graph.removeNode(added)
        #expect(graph.nodes(withNameContaining: "tran quoc them").isEmpty)
        #expect(untouched.nodes(withNameContaining: "tran quoc").count == 6_667)
        #expect(untouched.nodes(withNameContaining: "tran quoc moi").isEmpty)
    }

    /// The columns of keys at least one in 16 entities holds are built ahead, the others not;
    /// a column asked for while they are built is the one a build on first use gives.
    @Test func preparationBuildsTheColumnsOfDenseKeys() throws {
        var graph = Graph()
        var nodes: [NodeID] = []
        for index in 0..<50_000 {
            var properties: [(String, Value)] = [("born", .int(Int64(1950 + index % 40)))]
            if index % 100 == 0 { properties.append(("rare", .bool(true))) }
            nodes.append(graph.addNode(labels: ["Person"], properties: properties))
        }
        for index in 1..<nodes.count where index % 2 == 0 {
            graph.addEdge(from: nodes[index - 1], to: nodes[index], type: "KNOWS", properties: [("since", .int(Int64(index)))])
        }
        let (born, rare, since) = try (#require(graph.keys.lookup("born")), #require(graph.keys.lookup("rare")),
                                       #require(graph.keys.lookup("since")))
        #expect(graph.cachedColumn(born, edges: false) == nil)
        let preparation = graph.prepare()
        let asked = graph.nodeColumn(born)
        preparation.wait()
        #expect(graph.cachedColumn(born, edges: false)?.slotPayloads == asked.slotPayloads)
        #expect(asked.value(of: 49_999)?.payload == 1950 + 49_999 % 40 && asked.count == 50_000)
        #expect(graph.cachedColumn(since, edges: true)?.uniform == .int)
        #expect(graph.cachedColumn(rare, edges: false) == nil)
    }

    @Test func followsRenamesAndDeletes() throws {
        var graph = Graph()
        let node = graph.addNode(properties: [("name", .string("Trần Quốc Trung"))])
        graph.setProperty(of: node, "name", to: .string("Lê Quang Mạnh"))
        #expect(graph.nodes(withNameContaining: "tran").isEmpty)
        #expect(graph.nodes(withNameContaining: "quang manh") == [node])
        try graph.removeNode(node)
        #expect(graph.nodes(withNameContaining: "quang").isEmpty)
    }
}
