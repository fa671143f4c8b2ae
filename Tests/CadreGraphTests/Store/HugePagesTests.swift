import Foundation
import Testing
@testable import CadreGraph

struct HugePagesTests {
    /// Large room is advised in whole 2 MiB pages inside it, small room not at all, and the
    /// array keeps working as an array.
    @Test func largeRoomIsAdvisedInWholePagesInsideIt() {
        var large: [UInt32] = []
        large.reserveLargeCapacity(3 << 20) // 12 MiB
        let capacity = large.capacity
        let advised = large.withUnsafeMutableBufferPointer { buffer in
            HugePages.advise(UnsafeMutableBufferPointer(start: buffer.baseAddress, count: capacity))
        }
        let start = large.withUnsafeMutableBufferPointer { Int(bitPattern: $0.baseAddress) }
        let mode = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? ""
        #expect(advised != nil || !(mode.contains("[madvise]") || mode.contains("[always]")))
        if let advised { // nil where the kernel has no transparent huge pages
            #expect(advised.lowerBound % HugePages.size == 0 && advised.upperBound % HugePages.size == 0)
            #expect(advised.lowerBound >= start && advised.upperBound <= start + capacity * 4)
            #expect(advised.count >= 4 * HugePages.size)
        }
        var small = [UInt32](repeating: 1, count: 1000)
        #expect(small.withUnsafeMutableBufferPointer { HugePages.advise($0) } == nil)
        large.append(contentsOf: 0..<3_000_000)
        #expect(large.count == 3_000_000 && large[2_999_999] == 2_999_999)
    }
}
