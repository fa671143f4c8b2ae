import Dispatch
import Glibc

/// Reads the graph file format (graph/README.md) into a `Graph`.
///
/// The reader works on UTF-8 bytes. It reports every error it finds (up to `maxErrors`) as a
/// located `Diagnostic`, resuming at the next line that starts with `(`; a file with any error
/// yields no graph at all.
public enum GraphFileReader {
    public static let maxErrors = 20

    /// Files at least this large leave a snapshot in the cache after they are parsed.
    public static let snapshotThreshold = 4 << 20

    /// Reads the file at `path`. Throws `DiagnosticList` for bad content, `GraphFileError` when
    /// the file cannot be read.
    ///
    /// With `cache` (unless `CADRE_NO_CACHE` is set), a large file is read from its snapshot
    /// when one matches the file as it is (see `GraphSnapshot`), and leaves one after parsing.
    public static func read(path: String, cache: Bool = true) throws -> Graph {
        let snapshot = cache && getenv("CADRE_NO_CACHE") == nil ? GraphSnapshot.cachePath(for: path) : nil
        if let snapshot, let graph = GraphSnapshot.read(snapshot, for: path) { return graph }
        var status = stat()
        if stat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG {
            throw GraphFileError.notRegular(path: path)
        }
        guard let bytes = ByteBuffer(mapping: path) else {
            throw GraphFileError.unreadable(path: path)
        }
        let graph = try read(name: path, bytes: bytes)
        if let snapshot, bytes.bytes.count >= snapshotThreshold {
            GraphSnapshot.write(graph, readFrom: path, to: snapshot)
        }
        return graph
    }

    public static func read(_ source: SourceText) throws(DiagnosticList) -> Graph {
        try read(name: source.name, bytes: ByteBuffer(copying: source.bytes))
    }

    /// A file is read in parts at once, two per core (so a core that finishes early takes
    /// another), of at least this many bytes.
    static let minimumPartSize = 4 << 20

    static var defaultParts: Int {
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return cores > 1 ? 2 * cores : 1
    }

    /// `parts`: how many parts to read at once (by default, from the size and the cores).
    static func read(name: String, bytes: ByteBuffer, parts: Int? = nil) throws(DiagnosticList) -> Graph {
        // Diagnostics quote the text: a copy of it is made only then.
        func source() -> SourceText { SourceText(name: name, bytes: Array(bytes.bytes)) }
        let parts = parts ?? min(defaultParts, bytes.bytes.count / minimumPartSize)
        let graph = try parse(name: name, bytes: bytes, parts: parts, source: source)
        // The parser and its parts are gone by now.
        if parts > 1 { FreedMemory.giveBack() }
        return graph
    }

    private static func parse(name: String, bytes: ByteBuffer, parts: Int, source: () -> SourceText) throws(DiagnosticList) -> Graph {
        var parser: GraphFileParser
        if parts > 1, case .success(let schema) = readSchema(name: name, bytes: bytes),
           let joined = parseInParts(name: name, bytes: bytes, parts: parts, schema: schema) {
            parser = joined
            parser.schema = schema
        } else {
            parser = GraphFileParser(name: name, bytes: bytes)
            parser.parseFile()
        }
        parser.resolveEdges()
        if !parser.diagnostics.isEmpty {
            throw DiagnosticList(source: source(), diagnostics: Array(parser.diagnostics.prefix(maxErrors)))
        }
        var graph = Graph(parser.builder)
        graph.schema = parser.schema
        return graph
    }

    /// The declarations of `text`: `schema` statements, as a graph file's head holds them.
    public static func readSchema(_ text: String, name: String) throws(DiagnosticList) -> GraphSchema {
        try readSchema(name: name, bytes: ByteBuffer(copying: Array(text.utf8))).get()
    }

    /// The `schema` statements at the head of a file (up to its first line that starts with `(`).
    static func readSchema(name: String, bytes: ByteBuffer) -> Result<GraphSchema, DiagnosticList> {
        var parser = GraphFileParser(name: name, bytes: bytes, part: 0..<headEnd(bytes.bytes))
        parser.parseFile()
        guard parser.diagnostics.isEmpty else {
            return .failure(DiagnosticList(source: SourceText(name: name, bytes: Array(bytes.bytes)), diagnostics: parser.diagnostics))
        }
        return .success(parser.schema)
    }

