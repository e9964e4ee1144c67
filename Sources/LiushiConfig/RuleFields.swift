import LiushiCore

/// One field of a rule as written, with the node to point at. `value == nil` means the field was
/// written empty (`time: ~`), which unsets what the township gave.
struct Field<T> {
    var value: T?
    var node: MarkKey
}

/// The fields of one rule as written in one place (the township's `rhythms` or a village's), before
/// the village's fields are laid over the township's.
struct RuleFields {
    /// The rhythm's key (`xun:`) where this rule was written.
    var keyNode: MarkKey
    var day: Field<DaySpec>?
    var month: Field<Int>?
    var calendar: Field<CalendarKind>?
    var holiday: Field<HolidayPolicy>?
    var matters: Field<[Matter]>?
    var time: Field<Int>?
    var duration: Field<Int>?
    var attendees: Field<[Role]>?

    init(keyNode: MarkKey) { self.keyNode = keyNode }

    static let ruleKeys = ["day", "matters", "month", "calendar", "time", "duration", "attendees", "holiday"]
    /// `rhythms.day` (日办) is every working day: it has no day to choose.
    static let dailyKeys = ["matters", "time", "duration", "attendees"]

    /// The village's fields laid over these, field by field.
    func overlaid(by v: RuleFields) -> RuleFields {
        var r = self
        r.keyNode = v.keyNode
        if let f = v.day { r.day = f }
        if let f = v.month { r.month = f }
        if let f = v.calendar { r.calendar = f }
        if let f = v.holiday { r.holiday = f }
        if let f = v.matters { r.matters = f }
        if let f = v.time { r.time = f }
        if let f = v.duration { r.duration = f }
        if let f = v.attendees { r.attendees = f }
        return r
    }

    /// The node of the field a rule problem names, if this rule set it.
    func node(of field: RuleProblem.Field) -> MarkKey? {
        switch field {
        case .day: return day?.node
        case .month: return month?.node
        case .calendar: return calendar?.node
        case .matters: return matters?.node
        }
    }

    /// Parses the rule written under `keyNode` (`value` may be empty: a rule with no fields).
    static func parse(_ value: YNode, keyNode: YNode, path: @autoclosure () -> String, allowed: [String], _ src: SourceFile)
        throws(ConfigError) -> RuleFields {
        var r = RuleFields(keyNode: keyNode.mark)
        if value.isNull { return r }
        for e in try Read.entries(value, key: keyNode, field: path(), allowed: allowed, src) {
            func field() -> String { path() + "." + e.key }
            let here = Read.anchor(e.value, key: e.keyNode).mark
            if e.value.isNull {
                // An empty value unsets the field.
                switch e.key {
                case "day": r.day = Field(value: nil, node: here)
                case "month": r.month = Field(value: nil, node: here)
                case "calendar": r.calendar = Field(value: nil, node: here)
                case "holiday": r.holiday = Field(value: nil, node: here)
                case "matters": r.matters = Field(value: nil, node: here)
                case "time": r.time = Field(value: nil, node: here)
                case "duration": r.duration = Field(value: nil, node: here)
                default: r.attendees = Field(value: nil, node: here)
                }
                continue
            }
            switch e.key {
            case "day": r.day = Field(value: try parseDay(e, field(), src), node: here)
            case "month": r.month = Field(value: try parseMonth(e, field(), src), node: here)
            case "calendar": r.calendar = Field(value: try parseCalendar(e, field(), src), node: here)
            case "holiday": r.holiday = Field(value: try parseHoliday(e, field(), src), node: here)
            case "matters": r.matters = Field(value: try parseMatters(e, field(), src), node: here)
            case "time": r.time = Field(value: try parseTime(e, field(), src), node: here)
            case "duration": r.duration = Field(value: try parseDuration(e, field(), src), node: here)
            default: r.attendees = Field(value: try parseAttendees(e, field(), src), node: here)
            }
        }
        return r
    }

    // MARK: Fields

