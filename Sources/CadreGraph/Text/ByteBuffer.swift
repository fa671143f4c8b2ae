import Glibc

/// Bytes at a fixed address for as long as the object lives: a copy of an array, or a file
/// mapped into memory (read-only, pages shared with the page cache, so reading a large graph
/// file costs no copy and no fresh memory).
public final class ByteBuffer: @unchecked Sendable {
    public let bytes: UnsafeBufferPointer<UInt8>
    private let mapped: Bool

    public init(copying array: [UInt8]) {
        let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(array.count, 1))
        _ = memory.initialize(from: array)
        bytes = UnsafeBufferPointer(rebasing: memory[0..<array.count])
        mapped = false
    }

    /// Maps the file at `path`; nil when it cannot be opened or is not a regular file.
    public init?(mapping path: String) {
        // Non-blocking: opening a FIFO for reading would wait for a writer forever; it is
        // refused below as not a regular file. Reads of a regular file never block anyway.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(status.st_size)
        if size == 0 {
            bytes = UnsafeBufferPointer(start: UnsafeMutablePointer<UInt8>.allocate(capacity: 1), count: 0)
            mapped = false
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
              address != MAP_FAILED else { return nil }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
        mapped = true
    }

    /// Lets the pages wholly inside `range` of a mapped file go (they are read from the file
    /// again if touched): what a reader is done with stops counting as the process's memory.
    public func release(_ range: Range<Int>) {
        guard mapped, let base = bytes.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let address = Int(bitPattern: base)
        let start = (address + range.lowerBound + page - 1) / page * page
        let end = (address + range.upperBound) / page * page
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED)
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), bytes.count)
        } else {
            UnsafeMutablePointer(mutating: bytes.baseAddress!).deallocate()
        }
    }
}
