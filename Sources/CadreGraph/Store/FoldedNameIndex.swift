/// Finds nodes whose `name` contains a text, ignoring accents and case, without scanning:
/// a trigram index over the distinct folded names (see `Folding`), each name with its nodes.
/// Many people share a name, so the index holds each name, and folds it, once. Texts shorter
/// than three bytes once folded are matched against the distinct folded names.
struct FoldedNameIndex: Sendable {
    /// The distinct folded names, by name number.
    private var names: [[UInt8]] = []
    private var numberOfName: [[UInt8]: UInt32] = [:]
    /// Each name's nodes, ascending.
    private var nodesOfName: [[UInt32]] = []
    /// The name number of each node, by handle (`.max`: none).
    private var nameOfNode: [UInt32] = []
    /// Names whose folded form holds each trigram (three bytes packed in a UInt32), ascending.
    private var postings: [UInt32: [UInt32]] = [:]

    /// The number of a folded name, added (with its trigrams) when new.
    private mutating func number(of bytes: [UInt8]) -> UInt32 {
        if let known = numberOfName[bytes] { return known }
        let number = UInt32(names.count)
        names.append(bytes)
        nodesOfName.append([])
        numberOfName[bytes] = number
        for trigram in Self.distinctTrigrams(bytes) { postings[trigram, default: []].append(number) }
        return number
    }

    mutating func insert(_ node: NodeID, name: String) {
        let number = number(of: Array(Folding.fold(name).utf8))
        if node.index >= nameOfNode.count {
            nameOfNode.append(contentsOf: repeatElement(.max, count: node.index + 1 - nameOfNode.count))
        }
        nameOfNode[node.index] = number
        nodesOfName[Int(number)].insertSorted(node.raw)
    }

    /// The index of every node's name at once, from the `name` column (by node handle; a
    /// name that is not a string is not indexed): each distinct stored string (`strings`
    /// bounds their indexes) is folded once.
    init(column: PropertyColumn, strings: Int, text: (UInt32) -> String) {
        var numberOfString = [UInt32](repeating: .max, count: strings)
        nameOfNode = [UInt32](repeating: .max, count: column.present.count << 6)
        column.forEachHolder { node, slot in
            guard column.slotTags[slot] == PropertyColumn.Tag.string.rawValue else { return }
            let string = Int(column.slotPayloads[slot])
            var number = string < numberOfString.count ? numberOfString[string] : .max
            if number == .max {
                number = self.number(of: Array(Folding.fold(text(UInt32(string))).utf8))
                if string < numberOfString.count { numberOfString[string] = number }
            }
            nameOfNode[node] = number
            nodesOfName[Int(number)].append(UInt32(node))
        }
    }

    init() {}

    mutating func remove(_ node: NodeID) {
        guard node.index < nameOfNode.count, nameOfNode[node.index] != .max else { return }
        nodesOfName[Int(nameOfNode[node.index])].removeSorted(node.raw)
        nameOfNode[node.index] = .max
    }

    /// Nodes whose folded name contains the folded `text`, in handle order.
    /// What `nodes(containing:)` costs for `text`, known without searching, in the units of a
    /// scan's node: four per name in the shortest list of names holding one of its trigrams
    /// (each looked up in the other lists), one per distinct name for a text shorter than a
    /// trigram (every name tested once).
    func work(containing text: String) -> Int {
        let grams = Self.distinctTrigrams(Array(Folding.fold(text).utf8))
        return grams.isEmpty ? names.count : 4 * grams.map { postings[$0]?.count ?? 0 }.min()!
    }

    func nodes(containing text: String) -> [NodeID] {
        let needle = Array(Folding.fold(text).utf8)
        let grams = Self.distinctTrigrams(needle)
        var candidates: [UInt32]
        if grams.isEmpty {
            candidates = Array(0..<UInt32(names.count))
        } else {
            // Intersect from the shortest list: each survivor is looked up in the longer lists
            // by binary search (they are sorted), so common trigrams cost little.
            let lists = grams.map { postings[$0] ?? [] }.sorted { $0.count < $1.count }
            candidates = lists[0]
            for list in lists.dropFirst() where !candidates.isEmpty {
                var kept: [UInt32] = []
                kept.reserveCapacity(candidates.count)
                var low = 0
                for candidate in candidates {
                    var high = list.count
                    while low < high {
                        let mid = (low + high) / 2
                        if list[mid] < candidate { low = mid + 1 } else { high = mid }
                    }
                    if low < list.count && list[low] == candidate { kept.append(candidate) }
                }
                candidates = kept
            }
        }
        var nodes: [UInt32] = []
        var matchedNames = 0
        for number in candidates where Self.contains(names[Int(number)], needle) {
            nodes += nodesOfName[Int(number)]
            matchedNames += 1
        }
        if matchedNames > 1 { nodes.sort() }
        return nodes.map { NodeID($0) }
    }

    /// The trigrams of `bytes`, each once, ascending.
    private static func distinctTrigrams(_ bytes: [UInt8]) -> [UInt32] {
        guard bytes.count >= 3 else { return [] }
        var grams: [UInt32] = []
        grams.reserveCapacity(bytes.count - 2)
        for start in 0...(bytes.count - 3) {
            let gram = UInt32(bytes[start]) << 16 | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2])
            grams.append(gram)
        }
        grams.sort()
        var kept = 0
        for gram in grams where kept == 0 || grams[kept - 1] != gram {
            grams[kept] = gram
            kept += 1
        }
        grams.removeLast(grams.count - kept)
        return grams
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }
}

extension Array where Element == UInt32 {
    mutating func insertSorted(_ value: UInt32) {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        if low < count && self[low] == value { return }
        insert(value, at: low)
    }

    mutating func removeSorted(_ value: UInt32) {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        if low < count && self[low] == value { remove(at: low) }
    }
}