    static let dayForms = Words(
        "a number N (the Nth day, e.g. 5) or -N (the Nth from the end, e.g. -1), a weekday for week (mon, 周一), "
            + "an ordinal weekday (1st mon, 2nd tue, last fri, 第2个周二), or an ordinal workday (1st workday, last workday, 第1个工作日)",
        "数字 N（第 N 天，如 5）或 -N（倒数第 N 天，如 -1）、week 用的星期几（mon、周一）、"
            + "序数加星期（1st mon、2nd tue、last fri、第2个周二）或序数加工作日（1st workday、last workday、第1个工作日）")

    static func parseDay(_ e: Entry, _ field: @autoclosure () -> String, _ src: SourceFile) throws(ConfigError) -> DaySpec {
        let raw = try Read.text(e.value, key: e.keyNode, field: field(), dayForms, src)
        guard let spec = DaySpec.parse(raw) else {
            throw src.error(at: e.value, Words("`\(field())` cannot be `\(raw)`; expected \(dayForms.en)",
                                               "`\(field())` 不能是 `\(raw)`；应为\(dayForms.zh)"))
        }
        return spec
    }

    static func parseMonth(_ e: Entry, _ field: @autoclosure () -> String, _ src: SourceFile) throws(ConfigError) -> Int {
        func what() -> Words { Words("a whole number (quarter: 1–3, year: 1–12)", "整数（quarter：1–3，year：1–12）") }
        let raw = try Read.text(e.value, key: e.keyNode, field: field(), what(), src)
        guard let m = Int(raw) else {
            throw src.error(at: e.value, Words("`\(field())` must be \(what().en), not `\(raw)`", "`\(field())` 应为\(what().zh)，而不是 `\(raw)`"))
        }
        return m
    }

    /// `gregorian` (公历) or `lunar` (农历).
    static func parseCalendar(_ e: Entry, _ field: @autoclosure () -> String, _ src: SourceFile) throws(ConfigError) -> CalendarKind {
        func what() -> Words { Words("`gregorian` (公历) or `lunar` (农历)", "`gregorian`（公历）或 `lunar`（农历）") }
        let raw = try Read.text(e.value, key: e.keyNode, field: field(), what(), src)
        switch raw.lowercased() {
        case "gregorian", "公历": return .gregorian
        case "lunar", "农历": return .lunar
        default:
            throw src.error(at: e.value, Words("unknown calendar `\(raw)`; expected \(what().en)", "未知的历法 `\(raw)`；应为\(what().zh)"))
        }
    }

    /// `later` (also 顺延), `earlier` (also 提前), `keep`, `skip`.
    static func parseHoliday(_ e: Entry, _ field: @autoclosure () -> String, _ src: SourceFile) throws(ConfigError) -> HolidayPolicy {
        func what() -> Words { Words("one of later (顺延), earlier (提前), keep, skip", "later（顺延）、earlier（提前）、keep、skip 之一") }
        let raw = try Read.text(e.value, key: e.keyNode, field: field(), what(), src)
        switch raw.lowercased() {
        case "later", "顺延": return .later
        case "earlier", "提前": return .earlier
        case "keep": return .keep
        case "skip": return .skip
        default:
            throw src.error(at: e.value, Words("unknown holiday policy `\(raw)`; expected \(what().en)",
                                               "未知的节假日处理方式 `\(raw)`；应为\(what().zh)"))
        }
    }

    static let matterNames = Words(
        Matter.allCases.map(\.key).joined(separator: ", ") + " (or " + Matter.allCases.map(\.chinese).joined(separator: " ") + ")",
        Matter.allCases.map(\.chinese).joined(separator: "、") + "（或 " + Matter.allCases.map(\.key).joined(separator: " ") + "）")
    static let roleNames = Words(Role.allCases.map(\.rawValue).joined(separator: ", "), Role.allCases.map(\.rawValue).joined(separator: "、"))

