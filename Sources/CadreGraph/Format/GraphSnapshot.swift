import Glibc

/// A binary image of a graph read from a file, kept in a cache so that opening a large graph
/// file again copies its arrays instead of parsing its text (the `.pyc` of a graph file).
///
/// The image records the size, modification time, change time and inode of the file it was
/// read from; it is used only while they are unchanged, and it carries a checksum of its own
/// bytes, so a stale or damaged image is never believed: the file is parsed again. The text
/// file stays the only source of truth; deleting the cache loses nothing.
///
/// Layout: a 64-byte header (magic, version, the file's identity, the body's length and
/// checksum), then sections, each an element count (8 bytes) and the elements' raw bytes padded
/// to 8.
public enum GraphSnapshot {
    static let magic: UInt64 = 0x5041_4E53_4552_4443 // "CDRESNAP", little-endian
    static let version: UInt64 = 3
    static let headerSize = 64

    /// Where the image of the graph file `path` is kept: under `$XDG_CACHE_HOME/cadre` (or
    /// `~/.cache/cadre`), named by a hash of the file's absolute path. Nil when there is no
    /// home or the path cannot be resolved.
    public static func cachePath(for path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        let absolute = String(cString: resolved)
        let base: String
        if let cache = getenv("XDG_CACHE_HOME").map({ String(cString: $0) }), cache.hasPrefix("/") {
            base = cache + "/cadre"
        } else if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty {
            base = home + "/.cache/cadre"
        } else {
            return nil
        }
        var name = absolute
        let hash = name.withUTF8 { StringPool.hash(UnsafeRawBufferPointer($0)) }
        let file = absolute.split(separator: "/").last.map(String.init) ?? "graph"
        return base + "/" + file + "-" + String(hash, radix: 16) + ".snapshot"
    }

