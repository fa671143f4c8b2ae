/// A growable set of small integers, iterated in ascending order; keeps its element count.
struct BitSet: Sendable, Sequence {
    private(set) var words: [UInt64] = []
    private(set) var count = 0

    init() {}

    /// The set of 0 ..< count.
    init(allBelow count: Int) {
        words = [UInt64](repeating: ~0, count: count >> 6)
        if count & 63 != 0 { words.append((1 << UInt64(count & 63)) - 1) }
        self.count = count
    }

    func contains(_ value: Int) -> Bool {
        let word = value >> 6
        return word < words.count && words[word] & (1 << UInt64(value & 63)) != 0
    }

    @discardableResult
    mutating func insert(_ value: Int) -> Bool {
        let word = value >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        let mask: UInt64 = 1 << UInt64(value & 63)
        if words[word] & mask != 0 { return false }
        words[word] |= mask
        count += 1
        return true
    }

    @discardableResult
    mutating func remove(_ value: Int) -> Bool {
        let word = value >> 6
        let mask: UInt64 = 1 << UInt64(value & 63)
        guard word < words.count, words[word] & mask != 0 else { return false }
        words[word] &= ~mask
        count -= 1
        return true
    }

    struct Iterator: IteratorProtocol {
        let words: [UInt64]
        var wordIndex = 0
        var current: UInt64

        init(words: [UInt64]) {
            self.words = words
            current = words.first ?? 0
        }

        mutating func next() -> Int? {
            while current == 0 {
                wordIndex += 1
                guard wordIndex < words.count else { return nil }
                current = words[wordIndex]
            }
            let bit = current.trailingZeroBitCount
            current &= current - 1
            return wordIndex << 6 | bit
        }
    }

    func makeIterator() -> Iterator { Iterator(words: words) }
}