    static func parseMatters(_ e: Entry, _ field: @autoclosure () -> String, _ src: SourceFile) throws(ConfigError) -> [Matter] {
        let names = matterNames
        func what() -> Words { Words("a list of matters: \(names.en)", "事项列表：\(names.zh)") }
        var out: [Matter] = []
        for item in try Read.items(e.value, key: e.keyNode, field: field(), single: true, what(), src) {
            let raw = try Read.text(item, key: nil, field: field(), Words("a matter: \(names.en)", "事项：\(names.zh)"), src)
            guard let m = Matter(name: raw) else {
                throw src.error(at: item, Words("unknown matter `\(raw)`; expected one of \(names.en)", "未知的事项 `\(raw)`；应为 \(names.zh) 之一"))
            }
            if !out.contains(m) { out.append(m) }
        }
        return out
    }

    static func parseTime(_ e: Entry, _ field: @autoclosure () -> String, _ src: SourceFile) throws(ConfigError) -> Int {
        func what() -> Words { Words("a time of day \"HH:MM\" (00:00–23:59), e.g. \"08:30\"", "时刻 \"HH:MM\"（00:00–23:59），如 \"08:30\"") }
        let raw = try Read.text(e.value, key: e.keyNode, field: field(), what(), src)
        guard let t = ClockTime.parse(raw) else {
            throw src.error(at: e.value, Words("`\(field())` cannot be `\(raw)`; expected \(what().en)", "`\(field())` 不能是 `\(raw)`；应为\(what().zh)"))
        }
        return t
    }

    static func parseDuration(_ e: Entry, _ field: @autoclosure () -> String, _ src: SourceFile) throws(ConfigError) -> Int {
        func what() -> Words { Words("a duration such as 2h, 90m or 1h30m (at most 24h)", "时长，如 2h、90m 或 1h30m（最长 24h）") }
        let raw = try Read.text(e.value, key: e.keyNode, field: field(), what(), src)
        guard let d = ClockTime.parseDuration(raw) else {
            throw src.error(at: e.value, Words("`\(field())` cannot be `\(raw)`; expected \(what().en)", "`\(field())` 不能是 `\(raw)`；应为\(what().zh)"))
        }
        return d
    }

    /// Role keys of docs/DESIGN.md §1 (`committees`), or their Chinese names (村两委干部).
    static func parseAttendees(_ e: Entry, _ field: @autoclosure () -> String, _ src: SourceFile) throws(ConfigError) -> [Role] {
        let names = roleNames
        func what() -> Words { Words("a list of roles: \(names.en)", "角色列表：\(names.zh)") }
        var out: [Role] = []
        for item in try Read.items(e.value, key: e.keyNode, field: field(), single: true, what(), src) {
            let raw = try Read.text(item, key: nil, field: field(), Words("a role: \(names.en)", "角色：\(names.zh)"), src)
            guard let r = Role(rawValue: raw.lowercased()) ?? Role.allCases.first(where: { $0.chinese == raw }) else {
                throw src.error(at: item, Words("unknown role `\(raw)`; expected one of \(names.en)", "未知的角色 `\(raw)`；应为 \(names.zh) 之一"))
            }
            if !out.contains(r) { out.append(r) }
        }
        return out
    }
}

/// The `rhythms` mapping of the township or of a village.
struct RhythmsFields {
    /// By rhythm (`Rhythm.rawValue`).
    var byRhythm = [RuleFields?](repeating: nil, count: Rhythm.allCases.count)
    var daily: RuleFields?

    static let keys = ["day"] + Rhythm.allCases.map(\.key)

    static func parse(_ value: YNode, keyNode: YNode, path: @autoclosure () -> String, _ src: SourceFile) throws(ConfigError) -> RhythmsFields {
        var out = RhythmsFields()
        if value.isNull { return out }
        for e in try Read.entries(value, key: keyNode, field: path(), allowed: keys, src) {
            func p() -> String { path() + "." + e.key }
            if e.key == "day" {
                out.daily = try RuleFields.parse(e.value, keyNode: e.keyNode, path: p(), allowed: RuleFields.dailyKeys, src)
            } else if let r = Rhythm(key: e.key) {
                out.byRhythm[r.rawValue] = try RuleFields.parse(e.value, keyNode: e.keyNode, path: p(), allowed: RuleFields.ruleKeys, src)
            }
        }
        return out
    }
}
