import Dispatch
import Foundation

/// The import of clean files into an empty graph on every core: each file is cut into parts
/// that start at a record, each part is read by a `BulkLoader` of its own, and the parts'
/// builders are joined in file order, so the graph is the one a single reader makes (the same
/// nodes, edges and strings, in the same order). Nodes come first; edges are then read in parts
/// that look their ends up in the finished nodes.
///
/// Any problem (a bad row, invalid UTF-8, an id two parts define) makes the fast path give up:
/// the import is then read again by one reader, which reports every problem in order.
extension CSVImporter {
    /// A file's bytes: mapped when it is a regular file, read whole otherwise (a pipe).
    static func contents(of path: String) -> ByteBuffer? {
        var status = stat()
        if stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG { return ByteBuffer(mapping: path) }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return ByteBuffer(copying: [UInt8](data))
    }

    /// A file with its header read and its records cut into parts.
    struct PreparedFile: @unchecked Sendable {
        let buffer: ByteBuffer
        let columns: [ColumnKind]
        let parts: [Range<Int>]
    }

    /// Parts are at least this large; a file has at most two per core (so a core that
    /// finishes early takes another).
    static let minimumPartSize = 4 << 20

    /// The import of `nodes` then `relationships` into an empty graph, read in parts at once;
    /// nil when anything is wrong with them, or when they are too small for parts to pay.
    static func parallelRead(nodes: [String], relationships: [String], parts: Int? = nil) -> Imported? {
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let perFile = parts ?? 2 * cores
        guard perFile > 1 || parts != nil else { return nil }
        var notes: [String] = []
        var nodeFiles: [PreparedFile] = [], edgeFiles: [PreparedFile] = []
        for (paths, isEdges) in [(nodes, false), (relationships, true)] {
            for path in paths {
                guard let file = prepare(path, parts: perFile, forcing: parts != nil) else { return nil }
                notes += Run.notes(file.columns, path: path)
                if isEdges { edgeFiles.append(file) } else { nodeFiles.append(file) }
            }
        }
        guard parts != nil || (nodeFiles + edgeFiles).contains(where: { $0.parts.count > 1 }) else { return nil }
        guard var nodeParts = load(nodeFiles, nodes: nil) else { return nil }
        // The parts hold copies of all they read: the files' pages are given back now, not
        // kept resident through the joining and building.
        nodeFiles = []
        guard let (nodeBuilder, _) = nodeParts.isEmpty ? (GraphBuilder(), []) : GraphBuilder.joined(&nodeParts) else { return nil }
        nodeParts = []
        guard let edgeParts = load(edgeFiles, nodes: nodeBuilder) else { return nil }
        edgeFiles = []
        let sources = Array(edgeParts.map(\.edgeSource).joined())
        let targets = Array(edgeParts.map(\.edgeTarget).joined())
        var all = [nodeBuilder] + edgeParts
        guard var (builder, _) = GraphBuilder.joined(&all) else { return nil }
        all = []
        builder.edgeSource = sources
        builder.edgeTarget = targets
        var imported = Imported(graph: Graph(builder))
        FreedMemory.giveBack()
        imported.nodesAdded = imported.graph.nodeCount
        imported.edgesAdded = imported.graph.edgeCount
        imported.notes = notes
        return imported
    }

    /// The file at `path` mapped, its header read, its records cut into parts (up to `parts`,
    /// each at least `minimumPartSize` unless `forcing`).
    private static func prepare(_ path: String, parts: Int, forcing: Bool) -> PreparedFile? {
        guard let buffer = contents(of: path) else { return nil }
        let bytes = buffer.bytes
        var reader = CSVRecordReader(bytes: bytes)
        guard let columns = try? Run.header(path, &reader),
              UTF8Validation.firstInvalidOffset(in: UnsafeBufferPointer(rebasing: bytes[0..<reader.offset])) == nil else { return nil }
        let count = forcing ? parts : max(1, min(parts, (bytes.count - reader.offset) / minimumPartSize))
        let cut = recordParts(bytes, from: reader.offset, count: count)
        // Cutting read every page: they go back until a part's loader reads them again, so that
        // the files are not all resident at once.
        buffer.release(0..<bytes.count)
        return PreparedFile(buffer: buffer, columns: columns, parts: cut)
    }

