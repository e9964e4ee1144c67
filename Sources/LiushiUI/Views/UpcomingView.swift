import LiushiCore
import LiushiReports

/// The next fixed days across villages (like `liushi upcoming`): one line a fixed day, its
/// items below it.
enum UpcomingView {
    struct Columns {
        var date = 10, weekday = 4, village: Int, rhythms: Int, matters: Int, time = 11
        var note: Int
        var x: [Int] = []

        init(width: Int) {
            let flexible = max(18, width - (10 + 4 + 11 + 7))
            village = max(8, flexible * 18 / 100)
            rhythms = max(10, flexible * 18 / 100)
            matters = max(10, flexible * 18 / 100)
            note = max(1, width - (date + weekday + village + rhythms + matters + time + 6))
            var at = 0
            for w in [date, weekday, village, rhythms, matters, time, note] {
                x.append(at)
                at += w + 1
            }
        }
        var widths: [Int] { [date, weekday, village, rhythms, matters, time, note] }
    }

    static func draw(_ model: Model, into buf: inout CellBuffer, _ r: Rect) {
        let th = model.theme, t = model.t
        let list = model.upcoming
        let x0 = r.x + 1, w = r.width - 2
        let end = min(model.selected + (Model.upcomingDays - 1), SupportedRange.last)
        var title = [Span(t.upcomingTitle(model.selected, end), th.heading), Span("  " + model.filterTitle, th.dim)]
        if !model.search.isEmpty { title.append(Span("  " + t.searchLabel(model.search), th.warning)) }
        let top = r.y + 2, visible = r.bottom - top
        let page = pageRange(count: list.rows.count, cursor: model.upcomingCursor, visible: visible) { _ in 1 }
        var titleWidth = w
        if page.upperBound < list.rows.count || page.lowerBound > 0 {
            let more = " \(page.upperBound)/\(list.rows.count)"
            titleWidth -= buf.put(more, x: r.right - 1 - DisplayWidth.of(more), y: r.y, style: th.dim)
        }
        buf.spans(title, x: x0, y: r.y, width: titleWidth)
        let cols = Columns(width: w)
        for (k, h) in t.upcomingHeaders.enumerated() {
            buf.text(h, x: x0 + cols.x[k], y: r.y + 1, width: cols.widths[k], style: Style(bold: true, underline: true))
        }
        guard !list.rows.isEmpty else {
            buf.text(model.search.isEmpty ? t.noUpcoming : t.noMatch, x: x0, y: top, width: w, style: th.dim)
            return
        }
        for (n, i) in page.enumerated() {
            let y = top + n
            switch list.rows[i] {
            case .group(let g):
                drawEntry(model, list.groups[g], cols: cols, x: x0, y: y, into: &buf)
            case .item(let g, let k):
                AgendaView.drawItem(model, list.groups[g].items[k], x: x0 + cols.x[2] + 2, y: y,
                                    width: w - cols.x[2] - 2, stageRight: false, into: &buf)
            }
            if i == model.upcomingCursor {
                buf.restyle(x: x0, y: y, width: w, height: 1) { $0.reverse = true }
            }
        }
    }

    static func drawEntry(_ model: Model, _ group: Group, cols: Columns, x: Int, y: Int, into buf: inout CellBuffer) {
        guard let e = group.entry else { return }
        let th = model.theme, lang = model.language
        let weekend = e.date.isWeekend || model.config.calendar.kind(e.date) == .holiday
        let cells: [(String, Style)] = [
            (e.date.iso, e.date == model.today ? th.today : .plain),
            (Labels.weekday(e.date, lang), weekend ? th.weekend : .plain),
            (e.village.name, Style(bold: true)),
            (Labels.rhythms(e.rhythms, lang), th.mark),
            (e.skipped ? "—" : Labels.matters(e.matters, lang), th.stage),
            (Labels.time(e), .plain),
            (Labels.note(e, lang), th.warning),
        ]
        for (k, c) in cells.enumerated() {
            buf.text(c.0, x: x + cols.x[k], y: y, width: cols.widths[k], style: c.1)
        }
    }
}
