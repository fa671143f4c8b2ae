import CadreGraph

/// The first rows of a MATCH run in batches: start nodes, or the edges of some types. Found once
/// (on the thread that runs the statement), then read in batches, whole or in `parts` contiguous
/// parts that together give the same rows in the same order, so workers can each take one.
struct VectorScan {
    private enum Rows {
        case nodes(slot: Int, handles: [UInt32])
        /// Every node of a label (or every live node): its bit words, read a batch at a time
        /// (no array of a million handles made per statement).
        case nodeWords(slot: Int, words: [UInt64])
        /// The bit words of each type's edges (every live edge when the pattern names no type);
        /// the far end's labels that some edge does not carry, to test.
        /// `fill`: whether the rows hold each end (an anonymous node's slot nothing reads stays empty).
        case edges(words: [[UInt64]], farWords: [[UInt64]], near: [NodeID], far: [NodeID], slots: (from: Int, edge: Int, to: Int),
                   fill: (near: Bool, far: Bool))
    }

    private var rows: Rows
    let width: Int
    /// How many rows the scan gives before any test (edges: before the far end's labels).
    private(set) var size: Int
    /// Conjuncts of WHERE decided on columns as the words are read (see `ScanFilter`).
    var filters: [ScanFilter] = []

    /// The entities a row of the scan holds, by slot, for `ScanFilter.take`.
    var scanned: [(slot: Int, entity: ScanFilter.Entity, edges: Bool)] {
        switch rows {
        case .nodes(let slot, _), .nodeWords(let slot, _):
            return [(slot, .node, false)]
        case .edges(_, _, _, _, let slots, _):
            // `(a)-[r]->(a)`: one slot for both ends, decided after the scan.
            let ends: [(slot: Int, entity: ScanFilter.Entity, edges: Bool)] =
                slots.from == slots.to ? [] : [(slots.from, .near, false), (slots.to, .far, false)]
            return [(slots.edge, .edge, true)] + ends
        }
    }

    /// `row`: the row pushed in (`VectorMatchPlan.outer`), which a start's hints and property
    /// values may read.
    init(_ option: VectorMatchPlan.Option, _ plan: VectorMatchPlan, _ run: VectorRun, row: Row = []) throws {
        width = plan.width
        let graph = run.graph
        // A name hint the label is too small for (`PatternMatcher.usesNameIndex`): a label scan.
        let outer = row.padded(to: plan.width)
        let scansLabel: Bool
        if case .start(let spec) = option.source, spec.nameHint != nil {
            scansLabel = try !plan.matcher.usesNameIndex(spec, outer, run.context)
        } else {
            scansLabel = false
        }
        switch option.source {
        case .start(let spec) where spec.properties.isEmpty && spec.propertyMap == nil && spec.labels.count <= 1
                                    && spec.idHint == nil && (spec.nameHint == nil || scansLabel):
            var words: [UInt64] = []
            if let label = spec.labelCache.resolve(.labels, in: graph).first {
                words = label.map { graph.labelWords($0) } ?? []
            } else {
                words = graph.liveNodeWords
            }
            rows = .nodeWords(slot: spec.slot, words: words)
            size = words.reduce(0) { $0 + $1.nonzeroBitCount }
        case .start(let spec):
            var nodes = try plan.matcher.candidates(spec, outer, run.context)
            if !spec.properties.isEmpty || spec.labels.count > 1 || spec.idHint != nil || (spec.nameHint != nil && !scansLabel) {
                nodes = try nodes.filter { try plan.matcher.accepts($0, spec, outer, run.context) }
            }
            rows = .nodes(slot: spec.slot, handles: nodes.map(\.raw))
            size = nodes.count
        case .scanEdges(let from, let relationship, let to, let forward):
            let farLabels = to.labels.isEmpty ? [] : to.labelCache.resolve(.labels, in: graph)
            let slots = (from.slot, relationship.slot, to.slot)
            if farLabels.contains(where: { $0 == nil }) {
                rows = .edges(words: [], farWords: [], near: [], far: [], slots: slots, fill: (true, true))
                size = 0
                return
            }
            // Labels every edge of the types carries at the far end need no test (every HELD
            // edge reaches a Role), learnt once per version of the graph.
            let scanned = relationship.types.isEmpty ? graph.types.allSymbols
                : relationship.typeCache.resolve(.types, in: graph).compactMap { $0 }
            let farWords = farLabels.compactMap { $0 }.filter { label in
                !scanned.allSatisfy { graph.allEdges(ofType: $0, haveLabel: label, atSource: !forward) }
            }.map { graph.labelWords($0) }
            // No type named: every live edge, from the live-edge set.
            let typeWords: [[UInt64]] = relationship.types.isEmpty ? [graph.liveEdgeWords]
                : relationship.typeCache.resolve(.types, in: graph).compactMap { $0.map { graph.typeWords($0) } }
            let (near, far) = forward ? (graph.edgeSources, graph.edgeTargets) : (graph.edgeTargets, graph.edgeSources)
            // An end no variable names, no later step of this option starts from or reaches,
            // is never read.
            let stepped = Set(option.expands.flatMap { [$0.from, $0.to.slot] })
            let unread = { (node: PatternPlan.NodeSpec) in node.anonymous && from.slot != to.slot && !stepped.contains(node.slot) }
            rows = .edges(words: typeWords, farWords: farWords, near: near, far: far, slots: slots,
                          fill: (!unread(from), !unread(to)))
            size = typeWords.reduce(0) { total, words in words.reduce(total) { $0 + $1.nonzeroBitCount } }
        }
    }

