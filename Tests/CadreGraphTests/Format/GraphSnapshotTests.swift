import Foundation
import Testing
@testable import CadreGraph

/// A snapshot gives back the very graph that was parsed, and is never believed when stale or
/// damaged.
struct GraphSnapshotTests {
    static let cantho = CanThoGraphTests.path

    /// A scratch directory with a copy of the Cần Thơ graph file.
    func scratch() throws -> (directory: String, graph: String) {
        let directory = NSTemporaryDirectory() + "cadre-snapshot-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let graph = directory + "/g.cg"
        try FileManager.default.copyItem(atPath: Self.cantho, toPath: graph)
        return (directory, graph)
    }

    func canonical(_ graph: Graph) throws -> String { try GraphFileWriter.write(graph) }

    @Test func givesBackTheParsedGraph() throws {
        let (directory, path) = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let parsed = try GraphFileReader.read(path: path, cache: false)
        let image = directory + "/cache/deeper/g.snapshot"
        #expect(GraphSnapshot.write(parsed, readFrom: path, to: image))
        let restored = try #require(GraphSnapshot.read(image, for: path))
        #expect(try canonical(restored) == canonical(parsed))
        #expect(restored.nodeCount == parsed.nodeCount && restored.edgeCount == parsed.edgeCount)
        // Indexes and adjacency come back too.
        for node in parsed.nodes {
            for direction in [Direction.outgoing, .incoming, .both] {
                #expect(restored.edges(of: node, direction: direction) == parsed.edges(of: node, direction: direction))
            }
            #expect(restored.labels(of: node) == parsed.labels(of: node))
        }
        let id = "person:tran-quoc-trung"
        #expect(restored.node(withID: id) == parsed.node(withID: id))
        #expect(restored.nodes(withLabel: "Person") == parsed.nodes(withLabel: "Person"))
        #expect(restored.nodes(withNameContaining: "tran quoc") == parsed.nodes(withNameContaining: "tran quoc"))
        // And the restored graph can be changed like any other.
        var edited = restored
        edited.addNode(labels: ["Person"], properties: [("id", .string("person:new")), ("name", .string("Mới"))])
        #expect(edited.node(withID: "person:new") != nil && restored.node(withID: "person:new") == nil)
    }

    @Test func aStaleOrDamagedImageIsIgnored() throws {
        let (directory, path) = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let parsed = try GraphFileReader.read(path: path, cache: false)
        let image = directory + "/g.snapshot"
        #expect(GraphSnapshot.write(parsed, readFrom: path, to: image))
        #expect(GraphSnapshot.read(image, for: path) != nil)

        // One byte of the image changed: the checksum fails.
        var bytes = try #require(FileManager.default.contents(atPath: image))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: image))
        #expect(GraphSnapshot.read(image, for: path) == nil)

        // A truncated image.
        #expect(GraphSnapshot.write(parsed, readFrom: path, to: image))
        let whole = try #require(FileManager.default.contents(atPath: image))
        try whole.prefix(whole.count - 100).write(to: URL(fileURLWithPath: image))
        #expect(GraphSnapshot.read(image, for: path) == nil)

        // The graph file edited after the image was made.
        #expect(GraphSnapshot.write(parsed, readFrom: path, to: image))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("(:Person {id: \"person:added\", name: \"Thêm\"})\n".utf8))
        handle.closeFile()
        #expect(GraphSnapshot.read(image, for: path) == nil)
        #expect(try GraphFileReader.read(path: path, cache: false).node(withID: "person:added") != nil)
    }

    @Test func readingALargeFileLeavesAnImageThatTheNextReadUses() throws {
        let (directory, path) = try scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Make the file large enough to be cached: many more nodes.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        var text = ""
        for index in 0..<60_000 {
            text += "(:Person {id: \"person:filler-\(index)\", name: \"Người thứ \(index)\", born: date(\"19\(50 + index % 50)\")})\n"
        }
        handle.write(Data(text.utf8))
        handle.closeFile()
        setenv("XDG_CACHE_HOME", directory + "/xdg", 1)
        defer { unsetenv("XDG_CACHE_HOME") }
        let image = try #require(GraphSnapshot.cachePath(for: path))
        #expect(image.hasPrefix(directory + "/xdg/cadre/g.cg-"))
        let first = try GraphFileReader.read(path: path)
        #expect(FileManager.default.fileExists(atPath: image))
        let second = try GraphFileReader.read(path: path)
        #expect(try canonical(second) == canonical(first))
        #expect(second.node(withID: "person:filler-59999") != nil)
    }
}
