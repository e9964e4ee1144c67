import LiushiActualSchedule
import LiushiCore

/// `liushi report --format text`: the four tables of the year's evaluation, aligned by display
/// width (CJK = 2 columns), numbers right-aligned, at most 80 columns (long village names wrap
/// inside their column).
public enum YearReportText {
    public static func render(_ d: YearReportDocument, maxWidth: Int = 80) -> String {
        var out = ""
        for line in [d.title, d.periodLine] + (d.provisionalLine.map { [$0] } ?? []) {
            for part in DisplayWidth.wrap(line, width: maxWidth) { out += part + "\n" }
        }
        for table in d.tables {
            out += "\n"
            for part in DisplayWidth.wrap(table.title, width: maxWidth) { out += part + "\n" }
            out += render(table, textColumns: table.textColumns, maxWidth: maxWidth)
            if table.title == d.itemsTable.title {
                for part in DisplayWidth.wrap(d.itemsNote, width: maxWidth) { out += part + "\n" }
            }
        }
        return out
    }

    /// The table with the columns after the first `textColumns` right-aligned.
    static func render(_ t: YearReportDocument.Table, textColumns: Int, maxWidth: Int) -> String {
        let n = t.headers.count
        var widths = t.headers.map { DisplayWidth.of($0) }
        for row in t.rows { for c in textColumns..<n { widths[c] = max(widths[c], DisplayWidth.of(row[c])) } }
        func pad(_ s: String, _ c: Int) -> String {
            guard c >= textColumns else { return s }
            return String(repeating: " ", count: max(0, widths[c] - DisplayWidth.of(s))) + s
        }
        let table = TextTable(headers: (0..<n).map { pad(t.headers[$0], $0) },
                              rows: t.rows.map { row in (0..<n).map { pad(row[$0], $0) } },
                              flexible: [0])
        return table.render(maxWidth: maxWidth)
    }
}