    /// Where the first line that starts with `(` starts (the end of the file when none does).
    static func headEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if bytes.first == UInt8(ascii: "(") { return 0 }
        return statementStart(bytes, from: 1) ?? bytes.count
    }
}

extension GraphFileReader {
    /// Parses the file in `parts` at once, each part starting at a line that starts with `(`,
    /// and joins them. Nil when a part has an error or the parts' ids clash: the caller then
    /// parses the file in one piece, to report every error just as it reads.
    static func parseInParts(name: String, bytes: ByteBuffer, parts: Int, schema: GraphSchema) -> GraphFileParser? {
        var cuts = partStarts(bytes.bytes, parts: parts)
        // The head (comments and `schema` statements) is read already: each part starts past it.
        cuts[0] = headEnd(bytes.bytes)
        let starts = cuts
        guard starts.count > 1 else { return nil }
        var parsers = [GraphFileParser?](repeating: nil, count: starts.count)
        parsers.withUnsafeMutableBufferPointer { parsers in
            let output = SendablePointer(parsers.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: starts.count) { index in
                let end = index + 1 < starts.count ? starts[index + 1] : bytes.bytes.count
                var parser = GraphFileParser(name: name, bytes: bytes, part: starts[index]..<end)
                parser.schema = schema
                parser.sawEntity = true
                parser.parseFile()
                output.pointer[index] = parser
            }
        }
        var parts = parsers.compactMap { $0 }
        parsers = []
        guard parts.allSatisfy(\.diagnostics.isEmpty) else { return nil }
        return GraphFileParser.joined(&parts)
    }

    /// Where each part starts, each at a line that starts with `(`. When the nodes come first
    /// (the canonical order) and take less than half the file, they are the first part: the
    /// strings parts share are then mostly in it, and joining the parts of edges to it costs
    /// little. The rest is split evenly (fewer parts when lines are too few).
    static func partStarts(_ bytes: UnsafeBufferPointer<UInt8>, parts: Int) -> [Int] {
        guard parts > 1 else { return [0] }
        var starts = [0]
        var rest = 0, restParts = parts
        if let edges = firstEdge(bytes), edges < bytes.count / 2 {
            starts.append(edges)
            rest = edges
            restParts = parts - 1
        }
        for part in 1..<restParts {
            let offset = rest + (bytes.count - rest) / restParts * part
            guard let start = statementStart(bytes, from: max(offset, starts[starts.count - 1] + 1)) else { break }
            starts.append(start)
        }
        return starts
    }

    /// The first line at or after `offset` that starts with `(`.
    static func statementStart(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int? {
        var offset = max(offset, 1)
        while offset < bytes.count && !(bytes[offset] == UInt8(ascii: "(") && bytes[offset - 1] == UInt8(ascii: "\n")) {
            offset += 1
        }
        return offset < bytes.count ? offset : nil
    }

    /// Where the edges start in a file whose nodes come first, found by bisection (in another
    /// file: some line that starts an edge, or nil).
    private static func firstEdge(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        /// The statement at or after `offset`, and whether it is an edge (`("id")-...`).
        func statement(from offset: Int) -> (start: Int, isEdge: Bool)? {
            guard let start = statementStart(bytes, from: offset) else { return nil }
            var next = start + 1
            while next < bytes.count && (bytes[next] == UInt8(ascii: " ") || bytes[next] == UInt8(ascii: "\t")) { next += 1 }
            return (start, next < bytes.count && (bytes[next] == UInt8(ascii: "\"") || bytes[next] == UInt8(ascii: "'")))
        }
        var low = 0, high = bytes.count // a node statement starts at or after low; an edge at or after high
        while high - low > 4096 {
            let middle = low + (high - low) / 2
            guard let (start, isEdge) = statement(from: middle), start < high else {
                high = middle
                continue
            }
            if isEdge { high = middle } else { low = start + 1 }
        }
        var offset = low
        while let (start, isEdge) = statement(from: offset) {
            if isEdge { return start }
            offset = start + 1
        }
        return nil
    }
}

/// A graph file that could not be read at all.
public enum GraphFileError: Error, CustomStringConvertible, Sendable, Equatable {
    case unreadable(path: String)
    /// A directory, a FIFO, a device: a graph is a regular file.
    case notRegular(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path): "\(path): cannot read the file (missing, or no permission)"
        case .notRegular(let path): "\(path): not a regular file (a directory, a pipe or a device); a graph is a file"
        }
    }
}
