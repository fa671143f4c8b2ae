import CadreGraph

extension Planner {
    typealias RowUpdate = (inout Row, ExecutionContext) throws -> Void

    mutating func compileSet(_ items: [SetItem]) throws(QueryError) {
        appendUpdates(try compileSetItems(items))
    }

    /// Applies the updates to every row, once all rows have arrived.
    private mutating func appendUpdates(_ updates: [RowUpdate]) {
        stages.append {
            BufferOperator { rows, context in
                try rows.map { row in
                    var row = row
                    for update in updates { try update(&row, context) }
                    return row
                }
            }
        }
    }

    mutating func compileSetItems(_ items: [SetItem]) throws(QueryError) -> [RowUpdate] {
        var updates: [RowUpdate] = []
        for item in items {
            switch item {
            case .property(let target, let key, let value):
                let owner = try compileExpression(target)
                let newValue = try compileExpression(value)
                let range = target.range
                updates.append { row, context in
                    let entity = try owner(row, context)
                    let value = try newValue(row, context)
                    try Self.setProperty(entity, key, value, range, context)
                }
            case .replaceAll(let variable, let value, let range), .merge(let variable, let value, let range):
                let replacing: Bool
                if case .replaceAll = item { replacing = true } else { replacing = false }
                guard let slot = scope.slot(variable) else {
                    throw QueryError(.semantic, "unknown variable `\(variable)`", at: range, detail: "UndefinedVariable")
                }
                let newValue = try compileExpression(value)
                updates.append { row, context in
                    let entity = row[slot]
                    if entity.isNull { return }
                    let source = try newValue(row, context)
                    let entries: [(String, Value)]
                    switch source {
                    case .map(let map): entries = map.entries.map { ($0.key, $0.value) }
                    case .node, .edge: entries = try Operations.allProperties(source, context.graph, range)
                    case .null: entries = []
                    default:
                        throw QueryError(.type, "SET needs a map, not \(source.typeName)", at: range, detail: "InvalidArgumentType")
                    }
                    if replacing {
                        let keys = try Operations.allProperties(entity, context.graph, range).map(\.0)
                        for key in keys where !entries.contains(where: { $0.0 == key }) {
                            try Self.setProperty(entity, key, .null, range, context)
                        }
                    }
                    for (key, value) in entries { try Self.setProperty(entity, key, value, range, context) }
                }
            case .labels(let variable, let labels, let range):
                guard let slot = scope.slot(variable) else {
                    throw QueryError(.semantic, "unknown variable `\(variable)`", at: range, detail: "UndefinedVariable")
                }
                updates.append { row, context in
                    switch row[slot] {
                    case .null: return
                    case .node(let node):
                        for label in labels { try Self.checkName(label, "a label") }
                        // A new label brings its declarations: the node's values must suit them.
                        let after = context.graph.labelNames(of: node) + labels
                        for (key, value) in context.graph.properties(of: node) {
                            let name = context.graph.keys.name(key)
                            if let declared = context.graph.schema.violation(nodeLabels: after, key: name, value: value) {
                                throw Self.schemaError(declared, name, value, at: range)
                            }
                        }
                        for label in labels where context.graph.addLabel(label, to: node) { context.statistics.labelsAdded += 1 }
                    default:
                        throw QueryError(.type, "labels can only be set on nodes", at: range, detail: "InvalidArgumentType")
                    }
                }
            }
        }
        return updates
    }

    static func setProperty(_ entity: Value, _ key: String, _ value: Value, _ range: SourceRange, _ context: ExecutionContext) throws {
        try checkStorable(value, key)
        switch entity {
        case .null: return
        case .node(let node):
            guard context.graph.contains(node) else { return }
            if !value.isNull, let declared = context.graph.schema.violation(nodeLabels: context.graph.labelNames(of: node), key: key, value: value) {
                throw schemaError(declared, key, value, at: range)
            }
            // Removing a key the node does not hold changes nothing, and is not counted.
            if value.isNull && context.graph.property(of: node, key) == nil { return }
            context.graph.setProperty(of: node, key, to: value)
        case .edge(let edge):
            guard context.graph.contains(edge) else { return }
            if !value.isNull, let declared = context.graph.schema.violation(edgeType: context.graph.typeName(of: edge), key: key, value: value) {
                throw schemaError(declared, key, value, at: range)
            }
            if value.isNull && context.graph.property(of: edge, key) == nil { return }
            context.graph.setProperty(of: edge, key, to: value)
        default:
            throw QueryError(.type, "properties can only be set on nodes and relationships, not \(entity.typeName)", at: range,
                             detail: "InvalidArgumentType")
        }
        context.statistics.propertiesSet += 1
    }

