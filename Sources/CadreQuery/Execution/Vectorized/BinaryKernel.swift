import CadreGraph

/// A binary operator other than AND, OR, XOR and `=~`: comparisons of integers, dates,
/// booleans and stored strings decided on the payloads; string tests against a constant
/// decided once per distinct stored string; everything else by `Operations.binary`, the row
/// engine's own rule, so results are the same to the last null.
final class BinaryKernel: VectorExpression {
    /// (`+` may join strings, a new value per row.)
    override var computesOnWords: Bool { op != .add && children.allSatisfy(\.computesOnWords) }

    let op: BinaryOperator
    let lhs: VectorExpression
    let rhs: VectorExpression
    let range: SourceRange
    /// A comparison of a property matched here with an operand that reads only the rows
    /// before the MATCH (set by `VectorMatchPlan.make`): one value per such row.
    var fixedOperand = false

    override var children: [VectorExpression] { [lhs, rhs] }

    init(_ op: BinaryOperator, _ lhs: VectorExpression, _ rhs: VectorExpression, range: SourceRange) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.range = range
    }

    var isComparison: Bool {
        switch op {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }

    private var isOrdering: Bool {
        switch op {
        case .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }

    private var isArithmetic: Bool {
        switch op {
        case .add, .subtract, .multiply, .divide, .modulo: true
        default: false
        }
    }

    /// Integer and float arithmetic on payloads, as `Operations.binary` computes it: false
    /// (nothing stored) for other kinds and for what raises (overflow, an integer division by
    /// zero), left to it.
    @inline(__always)
    private static func arithmetic(_ op: BinaryOperator, _ tagA: UInt8, _ a: UInt64, _ tagB: UInt8, _ b: UInt64) -> (tag: UInt8, payload: UInt64)? {
        if tagA == VectorTag.null || tagB == VectorTag.null {
            // Null with a number (or null) gives null; with a string or a list, what the row engine says.
            let other = tagA == VectorTag.null ? tagB : tagA
            return other == VectorTag.null || other == VectorTag.int || other == VectorTag.float ? (VectorTag.null, 0) : nil
        }
        if tagA == VectorTag.int && tagB == VectorTag.int {
            let (x, y) = (Int64(bitPattern: a), Int64(bitPattern: b))
            let result: (partialValue: Int64, overflow: Bool)
            switch op {
            case .add: result = x.addingReportingOverflow(y)
            case .subtract: result = x.subtractingReportingOverflow(y)
            case .multiply: result = x.multipliedReportingOverflow(by: y)
            case .divide, .modulo:
                if y == 0 || (x == .min && y == -1) { return nil }
                result = (op == .divide ? x / y : x % y, false)
            default: return nil
            }
            if result.overflow { return nil }
            return (VectorTag.int, UInt64(bitPattern: result.partialValue))
        }
        guard tagA == VectorTag.float || tagA == VectorTag.int, tagB == VectorTag.float || tagB == VectorTag.int else { return nil }
        let x = tagA == VectorTag.int ? Double(Int64(bitPattern: a)) : Double(bitPattern: a)
        let y = tagB == VectorTag.int ? Double(Int64(bitPattern: b)) : Double(bitPattern: b)
        let result: Double
        switch op {
        case .add: result = x + y
        case .subtract: result = x - y
        case .multiply: result = x * y
        case .divide: result = x / y
        default: return nil
        }
        return (VectorTag.float, result.bitPattern)
    }

    private var isStringTest: Bool {
        switch op {
        case .startsWith, .endsWith, .contains, .foldedContains: true
        default: false
        }
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        // No row: nothing evaluated (a constant that raises raises only where a row reaches it).
        if selection.isEmpty { return Vector(count: batch.count) }
        if isComparison, try lhs.constant(run) != nil, try rhs.constant(run) == nil {
            // A constant on the left: the same comparison, turned around.
            return try BinaryKernel(op.flipped, rhs, lhs, range: range).evaluate(batch, selection, run)
        }
        let left = try lhs.evaluate(batch, selection, run)
        if let constant = try rhs.constant(run) {
            if isOrdering, case .string(let text) = constant.value {
                let (kept, unknown) = try orderStrings(left, text, selection, run)
                var vector = Vector(count: batch.count)
                for row in selection { vector.setBool(Int(row), false) }
                for row in kept { vector.setBool(Int(row), true) }
                for row in unknown { vector.tags[Int(row)] = VectorTag.null }
                return vector
            }
            if isComparison { return try compare(left, constant, selection, run) }
            if isStringTest { return try stringTest(left, constant, selection, run) }
            if op == .in, case .list(let items) = constant.value { return try membership(left, items, constant, selection, run) }
        }
        let right = try rhs.evaluate(batch, selection, run)
        var vector = Vector(count: batch.count)
        let graph = run.graph
        // Arithmetic and comparisons on payloads where the kinds allow, in one loop; the rest
        // (strings joined, lists, mixed kinds, what raises) by the row engine's rule after.
        var rest: [Int32] = []
        if isArithmetic || isComparison {
            let op = self.op, arithmetic = isArithmetic
            vector.withWords(reading: left) { tags, payloads, leftTags, leftPayloads in
                right.tags.withUnsafeBufferPointer { rightTags in
                    right.payloads.withUnsafeBufferPointer { rightPayloads in
                        for row in selection {
                            let index = Int(row)
                            let (tagA, a, tagB, b) = (leftTags[index], leftPayloads[index], rightTags[index], rightPayloads[index])
                            if arithmetic {
                                if let (tag, payload) = Self.arithmetic(op, tagA, a, tagB, b) {
                                    tags[index] = tag
                                    payloads[index] = payload
                                } else {
                                    rest.append(row)
                                }
                            } else if let decided = Self.decide(op, tagA, a, tagB, b) {
                                // Null stays null, as the vector starts.
                                if let decided {
                                    tags[index] = VectorTag.bool
                                    payloads[index] = decided ? 1 : 0
                                }
                            } else {
                                rest.append(row)
                            }
                        }
                    }
                }
            }
        } else {
            rest = selection
        }
        for row in rest {
            let index = Int(row)
            vector.set(index, try Operations.binary(op, left.value(at: index, graph), right.value(at: index, graph), range), graph)
        }
        return vector
    }

    /// A comparison with a constant on the right, decided row by row into the two lists
    /// without a vector of truths.
    override func select(_ batch: Batch, _ selection: [Int32], _ run: VectorRun, range: SourceRange) throws -> (true: [Int32], null: [Int32]) {
        if selection.isEmpty { return ([], []) }
        if isComparison, try lhs.constant(run) != nil, try rhs.constant(run) == nil {
            return try BinaryKernel(op.flipped, rhs, lhs, range: self.range).select(batch, selection, run, range: range)
        }
        if isOrdering, try lhs.constant(run) == nil, let constant = try rhs.constant(run), case .string(let text) = constant.value {
            return try orderStrings(try lhs.evaluate(batch, selection, run), text, selection, run)
        }
        guard isComparison, try lhs.constant(run) == nil, let constant = try rhs.constant(run),
              !(constant.tag == VectorTag.boxed) else {
            return try super.select(batch, selection, run, range: range)
        }
        let left = try lhs.evaluate(batch, selection, run)
        var kept: [Int32] = [], unknown: [Int32] = [], undecided: [Int32] = []
        kept.reserveCapacity(selection.count)
        let op = self.op, constantTag = constant.tag, constantPayload = constant.payload
        left.tags.withUnsafeBufferPointer { tags in
            left.payloads.withUnsafeBufferPointer { payloads in
                if Self.selectSameKind(op, selection, tags, payloads, constant, &kept, &unknown, &undecided) { return }
                for row in selection {
                    switch Self.decide(op, tags[Int(row)], payloads[Int(row)], constantTag, constantPayload) {
                    case .some(true?): kept.append(row)
                    case .some(false?): break
                    case .some(nil): unknown.append(row)
                    case nil: undecided.append(row)
                    }
                }
            }
        }
        guard !undecided.isEmpty else { return (kept, unknown) }
        // The rest by the row engine's rule, merged back in row order.
        var slowTrue: [Int32] = [], slowNull: [Int32] = []
        for row in undecided {
            switch try Operations.binary(op, left.value(at: Int(row), run.graph), constant.value, self.range) {
            case .bool(true): slowTrue.append(row)
            case .null: slowNull.append(row)
            default: break
            }
        }
        return (LogicKernel.merged(kept, slowTrue), LogicKernel.merged(unknown, slowNull))
    }

    /// The usual case: values of the constant's kind (an integer, a date, a boolean; a stored
    /// string for `=` and `<>`) decided on payloads, nulls apart, any other kind left
    /// undecided. False when the constant is of no such kind.
    private static func selectSameKind(_ op: BinaryOperator, _ selection: [Int32], _ tags: UnsafeBufferPointer<UInt8>,
                                       _ payloads: UnsafeBufferPointer<UInt64>, _ constant: Scalar, _ kept: inout [Int32],
                                       _ unknown: inout [Int32], _ undecided: inout [Int32]) -> Bool {
        // Dates are three-valued (see `decide`): not for a loop of two outcomes.
        guard constant.tag != VectorTag.date, let flip = PayloadOrder.flip(constant.tag, op) else { return false }
        if flip != 0 {
            selectLoop(selection, tags, payloads, constant.tag, SignedTest(op: op, constant: Int64(bitPattern: constant.payload)),
                       &kept, &unknown, &undecided)
        } else {
            selectLoop(selection, tags, payloads, constant.tag, UnsignedTest(op: op, constant: constant.payload), &kept, &unknown, &undecided)
        }
        return true
    }

    /// One pass over the rows, into three lists written through pointers (a generic function,
    /// so each test is compiled into its own loop).
    @inline(__always)
    private static func selectLoop<Test: PayloadTest>(_ selection: [Int32], _ tags: UnsafeBufferPointer<UInt8>,
                                                     _ payloads: UnsafeBufferPointer<UInt64>, _ tag: UInt8, _ test: Test,
                                                     _ kept: inout [Int32], _ unknown: inout [Int32], _ undecided: inout [Int32]) {
        var counts = (kept: 0, unknown: 0, undecided: 0)
        let count = selection.count
        var keptRows = [Int32](repeating: 0, count: count)
        var unknownRows: [Int32] = []
        var undecidedRows: [Int32] = []
        keptRows.withUnsafeMutableBufferPointer { output in
            selection.withUnsafeBufferPointer { selection in
                for row in selection {
                    let rowTag = tags[Int(row)]
                    if rowTag == tag {
                        output[counts.kept] = row
                        counts.kept &+= test.holds(payloads[Int(row)]) ? 1 : 0
                    } else if rowTag == VectorTag.null {
                        unknownRows.append(row)
                    } else {
                        undecidedRows.append(row)
                    }
                }
            }
        }
        keptRows.removeLast(count - counts.kept)
        kept = keptRows
        unknown = unknownRows
        undecided = undecidedRows
    }

    /// A comparison with a constant on the right.
    private func compare(_ left: Vector, _ constant: Scalar, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: left.tags.count)
        let graph = run.graph
        // A string the graph does not hold equals no stored string.
        let absentText: String? = if constant.tag == VectorTag.boxed, case .string(let text) = constant.value { text } else { nil }
        let absentString = absentText != nil
        var undecided: [Int32] = []
        if let decided = try compareWords(left, constant, selection, run) { return decided }
        vector.withWords(reading: left) { tags, payloads, leftTags, leftPayloads in
            for row in selection {
                let index = Int(row)
                let tag = leftTags[index]
                if let decided = Self.decide(op, tag, leftPayloads[index], constant.tag, constant.payload) {
                    if let decided {
                        tags[index] = VectorTag.bool
                        payloads[index] = decided ? 1 : 0
                    }
                } else if absentString && tag == VectorTag.string && (op == .equal || op == .notEqual) {
                    tags[index] = VectorTag.bool
                    payloads[index] = op == .notEqual ? 1 : 0
                } else if let absentText, tag == VectorTag.boxed, op == .equal || op == .notEqual,
                          case .string(let text) = left.boxed[Int(leftPayloads[index])] {
                    // A string made per row (`right(p.id, 3) = '007'`): equal by its bytes, as `Comparison` has it.
                    tags[index] = VectorTag.bool
                    payloads[index] = Comparison.sameBytes(text, absentText) == (op == .equal) ? 1 : 0
                } else {
                    undecided.append(row)
                }
            }
        }
        for row in undecided {
            let index = Int(row)
            vector.set(index, try Operations.binary(op, left.value(at: index, graph), constant.value, range), graph)
        }
        return vector
    }

    /// The comparison with an integer constant, or the equality with a stored string, node,
    /// edge, type or boolean, in a loop made for the operator (no decision per row of what to
    /// compare): rows of the constant's kind decided on their payloads, nulls left null, any
    /// other row by `decide` and the row engine's rule. Nil for other constants.
    private func compareWords(_ left: Vector, _ constant: Scalar, _ selection: [Int32], _ run: VectorRun) throws -> Vector? {
        let kind = constant.tag, c = constant.payload
        let equality = op == .equal || op == .notEqual
        guard kind == VectorTag.int || (equality && [VectorTag.string, VectorTag.node, VectorTag.edge, VectorTag.typeName,
                                                     VectorTag.bool].contains(kind)) else { return nil }
        var vector = Vector(count: left.tags.count)
        var others: [Int32] = []
        @inline(__always) func loop(_ holds: (UInt64) -> Bool) {
            vector.withWords(reading: left) { tags, payloads, leftTags, leftPayloads in
                for row in selection {
                    let index = Int(row)
                    let tag = leftTags[index]
                    if tag == kind {
                        tags[index] = VectorTag.bool
                        payloads[index] = holds(leftPayloads[index]) ? 1 : 0
                    } else if tag != VectorTag.null {
                        others.append(row)
                    }
                }
            }
        }
        let number = Int64(bitPattern: c)
        switch op {
        case .equal: loop { $0 == c }
        case .notEqual: loop { $0 != c }
        case .less: loop { Int64(bitPattern: $0) < number }
        case .lessOrEqual: loop { Int64(bitPattern: $0) <= number }
        case .greater: loop { Int64(bitPattern: $0) > number }
        default: loop { Int64(bitPattern: $0) >= number }
        }
        for row in others {
            let index = Int(row)
            if let decided = Self.decide(op, left.tags[index], left.payloads[index], kind, c) {
                if let decided { vector.setBool(index, decided) }
                continue
            }
            vector.set(index, try Operations.binary(op, left.value(at: index, run.graph), constant.value, range), run.graph)
        }
        return vector
    }

    /// `<`, `<=`, `>`, `>=` of values against a constant string: stored strings decided on
    /// their bytes in place (code point order is UTF-8 byte order, as `Comparison` orders
    /// strings), nulls unknown, any other value by the row engine's rule.
    private func orderStrings(_ left: Vector, _ text: String, _ selection: [Int32], _ run: VectorRun) throws -> (true: [Int32], null: [Int32]) {
        var kept: [Int32] = [], unknown: [Int32] = [], undecided: [Int32] = []
        kept.reserveCapacity(selection.count)
        let op = self.op
        var text = text
        text.withUTF8 { constant in
            run.graph.withStringOrder { strings in
                left.tags.withUnsafeBufferPointer { tags in
                    left.payloads.withUnsafeBufferPointer { payloads in
                        for row in selection {
                            let tag = tags[Int(row)]
                            if tag == VectorTag.string {
                                let order = StringOrder.compare(strings.bytes(UInt32(truncatingIfNeeded: payloads[Int(row)])), constant)
                                let holds = switch op {
                                case .less: order < 0
                                case .lessOrEqual: order <= 0
                                case .greater: order > 0
                                default: order >= 0
                                }
                                if holds { kept.append(row) }
                            } else if tag == VectorTag.null {
                                unknown.append(row)
                            } else {
                                undecided.append(row)
                            }
                        }
                    }
                }
            }
        }
        guard !undecided.isEmpty else { return (kept, unknown) }
        var slowTrue: [Int32] = [], slowNull: [Int32] = []
        for row in undecided {
            switch try Operations.binary(op, left.value(at: Int(row), run.graph), .string(text), range) {
            case .bool(true): slowTrue.append(row)
            case .null: slowNull.append(row)
            default: break
            }
        }
        return (LogicKernel.merged(kept, slowTrue), LogicKernel.merged(unknown, slowNull))
    }

    /// The comparison decided on payloads, when the tags allow: nil when the row engine's rule
    /// must decide (floats, mixed kinds, string order, lists).
    @inline(__always)
    static func decide(_ op: BinaryOperator, _ leftTag: UInt8, _ left: UInt64, _ rightTag: UInt8, _ right: UInt64) -> Bool?? {
        if leftTag == VectorTag.null || rightTag == VectorTag.null { return .some(nil) }
        guard leftTag == rightTag else { return nil }
        let order: Int
        switch leftTag {
        case VectorTag.int:
            let (x, y) = (Int64(bitPattern: left), Int64(bitPattern: right))
            order = x < y ? -1 : (x == y ? 0 : 1)
        case VectorTag.date:
            // By the days the dates cover: unknown (null) where an uncertain date cannot tell.
            let (x, y) = (UInt32(truncatingIfNeeded: left), UInt32(truncatingIfNeeded: right))
            switch op {
            case .equal: return .some(PartialDate.same(x, y))
            case .notEqual: return .some(PartialDate.same(x, y).map { !$0 })
            case .less: return .some(PartialDate.precedes(x, y, orEqual: false))
            case .lessOrEqual: return .some(PartialDate.precedes(x, y, orEqual: true))
            case .greater: return .some(PartialDate.precedes(y, x, orEqual: false))
            default: return .some(PartialDate.precedes(y, x, orEqual: true))
            }
        case VectorTag.bool:
            order = left < right ? -1 : (left == right ? 0 : 1)
        case VectorTag.string, VectorTag.node, VectorTag.edge, VectorTag.typeName:
            guard op == .equal || op == .notEqual else { return nil }
            order = left == right ? 0 : 1
        default:
            return nil
        }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    /// `x IN [constant list]`: integers, stored strings, dates, booleans, nodes and edges looked
    /// up among the list's values (as `=` sees them: `1 IN [1.0]`); other values by the row
    /// engine's rule.
    private func membership(_ left: Vector, _ items: [Value], _ constant: Scalar, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: left.tags.count)
        let graph = run.graph
        // A list written in a query is short: searched in place, no hashing per row.
        var members: [VectorAggregation.Key] = []
        var hasNull = false
        for item in items {
            var scalar = Scalar(item, graph)
            if case .float(let number) = item, let integer = Int64(exactly: number) {
                scalar = Scalar(.int(integer), graph)
            }
            switch scalar.tag {
            case VectorTag.null: hasNull = true
            case VectorTag.int, VectorTag.string, VectorTag.date, VectorTag.bool, VectorTag.node, VectorTag.edge:
                members.append(VectorAggregation.Key(tag: scalar.tag, payload: scalar.payload))
            default: break // another type equals none of the kinds decided here
            }
        }
        for row in selection {
            let index = Int(row)
            switch left.tags[index] {
            case VectorTag.int, VectorTag.string, VectorTag.date, VectorTag.bool, VectorTag.node, VectorTag.edge:
                let tag = left.tags[index], payload = left.payloads[index]
                if members.contains(where: { $0.tag == tag && $0.payload == payload }) {
                    vector.setBool(index, true)
                } else if tag == VectorTag.date, members.contains(where: {
                    $0.tag == tag && PartialDate.same(UInt32(truncatingIfNeeded: $0.payload), UInt32(truncatingIfNeeded: payload)) == nil
                }) {
                    vector.setBool(index, nil) // an uncertain date that may be one of them
                } else {
                    vector.setBool(index, hasNull ? nil : false)
                }
            default:
                vector.set(index, try Operations.binary(op, left.value(at: index, graph), constant.value, range), graph)
            }
        }
        return vector
    }

    /// STARTS WITH, ENDS WITH, CONTAINS, `~` against a constant: each distinct stored string
    /// is tested once per run; all but `~` on the stored bytes, no `String` made.
    private func stringTest(_ left: Vector, _ constant: Scalar, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        var vector = Vector(count: left.tags.count)
        let graph = run.graph
        var memo = run.memo(self)
        defer { run.setMemo(self, memo) }
        if op != .foldedContains, case .string(var part) = constant.value {
            try part.withUTF8 { part in
                try graph.withStringOrder { strings in
                    for row in selection {
                        let index = Int(row)
                        guard left.tags[index] == VectorTag.string else {
                            vector.set(index, try Operations.binary(op, left.value(at: index, graph), constant.value, range), graph)
                            continue
                        }
                        let string = UInt32(truncatingIfNeeded: left.payloads[index])
                        vector.setBool(index, Operations.matchBytes(op, strings.bytes(string), part))
                    }
                }
            }
            return vector
        }
        for row in selection {
            let index = Int(row)
            if left.tags[index] == VectorTag.string {
                let string = Int(left.payloads[index])
                if string >= memo.count { memo.append(contentsOf: repeatElement(0, count: string + 1 - memo.count)) }
                if memo[string] == 0 {
                    let result = try Operations.binary(op, left.value(at: index, graph), constant.value, range)
                    memo[string] = switch result {
                    case .bool(let flag): flag ? 3 : 2
                    default: 1
                    }
                }
                if memo[string] != 1 { vector.setBool(index, memo[string] == 3) }
                continue
            }
            vector.set(index, try Operations.binary(op, left.value(at: index, graph), constant.value, range), graph)
        }
        return vector
    }
}

