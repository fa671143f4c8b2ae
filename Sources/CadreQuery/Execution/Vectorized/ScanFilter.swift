import CadreGraph

/// A conjunct of WHERE decided inside the scan: `x.key op constant` (or `x.key.year op
/// integer` for a key of dates), where `x` is an entity the scan itself produces (a node of a
/// label, or an edge with its two ends), and every value of `key` is of the constant's kind. The scan tests each handle on the key's column as it
/// reads the bit words, so the entities it drops never become rows of a batch (DuckDB's table
/// filters do the same for its columns).
///
/// Exact where it is taken (`take`): the column holds the constant's kind or nothing, so a
/// value either compares as the kernel would compare it, or is missing and the conjunct is
/// null, which the filter keeps when the tests after the scan keep their null rows
/// (`VectorMatchPlan.pushedKeepNull`) and drops otherwise. Such a test cannot raise (`.year` of
/// a date), so a test pushed speculatively, and those after it, may be taken too
/// (`VectorMatchOperator.takeSpeculativeChain`); WHERE, still run on what passes, decides.
struct ScanFilter {
    /// Which handle of a scanned row the test reads.
    enum Entity { case node, near, edge, far }

    let entity: Entity
    /// The column's key, and whether it is an edge column: two tests of one column merge.
    let key: String
    let edges: Bool
    let column: PropertyColumn
    let tag: UInt8
    /// The payloads that pass, as an interval `lower...lower + span` of payloads with `flip`
    /// applied (integers have their sign bit flipped so that they order as unsigned words);
    /// `exclude` inverts it (`<>`); `empty`: nothing passes.
    var lower: UInt64
    var span: UInt64
    var exclude: Bool
    var empty: Bool
    let flip: UInt64
    /// Missing values pass (the conjunct is null there, and the rows of null tests go on).
    var keepNull = false
    /// For dates compared as dates (not by their year): the day of each stored date the interval
    /// is tested on, so that an uncertain date passes only when every day it covers does.
    var dateEnd: DateEnd? = nil
    /// The comparison may be unknown (null) where a value is present: an uncertain date on
    /// either side.
    var threeValued = false

    enum DateEnd {
        /// The packed date itself (`=`: the same date).
        case whole
        /// Its first day (`>`, `>=`).
        case first
        /// Its last day (`<`, `<=`).
        case last

        @inline(__always)
        func word(_ payload: UInt64) -> UInt64 {
            switch self {
            case .whole: payload
            case .first: UInt64(PartialDate.firstDay(UInt32(truncatingIfNeeded: payload)))
            case .last: UInt64(PartialDate.lastDay(UInt32(truncatingIfNeeded: payload)))
            }
        }
    }

    private struct WholeWord: WordReading {
        @inline(__always) func word(_ payload: UInt64) -> UInt64 { payload }
    }
    private struct FirstDayWord: WordReading {
        @inline(__always) func word(_ payload: UInt64) -> UInt64 { DateEnd.first.word(payload) }
    }
    private struct LastDayWord: WordReading {
        @inline(__always) func word(_ payload: UInt64) -> UInt64 { DateEnd.last.word(payload) }
    }

    /// The positions of `index` (of this filter's column) whose entities pass; `exact` false
    /// when they are more (dates by their last day: the index orders them by their first).
    func indexPositions(_ index: SortedIndex) -> (positions: Range<Int>, exact: Bool) {
        if empty { return (0..<0, true) }
        let firstDays = dateEnd == .first || dateEnd == .last
        return (index.positions(column, from: lower, through: lower &+ span, firstDays: firstDays), dateEnd != .last)
    }

    /// Keeps in `handles` (node handles, or edge handles) the entries whose entity passes, in
    /// order; `ends` maps an edge to the node tested (its source or target), empty for none.
    func apply(_ handles: inout [UInt32], through ends: [NodeID]) {
        if empty && !keepNull {
            handles.removeAll()
            return
        }
        // One loop per way of reading a payload, so the usual one has no branch for dates.
        switch dateEnd ?? .whole {
        case .whole: apply(&handles, through: ends, WholeWord())
        case .first: apply(&handles, through: ends, FirstDayWord())
        case .last: apply(&handles, through: ends, LastDayWord())
        }
    }

