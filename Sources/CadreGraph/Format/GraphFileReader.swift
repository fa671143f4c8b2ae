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

    static func read(name: String, bytes: ByteBuffer) throws(DiagnosticList) -> Graph {
        // Diagnostics quote the text: a copy of it is made only then.
        func source() -> SourceText { SourceText(name: name, bytes: Array(bytes.bytes)) }
        if let bad = UTF8Validation.firstInvalidOffset(in: bytes.bytes) {
            let byte = String(bytes.bytes[bad], radix: 16, uppercase: true)
            let diagnostic = Diagnostic(.syntax, "invalid UTF-8 (byte 0x\(byte)); the file must be UTF-8 text",
                                        at: SourceRange(start: bad, end: bad + 1))
            throw DiagnosticList(source: source(), diagnostics: [diagnostic])
        }
        var parser = GraphFileParser(name: name, bytes: bytes)
        parser.parseFile()
        parser.resolveEdges()
        if !parser.diagnostics.isEmpty {
            throw DiagnosticList(source: source(), diagnostics: Array(parser.diagnostics.prefix(maxErrors)))
        }
        return Graph(parser.builder)
    }
}

/// A graph file that could not be read at all.
public enum GraphFileError: Error, CustomStringConvertible, Sendable {
    case unreadable(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path): "\(path): cannot read the file (missing, or no permission)"
        }
    }
}
