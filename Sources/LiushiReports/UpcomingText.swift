import LiushiConfig
import LiushiActualSchedule
import LiushiCore

/// `liushi upcoming` as text: one row per fixed day, aligned by display width for a terminal.
public enum UpcomingText {
    /// `movedAway`: fixed days scheduled in the window but moved out of it, shown on their old
    /// date as "moved to …".
    public static func render(_ actual: [ScheduleEntry], movedAway: [ScheduleEntry] = [], township: String, from: Day, to: Day,
                              language lang: Language, width: Int = 80) -> String {
        let entries = movedAway.isEmpty ? actual
            : PrintDocument(townshipName: township, villages: [], from: from, to: to, entries: actual, movedAway: movedAway,
                            language: lang, provisionalYears: [], generatedOn: from).rows
        let stub: (ScheduleEntry) -> Bool = { $0.date < from || $0.date > to }
        var out = township + "  " + from.iso + (lang == .zh ? " 至 " : " to ") + to.iso + "\n"
        if entries.isEmpty {
            return out + lang.pick("这段时间没有固定日。\n", "No fixed days in this window.\n")
        }
        let headers = lang == .zh
            ? ["日期", "星期", "村", "节奏", "事项", "时间", "备注"]
            : ["Date", "Day", "Village", "Rhythms", "Matters", "Time", "Note"]
        // A date's two cells, made once per date.
        var cellsOfDate: [Day: (iso: String, weekday: String)] = [:]
        for i in entries.indices where cellsOfDate[entries[i].date] == nil {
            cellsOfDate[entries[i].date] = (entries[i].date.iso, Labels.weekday(entries[i].date, lang))
        }
        for e in movedAway { cellsOfDate[e.scheduledDate] = (e.scheduledDate.iso, Labels.weekday(e.scheduledDate, lang)) }
        let dateCells = cellsOfDate
        // A province's rows are made in two halves at once; an entry is read in place, not copied.
        let rows = Parallel.array(count: entries.count, minimum: 5_000) { i -> [String] in
            let away = !movedAway.isEmpty && stub(entries[i])
            let date = away ? entries[i].scheduledDate : entries[i].date
            let cells = dateCells[date] ?? (date.iso, Labels.weekday(date, lang))
            return [cells.iso, cells.weekday, entries[i].village.name, Labels.rhythms(entries[i].rhythms, lang),
                    entries[i].skipped ? "—" : Labels.matters(entries[i].matters, lang), Labels.time(entries[i]),
                    away ? Labels.movedTo(entries[i].date, lang) : Labels.note(entries[i], lang)]
        }
        // Items due go on their own line under the day, across the width.
        let below = entries.contains(where: { !$0.items.isEmpty })
            ? entries.map { e in stub(e) ? "" : e.items.map { Labels.item($0, lang) }.joined(separator: "\n") }
            : []
        out += TextTable(headers: headers, rows: rows, flexible: [2, 3, 4, 6], below: below).render(maxWidth: width)
        if entries.contains(where: \.provisional) {
            out += lang.pick("注：标“节假日暂定”的日期所在年份尚无官方放假安排，按法定节日推算。\n",
                             "Note: \"provisional\" marks years without an official arrangement; statutory holidays were computed.\n")
        }
        return out
    }
}
