/// One fixed-day rule of one rhythm, after the village's fields were laid over the township's.
public struct Rule: Hashable, Sendable {
    public var rhythm: Rhythm
    public var day: DaySpec
    /// For `quarter` 1–3, for `year` 1–12: narrows the period to that month first.
    public var month: Int?
    public var calendar: CalendarKind
    public var holiday: HolidayPolicy
    public var matters: [Matter]
    /// Minutes after midnight.
    public var time: Int?
    /// Minutes.
    public var duration: Int?
    public var attendees: [Role]

    public init(rhythm: Rhythm, day: DaySpec, month: Int? = nil, calendar: CalendarKind = .gregorian,
                holiday: HolidayPolicy = .later, matters: [Matter]? = nil, time: Int? = nil,
                duration: Int? = nil, attendees: [Role] = []) {
        self.rhythm = rhythm
        self.day = day
        self.month = month
        self.calendar = calendar
        self.holiday = holiday
        self.matters = matters ?? rhythm.defaultMatters
        self.time = time
        self.duration = duration
        self.attendees = attendees
    }

    /// The largest `day` number (and ordinal) this rule may use (docs/DESIGN.md §3).
    public var dayLimit: Int {
        let lunar = calendar == .lunar
        // docs/DESIGN.md §3: "31 for a month or a month-narrowed rule" — lunar or not (a lunar month
        // clamps at its 29th or 30th day).
        if month != nil { return 31 }
        switch rhythm {
        case .week: return 7
        case .xun: return lunar ? 10 : 11
        case .month: return lunar ? 30 : 31
        case .quarter: return 92
        case .year: return lunar ? 385 : 366
        }
    }

    /// The first problem with this rule, or nil when it is valid. The field tells where to point.
    public func problem() -> RuleProblem? {
        if calendar == .lunar, rhythm == .week || rhythm == .quarter {
            return RuleProblem(field: .calendar, kind: .lunarNotAllowed(rhythm))
        }
        if let m = month {
            switch rhythm {
            case .quarter: if !(1...3).contains(m) { return RuleProblem(field: .month, kind: .monthOutOfRange(m, 3)) }
            case .year: if !(1...12).contains(m) { return RuleProblem(field: .month, kind: .monthOutOfRange(m, 12)) }
            default: return RuleProblem(field: .month, kind: .monthNotAllowed(rhythm))
            }
        }
        if case .weekday = day, rhythm != .week {
            return RuleProblem(field: .day, kind: .bareWeekdayNotAllowed(rhythm))
        }
        if case .nth(let n) = day, n == 0 { return RuleProblem(field: .day, kind: .zeroDay) }
        if let n = day.count, n.magnitude > UInt(dayLimit) {
            return RuleProblem(field: .day, kind: .dayOutOfRange(n, dayLimit))
        }
        if matters.isEmpty { return RuleProblem(field: .matters, kind: .noMatters) }
        return nil
    }
}

public struct RuleProblem: Hashable, Sendable, Error {
    public enum Field: String, Sendable { case day, month, calendar, matters }
    public enum Kind: Hashable, Sendable {
        case lunarNotAllowed(Rhythm)
        case monthNotAllowed(Rhythm)
        case monthOutOfRange(Int, Int)
        case bareWeekdayNotAllowed(Rhythm)
        case zeroDay
        case dayOutOfRange(Int, Int)
        case noMatters
    }
    public var field: Field
    public var kind: Kind

    public func message(chinese: Bool) -> String {
        switch kind {
        case .lunarNotAllowed(let r):
            return chinese ? "`calendar: lunar` 只能用于 xun、month、year，不能用于 \(r.key)"
                : "`calendar: lunar` is only allowed for xun, month and year, not for \(r.key)"
        case .monthNotAllowed(let r):
            return chinese ? "`month` 只能用于 quarter（1–3）和 year（1–12），不能用于 \(r.key)"
                : "`month` is only allowed for quarter (1–3) and year (1–12), not for \(r.key)"
        case .monthOutOfRange(let m, let max):
            return chinese ? "month 应为 1–\(max)，而不是 \(m)" : "month must be 1–\(max), not \(m)"
        case .bareWeekdayNotAllowed(let r):
            return chinese ? "单独的星期几只能用于 week；\(r.key) 需要序数，如 \"1st mon\""
                : "a bare weekday is only for week; \(r.key) needs an ordinal, e.g. \"1st mon\""
        case .zeroDay:
            return chinese ? "day 不能为 0（从 1 数起，或用负数从末尾数）"
                : "day cannot be 0 (count from 1, or from the end with a negative number)"
        case .dayOutOfRange(let n, let max):
            return chinese ? "day \(n) 超出范围：这个周期最多 \(max) 天" : "day \(n) is out of range: this period has at most \(max) days"
        case .noMatters:
            return chinese ? "matters 不能为空" : "matters must not be empty"
        }
    }
}

/// What the `day` rhythm (日办) carries: it is every working day, never a fixed day.
public struct DailyRule: Hashable, Sendable {
    public var matters: [Matter]
    public var time: Int?
    public var duration: Int?
    public var attendees: [Role]
    public init(matters: [Matter] = [.handle], time: Int? = nil, duration: Int? = nil, attendees: [Role] = []) {
        self.matters = matters
        self.time = time
        self.duration = duration
        self.attendees = attendees
    }
}

