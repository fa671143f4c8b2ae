import Foundation

/// Accent- and case-insensitive folding for Vietnamese (and other Latin-script) text.
///
/// In order: `Đ`/`đ` become `d` (they have no Unicode decomposition), canonical decomposition,
/// nonspacing marks dropped (so ơ, ư, ă, â, ê, ô become o, u, a, a, e, o), lower case.
/// `fold("Trần Quốc Trung") == "tran quoc trung"`, and NFC and NFD input fold alike.
public enum Folding {
    public static func fold(_ text: String) -> String {
        var ascii = true
        for byte in text.utf8 where byte >= 0x80 { ascii = false; break }
        if ascii { return text.lowercased() }

        // Built as UTF-8 bytes from a table of folded bytes: no `String` per character.
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        let table = LatinTable.shared
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                result.append(UInt8(value >= 0x41 && value <= 0x5A ? value + 0x20 : value))
            } else if let folded = table.foldedBytes(value) {
                result.append(contentsOf: folded)
            } else if scalar.properties.generalCategory == .nonspacingMark {
                continue
            } else {
                return slowFold(text)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// A slug for ids: the folded text with every run of characters other than `a-z` and `0-9`
    /// turned into one `-`, and no `-` at either end. `slug("Bí thư Thành ủy")` is `bi-thu-thanh-uy`.
    public static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in fold(text).unicodeScalars {
            let isWordScalar = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if isWordScalar {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return out
    }

    /// The general path for scripts outside the table: Foundation's decomposition.
    private static func slowFold(_ text: String) -> String {
        let mapped = text.replacingOccurrences(of: "Đ", with: "D").replacingOccurrences(of: "đ", with: "d")
        var result = String.UnicodeScalarView()
        for scalar in mapped.decomposedStringWithCanonicalMapping.unicodeScalars
        where scalar.properties.generalCategory != .nonspacingMark {
            result.append(scalar)
        }
        return String(result).lowercased()
    }
}

/// Folded forms of the Latin-1 Supplement, Latin Extended-A/B and Latin Extended Additional
/// blocks (where Vietnamese lives), computed once with Foundation's decomposition.
private final class LatinTable: Sendable {
    static let shared = LatinTable()

    private static let ranges: [ClosedRange<UInt32>] = [0x80...0x24F, 0x1E00...0x1EFF]
    private let low: [[UInt8]]
    private let extended: [[UInt8]]

    private init() {
        low = Self.ranges[0].map { Array(Self.compute($0).utf8) }
        extended = Self.ranges[1].map { Array(Self.compute($0).utf8) }
    }

    /// The folded form's UTF-8 bytes, or nil outside the table.
    func foldedBytes(_ value: UInt32) -> [UInt8]? {
        if value >= 0x80 && value <= 0x24F { return low[Int(value - 0x80)] }
        if value >= 0x1E00 && value <= 0x1EFF { return extended[Int(value - 0x1E00)] }
        return nil
    }

    private static func compute(_ value: UInt32) -> String {
        if value == 0x110 || value == 0x111 { return "d" }
        guard let scalar = Unicode.Scalar(value) else { return "" }
        var kept = String.UnicodeScalarView()
        for part in String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
        where part.properties.generalCategory != .nonspacingMark {
            kept.append(part)
        }
        return String(kept).lowercased()
    }
}
