import LiushiCore

/// `liushi holidays`: every day of a year that differs from an ordinary week.
public struct HolidaysReport {
    public let year: Int
    public let provisional: Bool
    public let source: String
    public let days: [(day: Day, kind: WorkCalendar.Kind, name: String)]

    public init(calendar: WorkCalendar, year: Int) {
        self.year = year
        provisional = calendar.isProvisional(year: year)
        source = calendar.years[year]?.source ?? ""
        days = calendar.specialDays(year: year)
    }

    static func kindKey(_ k: WorkCalendar.Kind) -> String { k == .makeUpWorkday ? "workday" : "holiday" }

    /// `date,kind,name,provisional`, one row per day.
    public func csv() -> String {
        var out = "date,kind,name,provisional\n"
        for d in days {
            out += "\(d.day.iso),\(HolidaysReport.kindKey(d.kind)),\(CSVField.escape(d.name)),\(provisional)\n"
        }
        return out
    }

    public func json() -> String {
        JSONText.lines(days.map { d in
            var o = JSONObject()
            o.add("date", d.day.iso)
            o.add("kind", HolidaysReport.kindKey(d.kind))
            o.add("name", d.name)
            o.add("provisional", provisional)
            return o.text
        })
    }

    public func text(_ lang: Language) -> String {
        var out = lang == .zh ? "\(year) 年节假日安排" : "Holidays of \(year)"
        if provisional {
            out += lang.pick("（暂定：尚无官方通知，按法定节日推算，无调休）", " (provisional: no official notice yet; statutory days computed, no make-up days)")
        }
        out += "\n"
        if !source.isEmpty && !provisional { out += lang.pick("来源：", "Source: ") + source + "\n" }
        // Consecutive days of one holiday are one line.
        var rows: [[String]] = []
        var i = 0
        while i < days.count {
            var j = i
            while j + 1 < days.count, days[j + 1].kind == days[i].kind, days[j + 1].name == days[i].name,
                  days[j + 1].day == days[j].day + 1 { j += 1 }
            let a = days[i].day, b = days[j].day
            let span = a == b ? a.iso : a.iso + " … " + b.iso
            let what = days[i].kind == .makeUpWorkday ? lang.pick("调休上班", "make-up working day")
                : Labels.reason(days[i].name, lang)
            let count = j - i + 1
            let weekday = a == b ? Labels.weekday(a, lang) : Labels.weekday(a, lang) + "–" + Labels.weekday(b, lang)
            rows.append([span, weekday, what, lang == .zh ? "\(count) 天" : "\(count) day" + (count == 1 ? "" : "s")])
            i = j + 1
        }
        let headers = lang == .zh ? ["日期", "星期", "安排", "天数"] : ["Date", "Day", "What", "Days"]
        return out + TextTable(headers: headers, rows: rows, flexible: [2]).render()
    }
}

/// RFC 4180 quoting for one field.
public enum CSVField {
    /// One field, as the schedule's CSV writes it (`CSVSchedule.field`): made inert with a leading
    /// `'` when a spreadsheet would take it for a formula (`=`, `+`, `-`, `@`, tab, CR), then
    /// quoted when RFC 4180 requires.
    public static func escape(_ s: String) -> String {
        CSVSchedule.field(s)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
