extension Value {
    /// The value with every string in it (nested ones too) in NFC.
    public func normalized() -> Value {
        switch self {
        case .string(let text): .string(Normalization.nfc(text))
        case .list(let items): .list(items.map { $0.normalized() })
        case .map(let map): .map(ValueMap(map.entries.map { (Normalization.nfc($0.key), $0.value.normalized()) }))
        default: self
        }
    }
}
