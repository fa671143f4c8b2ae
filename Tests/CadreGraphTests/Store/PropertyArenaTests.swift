import Testing
@testable import CadreGraph

/// The arena keeps values only; what each is (key and kind) is said once per shape.
struct PropertyArenaTests {
    func slots(_ pairs: [(UInt32, Value)]) -> [PropertySlot] { pairs.map { PropertySlot(key: Symbol($0.0), value: $0.1) } }

    /// Entities with the same keys of the same kinds in the same order share a shape; a
    /// different kind, order or key makes another; the empty entity has shape 0.
    @Test func sameKeysAndKindsShareAShape() {
        var arena = PropertyArena()
        let a = arena.append(slots([(1, .string("Hùng")), (2, .int(1950))]))
        let b = arena.append(slots([(1, .string("Lan")), (2, .int(1962))]))
        let kind = arena.append(slots([(1, .string("Mai")), (2, .date(PartialDate(year: 1970)!))]))
        let order = arena.append(slots([(2, .int(1)), (1, .string("x"))]))
        let wide = arena.append(slots([(1, .string("y")), (2, .int(1 << 40))]))
        #expect(a.shape == b.shape && a.shape != 0 && b.start == a.start + 2)
        #expect(Set([a.shape, kind.shape, order.shape, wide.shape]).count == 4)
        #expect(arena.append([]) == .empty && arena.count(of: .empty) == 0)
        #expect(arena.entries(in: wide).map(\.value) == [.string("y"), .int(1 << 40)])
        #expect(arena.value(in: kind, key: Symbol(2)) == .date(PartialDate(year: 1970)!) && arena.value(in: kind, key: Symbol(3)) == nil)
        #expect(arena.keys(in: order) == [Symbol(2), Symbol(1)] && arena.stringIndex(in: b, key: Symbol(1)) == arena.findString("Lan"))
    }

    /// Setting a value of another kind changes the entity's shape, not its neighbours'; a key
    /// added or removed moves the values; every value reads back.
    @Test func changesKeepEachEntitysShape() {
        var arena = PropertyArena()
        let first = arena.append(slots([(1, .string("a")), (2, .int(1))]))
        var second = arena.append(slots([(1, .string("b")), (2, .int(2))]))
        second = arena.set(Symbol(2), to: .float(2.5), in: second)
        #expect(second.shape != first.shape && second.start == first.start + 2)
        #expect(arena.entries(in: first).map(\.value) == [.string("a"), .int(1)])
        #expect(arena.entries(in: second).map(\.value) == [.string("b"), .float(2.5)])
        // The last entity grows in place; another moves to the end.
        second = arena.set(Symbol(3), to: .bool(true), in: second)
        #expect(second.start == first.start + 2 && arena.count(of: second) == 3)
        let moved = arena.set(Symbol(3), to: .bool(false), in: first)
        #expect(moved.start == 5 && arena.garbage == 2 && moved.shape != second.shape)
        #expect(arena.append(slots([(1, .string("c")), (2, .int(3)), (3, .bool(true))])).shape == moved.shape)
        #expect(arena.entries(in: moved).map(\.value) == [.string("a"), .int(1), .bool(false)])
        let removed = arena.set(Symbol(1), to: nil, in: moved)
        #expect(arena.entries(in: removed).map(\.key) == [Symbol(2), Symbol(3)] && arena.garbage == 5)
        #expect(arena.entries(in: removed).map(\.value) == [.int(1), .bool(false)])
        #expect(arena.set(Symbol(9), to: nil, in: removed) == removed)
    }

    /// A graph whose every node has keys of its own (a shape each) reads back every value;
    /// the shapes' table grows past its first size.
    @Test func manyShapesReadBack() throws {
        var graph = Graph()
        for index in 0..<3_000 {
            graph.addNode(labels: ["N"], properties: [("id", .string("n\(index)")), ("k\(index)", .int(Int64(index)))])
        }
        #expect(graph.storage.arena.shapeCount == 3_001)
        for index in stride(from: 0, to: 3_000, by: 7) {
            let node = try #require(graph.node(withID: "n\(index)"))
            #expect(graph.property(of: node, "k\(index)") == .int(Int64(index)) && graph.property(of: node, "k0") == (index == 0 ? .int(0) : nil))
        }
    }

    /// A snapshot's ranges are checked against its shapes and values before they are believed.
    @Test func rangesOutsideTheShapesAreRefused() throws {
        var arena = PropertyArena()
        let range = arena.append(slots([(1, .int(5))]))
        let rebuilt = try #require(PropertyArena(shapeKeyTags: arena.shapeKeyTags, shapeEnds: arena.shapeEnds, payloads: arena.payloads,
                                                 wide: [], strings: StringPool(), boxed: []))
        #expect(rebuilt.holds([range, .empty]) && rebuilt.value(in: range, key: Symbol(1)) == .int(5))
        #expect(!rebuilt.holds([PropertyRange(start: 0, shape: 2)]) && !rebuilt.holds([PropertyRange(start: 1, shape: 1)]))
        #expect(PropertyArena(shapeKeyTags: [1], shapeEnds: [0, 2], payloads: [], wide: [], strings: StringPool(), boxed: []) == nil)
        #expect(PropertyArena(shapeKeyTags: [1, 2], shapeEnds: [0, 2, 1], payloads: [], wide: [], strings: StringPool(), boxed: []) == nil)
    }
}
