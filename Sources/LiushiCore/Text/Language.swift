/// The language of labels: Chinese or English.
public enum Language: String, Sendable, CaseIterable {
    case zh, en

    /// `--lang` wins; else LC_ALL, LC_MESSAGES, LANG in that order: `zh*` means Chinese; else English.
    public static func choose(flag: String?, environment: [String: String]) -> Language? {
        if let f = flag {
            let l = f.lowercased()
            if l.hasPrefix("zh") { return .zh }
            if l.hasPrefix("en") { return .en }
            return nil
        }
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let v = environment[key], !v.isEmpty { return v.lowercased().hasPrefix("zh") ? .zh : .en }
        }
        return .en
    }

    /// Picks the text for this language.
    @inline(__always) public func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}
