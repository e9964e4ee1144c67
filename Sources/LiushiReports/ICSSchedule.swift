import LiushiActualSchedule
import LiushiCore

/// `liushi print --format ics`: an RFC 5545 calendar. CRLF line ends, content lines folded at 75
/// octets without splitting a UTF-8 character, TEXT values escaped, one VEVENT per fixed day
/// (skipped periods are not events).
///
/// - UID (DESIGN §8): `<village id>-<first rhythm>-<its period>@liushi`, e.g.
///   `qiantan-week-2027W05@liushi`; see `period(_:lunar:of:)`. Never the township's display name
///   or the date: renaming the township, moving a weekly rule from Monday to Tuesday, or a
///   `day mark … moved` (the day keeps the period it was scheduled in) updates the same event.
///   A village has at most one fixed day per rhythm and period, and a day whose first rhythm is
///   `xun` has no week rhythm, so UIDs are unique within a village.
/// - DTSTAMP: `generatedOn` at 00:00 UTC (deterministic: the same input gives the same file).
/// - SEQUENCE: the number of changes recorded for the day (marks and their undos): it never
///   decreases, so clients following RFC 5546 take every update.
/// - No `METHOD`: a published calendar (a file or a subscription) is not an iTIP message, and
///   libical's restriction check wants an `ORGANIZER` in every event of a `METHOD:PUBLISH` file.
/// - A day without a time is an all-day event (DTEND the next day); with a time it starts at that
///   time in Asia/Shanghai (a VTIMEZONE is included) and lasts its duration, one hour by default;
///   a meeting running past midnight ends on the next day (shown as `23:30-01:30+1` elsewhere).
public enum ICSSchedule {
    public static let timeZone = "Asia/Shanghai"
    public static let defaultDuration = 60

    public static func render(_ d: PrintDocument) -> String {
        let events = d.entries.filter { !$0.skipped }
        var out = header(d, timed: events.contains { $0.time != nil })
        out.reserveCapacity(out.utf8.count + events.count * 600)
        let stamp = stamp(d)
        for e in events { event(d, e, stamp: stamp, into: &out) }
        out += footer
        return out
    }

    /// Everything before the first VEVENT; `timed`: whether any event has a time (then the
    /// VTIMEZONE is included).
    public static func header(_ d: PrintDocument, timed: Bool) -> String {
        var out = ""
        func line(_ s: String) { fold(s, into: &out) }
        line("BEGIN:VCALENDAR")
        line("VERSION:2.0")
        line("PRODID:-//Liushi//liushi print//" + (d.language == .zh ? "ZH" : "EN"))
        line("CALSCALE:GREGORIAN")
        line("X-WR-CALNAME:" + text(d.title))
        line("X-WR-TIMEZONE:" + timeZone)
        if timed {
            line("BEGIN:VTIMEZONE")
            line("TZID:" + timeZone)
            line("BEGIN:STANDARD")
            line("DTSTART:19700101T000000")
            line("TZOFFSETFROM:+0800")
            line("TZOFFSETTO:+0800")
            line("TZNAME:CST")
            line("END:STANDARD")
            line("END:VTIMEZONE")
        }
        return out
    }

    public static let footer = "END:VCALENDAR\r\n"

    /// DTSTAMP: `generatedOn` at 00:00 UTC.
    public static func stamp(_ d: PrintDocument) -> String { compact(d.generatedOn) + "T000000Z" }

    /// One VEVENT (a fixed day, not a skipped period). It depends on the document only through
    /// its language, township name and `generatedOn`, so `publish` renders each event once for
    /// the village's file and the township's.
    public static func event(_ d: PrintDocument, _ e: ScheduleEntry, stamp: String, into out: inout String) {
        func line(_ s: String) { fold(s, into: &out) }
        line("BEGIN:VEVENT")
        line("UID:" + text(uid(e)))
        line("DTSTAMP:" + stamp)
        if let t = e.time {
            let end = t + max(e.duration ?? defaultDuration, 1)
            line("DTSTART;TZID=\(timeZone):" + compact(e.date) + "T" + clock(t))
            line("DTEND;TZID=\(timeZone):" + compact(e.date + end / (24 * 60)) + "T" + clock(end % (24 * 60)))
        } else {
            line("DTSTART;VALUE=DATE:" + compact(e.date))
            line("DTEND;VALUE=DATE:" + compact(e.date + 1))
        }
        line("SUMMARY:" + text(summary(d, e)))
        line("DESCRIPTION:" + text(description(d, e)))
        line("STATUS:" + (e.isCancelled ? "CANCELLED" : "CONFIRMED"))
        line("SEQUENCE:" + String(sequence(e)))
        line("END:VEVENT")
    }

    /// The event's UID (before TEXT escaping): `sandu-week-2025W03@liushi`.
    public static func uid(_ e: ScheduleEntry) -> String {
        let rhythm = e.rhythms.first ?? .week
        let lunar = rhythm != .week && rhythm != .quarter && e.village.rule(rhythm)?.calendar == .lunar
        return e.village.id + "-" + rhythm.key + "-" + period(rhythm, lunar: lunar, of: e.scheduledDate) + "@liushi"
    }

