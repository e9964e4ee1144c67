import LiushiConfig
import LiushiActualSchedule
import LiushiCore

/// `liushi upcoming` as text: one row per fixed day, aligned by display width for a terminal.
///
/// The column widths are decided once, from the rows of the window's first two weeks
/// (`sampleDays`), measured and narrowed to the width as `TextTable` does it; later rows are laid
/// out in those widths (a wider cell wraps inside its column) without looking at other rows, so a
/// window of any length is written a piece at a time (`UpcomingStream`) at the same cost per row.
/// A window of up to two weeks is measured whole, as before. When those two weeks have no fixed
/// day, the widths come from the villages' names and rules (`columns(villages:)`).
public enum UpcomingText {
    public static func headers(_ lang: Language) -> [String] {
        lang == .zh ? ["日期", "星期", "村", "节奏", "事项", "时间", "备注"]
            : ["Date", "Day", "Village", "Rhythms", "Matters", "Time", "Note"]
    }

    /// Columns that give way when the table is too wide: village, rhythms, matters, note.
    public static let flexible: Set<Int> = [2, 3, 4, 6]

    /// The days at the start of a window whose rows decide the column widths.
    public static let sampleDays = 14

    /// The cells of one row: a fixed day at its date, or a day moved out of [from, to] at its
    /// scheduled date ("moved to …").
    public static func cells(_ e: ScheduleEntry, from: Day, to: Day, language lang: Language) -> [String] {
        let labels = RowLabels(language: lang)
        return withUnsafePointer(to: e) { labels.cells($0, from: from, to: to) }
    }

    /// The labels rows repeat (a date's two cells, the rhythms and matters of a day), made once
    /// per piece of a table and reused; the entry is read in place (a copy would retain every
    /// reference it holds).
    public final class RowLabels {
        let lang: Language
        var lastDate: Day? = nil
        var dateCells = ("", "")
        var rhythms: [UInt8: String] = [:]
        var matters: [UInt32: String] = [:]

        public init(language: Language) { lang = language }

        func cells(_ p: UnsafePointer<ScheduleEntry>, from: Day, to: Day) -> [String] {
            let away = p.pointee.date < from || p.pointee.date > to
            let date = away ? p.pointee.scheduledDate : p.pointee.date
            if date != lastDate {
                lastDate = date
                dateCells = (date.iso, Labels.weekday(date, lang))
            }
            var bits: UInt8 = 0
            for r in p.pointee.rhythms { bits |= 1 << UInt8(r.rawValue) }
            let rhythmLabel: String
            if let known = rhythms[bits], RhythmSet(bits: bits).elementsEqual(p.pointee.rhythms) {
                rhythmLabel = known
            } else {
                rhythmLabel = Labels.rhythms(p.pointee.rhythms, lang)
                rhythms[bits] = rhythmLabel
            }
            var matterLabel = "—"
            if !p.pointee.skipped {
                var key: UInt32 = 0   // the matters in order, 3 bits each (at most six)
                for m in p.pointee.matters.prefix(10) { key = key << 3 | UInt32(m.rawValue) }
                if p.pointee.matters.count <= 10, let known = matters[key] {
                    matterLabel = known
                } else {
                    matterLabel = Labels.matters(p.pointee.matters, lang)
                    if p.pointee.matters.count <= 10 { matters[key] = matterLabel }
                }
            }
            return [dateCells.0, dateCells.1, p.pointee.village.name, rhythmLabel, matterLabel, Labels.time(p.pointee),
                    away ? Labels.movedTo(p.pointee.date, lang) : Labels.note(p.pointee, lang)]
        }
    }

    /// The cells of `entries[range]`, in order.
    public static func cells(_ entries: [ScheduleEntry], _ range: Range<Int>, from: Day, to: Day, language lang: Language) -> [[String]] {
        let labels = RowLabels(language: lang)
        return entries.withUnsafeBufferPointer { all -> [[String]] in
            guard let base = all.baseAddress else { return [] }
            return range.map { labels.cells(base + $0, from: from, to: to) }
        }
    }

    /// The items due, under the row (none under a day moved away).
    public static func below(_ e: ScheduleEntry, from: Day, to: Day, language lang: Language) -> String {
        e.items.isEmpty || e.date < from || e.date > to ? "" : e.items.map { Labels.item($0, lang) }.joined(separator: "\n")
    }

