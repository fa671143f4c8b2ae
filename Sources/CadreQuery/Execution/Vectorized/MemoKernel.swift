import CadreGraph

/// An expression whose only inputs are a few properties of the match's nodes and relationships,
/// computed once per distinct combination of their values in a run rather than once per row:
/// `toLower(p.given_name) = 'hùng'` runs `toLower` and the comparison once per given name, and
/// `p.family_name + ' ' + p.given_name` once per pair of names; each row looks its result up by
/// the values' words (a stored string's index, a date's packed word), as a columnar engine
/// evaluates an expression over a dictionary. The expression is the row engine's, with the
/// properties read as its variables (`VectorCompiler.memoized`).
///
/// Values that have no word of their own (lists, maps) are computed row by row; past
/// `capacity` distinct combinations, the new ones are too (a near-unique key gains nothing
/// from the table), the ones kept still answer.
final class MemoKernel: VectorExpression {
    let inputs: [VectorExpression]
    let evaluator: Evaluator
    /// The expression as kernels of its own (when they run on any worker): what computes every
    /// row once the table proves useless, its inputs rarely repeating (`duration.between(h.from,
    /// h.to)`: more than half of the first `trial` rows bring a new pair).
    let fallback: VectorExpression?
    static let capacity = 1 << 16
    static let trial = 1 << 14

    override var children: [VectorExpression] { inputs + (fallback.map { [$0] } ?? []) }

    init(inputs: [VectorExpression], evaluator: @escaping Evaluator, fallback: VectorExpression?) {
        precondition(!inputs.isEmpty)
        self.inputs = inputs
        self.evaluator = evaluator
        self.fallback = fallback
    }

    /// Results by distinct inputs, kept across the batches of a run. With several inputs, the
    /// first input's value is numbered by `index`, and each further one by `index` again,
    /// keyed by the number so far with the next value (a chain of lookups of two words each).
    final class Table {
        var index = PairTable(capacity: 64)
        /// Numbers given to the combinations of the first inputs (all but the last).
        var prefixes: Int32 = 0
        var tags: [UInt8] = []
        var payloads: [UInt64] = []
        /// The result of each boxed entry (`.null` for the others).
        var boxed: [Value] = []
        /// Rows looked up so far, and whether the table was given up (see `fallback`).
        var rows = 0
        var bypassed = false
    }

    /// An entry not in the table yet, keyed by its words.
    private static let absent: Int32 = -1
    /// A row whose inputs cannot be keyed: computed on its own.
    private static let unkeyed: Int32 = -2

    override func evaluate(_ batch: Batch, _ selection: [Int32], _ run: VectorRun) throws -> Vector {
        let table = run.state(self) { Table() }
        if let fallback {
            if !table.bypassed && table.rows >= Self.trial && table.tags.count * 2 > table.rows { table.bypassed = true }
            if table.bypassed { return try fallback.evaluate(batch, selection, run) }
            table.rows += selection.count
        }
        let values = try inputs.map { try $0.evaluate(batch, selection, run) }
        let graph = run.graph
        // Each selected row's entry, found input by input (a column at a time): the number of
        // its first inputs' combination while going, then its entry, `absent` or `unkeyed`.
        var entries = [Int32](repeating: 0, count: selection.count)
        // For an absent row: the number its last input is keyed with.
        var prefixes = [Int32](repeating: 0, count: inputs.count > 1 ? selection.count : 0)
        let last = inputs.count - 1
        for (number, input) in values.enumerated() {
            input.tags.withUnsafeBufferPointer { tags in
                input.payloads.withUnsafeBufferPointer { payloads in
                    for (position, row) in selection.enumerated() where entries[position] >= 0 {
                        let tag = tags[Int(row)]
                        guard tag != VectorTag.boxed && tag != VectorTag.list && tag != VectorTag.other else {
                            entries[position] = Self.unkeyed
                            continue
                        }
                        let prefix = entries[position]
                        let (word, payload) = Self.key(number, prefix, tag, tag == VectorTag.null ? 0 : payloads[Int(row)])
                        if let found = table.index.value(word, payload) {
                            entries[position] = found
                        } else if number == last {
                            entries[position] = Self.absent
                            if last > 0 { prefixes[position] = prefix }
                        } else if table.prefixes < Self.capacity {
                            // A new combination of the first inputs, numbered for the rest to key on.
                            entries[position] = table.prefixes
                            _ = table.index.find(word, payload, orInsert: table.prefixes)
                            table.prefixes += 1
                        } else {
                            entries[position] = Self.unkeyed
                        }
                    }
                }
            }
        }
        var vector = Vector(count: batch.count)
        // A result boxed in this batch's vector, by its entry: one box per distinct input per
        // batch (`UInt64.max`: not yet boxed here).
        var boxedHere: [UInt64] = []
        var row = [Value](repeating: .null, count: inputs.count)
        for (position, selected) in selection.enumerated() {
            let at = Int(selected)
            var entry = entries[position]
            var key: (word: UInt64, payload: UInt64)? = nil
            if entry == Self.absent {
                // Added since by an earlier row of this batch, or to be added now.
                let tag = values[last].tags[at]
                key = Self.key(last, last > 0 ? prefixes[position] : 0, tag, tag == VectorTag.null ? 0 : values[last].payloads[at])
                entry = table.index.value(key!.word, key!.payload) ?? Self.absent
            }
            if entry >= 0 {
                let index = Int(entry)
                let tag = table.tags[index]
                if tag != VectorTag.boxed {
                    vector.tags[at] = tag
                    vector.payloads[at] = table.payloads[index]
                } else {
                    if boxedHere.count <= index { boxedHere += repeatElement(.max, count: table.tags.count - boxedHere.count) }
                    if boxedHere[index] == .max {
                        vector.box(at, table.boxed[index])
                        boxedHere[index] = vector.payloads[at]
                    } else {
                        vector.tags[at] = VectorTag.boxed
                        vector.payloads[at] = boxedHere[index]
                    }
                }
                continue
            }
            for index in values.indices { row[index] = values[index].value(at: at, graph) }
            let result = Scalar(try evaluator(row, run.context), graph)
            if result.tag == VectorTag.boxed {
                vector.box(at, result.value)
            } else {
                vector.tags[at] = result.tag
                vector.payloads[at] = result.payload
            }
            if let key, table.tags.count < Self.capacity {
                _ = table.index.find(key.word, key.payload, orInsert: Int32(table.tags.count))
                table.tags.append(result.tag)
                table.payloads.append(result.payload)
                table.boxed.append(result.tag == VectorTag.boxed ? result.value : .null)
            }
        }
        return vector
    }

    /// The words input `number` is looked up by: its tag, its number and the number of the
    /// combination of the inputs before it (0 for the first), and its payload.
    @inline(__always)
    private static func key(_ number: Int, _ prefix: Int32, _ tag: UInt8, _ payload: UInt64) -> (UInt64, UInt64) {
        (UInt64(tag) | UInt64(number) << 8 | UInt64(UInt32(bitPattern: prefix)) << 16, payload)
    }
}