    @inline(__always)
    private func apply<Reading: WordReading>(_ handles: inout [UInt32], through ends: [NodeID], _ reading: Reading) {
        var kept = 0
        let (lower, span, exclude, flip, empty, keepNull) = (lower, span, exclude, flip, empty, keepNull)
        column.withReader { column in
            ends.withUnsafeBufferPointer { ends in
                handles.withUnsafeMutableBufferPointer { handles in
                    for index in handles.indices {
                        let handle = handles[index]
                        let slot = column.slot(of: ends.isEmpty ? Int(handle) : Int(ends[Int(handle)].raw))
                        handles[kept] = handle
                        // Every value the column holds is of the filter's kind (`make`): a holder
                        // is tested, the others are missing.
                        guard slot >= 0 else {
                            kept &+= keepNull ? 1 : 0
                            continue
                        }
                        let inside = (reading.word(column.payloads[slot]) ^ flip) &- lower <= span
                        kept &+= !empty && inside != exclude ? 1 : 0
                    }
                }
            }
        }
        handles.removeLast(handles.count - kept)
    }

    /// Whether the entity with handle `handle` passes, for a filter on the scanned node or
    /// edge itself (`entity` `.node` or `.edge`), as `apply` decides it.
    @inline(__always)
    func passes(_ handle: Int) -> Bool {
        guard let (found, payload) = column.value(of: handle), found == tag else { return keepNull }
        return !empty && (((dateEnd ?? .whole).word(payload) ^ flip) &- lower <= span) != exclude
    }

    /// Takes out of `tests` (the tests run right after the scan) those it can decide on
    /// columns, as filters for the entities `slots` name; the rest stay, in order. Two bounds
    /// on one column (`h.from >= … AND h.from < …`) become one interval.
    /// `fixed`: the value of an operand reading only the row before the MATCH (nil when it
    /// cannot be had without an error).
    static func take(_ tests: inout [VectorExpression], slots: [(slot: Int, entity: Entity, edges: Bool)],
                     run: VectorRun, rows: Int, keepNull: Bool, fixed: (VectorExpression) -> Scalar? = { _ in nil }) -> [ScanFilter] {
        var filters: [ScanFilter] = []
        var rest: [VectorExpression] = []
        for test in tests {
            // An operand that raises (`date('2001-13')`) leaves the test to its kernel, which
            // raises where the row engine would.
            // A comparison of uncertain dates is null where it cannot be decided: a filter that
            // keeps null rows would have to keep those too, so it is left to its kernel.
            guard var filter = (try? make(test, slots, run, rows, fixed)) ?? nil, !(keepNull && filter.threeValued) else {
                rest.append(test)
                continue
            }
            filter.keepNull = keepNull
            add(filter, to: &filters)
        }
        tests = rest
        return filters
    }

    /// `filter` among `filters`: intersected with one of the same column, else appended.
    static func add(_ filter: ScanFilter, to filters: inout [ScanFilter]) {
        if let index = filters.firstIndex(where: { $0.merges(filter) }) {
            filters[index].intersect(filter)
        } else {
            filters.append(filter)
        }
    }