    /// The identity of a file as the image records it: size, mtime, ctime (nanoseconds), inode.
    static func identity(of path: String) -> [UInt64]? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return [UInt64(status.st_size),
                UInt64(status.st_mtim.tv_sec) &* 1_000_000_000 &+ UInt64(status.st_mtim.tv_nsec),
                UInt64(status.st_ctim.tv_sec) &* 1_000_000_000 &+ UInt64(status.st_ctim.tv_nsec),
                UInt64(status.st_ino)]
    }

    // MARK: Writing

    /// Writes the image of `graph`, freshly read from the file `source`, to `destination`
    /// (made with its directory if missing; replaced atomically). Returns false, writing
    /// nothing, when the graph has what an image does not hold (deleted elements, edits since
    /// loading, nodes with more than 64 labels) or the file cannot be written.
    @discardableResult
    public static func write(_ graph: Graph, readFrom source: String, to destination: String) -> Bool {
        guard let identity = identity(of: source), let body = encode(graph) else { return false }
        var header = [UInt64](repeating: 0, count: headerSize / 8)
        header[0] = magic
        header[1] = version
        header[2...5] = identity[...]
        header[6] = UInt64(body.count)
        header[7] = body.withUnsafeBytes { StringPool.hash($0) }
        let directory = String(destination[..<(destination.lastIndex(of: "/") ?? destination.startIndex)])
        if !directory.isEmpty { makeDirectories(directory) }
        let temporary = destination + ".tmp-\(getpid())"
        // The image holds what the graph holds: no one may read it who may not read the graph.
        var status = stat()
        let mode: mode_t = stat(source, &status) == 0 ? status.st_mode & 0o666 : 0o600
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        fchmod(descriptor, mode)
        let ok = header.withUnsafeBytes { writeAll(descriptor, $0) } && body.withUnsafeBytes { writeAll(descriptor, $0) }
        close(descriptor)
        guard ok, rename(temporary, destination) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var written = 0
        while written < bytes.count {
            let result = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if result < 0 { if errno == EINTR { continue }; return false }
            written += result
        }
        return true
    }

    private static func makeDirectories(_ path: String) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix += "/" + part
            // Folders cadre makes for its images are its user's alone.
            mkdir(prefix, 0o700)
        }
    }

    static func encode(_ graph: Graph) -> [UInt8]? {
        let storage = graph.storage
        let nodeCount = storage.nodeLabels.count
        let edgeCount = storage.edgeSource.count
        guard storage.liveNodes.count == nodeCount, storage.liveEdges.count == edgeCount,
              storage.arena.garbage == 0, storage.outgoing.pendingCount == 0, storage.incoming.pendingCount == 0,
              storage.idIndex.many.isEmpty else { return nil }
        var masks: [UInt64] = []
        masks.reserveCapacity(nodeCount)
        for set in storage.nodeLabels {
            guard let mask = set.mask else { return nil }
            masks.append(mask)
        }
        var out = SectionWriter()
        out.strings(storage.labels.names)
        out.strings(storage.types.names)
        out.strings(storage.keys.names)
        out.raw(masks)
        out.raw(storage.nodeProperties)
        out.raw(storage.edgeSource)
        out.raw(storage.edgeTarget)
        out.raw(storage.edgeType)
        out.raw(storage.edgeProperties)
        let arena = storage.arena
        out.raw(arena.shapeKeyTags)
        out.raw(arena.shapeEnds)
        out.raw(arena.payloads)
        out.raw(arena.wide)
        out.strings(arena.boxed.map(\.literal))
        out.raw(arena.strings.bytes)
        out.raw(arena.strings.ends)
        out.raw(arena.strings.table)
        out.raw(storage.idIndex.nodeOfString)
        out.raw(storage.outgoing.offsets)
        out.raw(storage.outgoing.entries)
        out.raw(storage.incoming.offsets)
        out.raw(storage.incoming.entries)
        return out.bytes
    }

    struct SectionWriter {
        var bytes: [UInt8] = []

        mutating func raw<Element>(_ array: [Element]) {
            count(array.count)
            array.withUnsafeBytes { bytes.append(contentsOf: $0) }
            pad()
        }

        mutating func strings(_ list: [String]) {
            var lengths: [UInt32] = []
            var text: [UInt8] = []
            for item in list {
                text.append(contentsOf: item.utf8)
                lengths.append(UInt32(item.utf8.count))
            }
            raw(lengths)
            raw(text)
        }

        private mutating func count(_ value: Int) {
            withUnsafeBytes(of: UInt64(value).littleEndian) { bytes.append(contentsOf: $0) }
        }

        private mutating func pad() {
            while bytes.count % 8 != 0 { bytes.append(0) }
        }
    }

    // MARK: Reading

    /// The graph in the image at `path` when it is intact and was made from the file `source`
    /// as that file is now; nil otherwise.
    public static func read(_ path: String, for source: String) -> Graph? {
        guard let identity = identity(of: source), let buffer = ByteBuffer(mapping: path) else { return nil }
        let bytes = UnsafeRawBufferPointer(buffer.bytes)
        guard bytes.count >= headerSize else { return nil }
        let header = (0..<headerSize / 8).map { bytes.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) }
        guard header[0] == magic, header[1] == version, Array(header[2...5]) == identity,
              header[6] == UInt64(bytes.count - headerSize) else { return nil }
        let body = UnsafeRawBufferPointer(rebasing: bytes[headerSize...])
        guard StringPool.hash(body) == header[7] else { return nil }
        var reader = SectionReader(bytes: body)
        // The store comes from the snapshot; the declared types from the file's head (a few lines).
        guard var graph = reader.graph(), let source = ByteBuffer(mapping: source),
              case .success(let schema) = GraphFileReader.readSchema(name: path, bytes: source) else { return nil }
        graph.schema = schema
        return graph
    }

    struct SectionReader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func raw<Element>(_ type: Element.Type) -> [Element]? {
            guard offset + 8 <= bytes.count else { return nil }
            let count = Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
            let length = count * MemoryLayout<Element>.stride
            guard count >= 0, length <= bytes.count - offset else { return nil }
            let source = bytes.baseAddress! + offset
            let array = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
                HugePages.advise(buffer)
                if length > 0 { memcpy(buffer.baseAddress!, source, length) }
                initialized = count
            }
            offset += (length + 7) / 8 * 8
            return array
        }

        mutating func strings() -> [String]? {
            guard let lengths = raw(UInt32.self), let text = raw(UInt8.self) else { return nil }
            var list: [String] = []
            var start = 0
            for length in lengths {
                let end = start + Int(length)
                guard end <= text.count else { return nil }
                list.append(String(decoding: text[start..<end], as: UTF8.self))
                start = end
            }
            return list
        }

        mutating func graph() -> Graph? {
            guard let labels = strings(), let types = strings(), let keys = strings(),
                  let masks = raw(UInt64.self), let nodeProperties = raw(PropertyRange.self),
                  let edgeSource = raw(NodeID.self), let edgeTarget = raw(NodeID.self), let edgeType = raw(Symbol.self),
                  let edgeProperties = raw(PropertyRange.self),
                  let shapeKeyTags = raw(UInt32.self), let shapeEnds = raw(UInt32.self), let payloads = raw(UInt32.self),
                  let wide = raw(UInt64.self),
                  let boxedLiterals = strings(),
                  let stringBytes = raw(UInt8.self), let stringEnds = raw(UInt32.self), let stringTable = raw(StringPool.Slot.self),
                  let nodeOfString = raw(UInt32.self),
                  let outgoingOffsets = raw(UInt32.self), let outgoingEntries = raw(AdjacentEdge.self),
                  let incomingOffsets = raw(UInt32.self), let incomingEntries = raw(AdjacentEdge.self),
                  masks.count == nodeProperties.count, edgeSource.count == edgeTarget.count,
                  edgeSource.count == edgeType.count, edgeSource.count == edgeProperties.count,
                  outgoingOffsets.count == masks.count + 1, incomingOffsets.count == masks.count + 1 else { return nil }
            var boxed: [Value] = []
            for literal in boxedLiterals {
                guard let value = GraphFileParser.value(fromLiteral: literal) else { return nil }
                boxed.append(value)
            }
            var builder = GraphBuilder()
            builder.labels = SymbolTable(names: labels)
            builder.types = SymbolTable(names: types)
            builder.keys = SymbolTable(names: keys)
            guard builder.keys.lookup("id") == builder.idKey, builder.keys.lookup("name") == builder.nameKey else { return nil }
            builder.nodeLabels = masks.map { LabelSet(mask: $0) }
            builder.nodeProperties = nodeProperties
            builder.edgeSource = edgeSource
            builder.edgeTarget = edgeTarget
            builder.edgeType = edgeType
            builder.edgeProperties = edgeProperties
            guard let arena = PropertyArena(shapeKeyTags: shapeKeyTags, shapeEnds: shapeEnds, payloads: payloads, wide: wide,
                                            strings: StringPool(bytes: stringBytes, ends: stringEnds, table: stringTable),
                                            boxed: boxed),
                  arena.holds(nodeProperties), arena.holds(edgeProperties) else { return nil }
            builder.arena = arena
            builder.idIndex = IDIndex(nodeOfString: nodeOfString)
            return Graph(builder, adjacency: (Adjacency(offsets: outgoingOffsets, entries: outgoingEntries),
                                              Adjacency(offsets: incomingOffsets, entries: incomingEntries)))
        }
    }
}