/// `text =~ pattern`: the pattern compiled once per batch while it stays the same, and the
/// match run once per distinct text of a batch when the pattern is a constant (`p.name =~ …`
/// over names that repeat).
final class RegexKernel: VectorExpression {
    let text: VectorExpression
    let pattern: VectorExpression
    let range: SourceRange

    override var children: [VectorExpression] { [text, pattern] }

    init(_ text: VectorExpression, _ pattern: VectorExpression, range: SourceRange) {
        self.text = text
        self.pattern = pattern
        self.range = range
    }

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let texts = try text.evaluate(batch, selection, run)
        let patterns = try pattern.evaluate(batch, selection, run)
        let graph = run.graph
        var vector = Vector(count: batch.count)
        var cache: RegularExpression.Cache? = nil
        let constant = pattern is ConstantKernel
        var memo: [VectorAggregation.Key: UInt8] = [:]
        for row in selection {
            let index = Int(row)
            let key = VectorAggregation.Key(tag: texts.tags[index], payload: texts.payloads[index])
            if constant, let known = memo[key] {
                vector.tags[index] = known == 2 ? VectorTag.null : VectorTag.bool
                vector.payloads[index] = known == 1 ? 1 : 0
                continue
            }
            let found = try RegularExpression.match(texts.value(at: index, graph), patterns.value(at: index, graph), &cache,
                                                    run.context, at: range)
            vector.set(index, found, graph)
            if constant { memo[key] = found == .null ? 2 : (found == .bool(true) ? 1 : 0) }
        }
        return vector
    }
}