    /// True once a sorted index narrowed the scan (`narrow`).
    private(set) var narrowed = false

    /// Narrows the scan to the handles a sorted index of a filter's column gives, when one is
    /// built and the filter's interval holds at most half of the rows: the scan's bit words
    /// keep only those handles (in handle order still), and the filters run on them as before.
    /// Filters that keep missing values, or exclude an interval, cannot be read off an index.
    /// The index holds exactly the entities whose value is of the filter's kind, so the
    /// handles of the interval are exactly those the filter passes: it is dropped from `filters`.
    mutating func narrow(_ graph: Graph) {
        var best: (filter: Int, positions: Range<Int>, exact: Bool, order: [UInt32])? = nil
        for (position, filter) in filters.enumerated()
        where !filter.keepNull && !filter.exclude && (filter.entity == .node || filter.entity == .edge) {
            guard let key = graph.keys.lookup(filter.key), let index = graph.cachedSortedIndex(key, edges: filter.edges),
                  index.tag.rawValue == filter.tag, index.flip == filter.flip else { continue }
            let (positions, exact) = filter.indexPositions(index)
            if positions.count < best?.positions.count ?? Int.max { best = (position, positions, exact, index.order) }
        }
        guard let best, best.positions.count * 2 <= size else { return }
        restrict(to: best.positions, of: best.order)
        // Handles beyond those that pass (dates by their last day) keep the filter to test them.
        if best.exact { filters.remove(at: best.filter) }
    }

    /// The number of rows the scan gives, when nothing is left to test on them (no filter, no
    /// far-end label): what a count of the scan's rows is.
    var exactCount: Int? {
        guard filters.isEmpty else { return nil }
        switch rows {
        case .nodes, .nodeWords: return size
        case .edges(_, let farWords, _, _, let slots, _): return farWords.isEmpty && slots.from != slots.to ? size : nil
        }
    }