    private func merges(_ other: ScanFilter) -> Bool {
        entity == other.entity && key == other.key && edges == other.edges && tag == other.tag && !exclude && !other.exclude
            && keepNull == other.keepNull && dateEnd == other.dateEnd
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
        var (op, read, constantSide) = (binary.op, binary.lhs, binary.rhs)
        if columnRead(read) == nil { (op, read, constantSide) = (op.flipped, binary.rhs, binary.lhs) }
        guard let (property, year) = columnRead(read),
              let scanned = slots.first(where: { $0.slot == property.slot && $0.edges == property.edges }),
              let constant = try constantSide.constant(run) ?? (binary.fixedOperand ? fixed(constantSide) : nil),
              !year || constant.tag == VectorTag.int,
              let flip = PayloadOrder.flip(constant.tag, op) else { return nil }
        let tag = year ? VectorTag.date : constant.tag
        guard let column = run.scanColumn(property.key, edges: property.edges, rows: rows), column.uniform?.rawValue == tag else { return nil }
        let value = constant.payload ^ flip
        // The interval of flipped payloads that pass (`<>`: the one that does not).
        var (low, high, empty) = (UInt64.min, UInt64.max, false)
        var dateEnd: DateEnd? = nil
        var threeValued = false
        if tag == VectorTag.date && !year {
            // Dates by the days they cover: `<` and `<=` on each stored date's last day against
            // the constant's first, `>` and `>=` on its first day against the constant's last.
            // A column of whole days is its own first and last days: read as it is, so two
            // bounds merge and an index answers exactly.
            let date = UInt32(truncatingIfNeeded: constant.payload)
            let (first, last) = (UInt64(PartialDate.firstDay(date)), UInt64(PartialDate.lastDay(date)))
            let days = !column.partialDates
            threeValued = column.partialDates || date & 0x1F == 0
            switch op {
            case .equal: (low, high, dateEnd) = (value, value, .whole)
            case .notEqual:
                // True only for dates apart: for whole days, those outside the constant's days.
                guard days else { return nil }
                (low, high, dateEnd) = (first, last, .whole)
            case .less: (high, empty, dateEnd) = first == 0 ? (0, true, .last) : (first - 1, false, .last)
            case .lessOrEqual: (high, dateEnd) = (first, .last)
            case .greater: (low, dateEnd) = (last + 1, .first)
            default: (low, dateEnd) = (last, .first)
            }
            if days { dateEnd = .whole }
        } else {
        switch op {
        case .equal, .notEqual: (low, high) = (value, value)
        case .less: (high, empty) = value == 0 ? (0, true) : (value - 1, false)
        case .lessOrEqual: high = value
        case .greater: (low, empty) = value == .max ? (0, true) : (value + 1, false)
        default: low = value
        }
        }
        var filter = ScanFilter(entity: scanned.entity, key: property.key, edges: property.edges, column: column, tag: tag, lower: low, span: high &- low,
                                exclude: op == .notEqual, empty: empty, flip: year ? 0 : flip)
        filter.dateEnd = dateEnd
        filter.threeValued = threeValued
        if year && !empty { filter.years(from: Int64(bitPattern: low ^ flip), to: Int64(bitPattern: high ^ flip)) }
        if filter.empty { (filter.lower, filter.span) = (0, 0) }
        return filter
    }

    /// The column a comparison's side reads: a property, or the year of a property (`h.from.year`).
    private static func columnRead(_ side: VectorExpression) -> (PropertyKernel, year: Bool)? {
        if let property = side as? PropertyKernel { return (property, false) }
        if let component = side as? ComponentKernel, component.key.lowercased() == "year",
           let property = component.base as? PropertyKernel { return (property, true) }
        return nil
    }

    /// The interval as the packed dates whose year lies in `first...last`: a date packs its
    /// year above its month and day (`PartialDate.raw`), so a year's dates, partial ones too,
    /// are one run of words.
    private mutating func years(from first: Int64, to last: Int64) {
        let latest = Int64(UInt32.max >> 9)
        let (first, last) = (max(first, 0), min(last, latest))
        guard first <= last else {
            // No date has such a year: `=` keeps none, `<>` every date.
            if exclude { (lower, span, exclude) = (0, .max, false) } else { empty = true }
            return
        }
        lower = UInt64(first) << 9
        span = (UInt64(last) + 1) << 9 - 1 - lower
    }
}

/// How a scan filter reads a payload before testing it (`ScanFilter.DateEnd`).
private protocol WordReading {
    func word(_ payload: UInt64) -> UInt64
}