    /// Widths measured over these rows' cells and the headers, narrowed to `width` as
    /// `TextTable` narrows them; with each cell's width (`TableLines.measure`), row after row.
    public static func measured(_ rows: [[String]], language lang: Language, width: Int = 80, gap: Int = 2,
                                pieces: Int = Parallel.cores) -> (lines: TableLines, cellWidths: [Int]) {
        let heads = headers(lang), n = heads.count
        let parts = Parallel.map(count: rows.count, minimum: 5_000, maxPieces: pieces) { range -> (cells: [Int], columns: [Int]) in
            var cellWidths = [Int](repeating: 0, count: range.count * n)
            var widths = [Int](repeating: 0, count: n)
            for r in range {
                let base = (r - range.lowerBound) * n
                for c in 0..<n {
                    let w = TableLines.measure(rows[r][c])
                    cellWidths[base + c] = w
                    widths[c] = max(widths[c], w >= 0 ? w : widestLine(rows[r][c]))
                }
            }
            return (cellWidths, widths)
        }
        var natural = heads.map { TableLines.measure($0) }
        for part in parts { for c in 0..<n { natural[c] = max(natural[c], part.columns[c]) } }
        var soft = [Int](repeating: 6, count: n)
        for c in flexible { soft[c] = max(6, min(10, natural[c])) }
        let widths = TableLines.fit(natural: natural, flexible: flexible, soft: soft, maxWidth: width, gap: gap)
        return (TableLines(widths: widths, gap: gap, maxWidth: width), parts.count == 1 ? parts[0].cells : parts.flatMap(\.cells))
    }

    /// Rows already made and measured (`measured`), laid out in `lines`.
    public static func lay(_ rows: [[String]], cellWidths: [Int], below: [String], lines: TableLines,
                           pieces: Int = Parallel.cores) -> [String] {
        let n = lines.widths.count
        return Parallel.map(count: rows.count, minimum: 4_000, maxPieces: pieces) { range -> String in
            var out = ""
            out.reserveCapacity(range.count * (lines.maxWidth + 8))
            let cache = TableLines.WrapCache()
            for r in range {
                let base = r * n
                lines.append(rows[r], cellWidth: { cellWidths[base + $0] }, below: below[r], cache: cache, into: &out)
            }
            return out
        }
    }

    /// The first line: the township and the window.
    public static func title(township: String, from: Day, to: Day, language lang: Language) -> String {
        township + "  " + from.iso + (lang == .zh ? " 至 " : " to ") + to.iso + "\n"
    }

    public static func empty(_ lang: Language) -> String {
        lang.pick("这段时间没有固定日。\n", "No fixed days in this window.\n")
    }

    public static func provisionalNote(_ lang: Language) -> String {
        lang.pick("注：标“节假日暂定”的日期所在年份尚无官方放假安排，按法定节日推算。\n",
                  "Note: \"provisional\" marks years without an official arrangement; statutory holidays were computed.\n")
    }

    /// The column widths for these villages, decided before any row: the widest name, the
    /// widest rhythms, matters and time a day of theirs can show (all their rules' on one day),
    /// the note taking the rest, then narrowed to `width`.
    public static func columns(villages: [Village], language lang: Language, width: Int = 80, gap: Int = 2) -> TableLines {
        let heads = headers(lang)
        var natural = heads.map { DisplayWidth.of($0) }
        natural[0] = max(natural[0], 10)
        for w in 1...7 { natural[1] = max(natural[1], DisplayWidth.of(lang == .zh ? Weekdays.chinese(w) : Weekdays.english[w - 1])) }
        natural[4] = max(natural[4], DisplayWidth.of("—"))
        // Villages mostly share their rules' rhythms, matters and times: each distinct one measured once.
        var seenRhythms = Set<UInt8>(), seenMatters = Set<[Matter]>(), seenTimes = Set<Int>()
        for v in villages {
            natural[2] = max(natural[2], widestLine(v.name))
            var bits: UInt8 = 0
            var matters: [Matter] = []
            for r in v.rules {
                bits |= 1 << UInt8(r.rhythm.rawValue)
                for m in r.matters where !matters.contains(m) { matters.append(m) }
                if let t = r.time {
                    let key = t * 4_096 + (r.duration.map { $0 + 1 } ?? 0)
                    if seenTimes.insert(key).inserted {
                        let label = r.duration.map { ClockTime.text(t) + "-" + Labels.end(start: t, duration: $0) } ?? ClockTime.text(t)
                        natural[5] = max(natural[5], DisplayWidth.of(label))
                    }
                }
            }
            if seenRhythms.insert(bits).inserted {
                natural[3] = max(natural[3], DisplayWidth.of(Labels.rhythms(Array(RhythmSet(bits: bits)), lang)))
            }
            if seenMatters.insert(matters).inserted {
                natural[4] = max(natural[4], DisplayWidth.of(Labels.matters(matters, lang)))
            }
        }
        natural[6] = max(natural[6], width)
        var soft = [Int](repeating: 6, count: natural.count)
        for c in flexible { soft[c] = max(6, min(10, natural[c])) }
        let widths = TableLines.fit(natural: natural, flexible: flexible, soft: soft, maxWidth: width, gap: gap)
        return TableLines(widths: widths, gap: gap, maxWidth: width)
    }

