import Testing
@testable import CadreGraph

struct PropertyColumnTests {
    /// A column read by handle gives what the store gives, for a key held by some entities
    /// (runs and gaps across word boundaries, values of several kinds, deleted entities) over
    /// more entities than one part of a build covers, and nothing past its end; packed by rank
    /// when few hold it, by handle when most do.
    @Test(arguments: [false, true]) func readsAsTheStoreDoes(most: Bool) throws {
        var random = SeededRandom(state: 11)
        var graph = Graph()
        var nodes: [NodeID] = []
        for index in 0..<70_000 {
            // Held in runs: whole words, none, and scattered bits.
            let run: Bool = switch (index >> 9) % 3 {
            case 0: true
            case 1: most
            default: random.next() % 5 == 0 || most
            }
            let held = run && !(most && index % 11 == 0)
            var properties: [(String, Value)] = []
            if held {
                let value: Value = switch random.next() % 4 {
                case 0: .int(Int64(random.next() % 1_000) - 500)
                case 1: .string("tên \(index % 97)")
                case 2: .date(PartialDate(year: 1900 + index % 120)!)
                default: .bool(index % 2 == 0)
                }
                properties.append(("k", value))
            }
            nodes.append(graph.addNode(labels: ["N"], properties: properties))
        }
        for node in nodes where node.index % 7 == 3 { try graph.detachAndRemoveNode(node) }
        let key = try #require(graph.keys.lookup("k"))
        let column = graph.nodeColumn(key)
        #expect(column.uniform == nil && column.dense == most)
        var holders = 0
        var wrong: [Int] = []
        column.withReader { reader in
            for node in nodes {
                let stored = graph.contains(node) ? graph.property(of: node, key: key) : nil
                let slot = reader.slot(of: node.index)
                if (slot >= 0) != (stored != nil) { wrong.append(node.index) }
                guard slot >= 0, let stored else { continue }
                holders += 1
                let read: Value = switch reader.tags[slot] {
                case PropertyColumn.Tag.int.rawValue: .int(Int64(bitPattern: reader.payloads[slot]))
                case PropertyColumn.Tag.string.rawValue: .string(graph.string(at: UInt32(reader.payloads[slot])))
                case PropertyColumn.Tag.date.rawValue: .date(PartialDate(raw: UInt32(reader.payloads[slot])))
                case PropertyColumn.Tag.bool.rawValue: .bool(reader.payloads[slot] != 0)
                default: .null
                }
                if read != stored { wrong.append(node.index) }
            }
            #expect(reader.slot(of: nodes.count + 64) == -1 && reader.slot(of: Int(UInt32.max)) == -1)
            #expect(column.value(of: Int(UInt32.max)) == nil)
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(holders == column.count && holders > (most ? 50_000 : 20_000))
        var visited: [Int] = []
        var misplaced = 0
        column.forEachHolder { handle, slot in
            if slot != (column.dense ? handle : visited.count) { misplaced += 1 }
            visited.append(handle)
        }
        #expect(visited.count == column.count && visited == visited.sorted() && misplaced == 0)
    }

    /// A column made from values by handle packs them by rank.
    @Test func packsValuesByHandle() {
        let tags: [UInt8] = [0, 2, 0, 0, 4] + [UInt8](repeating: 0, count: 60) + [2]
        let payloads: [UInt64] = (0..<66).map { UInt64($0 * 10) }
        let column = PropertyColumn(tags: tags, payloads: payloads, uniform: nil, partialDates: false)
        #expect(column.slotTags == [2, 4, 2] && column.slotPayloads == [10, 40, 650])
        #expect(!column.dense && column.ranks == [0, 2] && column.slot(of: 65) == 2 && column.slot(of: 64) == nil && column.slot(of: 4) == 1)
        #expect(column.value(of: 0) == nil && column.value(of: 1)! == (2, 10))
    }
}
