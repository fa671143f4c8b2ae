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

    /// The pool keeps bytes alone: each string reads back as it was interned, by `String` or by
    /// bytes, and its bytes are found in place.
    @Test func stringsAreKeptAsBytesAndReadBack() {
        let words = (0..<10_000).map { "tên \($0) " + String(repeating: "đ", count: $0 % 5) }
        var pool = StringPool()
        #expect(pool.intern("đầu") == 0)
        let indexes = words.map { word in
            var word = word
            return word.withUTF8 { pool.intern(UnsafeRawBufferPointer($0), isNFC: { _ in true }) }
        }
        #expect(indexes == (1...10_000).map { UInt32($0) })
        #expect(pool[0] == "đầu" && pool[5_000] == words[4_999])
        #expect(pool.intern("cuối") == 10_001 && pool.intern("đầu") == 0)
        #expect((0..<UInt32(pool.count)).map { pool[$0] } == ["đầu"] + words + ["cuối"])
        pool.withOrder { strings in
            #expect(Array(strings.bytes(1)) == Array(words[0].utf8))
            #expect(strings.string(10_001) == "cuối" && strings.bytes(0).count == "đầu".utf8.count)
        }
    }

    /// Only a new string is checked for NFC: one the pool holds is found as it is.
    @Test func onlyANewStringIsCheckedForNFC() {
        var pool = StringPool()
        let known = pool.intern("Cần Thơ")
        var checked = 0
        func intern(_ text: String) -> UInt32? {
            var text = text
            return text.withUTF8 { pool.intern(UnsafeRawBufferPointer($0), isNFC: { _ in checked += 1; return false }) }
        }
        #expect(intern("Cần Thơ") == known)
        #expect(checked == 0)
        #expect(intern("Hà Nội") == nil)
        #expect(checked == 1 && pool.count == 1)
    }

    /// Snapshots keep the pool's table, so the hash of given bytes never changes: it is checked
    /// here against the definition, one tail byte at a time, for every length up to 40.
    @Test func hashKeepsItsDefinition() {
        func reference(_ bytes: [UInt8]) -> UInt64 {
            var state: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(bytes.count)
            var offset = 0
            while offset + 8 <= bytes.count {
                let word = bytes[offset..<offset + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                state = (state ^ word) &* 0xBF58_476D_1CE4_E5B9
                state ^= state >> 31
                offset += 8
            }
            var tail: UInt64 = 0
            for (index, byte) in bytes[offset...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(index)) }
            state = (state ^ tail) &* 0x94D0_49BB_1331_11EB
            state ^= state >> 29
            let high = state >> 32
            return high << 32 | UInt64(UInt32(truncatingIfNeeded: (high &* 0x9E37_79B9_7F4A_7C15) >> 16))
        }
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(bytes.withUnsafeBytes { StringPool.hash($0) } == reference(bytes), "length \(length)")
        }
    }

    /// Borrowed stored strings give what the graph's own accessors give: each stored string
    /// by its index, the index of each (short, long, Vietnamese), nil for others.
    @Test func borrowedStringsAgreeWithTheGraph() {
        var graph = Graph()
        let texts = ["1", "N", "Trần Quốc Trung", String(repeating: "đường ", count: 30), ""]
        for text in texts { graph.addNode(labels: ["N"], properties: [("s", .string(text))]) }
        graph.withStoredStrings { strings in
            for text in texts {
                let index = graph.stringIndex(of: text)
                #expect(index != nil && strings.index(of: text) == index, "\(text)")
                #expect(strings.string(index!) == text)
            }
            for other in ["2", "Tran Quoc Trung", "Trần Quốc Trun", String(repeating: "đường ", count: 31)] {
                #expect(strings.index(of: other) == nil, "\(other)")
            }
        }
    }
}
