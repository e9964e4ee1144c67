/// How a rule picks its day inside a period (docs/DESIGN.md §3, the `day` field).
public enum DaySpec: Hashable, Sendable {
    /// The Nth day of the period (N ≥ 1) or the Nth from its end (N ≤ −1).
    case nth(Int)
    /// A bare weekday, 1 = Monday … 7 = Sunday; only for `week`.
    case weekday(Int)
    /// The Nth such weekday in the period; ordinal −1 means `last`.
    case nthWeekday(ordinal: Int, weekday: Int)
    /// The Nth working day in the period; ordinal −1 means `last`.
    case nthWorkday(ordinal: Int)

    /// True for the forms that `holiday` applies to (days chosen by number or weekday).
    public var isWorkdayForm: Bool {
        if case .nthWorkday = self { return true }
        return false
    }

    /// The number that a limit applies to, if any (N, or the ordinal when not `last`).
    var count: Int? {
        switch self {
        case .nth(let n): return n
        case .weekday: return nil
        case .nthWeekday(let o, _): return o == -1 ? nil : o
        case .nthWorkday(let o): return o == -1 ? nil : o
        }
    }

    /// The text form used in configuration (`5`, `-1`, `mon`, `2nd tue`, `last workday`).
    public var text: String {
        switch self {
        case .nth(let n): return String(n)
        case .weekday(let w): return Weekdays.keys[w - 1]
        case .nthWeekday(let o, let w): return DaySpec.ordinalText(o) + " " + Weekdays.keys[w - 1]
        case .nthWorkday(let o): return DaySpec.ordinalText(o) + " workday"
        }
    }

    public static func ordinalText(_ o: Int) -> String {
        if o == -1 { return "last" }
        let tens = (o / 10) % 10
        let suffix: String
        if tens == 1 { suffix = "th" } else {
            switch o % 10 {
            case 1: suffix = "st"
            case 2: suffix = "nd"
            case 3: suffix = "rd"
            default: suffix = "th"
            }
        }
        return String(o) + suffix
    }

    /// Parses the string forms. Integers arrive as `.nth` through `init(integer:)`.
    /// Accepted: `mon`…`sun`, `monday`…, `周一`…`周日` (also `星期一`, `周天`); `1st mon`, `last fri`,
    /// `2nd workday`, `last workday`; Chinese `第2个周二`, `最后一个周五`, `第1个工作日`, `最后一个工作日`;
    /// and a number written as a string (`"5"`, `"-1"`).
    public static func parse(_ raw: String) -> DaySpec? {
        let text = raw.trimmingWhitespace()
        if let n = Int(text) { return .nth(n) }
        if let w = Weekdays.parse(text) { return .weekday(w) }
        // Chinese ordinals (not looked for in ASCII text).
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        if !ascii, text.hasPrefix("最后一个") || text.hasPrefix("最后") {
            let rest = String(text.dropFirst(text.hasPrefix("最后一个") ? 4 : 2))
            return target(rest, ordinal: -1)
        }
        if !ascii, text.hasPrefix("第") {
            let body = text.dropFirst()
            let digits = body.prefix { $0.isASCII && $0.isNumber }
            guard let o = Int(digits), o >= 1 else { return nil }
            var rest = body.dropFirst(digits.count)
            if rest.hasPrefix("个") { rest = rest.dropFirst() }
            return target(String(rest), ordinal: o)
        }
        // English ordinals.
        let parts = text.lowercased().split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        let ord: Int
        if parts[0] == "last" {
            ord = -1
        } else {
            let p = parts[0]
            guard p.count >= 3 else { return nil }
            let digits = p.dropLast(2)
            let suffix = p.suffix(2)
            guard let o = Int(digits), o >= 1, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  suffix == ordinalText(o).suffix(2) else { return nil }
            ord = o
        }
        return target(String(parts[1]), ordinal: ord)
    }

    private static func target(_ word: String, ordinal: Int) -> DaySpec? {
        let w = word.lowercased()
        if w == "workday" || w == "working day" || w == "工作日" { return .nthWorkday(ordinal: ordinal) }
        if let wd = Weekdays.parse(w) { return .nthWeekday(ordinal: ordinal, weekday: wd) }
        return nil
    }
}

public enum Weekdays {
    public static let keys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    public static let english = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let long = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// 一 二 三 四 五 六 日
    public static let chineseShort = ["一", "二", "三", "四", "五", "六", "日"]

    /// 周一 … 周日
    public static func chinese(_ w: Int) -> String { "周" + chineseShort[w - 1] }

    public static func parse(_ text: String) -> Int? {
        let t = text.lowercased()
        if let i = keys.firstIndex(of: t) { return i + 1 }
        if let i = long.firstIndex(of: t) { return i + 1 }
        guard !t.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        for prefix in ["周", "星期", "礼拜"] where t.hasPrefix(prefix) {
            let rest = String(t.dropFirst(prefix.count))
            if let i = chineseShort.firstIndex(of: rest) { return i + 1 }
            if rest == "天" { return 7 }
        }
        return nil
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Most values have no space at either end.
        if let f = utf8.first, let l = utf8.last, f > 0x20 && f < 0x7F && l > 0x20 && l < 0x7F { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
