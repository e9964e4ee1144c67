import LiushiActualSchedule
import LiushiCore

/// What `liushi print` renders, in every format: one village's schedule, or every village of the
/// township (`--all`) in one document.
public struct PrintDocument {
    public var townshipName: String
    /// One village, or all of them for `--all`.
    public var villages: [Village]
    public var from: Day
    public var to: Day
    /// Fixed days (and skipped periods) at their actual dates, ordered by date, then village id.
    public var entries: [ScheduleEntry]
    /// Fixed days scheduled in the period but moved out of it: text and HTML show "moved to …"
    /// on their scheduled date; CSV, iCalendar and JSON list a day only at its actual date.
    public var movedAway: [ScheduleEntry]
    public var language: Language
    /// Years in [from, to] without official holiday data.
    public var provisionalYears: [Int]
    /// "Today", passed in: the date printed on the document and the ICS DTSTAMP.
    public var generatedOn: Day
    /// For `--person`: whose fixed days these are.
    public var person: String?

    public init(townshipName: String, villages: [Village], from: Day, to: Day, entries: [ScheduleEntry],
                movedAway: [ScheduleEntry] = [], language: Language, provisionalYears: [Int], generatedOn: Day) {
        self.townshipName = townshipName
        self.villages = villages
        self.from = from
        self.to = to
        self.entries = entries
        self.movedAway = movedAway
        self.language = language
        self.provisionalYears = provisionalYears
        self.generatedOn = generatedOn
    }

    /// True when the document covers more than one village (`--all`): the village then shows
    /// with every row.
    public var isAllVillages: Bool { villages.count != 1 || person != nil }

    /// One quarter of the document (a printed page for text and html).
    public struct Quarter {
        public var year: Int
        /// 1–4.
        public var quarter: Int
        public var entries: [ScheduleEntry]
    }

    /// True for an entry of `movedAway`: shown on its scheduled date as "moved to …".
    public func isMovedAway(_ e: ScheduleEntry) -> Bool { e.date < from || e.date > to }

    /// The date a row shows: the actual date, or the scheduled one of a day moved away.
    public func shownDate(_ e: ScheduleEntry) -> Day { isMovedAway(e) ? e.scheduledDate : e.date }

    /// The rows of text and HTML: `entries` with `movedAway` merged in at their scheduled dates.
    public var rows: [ScheduleEntry] { PrintDocument.merged(entries, movedAway: movedAway) }

    /// Fixed days (by actual date) with days moved away (by scheduled date) merged in; on the
    /// same date the fixed day comes first.
    public static func merged(_ entries: [ScheduleEntry], movedAway: [ScheduleEntry]) -> [ScheduleEntry] {
        guard !movedAway.isEmpty else { return entries }
        var out: [ScheduleEntry] = []
        out.reserveCapacity(entries.count + movedAway.count)
        var i = 0, k = 0
        while i < entries.count || k < movedAway.count {
            if k == movedAway.count || (i < entries.count && entries[i].date <= movedAway[k].scheduledDate) {
                out.append(entries[i]); i += 1
            } else {
                out.append(movedAway[k]); k += 1
            }
        }
        return out
    }

    /// The quarters that have rows, in order; rows keep their order inside each.
    public var quarters: [Quarter] {
        var out: [Quarter] = []
        for e in rows {
            let (y, m, _) = shownDate(e).ymd
            let q = (m - 1) / 3 + 1
            if let last = out.last, last.year == y, last.quarter == q {
                out[out.count - 1].entries.append(e)
            } else {
                out.append(Quarter(year: y, quarter: q, entries: [e]))
            }
        }
        return out
    }

    // MARK: Shared texts

    /// "三都村 六事一日安排", or the township's for `--all`.
    public var title: String {
        if let p = person { return language == .zh ? p + " 六事一日安排" : p + " — six matters, one day" }
        let subject = isAllVillages ? (language == .zh ? townshipName + "各村" : townshipName + ", all villages")
            : villages[0].name
        return language == .zh ? subject + " 六事一日安排" : subject + " — six matters, one day"
    }

    /// "乾潭镇　2025-01-01 至 2025-12-31" (the township only when one village is shown).
    public var subtitle: String {
        let period = language == .zh ? from.iso + " 至 " + to.iso : from.iso + " to " + to.iso
        if isAllVillages { return period }
        return townshipName.isEmpty ? period : townshipName + (language == .zh ? "　" : ", ") + period
    }

    /// "生成日期：2025-01-01".
    public var generatedLine: String {
        language.pick("生成日期：", "Generated on ") + generatedOn.iso
    }

    /// The warning for years without official holiday data, or nil when there are none.
    public var provisionalLine: String? {
        guard !provisionalYears.isEmpty else { return nil }
        let years = provisionalYears.sorted().map(String.init)
        if language == .zh {
            return "注：" + years.joined(separator: "、") + "年尚无国务院公布的节假日安排，节假日按法定规则推算，标“节假日暂定”的日期可能调整。"
        }
        return "Note: no official holiday arrangement yet for " + years.joined(separator: ", ")
            + "; holidays are computed from the statutory rules and days marked \"provisional\" may change."
    }

    /// The slogan of the method.
    public static let slogan = "日办周理、旬访月审、季决年评"

    /// "2025年第四季度（10—12月）", "2025 Q4 (Oct–Dec)".
    public func quarterTitle(_ q: Quarter) -> String {
        if language == .zh {
            let names = ["一", "二", "三", "四"]
            return "\(q.year)年第\(names[q.quarter - 1])季度（\(q.quarter * 3 - 2)—\(q.quarter * 3)月）"
        }
        let months = ["Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec"]
        return "\(q.year) Q\(q.quarter) (\(months[q.quarter - 1]))"
    }

    /// "（本期间没有固定日）" for a document without entries.
    public var emptyLine: String {
        language.pick("本期间没有固定日。", "No fixed days in this period.")
    }

    /// The column headings the text and html tables share.
    func headings(village: Bool) -> [String] {
        var h = language == .zh
            ? ["日期", "星期", "农历", "节奏", "六事", "时间", "参加人员", "备注／事项"]
            : ["Date", "Day", "Lunar", "Rhythms", "Matters", "Time", "Attendees", "Note / items"]
        if village { h.insert(language.pick("村", "Village"), at: 3) }
        return h
    }

    /// "事项：#12 村道路灯维修 [督事]", or "" when none are due.
    func itemsLine(_ e: ScheduleEntry) -> String {
        e.items.isEmpty || isMovedAway(e) ? "" : language.pick("事项：", "Items: ") + Labels.items(e, language)
    }
}

extension PrintDocument {
    /// The note of a row: "改到 2027-01-04" for a day moved away, else `Labels.note`.
    func note(_ e: ScheduleEntry, shortDates: Bool = true) -> String {
        if isMovedAway(e), let to = e.movedTo { return Labels.movedTo(to, language) }
        return Labels.note(e, language, shortDates: shortDates)
    }
}