    /// The name of the rhythm's period holding `day` (the date the schedule gives the fixed day;
    /// holiday shifts stay inside the period, and a day moved by a mark keeps its scheduled one):
    /// week `2027W05` (ISO week), xun `2027-01-2` (month and 上中下 as 1–3), month `2027-01`,
    /// quarter `2027Q1`, year `2027`. Lunar periods start with `L` and use the lunar year and
    /// month: xun `L2027-01-2`, month `L2027-01`, leap month `L2025-06leap`, year `L2027` (a lunar
    /// year narrowed by `month` is still that lunar year).
    public static func period(_ rhythm: Rhythm, lunar: Bool, of day: Day) -> String {
        if lunar, let l = Lunar.date(of: day) {
            let month = "L" + pad(l.year, 4) + "-" + pad(l.month, 2) + (l.isLeap ? "leap" : "")
            switch rhythm {
            case .xun: return month + "-" + String(min((l.day - 1) / 10, 2) + 1)
            case .year: return "L" + pad(l.year, 4)
            default: return month
            }
        }
        let (y, m, dd) = day.ymd
        switch rhythm {
        case .week:
            let w = day.isoWeek
            return pad(w.year, 4) + "W" + pad(w.week, 2)
        case .xun: return pad(y, 4) + "-" + pad(m, 2) + "-" + String(min((dd - 1) / 10, 2) + 1)
        case .month: return pad(y, 4) + "-" + pad(m, 2)
        case .quarter: return pad(y, 4) + "Q" + String((m - 1) / 3 + 1)
        case .year: return pad(y, 4)
        }
    }

    /// Counts the changes recorded for the day (marks and their undos): it never decreases, so
    /// calendar clients take every update.
    static func sequence(_ e: ScheduleEntry) -> Int { e.record?.changes ?? 0 }

    /// "三都村：督事、议事", "Sandu: supervise, discuss" (and "（已取消）" when cancelled).
    static func summary(_ d: PrintDocument, _ e: ScheduleEntry) -> String {
        let lang = d.language
        var s = e.village.name + lang.pick("：", ": ") + Labels.matters(e.matters, lang)
        if e.isCancelled { s += lang.pick("（已取消）", " (cancelled)") }
        return s
    }

    /// One "label: value" line each for rhythms, time, attendees, items due and notes.
    static func description(_ d: PrintDocument, _ e: ScheduleEntry) -> String {
        let lang = d.language
        var lines: [String] = []
        lines.append(lang.pick("节奏：", "Rhythms: ") + Labels.rhythms(e.rhythms, lang))
        lines.append(lang.pick("六事：", "Matters: ") + Labels.matters(e.matters, lang))
        if e.time != nil { lines.append(lang.pick("时间：", "Time: ") + Labels.time(e)) }
        let who = Labels.attendees(e, lang)
        if !who.isEmpty { lines.append(lang.pick("参加人员：", "Attendees: ") + who) }
        if !e.items.isEmpty { lines.append(lang.pick("事项：", "Items: ") + Labels.items(e, lang)) }
        let note = Labels.note(e, lang, shortDates: false)
        if !note.isEmpty { lines.append(lang.pick("备注：", "Note: ") + note) }
        // The village's own township (a county's calendars mix townships), else the document's.
        let township = e.village.townshipName.isEmpty ? d.townshipName : e.village.townshipName
        lines.append(township.isEmpty ? e.village.name : township + (lang == .zh ? " " : ", ") + e.village.name)
        return lines.joined(separator: "\n")
    }

    /// YYYYMMDD.
    static func compact(_ d: Day) -> String {
        let (y, m, day) = d.ymd
        return pad(y, 4) + pad(m, 2) + pad(day, 2)
    }

    /// HHMMSS.
    static func clock(_ minutes: Int) -> String { pad(minutes / 60, 2) + pad(minutes % 60, 2) + "00" }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks as
    /// `\n`, other control characters (except tab) dropped.
    public static func text(_ s: String) -> String {
        // Most values need no escaping: check the bytes first.
        var needs = false
        for b in s.utf8 where b < 0x20 || b == 0x7F || b == 0x5C || b == 0x3B || b == 0x2C { needs = true; break }
        guard needs else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 16)
        var previousCR = false
        for b in s.utf8 {
            defer { previousCR = b == 0x0D }
            switch b {
            case 0x5C: out += [0x5C, 0x5C]            // \
            case 0x3B: out += [0x5C, 0x3B]            // ;
            case 0x2C: out += [0x5C, 0x2C]            // ,
            case 0x0D: out += [0x5C, 0x6E]            // \r → \n
            case 0x0A: if !previousCR { out += [0x5C, 0x6E] }
            case 0x09: out.append(b)
            default:
                if b < 0x20 || b == 0x7F { continue }
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one content line, folded so that no physical line exceeds 75 octets (the space
    /// that starts a continuation line counts) and no UTF-8 sequence is split, then CRLF.
    static func fold(_ line: String, into out: inout String) {
        let bytes = line.utf8
        if bytes.count <= 75 {
            out += line
            out += "\r\n"
            return
        }
        // Cut at most 75 octets (74 after the first line, for the leading space), moving back to
        // the start of a UTF-8 sequence; the pieces are appended whole.
        var start = bytes.startIndex
        var limit = 75
        while true {
            let remaining = bytes.distance(from: start, to: bytes.endIndex)
            if remaining <= limit {
                out += line[start...]
                break
            }
            var cut = bytes.index(start, offsetBy: limit)
            while cut > start, bytes[cut] & 0xC0 == 0x80 { cut = bytes.index(before: cut) }
            out += line[start..<cut]
            out += "\r\n "
            start = cut
            limit = 74
        }
        out += "\r\n"
    }
}