/// A village with its people and its effective rules (at most one per rhythm).
///
/// A value with its fields in one shared box, copied on the first change: a province's schedule
/// hands the same village to tens of thousands of entries, and a copy then costs one reference
/// count instead of one for each of its strings, arrays and dictionary.
public struct Village: Hashable, Sendable {
    private final class Fields: @unchecked Sendable {
        // Only changed through `Village.fields()` while uniquely referenced (copy on write).
        var id: String
        var name: String
        var people: [Role: String]
        var rules: [Rule]
        var daily: DailyRule
        var townshipName: String

        init(id: String, name: String, people: [Role: String], rules: [Rule], daily: DailyRule, townshipName: String) {
            self.id = id
            self.name = name
            self.people = people
            self.rules = rules
            self.daily = daily
            self.townshipName = townshipName
        }

        func copy() -> Fields {
            Fields(id: id, name: name, people: people, rules: rules, daily: daily, townshipName: townshipName)
        }
    }

    private var box: Fields

    private mutating func fields() -> Fields {
        if !isKnownUniquelyReferenced(&box) { box = box.copy() }
        return box
    }

    public var id: String {
        get { box.id }
        set { fields().id = newValue }
    }
    public var name: String {
        get { box.name }
        set { fields().name = newValue }
    }
    public var people: [Role: String] {
        get { box.people }
        set { fields().people = newValue }
    }
    public var rules: [Rule] {
        get { box.rules }
        set { fields().rules = newValue }
    }
    public var daily: DailyRule {
        get { box.daily }
        set { fields().daily = newValue }
    }
    /// The display name of the village's own township (`township.name` of its file; empty when
    /// unknown): headers and calendar entries of a county name each village's township.
    public var townshipName: String {
        get { box.townshipName }
        set { fields().townshipName = newValue }
    }

    public init(id: String, name: String, people: [Role: String] = [:], rules: [Rule], daily: DailyRule = DailyRule(),
                townshipName: String = "") {
        let inOrder = rules.indices.dropFirst().allSatisfy { rules[$0 - 1].rhythm < rules[$0].rhythm }
        box = Fields(id: id, name: name, people: people, rules: inOrder ? rules : rules.sorted { $0.rhythm < $1.rhythm }, daily: daily,
                     townshipName: townshipName)
    }

    public static func == (a: Village, b: Village) -> Bool {
        if a.box === b.box { return true }
        return a.id == b.id && a.name == b.name && a.people == b.people && a.rules == b.rules && a.daily == b.daily
            && a.townshipName == b.townshipName
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(name)
        hasher.combine(people)
        hasher.combine(rules)
        hasher.combine(daily)
        hasher.combine(townshipName)
    }

    public func rule(_ rhythm: Rhythm) -> Rule? { box.rules.first { $0.rhythm == rhythm } }
}

/// "HH:MM" ↔ minutes.
public enum ClockTime {
    public static func parse(_ text: String) -> Int? {
        // H:MM or HH:MM, ASCII digits only.
        var h = 0, m = 0, hourDigits = 0, minuteDigits = 0, colon = false
        for c in text.utf8 {
            if c == 0x3A {
                if colon { return nil }
                colon = true
            } else if c >= 0x30 && c <= 0x39 {
                if colon { m = m * 10 + Int(c - 0x30); minuteDigits += 1 } else { h = h * 10 + Int(c - 0x30); hourDigits += 1 }
                if hourDigits > 2 || minuteDigits > 2 { return nil }
            } else {
                return nil
            }
        }
        guard colon, hourDigits >= 1, minuteDigits == 2, h <= 23, m <= 59 else { return nil }
        return h * 60 + m
    }

    public static func text(_ minutes: Int) -> String {
        Day.pad(minutes / 60, 2) + ":" + Day.pad(minutes % 60, 2)
    }

    /// The longest duration a meeting may have: one day.
    public static let maxDuration = 24 * 60

    /// `2h`, `90m`, `1h30m` → minutes, at most `maxDuration`.
    public static func parseDuration(_ text: String) -> Int? {
        var total = 0, current = 0, sawDigit = false, sawUnit = false, sawH = false, sawM = false
        for c in text {
            if let d = c.wholeNumberValue, c.isASCII {
                current = current * 10 + d
                sawDigit = true
                if current > 100_000 { return nil }
            } else if c == "h" || c == "H" {
                guard sawDigit, !sawH, !sawM else { return nil }
                total += current * 60; current = 0; sawDigit = false; sawUnit = true; sawH = true
            } else if c == "m" || c == "M" {
                guard sawDigit, !sawM else { return nil }
                total += current; current = 0; sawDigit = false; sawUnit = true; sawM = true
            } else {
                return nil
            }
        }
        guard sawUnit, !sawDigit, total > 0, total <= maxDuration else { return nil }
        return total
    }

    public static func durationText(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        if h == 0 { return "\(m)m" }
        return m == 0 ? "\(h)h" : "\(h)h\(m)m"
    }
}
