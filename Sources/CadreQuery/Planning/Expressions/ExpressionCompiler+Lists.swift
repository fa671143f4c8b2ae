import CadreGraph

/// Expressions that iterate a list with a variable of their own: list comprehensions,
/// quantifiers (`all`, `any`, `none`, `single`) and `reduce`.
extension ExpressionCompiler {
    /// The variable over a list written out whose items are all of one type (`['Clara',
    /// 'Bob']`) has that type, so `x % 2` over it is refused before running, as for a literal.
    private mutating func typeItems(_ variable: String, of list: Expression) {
        guard case .list(let items) = list.kind, let first = items.first,
              let type = StaticType.of(first, in: scope),
              items.allSatisfy({ StaticType.of($0, in: scope) == type }) else { return }
        scope.setKind(.value(type), for: variable)
    }

    mutating func compileListComprehension(_ variable: String, _ sourceList: Expression, _ predicate: Expression?,
                                           _ projection: Expression?, _ range: SourceRange) throws(QueryError) -> Evaluator {
        let list = try compile(sourceList)
        var inner = self
        let slot = inner.scope.declareShadowing(variable)
        inner.typeItems(variable, of: sourceList)
        let filter = try predicate.map { (e) throws(QueryError) in try inner.compile(e) }
        let map = try projection.map { (e) throws(QueryError) in try inner.compile(e) }
        return { row, context in
            let items = try Operations.listForIteration(try list(row, context), range)
            guard let items else { return .null }
            var result: [Value] = []
            var local = row.padded(to: slot + 1)
            for item in items {
                local[slot] = item
                if let filter, try Operations.truth(try filter(local, context), range) != true { continue }
                result.append(try map?(local, context) ?? item)
            }
            return .list(result)
        }
    }

    mutating func compileQuantifier(_ quantifier: Quantifier, _ variable: String, _ sourceList: Expression, _ predicate: Expression,
                                    _ range: SourceRange) throws(QueryError) -> Evaluator {
        let list = try compile(sourceList)
        var inner = self
        let slot = inner.scope.declareShadowing(variable)
        inner.typeItems(variable, of: sourceList)
        let test = try inner.compile(predicate)
        return { row, context in
            guard let items = try Operations.listForIteration(try list(row, context), range) else { return .null }
            var local = row.padded(to: slot + 1)
            var (trues, nulls) = (0, 0)
            for item in items {
                local[slot] = item
                switch try Operations.truth(try test(local, context), range) {
                case true?: trues += 1
                case nil: nulls += 1
                default: break
                }
            }
            return quantifier.answer(count: items.count, trues: trues, nulls: nulls)
        }
    }

    mutating func compileReduce(_ accumulator: String, _ initial: Expression, _ variable: String, _ sourceList: Expression,
                                _ step: Expression, _ range: SourceRange) throws(QueryError) -> Evaluator {
        let start = try compile(initial)
        let list = try compile(sourceList)
        var inner = self
        let accumulatorSlot = inner.scope.declareShadowing(accumulator)
        let slot = inner.scope.declareShadowing(variable)
        let next = try inner.compile(step)
        return { row, context in
            guard let items = try Operations.listForIteration(try list(row, context), range) else { return .null }
            var local = row.padded(to: max(slot, accumulatorSlot) + 1)
            local[accumulatorSlot] = try start(row, context)
            for item in items {
                local[slot] = item
                local[accumulatorSlot] = try next(local, context)
                try context.checkCancel()
                // The one way a statement nests values without end (`reduce(a = [], x IN … | [a])`).
                if local[accumulatorSlot].isNested(deeperThan: Value.maximumNesting) {
                    throw QueryError(.argument, "reduce() built a value nested more than \(Value.maximumNesting) levels deep",
                                     at: range, detail: "NumberOutOfRange")
                }
            }
            return local[accumulatorSlot]
        }
    }
}

extension Quantifier {
    /// The quantifier's answer over `count` items of which `trues` tested true and `nulls` null
    /// (three-valued: an unknown that could change the answer makes it null).
    func answer(count: Int, trues: Int, nulls: Int) -> Value {
        let falses = count - trues - nulls
        switch self {
        case .all: return falses > 0 ? .bool(false) : (nulls > 0 ? .null : .bool(true))
        case .any: return trues > 0 ? .bool(true) : (nulls > 0 ? .null : .bool(false))
        case .none: return trues > 0 ? .bool(false) : (nulls > 0 ? .null : .bool(true))
        case .single: return trues > 1 ? .bool(false) : (nulls > 0 ? .null : .bool(trues == 1))
        }
    }
}
