import LiushiCore

/// `liushi upcoming` as text: one row per fixed day, aligned by display width for a terminal.
public enum UpcomingText {
    public static func render(_ entries: [ScheduleEntry], township: String, from: Day, to: Day,
                              language lang: Language, width: Int = 80) -> String {
        var out = township + "  " + from.iso + (lang == .zh ? " 至 " : " to ") + to.iso + "\n"
        if entries.isEmpty {
            return out + lang.pick("这段时间没有固定日。\n", "No fixed days in this window.\n")
        }
        let headers = lang == .zh
            ? ["日期", "星期", "村", "节奏", "事项", "时间", "备注"]
            : ["Date", "Day", "Village", "Rhythms", "Matters", "Time", "Note"]
        var rows: [[String]] = []
        var below: [String] = []
        for e in entries {
            rows.append([e.date.iso, Labels.weekday(e.date, lang), e.village.name, Labels.rhythms(e.rhythms, lang),
                         e.skipped ? "—" : Labels.matters(e.matters, lang), Labels.time(e), Labels.note(e, lang)])
            // Items due go on their own line under the day, across the width.
            below.append(e.items.map { Labels.item($0, lang) }.joined(separator: "\n"))
        }
        out += TextTable(headers: headers, rows: rows, flexible: [2, 3, 4, 6], below: below).render(maxWidth: width)
        if entries.contains(where: \.provisional) {
            out += lang.pick("注：标“节假日暂定”的日期所在年份尚无官方放假安排，按法定节日推算。\n",
                             "Note: \"provisional\" marks years without an official arrangement; statutory holidays were computed.\n")
        }
        return out
    }
}
