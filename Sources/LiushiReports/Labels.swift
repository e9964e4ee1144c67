import LiushiActualSchedule
import LiushiCore

/// The words reports and the UI show, in Chinese or English.
public enum Labels {
    public static func rhythms(_ rs: [Rhythm], _ lang: Language) -> String {
        rs.map { lang == .zh ? $0.chinese : $0.key }.joined(separator: lang == .zh ? "、" : ", ")
    }

    public static func matters(_ ms: [Matter], _ lang: Language) -> String {
        ms.map { lang == .zh ? $0.chinese : $0.key }.joined(separator: lang == .zh ? "、" : ", ")
    }

    public static func weekday(_ d: Day, _ lang: Language) -> String {
        lang == .zh ? Weekdays.chinese(d.weekday) : Weekdays.english[d.weekday - 1]
    }

    /// 十月初九, or the month name on 初一 (for calendars).
    public static func lunar(_ d: Day) -> String {
        guard let l = Lunar.date(of: d) else { return "" }
        return Lunar.chineseName(of: l)
    }

    static let holidayEnglish: [String: String] = [
        "元旦": "New Year's Day", "春节": "Spring Festival", "清明节": "Qingming Festival", "劳动节": "Labour Day",
        "端午节": "Dragon Boat Festival", "中秋节": "Mid-Autumn Festival", "国庆节": "National Day",
        "周末": "weekend", "期内无工作日": "no working day in the period",
    ]

    /// A reason in the chosen language: holiday names are translated where known.
    public static func reason(_ r: String, _ lang: Language) -> String {
        if lang == .zh { return r }
        if let e = holidayEnglish[r] { return e }
        let parts = r.split(separator: "、").map(String.init)
        if parts.count > 1, parts.allSatisfy({ holidayEnglish[$0] != nil }) {
            return parts.map { holidayEnglish[$0]! }.joined(separator: " and ")
        }
        return r
    }

    /// "08:30-10:00" (an ASCII hyphen: U+2013 is two columns wide in many CJK terminals), or
    /// "08:30" without a duration. A meeting running past midnight ends on a later day, marked
    /// `+1` (`+2` …): "23:30-01:30+1", as in every format (iCalendar's DTEND is on that day).
    public static func time(_ e: ScheduleEntry) -> String {
        guard let t = e.time else { return "" }
        guard let d = e.duration else { return ClockTime.text(t) }
        return ClockTime.text(t) + "-" + end(start: t, duration: d)
    }

    /// The end of a meeting: "10:00", or "01:30+1" on the next day.
    public static func end(start t: Int, duration d: Int) -> String {
        let end = t + max(d, 0)
        let days = end / (24 * 60)
        return ClockTime.text(end % (24 * 60)) + (days > 0 ? "+\(days)" : "")
    }

    /// Month-day for notes: "10-01".
    public static func shortDate(_ d: Day) -> String { String(d.iso.dropFirst(5)) }

    /// The note column: shifted, kept on a day off, skipped, moved, cancelled, provisional.
    public static func note(_ e: ScheduleEntry, _ lang: Language, shortDates: Bool = true) -> String {
        var notes: [String] = []
        let date: (Day) -> String = { shortDates ? shortDate($0) : $0.iso }
        if e.skipped {
            notes.append(lang.pick("本期不安排：", "skipped: ") + reason(e.reason ?? "", lang))
        } else if let from = e.shiftedFrom {
            let r = reason(e.reason ?? "", lang)
            notes.append(lang == .zh ? "由\(date(from))调整（\(r)）" : "moved from \(date(from)) (\(r))")
        } else if e.onDayOff {
            notes.append(lang == .zh ? "节假日照常（\(reason(e.reason ?? "", lang))）" : "on a day off (\(reason(e.reason ?? "", lang)))")
        }
        if let r = e.record {
            if r.movedTo != nil {
                notes.append(lang == .zh ? "改期自\(date(e.scheduledDate))" : "rescheduled from \(date(e.scheduledDate))")
            }
            switch r.outcome {
            case .held?:
                var held = DayState.held.label(lang)
                if !r.attended.isEmpty { held += lang.pick("，到会：", ", present: ") + roles(r.attended, e.village, lang) }
                notes.append(held)
            case .cancelled?: notes.append(DayState.cancelled.label(lang))
            case nil: break
            }
            if !r.note.isEmpty { notes.append(r.note) }
        }
        if e.provisional { notes.append(lang.pick("节假日暂定", "provisional")) }
        return notes.joined(separator: lang == .zh ? "；" : "; ")
    }

    /// "改到 2027-01-04", "moved to 2027-01-04": the old date of a day moved away.
    public static func movedTo(_ d: Day, _ lang: Language) -> String { DayStatus.moved(to: d).label(lang) }

    /// Roles with the village's names for them: "村两委干部、乡镇联系领导（王明）".
    public static func roles(_ roles: [Role], _ village: Village, _ lang: Language) -> String {
        roles.map { role in
            let title = role.label(lang)
            if let who = village.people[role], !who.isEmpty { return title + (lang == .zh ? "（\(who)）" : " (\(who))") }
            return title
        }.joined(separator: lang == .zh ? "、" : ", ")
    }

    public static func attendees(_ e: ScheduleEntry, _ lang: Language) -> String {
        e.attendees.map { role in
            let title = lang == .zh ? role.chinese : role.english
            if let who = e.village.people[role], !who.isEmpty { return title + (lang == .zh ? "（\(who)）" : " (\(who))") }
            return title
        }.joined(separator: lang == .zh ? "、" : ", ")
    }

    public static func items(_ e: ScheduleEntry, _ lang: Language) -> String {
        e.items.map { item($0, lang) }.joined(separator: lang == .zh ? "；" : "; ")
    }

    /// "#12 村道路灯维修 [督事]（顺延2次）".
    public static func item(_ i: DueItem, _ lang: Language) -> String {
        var s = "#\(i.id) \(i.title) [\(i.stage.label(lang))]"
        if i.carryOvers > 0 { s += lang == .zh ? "（顺延\(i.carryOvers)次）" : " (carried over \(i.carryOvers)×)" }
        return s
    }
}
