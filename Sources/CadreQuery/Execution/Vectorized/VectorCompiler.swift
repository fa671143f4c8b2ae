import CadreGraph

/// Compiles expressions over a MATCH's variables to kernels. Comparisons, logic, property
/// reads, labels, `type(r)` and date components get kernels of their own; a part that reads no
/// variable becomes a constant, evaluated once per run; anything else runs through the row
/// engine's evaluator row by row (`RowKernel`), so every expression compiles.
///
/// The row engine compiles each expression first and raises every error; this compiler only
/// sees expressions known to be valid.
struct VectorCompiler {
    let scope: Scope
    let source: SourceText
    /// Per slot: `VectorTag.node`, `.edge`, or `.null` for anything else.
    let kinds: [UInt8]

    func compile(_ expression: Expression) throws(QueryError) -> VectorExpression {
        if Self.isConstant(expression) {
            var compiler = ExpressionCompiler(scope: Scope(), source: source)
            return ConstantKernel(try compiler.compile(expression))
        }
        switch expression.kind {
        case .variable(let name):
            if let slot = scope.slot(name), slot < kinds.count, kinds[slot] != VectorTag.null {
                return EntityKernel(slot: slot, tag: kinds[slot])
            }
        case .property(let base, let key):
            if case .variable(let name) = base.kind, let slot = entitySlot(name) {
                return PropertyKernel(slot: slot, edges: kinds[slot] == VectorTag.edge, key: key)
            }
            return ComponentKernel(base: try compile(base), key: key, range: expression.range)
        case .binary(let op, let lhs, let rhs):
            switch op {
            case .and, .or, .xor:
                return LogicKernel(op, try compile(lhs), try compile(rhs), ranges: (lhs.range, rhs.range))
            case .regexMatch:
                break
            default:
                return BinaryKernel(op, try compile(lhs), try compile(rhs), range: expression.range)
            }
        case .unary(.not, let operand):
            return LogicKernel(nil, try compile(operand), nil, ranges: (operand.range, nil))
        case .isNull(let operand, let negated):
            return IsNullKernel(try compile(operand), negated: negated)
        case .hasLabels(let base, let labels):
            if case .variable(let name) = base.kind, let slot = entitySlot(name), kinds[slot] == VectorTag.node {
                return LabelKernel(slot: slot, labels: labels)
            }
        case .call(let name, false, let arguments) where name.lowercased() == "type" && arguments.count == 1:
            if case .variable(let variable) = arguments[0].kind, let slot = entitySlot(variable), kinds[slot] == VectorTag.edge {
                return TypeKernel(slot: slot)
            }
        default:
            break
        }
        var compiler = ExpressionCompiler(scope: scope, source: source)
        return RowKernel(try compiler.compile(expression), kinds: kinds, width: scope.count)
    }

    private func entitySlot(_ name: String) -> Int? {
        guard let slot = scope.slot(name), slot < kinds.count, kinds[slot] != VectorTag.null else { return nil }
        return slot
    }

    /// True when the expression reads no variable and gives the same value every time.
    static func isConstant(_ expression: Expression) -> Bool {
        var constant = true
        ExpressionCompiler.visit(expression) { node in
            switch node.kind {
            case .variable, .countStar, .pattern, .patternComprehension, .exists, .listComprehension, .quantifier, .reduce,
                 .mapProjection:
                constant = false
            case .call(let name, _, _):
                let lowered = name.lowercased()
                if Functions.aggregates.contains(lowered) || ["rand", "randomuuid", "timestamp"].contains(lowered) { constant = false }
            default: break
            }
            return constant
        }
        return constant
    }
}
