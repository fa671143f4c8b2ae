extension RegularExpression {
    /// A class `[…]`: ranges and named classes, negated or not.
    struct ScalarSet {
        var ranges: [ClosedRange<UInt32>] = []
        var classes: [ScalarClass] = []
        var negated = false

        func contains(_ scalar: Unicode.Scalar, folding: Bool) -> Bool {
            var found = ranges.contains { $0.contains(scalar.value) } || classes.contains { $0.contains(scalar, folding: folding) }
            if !found && folding {
                found = RegularExpression.caseVariants(scalar).contains { other in ranges.contains { $0.contains(other.value) } }
            }
            return found != negated
        }
    }

    /// A named class: `\d`, `\p{Lu}`, a nested `[…]`, or the negation of one.
    indirect enum ScalarClass {
        case digit, word, space, horizontalSpace, verticalSpace
        case categories([Unicode.GeneralCategory])
        case ascii([ClosedRange<UInt32>])
        case asciiPunctuation
        case alphabetic, uppercase, lowercase, whiteSpace
        case set(ScalarSet)
        case not(ScalarClass)

        func contains(_ scalar: Unicode.Scalar, folding: Bool) -> Bool {
            switch self {
            case .digit: return ("0"..."9").contains(scalar)
            case .word: return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
            case .space:
                switch scalar.value {
                case 0x20, 0x09...0x0D: return true
                default: return false
                }
            case .horizontalSpace:
                switch scalar.value {
                case 0x20, 0x09, 0xA0, 0x1680, 0x180E, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return true
                default: return false
                }
            case .verticalSpace:
                switch scalar.value {
                case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
                default: return false
                }
            case .categories(let categories): return categories.contains(scalar.properties.generalCategory)
            case .ascii(let ranges): return ranges.contains { $0.contains(scalar.value) }
            case .asciiPunctuation: return scalar.isASCII && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars.contains(scalar)
            case .alphabetic: return scalar.properties.isAlphabetic
            case .uppercase: return scalar.properties.isUppercase
            case .lowercase: return scalar.properties.isLowercase
            case .whiteSpace: return scalar.properties.isWhitespace
            case .set(let set): return set.contains(scalar, folding: folding)
            case .not(let inner): return !inner.contains(scalar, folding: folding)
            }
        }

        /// `\p{name}`: a general category (`L`, `Lu`, `IsLu`), a Unicode property (`IsAlphabetic`)
        /// or one of Java's POSIX classes, which are ASCII only (`Alpha`, `Digit`, `Punct`).
        static func named(_ name: String) -> ScalarClass? {
            switch name {
            case "Lower": return .ascii([0x61...0x7A])
            case "Upper": return .ascii([0x41...0x5A])
            case "ASCII": return .ascii([0x00...0x7F])
            case "Alpha": return .ascii([0x41...0x5A, 0x61...0x7A])
            case "Digit": return .ascii([0x30...0x39])
            case "Alnum": return .ascii([0x30...0x39, 0x41...0x5A, 0x61...0x7A])
            case "XDigit": return .ascii([0x30...0x39, 0x41...0x46, 0x61...0x66])
            case "Punct": return .asciiPunctuation
            case "Space": return .space
            case "Blank": return .ascii([0x09...0x09, 0x20...0x20])
            case "Cntrl": return .ascii([0x00...0x1F, 0x7F...0x7F])
            case "IsAlphabetic": return .alphabetic
            case "IsLetter": return .categories(letters)
            case "IsUppercase": return .uppercase
            case "IsLowercase": return .lowercase
            case "IsDigit": return .categories([.decimalNumber])
            case "IsWhite_Space", "IsWhiteSpace": return .whiteSpace
            case "IsPunctuation": return .categories(categoryCodes.filter { $0.0.hasPrefix("P") }.map(\.1))
            default:
                let code = name.hasPrefix("Is") ? String(name.dropFirst(2)) : name
                let categories = categoryCodes.filter { $0.0 == code || (code.count == 1 && $0.0.hasPrefix(code)) }.map(\.1)
                return categories.isEmpty ? nil : .categories(categories)
            }
        }

        private static let letters: [Unicode.GeneralCategory] = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]

        private static let categoryCodes: [(String, Unicode.GeneralCategory)] = [
            ("Lu", .uppercaseLetter), ("Ll", .lowercaseLetter), ("Lt", .titlecaseLetter), ("Lm", .modifierLetter),
            ("Lo", .otherLetter), ("Mn", .nonspacingMark), ("Mc", .spacingMark), ("Me", .enclosingMark),
            ("Nd", .decimalNumber), ("Nl", .letterNumber), ("No", .otherNumber), ("Pc", .connectorPunctuation),
            ("Pd", .dashPunctuation), ("Ps", .openPunctuation), ("Pe", .closePunctuation), ("Pi", .initialPunctuation),
            ("Pf", .finalPunctuation), ("Po", .otherPunctuation), ("Sm", .mathSymbol), ("Sc", .currencySymbol),
            ("Sk", .modifierSymbol), ("So", .otherSymbol), ("Zs", .spaceSeparator), ("Zl", .lineSeparator),
            ("Zp", .paragraphSeparator), ("Cc", .control), ("Cf", .format), ("Cs", .surrogate),
            ("Co", .privateUse), ("Cn", .unassigned),
        ]
    }
}
