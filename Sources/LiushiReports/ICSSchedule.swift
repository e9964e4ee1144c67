import LiushiActualSchedule
import LiushiCore

/// `liushi print --format ics`: an RFC 5545 calendar. CRLF line ends, content lines folded at 75
/// octets without splitting a UTF-8 character, TEXT values escaped, one VEVENT per fixed day
/// (skipped periods are not events).
///
/// - UID (docs/DESIGN.md §8): `<village id>-<first rhythm>-<its period>@liushi`, e.g.
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
        out.reserveCapacity(out.count + events.count * 400)
        let stamp = stamp(d)
        var line: [UInt8] = []
        for e in events { event(d, e, stamp: stamp, into: &out, scratch: &line) }
        out += footer
        return String(decoding: out, as: UTF8.self)
    }

    /// Everything before the first VEVENT, as UTF-8; `timed`: whether any event has a time (then
    /// the VTIMEZONE is included).
    public static func header(_ d: PrintDocument, timed: Bool) -> [UInt8] {
        var out: [UInt8] = []
        func line(_ s: String) { fold(Array(s.utf8), into: &out) }
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

    public static let footer: [UInt8] = Array("END:VCALENDAR\r\n".utf8)

    /// DTSTAMP: `generatedOn` at 00:00 UTC.
    public static func stamp(_ d: PrintDocument) -> String { compact(d.generatedOn) + "T000000Z" }

    /// One VEVENT (a fixed day, not a skipped period), appended to `out` as UTF-8; `scratch` is a
    /// buffer for one content line, reused between calls. The event depends on the document only
    /// through its language, township name and `generatedOn`, so `publish` renders each event
    /// once for the village's file and the township's.
    public static func event(_ d: PrintDocument, _ e: ScheduleEntry, stamp: String, into out: inout [UInt8],
                             scratch line: inout [UInt8]) {
        func put(_ s: StaticString) {
            s.withUTF8Buffer { line.append(contentsOf: $0) }
        }
        func put(_ s: String) { line.append(contentsOf: s.utf8) }
        func end() {
            fold(line, into: &out)
            line.removeAll(keepingCapacity: true)
        }
        put("BEGIN:VEVENT"); end()
        put("UID:"); escape(uid(e), into: &line); end()
        put("DTSTAMP:"); put(stamp); end()
        if let t = e.time {
            let finish = t + max(e.duration ?? defaultDuration, 1)
            put("DTSTART;TZID=Asia/Shanghai:"); compact(e.date, into: &line); put("T"); clock(t, into: &line); end()
            put("DTEND;TZID=Asia/Shanghai:"); compact(e.date + finish / (24 * 60), into: &line); put("T")
            clock(finish % (24 * 60), into: &line); end()
        } else {
            put("DTSTART;VALUE=DATE:"); compact(e.date, into: &line); end()
            put("DTEND;VALUE=DATE:"); compact(e.date + 1, into: &line); end()
        }
        put("SUMMARY:"); escape(summary(d, e), into: &line); end()
        put("DESCRIPTION:"); description(d, e, into: &line); end()
        put(e.isCancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED"); end()
        put("SEQUENCE:"); put(String(sequence(e))); end()
        put("END:VEVENT"); end()
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

    /// One "label: value" line each for rhythms, time, attendees, items due and notes, appended
    /// as an escaped TEXT value (lines joined by `\n`).
    static func description(_ d: PrintDocument, _ e: ScheduleEntry, into line: inout [UInt8]) {
        let lang = d.language
        var first = true
        func part(_ label: String, _ value: String) {
            if !first { line.append(0x5C); line.append(0x6E) }
            first = false
            escape(label, into: &line)
            escape(value, into: &line)
        }
        part(lang.pick("节奏：", "Rhythms: "), Labels.rhythms(e.rhythms, lang))
        part(lang.pick("六事：", "Matters: "), Labels.matters(e.matters, lang))
        if e.time != nil { part(lang.pick("时间：", "Time: "), Labels.time(e)) }
        let who = Labels.attendees(e, lang)
        if !who.isEmpty { part(lang.pick("参加人员：", "Attendees: "), who) }
        if !e.items.isEmpty { part(lang.pick("事项：", "Items: "), Labels.items(e, lang)) }
        let note = Labels.note(e, lang, shortDates: false)
        if !note.isEmpty { part(lang.pick("备注：", "Note: "), note) }
        // The village's own township (a county's calendars mix townships), else the document's.
        let township = e.village.townshipName.isEmpty ? d.townshipName : e.village.townshipName
        part(township.isEmpty ? "" : township + (lang == .zh ? " " : ", "), e.village.name)
    }

    /// YYYYMMDD.
    static func compact(_ d: Day) -> String {
        let (y, m, day) = d.ymd
        return pad(y, 4) + pad(m, 2) + pad(day, 2)
    }

    /// YYYYMMDD, appended as digits.
    static func compact(_ d: Day, into out: inout [UInt8]) {
        let (y, m, day) = d.ymd
        digits(y, 4, into: &out)
        digits(m, 2, into: &out)
        digits(day, 2, into: &out)
    }

    /// HHMMSS, appended as digits.
    static func clock(_ minutes: Int, into out: inout [UInt8]) {
        digits(minutes / 60, 2, into: &out)
        digits(minutes % 60, 2, into: &out)
        out.append(0x30); out.append(0x30)
    }

    /// A number with leading zeros to `width` digits (more digits when it needs them).
    static func digits(_ v: Int, _ width: Int, into out: inout [UInt8]) {
        let s = String(v).utf8
        if s.count < width { out.append(contentsOf: repeatElement(0x30, count: width - s.count)) }
        out.append(contentsOf: s)
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks as
    /// `\n`, other control characters (except tab) dropped.
    public static func text(_ s: String) -> String {
        var out: [UInt8] = []
        escape(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as an escaped TEXT value (see `text(_:)`).
    static func escape(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in escape(bytes, into: &out) }
    }

    static func escape(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        // Most values need no escaping: one check of the bytes, then one copy.
        var plain = true
        for b in bytes where b < 0x20 || b == 0x7F || b == 0x5C || b == 0x3B || b == 0x2C { plain = false; break }
        if plain { out.append(contentsOf: bytes); return }
        out.reserveCapacity(out.count + bytes.count + 16)
        var previousCR = false
        for b in bytes {
            defer { previousCR = b == 0x0D }
            switch b {
            case 0x5C: out.append(0x5C); out.append(0x5C)            // \
            case 0x3B: out.append(0x5C); out.append(0x3B)            // ;
            case 0x2C: out.append(0x5C); out.append(0x2C)            // ,
            case 0x0D: out.append(0x5C); out.append(0x6E)            // \r → \n
            case 0x0A: if !previousCR { out.append(0x5C); out.append(0x6E) }
            case 0x09: out.append(b)
            default:
                if b < 0x20 || b == 0x7F { continue }
                out.append(b)
            }
        }
    }

    /// Appends one content line, folded so that no physical line exceeds 75 octets (the space
    /// that starts a continuation line counts) and no UTF-8 sequence is split, then CRLF.
    static func fold(_ line: [UInt8], into out: inout [UInt8]) {
        // Cut at most 75 octets (74 after the first line, for the leading space), moving back to
        // the start of a UTF-8 sequence.
        var start = 0
        var limit = 75
        while line.count - start > limit {
            var cut = start + limit
            while cut > start, line[cut] & 0xC0 == 0x80 { cut -= 1 }
            if cut == start { cut = start + limit }   // not UTF-8: cut anywhere rather than loop
            out.append(contentsOf: line[start..<cut])
            out.append(0x0D); out.append(0x0A); out.append(0x20)
            start = cut
            limit = 74
        }
        out.append(contentsOf: line[start...])
        out.append(0x0D); out.append(0x0A)
    }
}
