import Testing
@testable import CadreGraph

struct LabelSetTests {
    /// Labels are iterated in ascending order, those kept in the mask (below 64) first, then
    /// the overflow, whatever the order they were added in.
    @Test func iteratesInAscendingOrderAcrossMaskAndOverflow() {
        let symbols: [UInt32] = [70, 3, 63, 0, 200, 64, 17]
        var set = LabelSet()
        let inserted = symbols.map { set.insert(Symbol($0)) }
        #expect(inserted.allSatisfy { $0 })
        let again = (set.insert(Symbol(63)), set.insert(Symbol(200)))
        #expect(again == (false, false))
        #expect(set.map(\.raw) == symbols.sorted())
        #expect(set.count == symbols.count)
        #expect(set.mask == nil)
        let removed = [70, 200, 64, 64].map { set.remove(Symbol(UInt32($0))) }
        #expect(removed == [true, true, true, false])
        #expect(set.map(\.raw) == [0, 3, 17, 63])
        #expect(set.mask == 1 << 0 | 1 << 3 | 1 << 17 | 1 << 63)
        #expect(LabelSet(mask: set.mask!) == set)
        #expect(LabelSet().map(\.raw) == [])
        #expect(LabelSet([Symbol(5), Symbol(100)]).map(\.raw) == [5, 100])
    }
}
