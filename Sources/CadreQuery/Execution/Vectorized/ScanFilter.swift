import CadreGraph

/// A conjunct of WHERE decided inside the scan: `x.key op constant`, where `x` is an entity
/// the scan itself produces (a node of a label, or an edge with its two ends), and every value
/// of `key` is of the constant's kind. The scan tests each handle on the key's column as it
/// reads the bit words, so the entities it drops never become rows of a batch (DuckDB's table
/// filters do the same for its columns).
///
/// Exact where it is taken (`take`): the column holds the constant's kind or nothing, so a
/// value either compares as the kernel would compare it, or is missing and the conjunct is
/// null, which WHERE drops; only tests WHERE runs right after the scan, and only when such
/// tests drop their null rows (`VectorMatchPlan.pushedKeepNull` false).
struct ScanFilter {
    /// Which handle of a scanned row the test reads.
    enum Entity { case node, near, edge, far }

    let entity: Entity
    /// The column's key, and whether it is an edge column: two tests of one column merge.
    let key: String
    let edges: Bool
    let tags: [UInt8]
    let payloads: [UInt64]
    let tag: UInt8
    /// The payloads that pass, as an interval `lower...lower + span` of payloads with `flip`
    /// applied (integers have their sign bit flipped so that they order as unsigned words);
    /// `exclude` inverts it (`<>`). An empty interval is `span` = `UInt64.max` with `empty`.
    var lower: UInt64
    var span: UInt64
    var exclude: Bool
    var empty: Bool
    let flip: UInt64

    /// Keeps in `handles` (node handles, or edge handles) the entries whose entity passes, in
    /// order; `ends` maps an edge to the node tested (its source or target), empty for none.
    func apply(_ handles: inout [UInt32], through ends: [NodeID]) {
        if empty {
            handles.removeAll()
            return
        }
        var kept = 0
        let (tag, lower, span, exclude, flip) = (tag, lower, span, exclude, flip)
        tags.withUnsafeBufferPointer { tags in
            payloads.withUnsafeBufferPointer { payloads in
                ends.withUnsafeBufferPointer { ends in
                    handles.withUnsafeMutableBufferPointer { handles in
                        for index in handles.indices {
                            let handle = handles[index]
                            let tested = ends.isEmpty ? Int(handle) : Int(ends[Int(handle)].raw)
                            let inside = (payloads[tested] ^ flip) &- lower <= span
                            handles[kept] = handle
                            kept &+= tags[tested] == tag && inside != exclude ? 1 : 0
                        }
                    }
                }
            }
        }
        handles.removeLast(handles.count - kept)
    }

    /// Takes out of `tests` (the tests run right after the scan) those it can decide on
    /// columns, as filters for the entities `slots` name; the rest stay, in order. Two bounds
    /// on one column (`h.from >= … AND h.from < …`) become one interval.
    /// `fixed`: the value of an operand reading only the row before the MATCH (nil when it
    /// cannot be had without an error).
    static func take(_ tests: inout [VectorExpression], slots: [(slot: Int, entity: Entity, edges: Bool)],
                     run: VectorRun, rows: Int, fixed: (VectorExpression) -> Scalar? = { _ in nil }) throws -> [ScanFilter] {
        var filters: [ScanFilter] = []
        var rest: [VectorExpression] = []
        for test in tests {
            guard let filter = try make(test, slots, run, rows, fixed) else {
                rest.append(test)
                continue
            }
            if let index = filters.firstIndex(where: { $0.merges(filter) }) {
                filters[index].intersect(filter)
            } else {
                filters.append(filter)
            }
        }
        tests = rest
        return filters
    }

    private func merges(_ other: ScanFilter) -> Bool {
        entity == other.entity && key == other.key && edges == other.edges && tag == other.tag && !exclude && !other.exclude
    }

    /// Both intervals at once (both are of one column, neither excluding).
    private mutating func intersect(_ other: ScanFilter) {
        let (low, high) = (max(lower, other.lower), min(lower &+ span, other.lower &+ other.span))
        empty = empty || other.empty || low > high
        (lower, span) = empty ? (0, 0) : (low, high &- low)
    }

    private static func make(_ test: VectorExpression, _ slots: [(slot: Int, entity: Entity, edges: Bool)],
                             _ run: VectorRun, _ rows: Int, _ fixed: (VectorExpression) -> Scalar?) throws -> ScanFilter? {
        guard let binary = test as? BinaryKernel, binary.isComparison else { return nil }
        var (op, property, constantSide) = (binary.op, binary.lhs, binary.rhs)
        if property is PropertyKernel == false { (op, property, constantSide) = (op.flipped, binary.rhs, binary.lhs) }
        guard let property = property as? PropertyKernel,
              let scanned = slots.first(where: { $0.slot == property.slot && $0.edges == property.edges }),
              let constant = try constantSide.constant(run) ?? (binary.fixedOperand ? fixed(constantSide) : nil) else { return nil }
        let flip: UInt64
        switch constant.tag {
        case VectorTag.int: flip = 1 << 63
        case VectorTag.date, VectorTag.bool: flip = 0
        case VectorTag.string where op == .equal || op == .notEqual: flip = 0
        default: return nil
        }
        guard let column = run.scanColumn(property.key, edges: property.edges, rows: rows),
              column.uniform?.rawValue == constant.tag else { return nil }
        let value = constant.payload ^ flip
        // The interval of flipped payloads that pass (`<>`: the one that does not).
        var (low, high, empty) = (UInt64.min, UInt64.max, false)
        switch op {
        case .equal, .notEqual: (low, high) = (value, value)
        case .less: (high, empty) = value == 0 ? (0, true) : (value - 1, false)
        case .lessOrEqual: high = value
        case .greater: (low, empty) = value == .max ? (0, true) : (value + 1, false)
        default: low = value
        }
        return ScanFilter(entity: scanned.entity, key: property.key, edges: property.edges, tags: column.tags,
                          payloads: column.payloads, tag: constant.tag, lower: empty ? 0 : low, span: empty ? 0 : high &- low,
                          exclude: op == .notEqual, empty: empty, flip: flip)
    }
}