    mutating func compileRemove(_ items: [RemoveItem]) throws(QueryError) {
        var updates: [RowUpdate] = []
        for item in items {
            switch item {
            case .property(let target, let key):
                let owner = try compileExpression(target)
                let range = target.range
                updates.append { row, context in
                    try Self.setProperty(try owner(row, context), key, .null, range, context)
                }
            case .labels(let variable, let labels, let range):
                guard let slot = scope.slot(variable) else {
                    throw QueryError(.semantic, "unknown variable `\(variable)`", at: range, detail: "UndefinedVariable")
                }
                updates.append { row, context in
                    guard case .node(let node) = row[slot] else { return }
                    for label in labels where context.graph.removeLabel(label, from: node) { context.statistics.labelsRemoved += 1 }
                }
            }
        }
        appendUpdates(updates)
    }

    /// DELETE collects what every row names, then deletes relationships before nodes, so that
    /// a node whose relationships go in the same clause can be deleted without DETACH.
    mutating func compileDelete(detach: Bool, _ expressions: [Expression]) throws(QueryError) {
        var targets: [(Evaluator, SourceRange)] = []
        for expression in expressions {
            targets.append((try compileExpression(expression), expression.range))
        }
        stages.append {
            BufferOperator { rows, context in
                var nodes: [NodeID] = []
                var edges: [EdgeID] = []
                for row in rows {
                    for (target, range) in targets {
                        switch try target(row, context) {
                        case .null: break
                        case .node(let node): nodes.append(node)
                        case .edge(let edge): edges.append(edge)
                        case .path(let path):
                            nodes += path.nodes
                            edges += path.edges
                        case let other:
                            throw QueryError(.type, "DELETE needs a node, a relationship or a path, not \(other.typeName)", at: range,
                                             detail: "InvalidArgumentType")
                        }
                    }
                }
                for edge in edges where context.graph.contains(edge) {
                    try? context.graph.removeEdge(edge)
                    context.statistics.relationshipsDeleted += 1
                }
                for node in nodes where context.graph.contains(node) {
                    let degree = context.graph.degree(of: node, direction: .both)
                    if degree > 0 && !detach {
                        throw QueryError(.constraint, "cannot delete a node that still has relationships; use DETACH DELETE",
                                         at: targets[0].1, detail: "DeleteConnectedNode")
                    }
                    context.statistics.relationshipsDeleted += degree
                    try? context.graph.detachAndRemoveNode(node)
                    context.statistics.nodesDeleted += 1
                }
                return rows
            }
        }
    }

    /// MERGE cannot create what it could never match again: a null property value.
    static func rejectNullProperties(_ spec: CreateSpec, _ row: Row, _ context: ExecutionContext) throws {
        let all = spec.nodes.filter(\.create).flatMap(\.properties) + spec.relationships.flatMap(\.properties)
        for (key, evaluator) in all where try evaluator(row, context).isNull {
            throw QueryError(.semantic, "MERGE cannot use a null value for `\(key)`", at: .at(0), detail: "MergeReadOwnWrites")
        }
    }

    mutating func compileMerge(_ part: PatternPart, onCreate: [SetItem], onMatch: [SetItem]) throws(QueryError) {
        var matchScope = scope
        let matcher = try PatternCompiler.compile([part], scope: &matchScope, source: source)
        let spec = try compileCreatePart(part, merging: true)
        precondition(matchScope.count == scope.count, "MERGE match and create must declare the same slots")
        let createUpdates = try compileSetItems(onCreate)
        let matchUpdates = try compileSetItems(onMatch)
        let width = scope.count
        stages.append {
            BufferOperator { rows, context in
                var output: [Row] = []
                for row in rows {
                    var matches: [Row] = []
                    try matcher.forEachMatch(row.padded(to: width), context) { matches.append($0); return true }
                    if matches.isEmpty {
                        var created = row.padded(to: width)
                        try Self.rejectNullProperties(spec, created, context)
                        try Self.create(spec, &created, context)
                        for update in createUpdates { try update(&created, context) }
                        output.append(created)
                    } else {
                        for var matched in matches {
                            for update in matchUpdates { try update(&matched, context) }
                            output.append(matched)
                        }
                    }
                }
                return output
            }
        }
    }
}
