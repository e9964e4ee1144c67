import LiushiActualSchedule
import LiushiCore

/// `liushi print --format ics`: an RFC 5545 calendar. CRLF line ends, content lines folded at 75
/// octets without splitting a UTF-8 character, TEXT values escaped, one VEVENT per fixed day
/// (skipped periods are not events).
///
/// - UID: `<village id>-<scheduled date>-liushi@<hash of the township name>.liushi`. It is based on
///   the date the schedule gives the day (before a `day mark … moved`), so a moved or cancelled
///   day keeps its UID and re-importing the file updates the event instead of duplicating it.
/// - DTSTAMP: `generatedOn` at 00:00 UTC (deterministic: the same input gives the same file).
/// - SEQUENCE: 0 as scheduled (or held), 1 when moved, 2 when cancelled, so that the usual
///   sequence scheduled → moved → cancelled always raises it.
/// - A day without a time is an all-day event (DTEND the next day); with a time it starts at that
///   time in Asia/Shanghai (a VTIMEZONE is included) and lasts its duration, one hour by default.
public enum ICSSchedule {
    public static let timeZone = "Asia/Shanghai"
    public static let defaultDuration = 60

    public static func render(_ d: PrintDocument) -> String {
        var out = ""
        out.reserveCapacity(1024 + d.entries.count * 600)
        func line(_ s: String) { fold(s, into: &out) }
        line("BEGIN:VCALENDAR")
        line("VERSION:2.0")
        line("PRODID:-//Liushi//liushi print//" + (d.language == .zh ? "ZH" : "EN"))
        line("CALSCALE:GREGORIAN")
        line("METHOD:PUBLISH")
        line("X-WR-CALNAME:" + text(d.title))
        line("X-WR-TIMEZONE:" + timeZone)
        let events = d.entries.filter { !$0.skipped }
        if events.contains(where: { $0.time != nil }) {
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
        let stamp = compact(d.generatedOn) + "T000000Z"
        let domain = domain(d.townshipName)
        for e in events {
            line("BEGIN:VEVENT")
            line("UID:" + text(uid(e, domain: domain)))
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
        line("END:VCALENDAR")
        return out
    }

    /// The event's UID (before TEXT escaping).
    public static func uid(_ e: ScheduleEntry, domain: String) -> String {
        e.village.id + "-" + compact(e.scheduledDate) + "-liushi@" + domain
    }

    /// A fixed, ASCII domain for the township: FNV-1a (64 bit) of its name, so that two
    /// townships with a village of the same id do not share UIDs.
    public static func domain(_ township: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in township.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + ".liushi"
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
        lines.append(d.townshipName.isEmpty ? e.village.name
                     : d.townshipName + (lang == .zh ? " " : ", ") + e.village.name)
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
        var out = ""
        out.reserveCapacity(s.utf8.count + 8)
        var previousCR = false
        for c in s.unicodeScalars {
            defer { previousCR = c == "\r" }
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            case "\t": out += "\t"
            default:
                if c.value < 0x20 || c.value == 0x7F { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Appends one content line, folded so that no physical line exceeds 75 octets (the space
    /// that starts a continuation line counts) and no UTF-8 sequence is split, then CRLF.
    static func fold(_ line: String, into out: inout String) {
        if line.utf8.count <= 75 {
            out += line
            out += "\r\n"
            return
        }
        var used = 0
        for c in line.unicodeScalars {
            let n = UTF8.width(c)
            if used + n > 75 {
                out += "\r\n "
                used = 1
            }
            out.unicodeScalars.append(c)
            used += n
        }
        out += "\r\n"
    }
}