    /// For the first `wanted` rows by `key` (ascending, or descending): narrows the scan to
    /// the entities whose value is at least as good as the `wanted`-th best among the scanned
    /// ones that pass the scan's filters, found by walking the key's sorted index from its best end. Every row a top-k
    /// keeps is among them (ties too), in scan order still. Only when the key is a property
    /// of the scanned node or edge with an index, and, descending, when every scanned entity
    /// has a value (a missing one, null, would come first).
    mutating func narrow(toFirst wanted: Int, by key: PropertyKernel, descending: Bool, _ graph: Graph) {
        // The filters left are counted in when they test the scanned entity itself.
        guard wanted > 0, filters.allSatisfy({ $0.entity == .node || $0.entity == .edge }), let symbol = graph.keys.lookup(key.key),
              let index = graph.cachedSortedIndex(symbol, edges: key.edges), let column = graph.cachedColumn(symbol, edges: key.edges)
        else { return }
        let scanned: [[UInt64]]
        switch rows {
        case .nodeWords(let slot, let words) where slot == key.slot && !key.edges: scanned = [words]
        case .edges(let typeWords, _, _, _, let slots, _) where slots.edge == key.slot && key.edges: scanned = typeWords
        default: return
        }
        var union = scanned.first ?? []
        for words in scanned.dropFirst() {
            for index in words.indices where index < union.count { union[index] |= words[index] }
        }
        let flip = index.flip
        let threshold: UInt64? = union.withUnsafeBufferPointer { union in
            column.withReader { column in
                if descending {
                    // A scanned entity without the key sorts first: no narrowing then.
                    for (wordIndex, word) in union.enumerated() {
                        // Every scanned entity of the word holds the key, or one does not.
                        let held = wordIndex < column.present.count ? column.present[wordIndex] : 0
                        if word & ~held != 0 { return nil }
                    }
                }
                var found = 0
                let count = index.order.count
                for step in 0..<count {
                    let handle = Int(index.order[descending ? count - 1 - step : step])
                    guard handle >> 6 < union.count, union[handle >> 6] & (1 << UInt64(handle & 63)) != 0,
                          filters.allSatisfy({ $0.passes(handle) }) else { continue }
                    found += 1
                    if found == wanted { return column.payloads[column.slot(of: handle)] ^ flip }
                }
                return nil
            }
        }
        guard let threshold else { return }
        let positions = descending ? index.positions(column, from: threshold, through: .max)
            : index.positions(column, from: 0, through: threshold)
        guard positions.count * 2 <= size else { return }
        restrict(to: positions, of: index.order)
    }

    /// Keeps in the scan's words only the handles `order[positions]`.
    private mutating func restrict(to positions: Range<Int>, of order: [UInt32]) {
        func kept(_ words: [UInt64]) -> [UInt64] {
            var mask = [UInt64](repeating: 0, count: words.count)
            order.withUnsafeBufferPointer { order in
                for position in positions {
                    let handle = Int(order[position])
                    if handle >> 6 < mask.count { mask[handle >> 6] |= 1 << UInt64(handle & 63) }
                }
            }
            for index in mask.indices { mask[index] &= words[index] }
            return mask
        }
        switch rows {
        case .nodes: return
        case .nodeWords(let slot, let words):
            let narrowed = kept(words)
            rows = .nodeWords(slot: slot, words: narrowed)
            size = narrowed.reduce(0) { $0 + $1.nonzeroBitCount }
        case .edges(let typeWords, let farWords, let near, let far, let slots, let fill):
            let narrowed = typeWords.map(kept)
            rows = .edges(words: narrowed, farWords: farWords, near: near, far: far, slots: slots, fill: fill)
            size = narrowed.reduce(0) { total, words in words.reduce(total) { $0 + $1.nonzeroBitCount } }
        }
        narrowed = true
    }

