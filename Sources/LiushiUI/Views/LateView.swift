import LiushiActualSchedule
import LiushiCore
import LiushiReports

/// What is late (screen 4): overdue items, fixed days of the last 90 days with neither held nor
/// cancelled recorded (Enter opens one to mark it), and the closed and withdrawn items.
enum LateView {
    static func draw(_ model: Model, into buf: inout CellBuffer, _ r: Rect) {
        let th = model.theme, t = model.t, lang = model.language
        let rows = model.late.rows
        let x0 = r.x + 1, w = r.width - 2
        var title = [Span(t.screenName(.late), th.heading), Span("  " + model.filterTitle, th.dim)]
        if !model.search.isEmpty { title.append(Span("  " + t.searchLabel(model.search), th.warning)) }
        buf.spans(title, x: x0, y: r.y, width: w)
        let top = r.y + 2, visible = max(0, r.bottom - top)
        let page = pageRange(count: rows.count, cursor: model.lateCursor, visible: visible) { _ in 1 }
        for (n, i) in page.enumerated() {
            let y = top + n
            switch rows[i] {
            case .heading(let text):
                buf.text(text, x: x0, y: y, width: w, style: th.heading)
            case .item(let k):
                let u = model.items[k]
                let due = u.due.map { Labels.shortDate($0) } ?? "—"
                buf.spans([Span("  " + due + "  ", th.warning), Span(model.village(id: u.village).name + "  ", Style(bold: true)),
                           Span(model.t.itemLine(DueItem(id: u.id, title: u.title, stage: u.stage, carryOvers: u.carryOvers, major: u.major))),
                           Span("  " + t.stage(u.stage), th.stage)], x: x0, y: y, width: w)
            case .day(let e):
                buf.spans([Span("  " + e.date.iso + " " + Labels.weekday(e.date, lang) + "  ", .plain),
                           Span(e.village.name + "  ", Style(bold: true)),
                           Span(Labels.rhythms(e.rhythms, lang), th.mark), Span(" · " + Labels.matters(e.matters, lang), th.stage),
                           Span(e.movedFrom.map { "  " + t.p("改期自", "moved from ") + Labels.shortDate($0) } ?? "", th.dim)],
                          x: x0, y: y, width: w)
            case .ended(let u):
                buf.spans([Span("  " + model.village(id: u.village).name + "  ", Style(bold: true)),
                           Span("#\(u.id) " + u.title), Span("  " + t.stage(u.stage), u.stage == .withdrawn ? th.warning : th.stage)],
                          x: x0, y: y, width: w)
            }
            if i == model.lateCursor && rows[i].selectable {
                buf.restyle(x: x0, y: y, width: w, height: 1) { $0.reverse = true }
            }
        }
    }
}
