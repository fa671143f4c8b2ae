import Glibc

/// Writes files so that readers see the old content or the new, never a mix: the bytes go to a
/// temporary file in the same directory, are flushed to disk, then renamed over the target.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot write: \(reason)" }
    }

    public static func write(_ bytes: some Collection<UInt8>, to requested: String) throws(WriteError) {
        do {
            try write(to: requested) { sink in
                if try bytes.withContiguousStorageIfAvailable({ try sink(UnsafeRawBufferPointer($0)) }) == nil {
                    try Array(bytes).withUnsafeBytes(sink)
                }
            }
        } catch let error as WriteError {
            throw error
        } catch {
            throw WriteError(path: requested, reason: "\(error)")
        }
    }

    /// Writes what `produce` hands its sink, piece by piece, to a temporary file beside the
    /// target, then flushes and renames it over the target. When `produce` throws, or a piece
    /// cannot be written (`WriteError`), the target is left as it was and the temporary removed.
    public static func write(to requested: String, _ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        // Through a symbolic link, the file it names is replaced (the link stays a link).
        let path = target(of: requested)
        var existing = stat()
        if lstat(path, &existing) == 0 && (existing.st_mode & S_IFMT) != S_IFREG {
            throw WriteError(path: requested, reason: "not a regular file")
        }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let base = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory.isEmpty ? "/" : directory)/.\(base).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw WriteError(path: path, reason: errorText()) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var status = stat()
        let mode: mode_t = stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0o644
        do {
            try produce { buffer in
                var written = 0
                while written < buffer.count {
                    let result = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                    if result < 0 {
                        if errno == EINTR { continue }
                        throw WriteError(path: path, reason: errorText())
                    }
                    written += result
                }
            }
            guard fchmod(fd, mode) == 0 && fsync(fd) == 0 else { throw WriteError(path: path, reason: errorText()) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let reason = errorText()
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        let directoryFD = open(directory.isEmpty ? "/" : directory, O_RDONLY)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// The file a path names once symbolic links are followed (the path itself when it does
    /// not exist yet, or its directory's links when only the file is missing).
    public static func target(of path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        return path
    }

    /// Temporary files a save left beside `path` when it was killed (`.NAME.tmp-XXXXXX`,
    /// untouched for `age` seconds, so a save running now in another process keeps its own):
    /// removed, and their names returned for the caller to report.
    public static func removeStaleTemporaries(of requested: String, olderThan age: Int = 60) -> [String] {
        let path = target(of: requested)
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let base = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        let prefix = ".\(base).tmp-"
        guard let stream = opendir(directory.isEmpty ? "/" : directory) else { return [] }
        defer { closedir(stream) }
        var removed: [String] = []
        let now = time(nil)
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix(prefix), name.utf8.count == prefix.utf8.count + 6 else { continue }
            let full = (directory.isEmpty ? "" : directory) + "/" + name
            var status = stat()
            guard lstat(full, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
                  Int(now - status.st_mtim.tv_sec) >= age, unlink(full) == 0 else { continue }
            removed.append(full)
        }
        return removed
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