    static func widestLine(_ text: String) -> Int {
        TextTable.hasLineBreak(text)
            ? text.split(whereSeparator: { $0.isNewline }).map { DisplayWidth.of($0) }.max() ?? 0
            : DisplayWidth.of(text)
    }

    /// The header row and the dashes under it.
    public static func head(_ lines: TableLines, language lang: Language) -> String {
        var out = ""
        lines.append(headers(lang), into: &out)
        return out + lines.rule
    }

    /// The rows of these entries (fixed days at their dates, and days moved out of [from, to] at
    /// their scheduled dates, as `PrintDocument.rows` merges them), with the items due under
    /// each, in widths already decided; a province's rows are made in pieces at once.
    public static func rows(_ entries: [ScheduleEntry], from: Day, to: Day, lines: TableLines, language lang: Language,
                            pieces: Int = Parallel.cores) -> [String] {
        Parallel.map(count: entries.count, minimum: 4_000, maxPieces: pieces) { range -> String in
            var out = ""
            out.reserveCapacity(range.count * (lines.maxWidth + 8))
            let cache = TableLines.WrapCache()
            let labels = RowLabels(language: lang)
            entries.withUnsafeBufferPointer { all in
                guard let base = all.baseAddress else { return }
                for i in range {
                    let p = base + i
                    let text = p.pointee.items.isEmpty ? "" : below(p.pointee, from: from, to: to, language: lang)
                    lines.append(labels.cells(p, from: from, to: to), below: text, cache: cache, into: &out)
                }
            }
            return out
        }
    }

    /// The whole listing at once, in the same layout as the stream: `actual` fixed days and
    /// `movedAway` (scheduled in the window, moved out of it) of `villages`.
    public static func render(_ actual: [ScheduleEntry], movedAway: [ScheduleEntry] = [], villages: [Village], township: String,
                              from: Day, to: Day, language lang: Language, width: Int = 80) -> String {
        let entries = PrintDocument.merged(actual, movedAway: movedAway)
        var out = title(township: township, from: from, to: to, language: lang)
        if entries.isEmpty { return out + empty(lang) }
        let sampleEnd = to - from < sampleDays ? to : from + (sampleDays - 1)
        let shown = { (e: ScheduleEntry) in e.date < from || e.date > to ? e.scheduledDate : e.date }
        let sample = entries.filter { shown($0) <= sampleEnd }
        let lines: TableLines
        if sample.isEmpty {
            lines = columns(villages: villages, language: lang, width: width)
        } else {
            lines = measured(sample.map { cells($0, from: from, to: to, language: lang) }, language: lang, width: width).lines
        }
        out += head(lines, language: lang)
        for part in rows(entries, from: from, to: to, lines: lines, language: lang) { out += part }
        if entries.contains(where: \.provisional) { out += provisionalNote(lang) }
        return out
    }

    /// The listing with its widths measured over its rows (`TextTable`): for short lists of
    /// fixed days (`day list --unmarked`, the first screen without a terminal).
    public static func render(_ actual: [ScheduleEntry], movedAway: [ScheduleEntry] = [], township: String, from: Day, to: Day,
                              language lang: Language, width: Int = 80) -> String {
        let entries = PrintDocument.merged(actual, movedAway: movedAway)
        let stub: (ScheduleEntry) -> Bool = { $0.date < from || $0.date > to }
        var out = title(township: township, from: from, to: to, language: lang)
        if entries.isEmpty { return out + empty(lang) }
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
        out += TextTable(headers: headers(lang), rows: rows, flexible: flexible, below: below).render(maxWidth: width)
        if entries.contains(where: \.provisional) { out += provisionalNote(lang) }
        return out
    }
}