    /// Each part of `files` read by a loader of its own, at once; nil when any part has a
    /// problem. Edges (with `nodes`) find their ends in `nodes`.
    private static func load(_ files: [PreparedFile], nodes: GraphBuilder?) -> [GraphBuilder]? {
        let parts = files.indices.flatMap { file in files[file].parts.map { (file, $0) } }
        var builders = [GraphBuilder?](repeating: nil, count: parts.count)
        guard !parts.isEmpty else { return [] }
        let input = Unchecked((files, nodes))
        builders.withUnsafeMutableBufferPointer { builders in
            let output = SendablePointer(builders.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts.count) { index in
                let (file, range) = parts[index]
                output.pointer[index] = loadPart(input.value.0[file], range, nodes: input.value.1)
            }
        }
        guard builders.allSatisfy({ $0 != nil }) else { return nil }
        return builders.map { $0! }
    }

    /// The records in `range` of `file`, read into a builder of their own; nil at the first problem.
    private static func loadPart(_ file: PreparedFile, _ range: Range<Int>, nodes: GraphBuilder?) -> GraphBuilder? {
        let bytes = file.buffer.bytes
        guard UTF8Validation.firstInvalidOffset(in: UnsafeBufferPointer(rebasing: bytes[range])) == nil else { return nil }
        let isEdges = nodes != nil
        var loader = BulkLoader(nodes: nodes)
        var reader = CSVRecordReader(bytes: bytes, part: range)
        var fields = CSVFields(file: UnsafeRawBufferPointer(bytes))
        var columns: [BulkLoader.Column]? = nil
        do throws(RowProblem) {
            while try reader.next(into: &fields) != nil {
                if fields.count == 1 && fields.isEmpty(0) { continue }
                guard fields.count == file.columns.count else { return nil }
                if columns == nil { columns = loader.intern(file.columns) }
                if isEdges { try loader.addEdge(columns!, fields) } else { try loader.addNode(columns!, fields) }
            }
        } catch {
            return nil
        }
        guard loader.resolveEnds(file: bytes) else { return nil }
        file.buffer.release(range)
        return loader.builder
    }

    /// `count` ranges that together cover `bytes[start...]`, each starting at a record: after a
    /// line break outside quotes, found from the parity of the quotes before it (counted for
    /// each stretch at once). Fewer when records are too few. In a file whose quotes are not
    /// RFC 4180's, a cut may fall inside a quoted field: the part before it then ends in an
    /// unterminated quote, a problem that sends the import to the single reader.
    static func recordParts(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> [Range<Int>] {
        guard count > 1, bytes.count > start else { return [start..<bytes.count] }
        let bounds = (0...count).map { start + (bytes.count - start) * $0 / count }
        var quotes = [Int](repeating: 0, count: count)
        quotes.withUnsafeMutableBufferPointer { quotes in
            let output = SendablePointer(quotes.baseAddress!), input = SendableBuffer(bytes)
            DispatchQueue.concurrentPerform(iterations: count) { index in
                output.pointer[index] = quoteCount(input.buffer, bounds[index]..<bounds[index + 1])
            }
        }
        var cuts = [start]
        var before = 0
        for index in 1..<count {
            before += quotes[index - 1]
            var inQuotes = before & 1 == 1
            var offset = bounds[index]
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                if byte == UInt8(ascii: "\"") {
                    inQuotes.toggle()
                } else if byte == 0x0A && !inQuotes {
                    break
                }
            }
            if offset < bytes.count && offset > cuts[cuts.count - 1] { cuts.append(offset) }
        }
        cuts.append(bytes.count)
        return (0..<cuts.count - 1).map { cuts[$0]..<cuts[$0 + 1] }
    }

    /// How many `"` bytes `range` holds, eight bytes at a time.
    static func quoteCount(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard let base = bytes.baseAddress.map(UnsafeRawPointer.init) else { return 0 }
        let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, quotes: UInt64 = 0x2222_2222_2222_2222
        var count = 0, index = range.lowerBound
        while index + 8 <= range.upperBound {
            // A byte of `word` is zero where the text has a quote; its high bit in `nonzero` says which are not.
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ quotes
            let nonzero = ((word & low) &+ low) | word
            count += (~nonzero & ~low).nonzeroBitCount
            index += 8
        }
        while index < range.upperBound {
            if bytes[index] == UInt8(ascii: "\"") { count += 1 }
            index += 1
        }
        return count
    }
}

/// A value handed to tasks that only read it.
struct Unchecked<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
