import CadreGraph

extension Planner {
    /// A node or relationship to create, its properties evaluated per row.
    struct CreateSpec {
        var nodes: [(slot: Int, create: Bool, labels: [String], properties: [(String, Evaluator)], map: Evaluator?, range: SourceRange)]
        var relationships: [(slot: Int, type: String, reversed: Bool, properties: [(String, Evaluator)], map: Evaluator?, range: SourceRange)]
        var pathSlot: Int?
        var nodeSlots: [Int] { nodes.map(\.slot) }
    }

    mutating func compileCreate(_ patterns: [PatternPart]) throws(QueryError) {
        var specs: [CreateSpec] = []
        for part in patterns { specs.append(try compileCreatePart(part, merging: false)) }
        let width = scope.count
        stages.append {
            BufferOperator { rows, context in
                try rows.map { row in
                    var row = row.padded(to: width)
                    for spec in specs { try Self.create(spec, &row, context) }
                    return row
                }
            }
        }
    }

    /// Slots and evaluators for creating one pattern part (what CREATE and MERGE forbid,
    /// `Binder` refused).
    mutating func compileCreatePart(_ part: PatternPart, merging: Bool) throws(QueryError) -> CreateSpec {
        var spec = CreateSpec(nodes: [], relationships: [], pathSlot: nil)
        for node in part.nodes {
            // A node bound before, or earlier in this part (`Binder` checked it is only referred to).
            if let name = node.variable, scope.contains(name) {
                spec.nodes.append((scope.slot(name)!, false, [], [], nil, node.range))
                continue
            }
            var compiler = expressionCompiler()
            let (properties, map) = try PatternCompiler.compileProperties(node.properties, &compiler, allowParameterMaps: !merging)
            let slot = node.variable.map { scope.declare($0) } ?? scope.declareHidden()
            if let name = node.variable { scope.setKind(.node, for: name) }
            spec.nodes.append((slot, true, node.labels, properties.map { ($0.key, $0.value) }, map, node.range))
        }
        for relationship in part.relationships {
            var compiler = expressionCompiler()
            let (properties, map) = try PatternCompiler.compileProperties(relationship.properties, &compiler, allowParameterMaps: !merging)
            let slot = relationship.variable.map { scope.declare($0) } ?? scope.declareHidden()
            if let name = relationship.variable { scope.setKind(.relationship, for: name) }
            spec.relationships.append((slot, relationship.types[0], relationship.direction == .incoming,
                                       properties.map { ($0.key, $0.value) }, map, relationship.range))
        }
        if let pathVariable = part.pathVariable {
            spec.pathSlot = scope.declare(pathVariable)
        }
        return spec
    }

    static func create(_ spec: CreateSpec, _ row: inout Row, _ context: ExecutionContext) throws {
        for node in spec.nodes {
            if !node.create {
                guard case .node = row[node.slot] else {
                    throw QueryError(.type, "CREATE needs a node here, found \(row[node.slot].typeName)", at: .at(0),
                                     detail: "InvalidArgumentType")
                }
                continue
            }
            for label in node.labels { try checkName(label, "a label") }
            let properties = try evaluateProperties(node.properties, node.map, row, context)
            for (key, value) in properties where !value.isNull {
                if let declared = context.graph.schema.violation(nodeLabels: node.labels, key: key, value: value) {
                    throw schemaError(declared, key, value, at: node.range)
                }
            }
            let created = context.graph.addNode(labels: node.labels, properties: properties)
            context.statistics.nodesCreated += 1
            context.statistics.labelsAdded += Set(node.labels).count
            context.statistics.propertiesSet += properties.filter { !$0.1.isNull }.count
            row[node.slot] = .node(created)
        }
        for (index, relationship) in spec.relationships.enumerated() {
            guard case .node(let left) = row[spec.nodes[index].slot], case .node(let right) = row[spec.nodes[index + 1].slot] else {
                throw QueryError(.type, "cannot create a relationship with a missing end node", at: .at(0), detail: "InvalidArgumentType")
            }
            guard context.graph.contains(left), context.graph.contains(right) else {
                throw QueryError(.entityNotFound, "cannot create a relationship to a deleted node", at: .at(0), detail: "DeletedEntityAccess")
            }
            try checkName(relationship.type, "a relationship type")
            let properties = try evaluateProperties(relationship.properties, relationship.map, row, context)
            for (key, value) in properties where !value.isNull {
                if let declared = context.graph.schema.violation(edgeType: relationship.type, key: key, value: value) {
                    throw schemaError(declared, key, value, at: relationship.range)
                }
            }
            let (source, target) = relationship.reversed ? (right, left) : (left, right)
            row[relationship.slot] = .edge(context.graph.addEdge(from: source, to: target, type: relationship.type, properties: properties))
            context.statistics.relationshipsCreated += 1
            context.statistics.propertiesSet += properties.filter { !$0.1.isNull }.count
        }
        if let pathSlot = spec.pathSlot {
            row[pathSlot] = PatternMatcher.assemblePath(row, spec.nodeSlots, spec.relationships.map(\.slot), context.graph)
        }
    }

    static func evaluateProperties(_ properties: [(String, Evaluator)], _ map: Evaluator?, _ row: Row,
                                   _ context: ExecutionContext) throws -> [(String, Value)] {
        var result: [(String, Value)] = []
        for (key, evaluator) in properties {
            let value = try evaluator(row, context)
            try checkStorable(value, key)
            result.append((key, value))
        }
        if let map {
            switch try map(row, context) {
            case .map(let entries):
                for entry in entries.entries {
                    try checkStorable(entry.value, entry.key)
                    result.append((entry.key, entry.value))
                }
            case .null: break
            default:
                throw QueryError(.type, "properties must be given as a map", at: .at(0), detail: "InvalidPropertyType")
            }
        }
        return result
    }

    /// A value the graph's declared types refuse (`schema` statements in its file).
    static func schemaError(_ declared: GraphSchema.Declaration, _ key: String, _ value: Value, at range: SourceRange) -> QueryError {
        QueryError(.type, "`\(key)` must be \(declared.type.description), not \(value.literal) (declared \(declared.place) "
                   + "in the graph's schema)", at: range, detail: "InvalidPropertyType")
    }

    static func checkStorable(_ value: Value, _ key: String) throws {
        try checkName(key, "a property key")
        if value.isNested(deeperThan: Value.maximumNesting) {
            throw QueryError(.type, "the property `\(key)` cannot hold lists or maps nested more than \(Value.maximumNesting) levels deep",
                             at: .at(0), detail: "InvalidPropertyType")
        }
        guard value.isStorable else {
            throw QueryError(.type, "the property `\(key)` cannot hold \(value.typeNameWithArticle)", at: .at(0), detail: "InvalidPropertyType")
        }
        if case .list(let items) = value {
            let kinds = Set(items.filter { !$0.isNull }.map { $0.typeRank })
            if kinds.count > 1 {
                throw QueryError(.type, "the property `\(key)` cannot hold a list of mixed types", at: .at(0), detail: "InvalidPropertyType")
            }
        }
    }

    /// Labels, types and keys the graph keeps must have a name: a graph file cannot write an
    /// empty one (what a save writes, a load must accept).
    static func checkName(_ name: String, _ what: String) throws {
        if name.isEmpty { throw QueryError(.semantic, "\(what) cannot be empty", at: .at(0), detail: "InvalidArgumentValue") }
    }
}