    /// Calls `body` with each batch of part `part` of `parts`; stops when it returns false
    /// (and returns false).
    func forEachBatch(part: Int = 0, of parts: Int = 1, _ body: (Batch) throws -> Bool) rethrows -> Bool {
        switch rows {
        case .nodes(let slot, let handles):
            var start = handles.count * part / parts
            let end = handles.count * (part + 1) / parts
            while start < end {
                let stop = min(start + VectorMatchOperator.batchSize, end)
                var nodes = Array(handles[start..<stop])
                start = stop
                for filter in filters { filter.apply(&nodes, through: []) }
                if nodes.isEmpty { continue }
                var batch = Batch(width: width)
                batch.count = nodes.count
                batch.entities[slot] = nodes
                guard try body(batch) else { return false }
            }
            return true
        case .nodeWords(let slot, let words):
            let (first, last) = (boundary([words], size * part / parts), boundary([words], size * (part + 1) / parts))
            var wordIndex = first.word
            let wordEnd = last.word
            while wordIndex < wordEnd {
                var nodes = Self.edgeBatch(words, from: &wordIndex, to: wordEnd)
                for filter in filters { filter.apply(&nodes, through: []) }
                if nodes.isEmpty { continue }
                var batch = Batch(width: width)
                batch.count = nodes.count
                batch.entities[slot] = nodes
                guard try body(batch) else { return false }
            }
            return true
        case .edges(let typeWords, let farWords, let near, let far, let slots, let fill):
            let (first, last) = (boundary(typeWords, size * part / parts), boundary(typeWords, size * (part + 1) / parts))
            for type in typeWords.indices where type >= first.type && type <= last.type {
                let words = typeWords[type]
                var wordIndex = type == first.type ? first.word : 0
                let wordEnd = type == last.type ? last.word : words.count
                while wordIndex < wordEnd {
                    var edges = Self.edgeBatch(words, from: &wordIndex, to: wordEnd)
                    for filter in filters {
                        filter.apply(&edges, through: filter.entity == .near ? near : filter.entity == .far ? far : [])
                    }
                    var fars = fill.far || !farWords.isEmpty ? edges.map { far[Int($0)].raw } : []
                    if !farWords.isEmpty {
                        var kept = 0
                        for index in edges.indices where farWords.allSatisfy({ $0.withUnsafeBufferPointer { Graph.has($0, fars[index]) } }) {
                            edges[kept] = edges[index]
                            fars[kept] = fars[index]
                            kept += 1
                        }
                        edges.removeLast(edges.count - kept)
                        fars.removeLast(fars.count - kept)
                    }
                    if edges.isEmpty { continue }
                    var batch = Batch(width: width)
                    batch.count = edges.count
                    if fill.near { batch.entities[slots.from] = edges.map { near[Int($0)].raw } }
                    batch.entities[slots.edge] = edges
                    if fill.far { batch.entities[slots.to] = fars }
                    guard try body(batch) else { return false }
                }
            }
            return true
        }
    }

    /// The first word (by type, then word) before which at least `target` edges lie; the end
    /// of the last type's words when there are fewer.
    private func boundary(_ typeWords: [[UInt64]], _ target: Int) -> (type: Int, word: Int) {
        var seen = 0
        for (type, words) in typeWords.enumerated() {
            for (index, word) in words.enumerated() {
                if seen >= target { return (type, index) }
                seen += word.nonzeroBitCount
            }
        }
        return (max(typeWords.count - 1, 0), typeWords.last?.count ?? 0)
    }

    /// Handles (of edges, or of nodes) from bit words, from `wordIndex` up to `end`, until about
    /// a batch is taken.
    private static func edgeBatch(_ words: [UInt64], from wordIndex: inout Int, to end: Int) -> [UInt32] {
        // Written through a pointer: an append per bit costs a capacity check each.
        var index = wordIndex
        let edges = [UInt32](unsafeUninitializedCapacity: VectorMatchOperator.batchSize) { buffer, count in
            words.withUnsafeBufferPointer { words in
                var written = 0
                while index < end && written + 64 <= VectorMatchOperator.batchSize {
                    var bits = words[index]
                    let base = UInt32(index << 6)
                    while bits != 0 {
                        buffer[written] = base | UInt32(bits.trailingZeroBitCount)
                        written += 1
                        bits &= bits - 1
                    }
                    index += 1
                }
                count = written
            }
        }
        wordIndex = index
        return edges
    }
}
