import CadreGraph
import Foundation

/// What an interactive session changed since the graph was last saved, kept on disk beside the
/// graph file (`.NAME.journal`, like vim's swap file): each statement that changed the graph is
/// appended and flushed to disk (fsync) before its result is shown, so a session that is killed,
/// or whose terminal closes, loses nothing typed. At the next open, cadre says what it found and
/// offers to replay it; a save to the graph file, or changes dropped on purpose, remove it.
///
/// The journal is shell input: `:param` lines for the parameters a statement ran with, then
/// the statement, each record framed by its length (`-- cadre journal: N bytes`), so a record
/// cut short by a kill is recognized and left out.
final class SessionJournal {
    let path: String
    private let graphPath: String
    private var descriptor: Int32 = -1
    private static let header = "// cadre journal: statements not yet saved to "
    private static let recordMark = "-- cadre journal: "

    init(graphPath: String) {
        self.graphPath = graphPath
        path = Self.path(for: graphPath)
    }

    /// `.NAME.journal` beside the file a graph path names (through symbolic links).
    static func path(for graphPath: String) -> String {
        let target = AtomicFile.target(of: graphPath)
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[...$0]) } ?? ""
        let base = slash.map { String(target[target.index(after: $0)...]) } ?? target
        return directory + "." + base + ".journal"
    }

    /// Appends one piece of shell input and flushes it to disk. False (the caller reports it)
    /// when the journal cannot be written.
    func append(_ input: String) -> Bool {
        if descriptor < 0 {
            // As private as the graph: its mode, at most, and never readable by others when
            // the graph is not.
            var status = stat()
            let mode = stat(graphPath, &status) == 0 ? status.st_mode & 0o666 : 0o600
            descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode)
            guard descriptor >= 0 else { return false }
            if lseek(descriptor, 0, SEEK_END) == 0 {
                guard write(Self.header + graphPath + "\n") else { return false }
            }
        }
        let body = input.hasSuffix("\n") ? input : input + "\n"
        return write(Self.recordMark + "\(body.utf8.count) bytes\n" + body) && fsync(descriptor) == 0
    }

    private func write(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 { if errno == EINTR { continue }; return false }
            bytes = bytes.dropFirst(written)
        }
        return true
    }

    /// Closes and deletes the journal: its statements are saved, or were dropped on purpose.
    func remove() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(path)
    }

    /// The records of the journal at `path` (whole ones only), or nil when there is none.
    static func records(at path: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        var records: [String] = []
        var offset = bytes.firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
        let mark = Array(recordMark.utf8)
        while offset < bytes.count, bytes[offset...].starts(with: mark),
              let newline = bytes[offset...].firstIndex(of: 0x0A) {
            let counted = String(decoding: bytes[(offset + mark.count)..<newline], as: UTF8.self)
            guard let length = Int(counted.split(separator: " ").first ?? ""), newline + 1 + length <= bytes.count else { break }
            records.append(String(decoding: bytes[(newline + 1)..<(newline + 1 + length)], as: UTF8.self))
            offset = newline + 1 + length
        }
        return records
    }
}
