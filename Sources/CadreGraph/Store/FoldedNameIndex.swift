/// Finds nodes whose `name` contains a text, ignoring accents and case, without scanning:
/// a trigram index over the folded names (see `Folding`). Texts shorter than three bytes
/// once folded are matched against the stored folded names, still without folding anything.
struct FoldedNameIndex: Sendable {
    /// The folded `name` of each node that has one.
    private var folded: [UInt32: [UInt8]] = [:]
    /// Nodes whose folded name holds each trigram (three bytes packed in a UInt32), ascending.
    private var postings: [UInt32: [UInt32]] = [:]

    mutating func insert(_ node: NodeID, name: String) {
        let bytes = Array(Folding.fold(name).utf8)
        folded[node.raw] = bytes
        for trigram in Self.distinctTrigrams(bytes) {
            postings[trigram, default: []].insertSorted(node.raw)
        }
    }

    /// The index of many names at once, given in ascending node order: each distinct name (a
    /// pooled string) is folded once, and nodes are appended to the postings.
    init(names: some Sequence<(node: NodeID, string: UInt32)>, text: (UInt32) -> String) {
        var byString: [UInt32: (bytes: [UInt8], trigrams: [UInt32])] = [:]
        for (node, string) in names {
            let name = byString[string] ?? {
                let bytes = Array(Folding.fold(text(string)).utf8)
                let entry = (bytes, Self.distinctTrigrams(bytes))
                byString[string] = entry
                return entry
            }()
            folded[node.raw] = name.bytes
            for trigram in name.trigrams { postings[trigram, default: []].append(node.raw) }
        }
    }

    init() {}

    mutating func remove(_ node: NodeID) {
        guard let bytes = folded.removeValue(forKey: node.raw) else { return }
        for trigram in Self.distinctTrigrams(bytes) {
            postings[trigram]?.removeSorted(node.raw)
            if postings[trigram]?.isEmpty == true { postings[trigram] = nil }
        }
    }

    /// Nodes whose folded name contains the folded `text`, in handle order.
    func nodes(containing text: String) -> [NodeID] {
        let needle = Array(Folding.fold(text).utf8)
        let grams = Self.distinctTrigrams(needle)
        var candidates: [UInt32]
        if grams.isEmpty {
            candidates = folded.keys.sorted()
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
        return candidates.filter { folded[$0].map { Self.contains($0, needle) } ?? false }.map { NodeID($0) }
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
