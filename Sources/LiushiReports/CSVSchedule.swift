import LiushiActualSchedule
import LiushiCore

/// `liushi print --format csv`: RFC 4180 (CRLF, quoted fields), UTF-8 with a byte order mark so
/// that Excel and WPS read the Chinese correctly, a header row, one row per fixed day or skipped
/// period. A cell that a spreadsheet would take for a formula is made inert with a leading `'`.
///
/// Columns: date, weekday, lunar, village id, village name, rhythms, matters, time, duration, end,
/// attendees, shifted from, reason, provisional, skipped, status, items, note. Headings and
/// values follow the document's language; dates are ISO 8601, times HH:MM, durations like `1h30m`;
/// `end` is HH:MM, with `+1` when the meeting runs past midnight (as in text and HTML).
/// A skipped period is a row of its own, marked `是`/`yes` under skipped and `本期不安排` /
/// `skipped` under status, with no matters, time, duration, end or attendees: it is not a meeting.
/// `note` (last) is the note column of the other formats, with full dates: it carries what the
/// other columns cannot, such as the date a moved day came from and the note of a mark.
public enum CSVSchedule {
    public static let byteOrderMark = "\u{FEFF}"

    public static func render(_ d: PrintDocument) -> String {
        let lang = d.language
        var out = byteOrderMark
        out.reserveCapacity(256 + d.entries.count * 200)
        let headings = lang == .zh
            ? ["日期", "星期", "农历", "村编号", "村名", "节奏", "六事", "时间", "时长", "结束", "参加人员", "原定日期", "原因",
               "节假日暂定", "本期不安排", "状态", "事项", "备注"]
            : ["date", "weekday", "lunar", "village id", "village name", "rhythms", "matters", "time", "duration", "end",
               "attendees", "shifted from", "reason", "provisional", "skipped", "status", "items", "note"]
        record(headings, into: &out)
        let yes = lang.pick("是", "yes"), no = lang.pick("否", "no")
        for e in d.entries {
            record([
                e.date.iso, Labels.weekday(e.date, lang), Labels.lunar(e.date), e.village.id, e.village.name,
                Labels.rhythms(e.rhythms, lang), e.skipped ? "" : Labels.matters(e.matters, lang),
                e.skipped ? "" : e.time.map(ClockTime.text) ?? "",
                e.skipped ? "" : e.duration.map(ClockTime.durationText) ?? "",
                e.skipped ? "" : end(e),
                e.skipped ? "" : Labels.attendees(e, lang), e.shiftedFrom?.iso ?? "",
                e.reason.map { Labels.reason($0, lang) } ?? "",
                e.provisional ? yes : no, e.skipped ? yes : no, status(e, lang),
                Labels.items(e, lang), Labels.note(e, lang, shortDates: false),
            ], into: &out)
        }
        return out
    }

    /// "10:00", "01:30+1"; empty without a time or a duration.
    static func end(_ e: ScheduleEntry) -> String {
        guard let t = e.time, let d = e.duration else { return "" }
        return Labels.end(start: t, duration: d)
    }

    static func status(_ e: ScheduleEntry, _ lang: Language) -> String {
        if e.skipped { return lang.pick("本期不安排", "skipped") }
        return e.record == nil || e.state == .scheduled ? "" : e.state.label(lang)
    }

    static func record(_ fields: [String], into out: inout String) {
        var first = true
        for f in fields {
            if !first { out += "," }
            first = false
            out += field(f)
        }
        out += "\r\n"
    }

    /// One field: made inert when it starts like a formula, then quoted when RFC 4180 requires.
    public static func field(_ raw: String) -> String {
        var s = raw
        if let c = s.unicodeScalars.first, c == "=" || c == "+" || c == "-" || c == "@" || c == "\t" || c == "\r" {
            s = "'" + s
        }
        var needsQuotes = false
        for u in s.utf8 where u == 0x2C || u == 0x22 || u == 0x0D || u == 0x0A { needsQuotes = true; break }
        guard needsQuotes else { return s }
        var q = "\""
        for c in s.unicodeScalars {
            if c == "\"" { q += "\"\"" } else { q.unicodeScalars.append(c) }
        }
        return q + "\""
    }
}
