import Glibc

/// Large arrays a bulk reader fills (hundreds of megabytes for a national graph) are backed by
/// 2 MiB pages where the kernel offers them (transparent huge pages in `madvise` mode): one page
/// fault per 2 MiB instead of one per 4 KiB. Room never written stays unbacked either way.
enum HugePages {
    static let size = 2 << 20

    /// Asks for huge pages under `buffer` (its whole 2 MiB pages) when it spans 4 MiB or more;
    /// returns the range advised (nil: none, or the kernel declined).
    @discardableResult
    static func advise<T>(_ buffer: UnsafeMutableBufferPointer<T>) -> Range<Int>? {
        let length = buffer.count * MemoryLayout<T>.stride
        guard length >= 2 * size, let start = buffer.baseAddress else { return nil }
        let first = (Int(bitPattern: start) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: start) + length) & ~(size - 1)
        guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first),
              madvise(aligned, end - first, MADV_HUGEPAGE) == 0 else { return nil }
        return first..<end
    }
}

/// glibc's `malloc_trim` (in <malloc.h>, which the Glibc module does not export).
@_silgen_name("malloc_trim") private func mallocTrim(_ pad: Int) -> Int32

enum FreedMemory {
    /// Hands the pages malloc keeps free back to the system: after a bulk read, the parts'
    /// builders and their copies are gone (at 1,000,000 persons about 130 MB), and what follows
    /// (writing the file, a session) would otherwise carry them in its resident size.
    static func giveBack() { _ = mallocTrim(0) }
}

extension Array {
    /// `reserveCapacity`, with huge pages under large room (see `HugePages`).
    mutating func reserveLargeCapacity(_ count: Int) {
        reserveCapacity(count)
        let capacity = self.capacity
        withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { HugePages.advise(UnsafeMutableBufferPointer(start: base, count: capacity)) }
        }
    }
}
