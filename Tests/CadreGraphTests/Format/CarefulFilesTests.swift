import Foundation
import Glibc
import Testing
@testable import CadreGraph

/// Files as a careful tool treats them (issue 15): links, leftovers of killed saves, pipes,
/// private snapshots, values nested without end, lines too long to echo.
@Suite struct CarefulFilesTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "cadre-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func contents(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func aSaveThroughALinkReplacesItsTarget() throws {
        let target = directory + "/real.cg", link = directory + "/link.cg"
        try AtomicFile.write(Array("old".utf8), to: target)
        #expect(symlink("real.cg", link) == 0)
        try AtomicFile.write(Array("new".utf8), to: link)
        #expect(try contents(target) == "new")
        var status = stat()
        #expect(lstat(link, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK)
    }

    /// Large files are written in aligned blocks (direct I/O where the file system has it):
    /// every byte arrives, in pieces of any size, whatever the length's remainder to a block,
    /// and a shorter file written over a longer one leaves no tail.
    @Test func largeFilesArriveWhole() throws {
        let path = directory + "/large.cg"
        var random = SeededRandom(state: 16)
        for length in [4 << 20, (4 << 20) + 1, (9 << 20) + 4_095, 13 << 20, 1_000] {
            var bytes = [UInt8](repeating: 0, count: length)
            bytes.withUnsafeMutableBytes { buffer in
                for offset in stride(from: 0, to: length - 7, by: 8) { buffer.storeBytes(of: random.next(), toByteOffset: offset, as: UInt64.self) }
            }
            try AtomicFile.write(to: path) { sink in
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + Int.random(in: 1...3_000_000, using: &random))
                    try bytes[start..<end].withUnsafeBytes { try sink($0) }
                    start = end
                }
            }
            let read = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(read.count == length && read.elementsEqual(bytes), "\(length)")
        }
    }

    @Test func aSaveKeepsTheFilesMode() throws {
        let path = directory + "/private.cg"
        try AtomicFile.write(Array("a".utf8), to: path)
        chmod(path, 0o600)
        try AtomicFile.write(Array("b".utf8), to: path)
        var status = stat()
        #expect(stat(path, &status) == 0 && status.st_mode & 0o777 == 0o600)
    }

    @Test func leftoversOfAKilledSaveAreRemovedWhenOld() throws {
        let path = directory + "/g.cg"
        try AtomicFile.write(Array("graph".utf8), to: path)
        let old = directory + "/.g.cg.tmp-AbC123", fresh = directory + "/.g.cg.tmp-XyZ789", other = directory + "/.h.cg.tmp-AbC123"
        for file in [old, fresh, other] { try AtomicFile.write(Array("partial".utf8), to: file) }
        var times = [timespec(tv_sec: time(nil) - 7200, tv_nsec: 0), timespec(tv_sec: time(nil) - 7200, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, old, &times, 0) == 0)
        #expect(utimensat(AT_FDCWD, other, &times, 0) == 0)
        // A fresh one may be a save running now in another process: kept.
        #expect(AtomicFile.removeStaleTemporaries(of: path) == [old])
        #expect(!FileManager.default.fileExists(atPath: old))
        #expect(FileManager.default.fileExists(atPath: fresh) && FileManager.default.fileExists(atPath: other))
    }

    @Test func aPipeIsRefusedNotWaitedOn() throws {
        let fifo = directory + "/fifo.cg"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(ByteBuffer(mapping: fifo) == nil)
        #expect(throws: GraphFileError.notRegular(path: fifo)) { try GraphFileReader.read(path: fifo, cache: false) }
        #expect(throws: GraphFileError.notRegular(path: directory)) { try GraphFileReader.read(path: directory, cache: false) }
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write(Array("x".utf8), to: fifo) }
    }

    @Test func aSnapshotIsAsPrivateAsItsGraph() throws {
        let path = directory + "/g.cg"
        try AtomicFile.write(Array("(:A {id: \"a:1\"})\n".utf8), to: path)
        chmod(path, 0o600)
        let graph = try GraphFileReader.read(path: path, cache: false)
        let snapshot = directory + "/cache/cadre/g.snapshot"
        #expect(GraphSnapshot.write(graph, readFrom: path, to: snapshot))
        var status = stat()
        #expect(stat(snapshot, &status) == 0 && status.st_mode & 0o777 == 0o600)
        #expect(stat(directory + "/cache/cadre", &status) == 0 && status.st_mode & 0o777 == 0o700)
    }

    @Test func valuesNestedWithoutEndAreALocatedError() throws {
        let deep = String(repeating: "[", count: 60_000) + "1" + String(repeating: "]", count: 60_000)
        let text = "(:A {id: \"a:1\", l: \(deep)})"
        do {
            _ = try GraphFileReader.read(SourceText(name: "deep.cg", text: text))
            Issue.record("a 60,000-deep list was accepted")
        } catch {
            let rendered = error.rendered()
            #expect(rendered.contains("deep.cg:1:"))
            #expect(rendered.contains("nested more than \(Value.maximumNesting) levels deep"))
            // The 120 kB line is shown around the error only.
            #expect(rendered.utf8.count < 2000)
        }
        let fine = String(repeating: "[", count: 50) + "1" + String(repeating: "]", count: 50)
        #expect(try GraphFileReader.read(SourceText(name: "ok.cg", text: "(:A {id: \"a:1\", l: \(fine)})")).nodeCount == 1)
    }

    @Test func aLongLineIsShownAroundTheErrorWithoutCuttingACharacter() {
        let line = String(repeating: "Trần Quốc Trung ", count: 2000) + "@@" + String(repeating: " Lê Quang Mạnh", count: 2000)
        let source = SourceText(name: "q", text: line)
        let offset = line.utf8.count - String(repeating: " Lê Quang Mạnh", count: 2000).utf8.count - 2
        let rendered = DiagnosticRenderer.render(Diagnostic(.syntax, "bad", at: SourceRange(start: offset, end: offset + 2)), in: source)
        let lines = rendered.split(separator: "\n")
        #expect(lines[2].hasPrefix("1 | …") && lines[2].hasSuffix("…"))
        #expect(lines[2].utf8.count < 400)
        // The carets stand under `@@`.
        let caretColumn = lines[3].firstIndex(of: "^").map { lines[3].distance(from: lines[3].startIndex, to: $0) }
        let markColumn = lines[2].firstIndex(of: "@").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        #expect(caretColumn != nil && caretColumn == markColumn)
    }
}
