import LiushiActualSchedule
import LiushiCore
import LiushiReports

/// The selected day: each village's fixed day (rhythms, matters, time, attendees, where it was
/// shifted from and why, its mark) and the items due, each with its stage and carry-overs.
enum AgendaView {
    static func draw(_ model: Model, into buf: inout CellBuffer, _ r: Rect) {
        let th = model.theme, t = model.t
        let list = model.agenda
        let focused = model.pane == .agenda
        let x = r.x + 1, w = r.width - 1
        var title = [Span(t.dayTitle(model.selected), th.heading)]
        let lunar = Labels.lunar(model.selected)
        if !lunar.isEmpty { title.append(Span(" " + lunar, th.dim)) }
        if let h = model.config.calendar.holidayName(model.selected) { title.append(Span(" " + Labels.reason(h, model.language), th.holiday)) }
        buf.put(String(repeating: "─", count: max(0, w)), x: x, y: r.y + 1, style: th.border)
        let top = r.y + 2, visible = r.bottom - top
        let heights = { (i: Int) in rowHeight(list, list.rows[i]) }
        let page = pageRange(count: list.rows.count, cursor: model.agendaCursor, visible: visible, height: heights)
        var titleWidth = w
        if page.upperBound < list.rows.count || page.lowerBound > 0 {
            let more = " \(page.upperBound)/\(list.rows.count)"
            titleWidth -= buf.put(more, x: r.right - DisplayWidth.of(more), y: r.y, style: th.dim)
        }
        buf.spans(title, x: x, y: r.y, width: titleWidth)
        guard !list.rows.isEmpty else {
            buf.text(model.search.isEmpty ? t.noFixedDay : t.noMatch, x: x, y: top, width: w, style: th.dim)
            return
        }
        var y = top
        for i in page {
            let h = heights(i)
            guard y + h <= r.bottom else { break }
            drawRow(model, list, list.rows[i], x: x, y: y, width: w, into: &buf)
            if i == model.agendaCursor {
                buf.restyle(x: x, y: y, width: w, height: h) { s in
                    if focused { s.reverse = true } else { s.underline = true }
                }
            }
            y += h
        }
    }

    static func rowHeight(_ list: RowList, _ row: Row) -> Int {
        guard case .group(let g) = row else { return 1 }
        guard let e = list.groups[g].entry else { return 1 }
        if list.groups[g].movedAway { return 2 }
        return 2 + (e.attendees.isEmpty || e.skipped ? 0 : 1) + (hasNote(e) ? 1 : 0)
    }

    static func hasNote(_ e: ScheduleEntry) -> Bool {
        e.skipped || e.shiftedFrom != nil || e.onDayOff || e.record != nil || e.provisional
    }

    static func drawRow(_ model: Model, _ list: RowList, _ row: Row, x: Int, y: Int, width w: Int, into buf: inout CellBuffer) {
        let th = model.theme, t = model.t, lang = model.language
        switch row {
        case .item(let g, let k):
            drawItem(model, list.groups[g].items[k], x: x + 2, y: y, width: w - 2, into: &buf)
        case .group(let g):
            let group = list.groups[g]
            guard let e = group.entry else {
                buf.spans([Span(group.village.name, Style(bold: true)), Span("  " + t.daily, th.dim)], x: x, y: y, width: w)
                return
            }
            var head = [Span(e.village.name, Style(bold: true))]
            if group.movedAway {
                // Its old date: where it went.
                head.append(Span("  " + t.movedTo(e.date), th.warning))
                buf.spans(head, x: x, y: y, width: w)
                buf.spans([Span(Labels.rhythms(e.rhythms, lang), th.dim), Span(" · " + Labels.matters(e.matters, lang), th.dim)],
                          x: x + 2, y: y + 1, width: w - 2)
                return
            }
            let time = Labels.time(e)
            if !time.isEmpty { head.append(Span("  " + time)) }
            let status = t.dayStatus(e)
            if !status.isEmpty { head.append(Span("  " + status, e.isCancelled ? th.error : th.info)) }
            buf.spans(head, x: x, y: y, width: w)
            var line = 1
            let rhythms = Labels.rhythms(e.rhythms, lang)
            if e.skipped {
                buf.spans([Span(rhythms, th.mark), Span(" · " + t.skipped, th.warning)], x: x + 2, y: y + line, width: w - 2)
            } else {
                buf.spans([Span(rhythms, th.mark), Span(" · "), Span(Labels.matters(e.matters, lang), th.stage)],
                          x: x + 2, y: y + line, width: w - 2)
            }
            line += 1
            if !e.attendees.isEmpty && !e.skipped {
                buf.text(t.attendeesLabel + Labels.attendees(e, lang), x: x + 2, y: y + line, width: w - 2, style: th.dim)
                line += 1
            }
            if hasNote(e) {
                buf.text(Labels.note(e, lang), x: x + 2, y: y + line, width: w - 2, style: th.warning)
            }
        }
    }

    /// "#12 村道路灯维修 ↻1  议事": the stage at the right edge, or (`stageRight` false) after the title.
    static func drawItem(_ model: Model, _ item: DueItem, x: Int, y: Int, width: Int, stageRight: Bool = true,
                         into buf: inout CellBuffer) {
        let stage = model.t.stage(item.stage)
        let stageWidth = DisplayWidth.of(stage)
        guard stageRight, width > stageWidth + 2 else {
            buf.spans([Span(model.t.itemLine(item)), Span("  " + stage, model.theme.stage)], x: x, y: y, width: width)
            return
        }
        buf.text(model.t.itemLine(item), x: x, y: y, width: width - stageWidth - 1)
        buf.put(stage, x: x + width - stageWidth, y: y, style: model.theme.stage)
    }
}
