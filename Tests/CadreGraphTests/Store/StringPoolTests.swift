import Testing
@testable import CadreGraph

struct StringPoolTests {
    @Test func internsEachStringOnceAcrossGrowth() {
        var pool = StringPool()
        let words = (0..<5_000).map { "word \($0) " + String(repeating: "ư", count: $0 % 11) }
        let first = words.map { pool.intern($0) }
        #expect(first == (0..<5_000).map(UInt32.init))
        #expect(words.map { pool.intern($0) } == first)
        #expect(pool.count == 5_000)
        for (index, word) in words.enumerated() {
            #expect(pool[UInt32(index)] == word)
            #expect(pool.find(word) == UInt32(index))
        }
        #expect(pool.find("word 5000 ") == nil)
        #expect(pool.find("") == nil)
        #expect(pool.intern("") == 5_000)
        #expect(pool.find("") == 5_000)
    }

    @Test func bytesAndStringsFindTheSameEntry() {
        var pool = StringPool()
        let index = pool.intern("Cần Thơ")
        var bytes = Array("Cần Thơ".utf8)
        let found = bytes.withUnsafeMutableBytes { pool.find(UnsafeRawBufferPointer($0)) }
        #expect(found == index)
        bytes[0] = UInt8(ascii: "K")
        #expect(bytes.withUnsafeMutableBytes { pool.find(UnsafeRawBufferPointer($0)) } == nil)
    }
}
