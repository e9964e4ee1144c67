import LiushiActualSchedule
import LiushiCore
import LiushiReports

/// A village's fixed day over the body: when and where it is held, what became of it, who came,
/// the minutes, the items due at it and the stage changes made at it (loaded by the runner).
enum DayRecordView {
    static func draw(_ model: Model, into buf: inout CellBuffer, _ body: Rect) {
        guard let r = model.dayRecord else { return }
        let th = model.theme, t = model.t
        buf.fill(x: body.x, y: body.y, width: body.width, height: body.height, style: .plain)
        let w = ItemDetailView.boxWidth(screen: body.width)
        let box = Rect(x: body.x + (body.width - w) / 2, y: body.y, width: w, height: body.height)
        buf.box(box, title: t.dayRecordTitle, style: th.border)
        let inner = Rect(x: box.x + 2, y: box.y + 1, width: box.width - 4, height: box.height - 2)
        let lines = lines(model, r, width: inner.width)
        let visible = max(0, inner.height - 1)
        let scroll = min(r.scroll, max(0, lines.count - visible))
        for (n, line) in lines.dropFirst(scroll).prefix(visible).enumerated() {
            buf.spans(line, x: inner.x, y: inner.y + n, width: inner.width)
        }
        buf.text(t.dayHints, x: inner.x, y: inner.bottom - 1, width: inner.width, style: th.dim)
    }

    /// The entry of the record's day, from the actual schedule.
    static func entry(_ model: Model, _ r: DayRecordState) -> ScheduleEntry? {
        guard let v = model.config.schedule.villageIndex(id: r.village) else { return nil }
        guard let e = model.actual.fixedDay(village: v, date: r.scheduled), e.scheduledDate == r.scheduled else {
            return nil
        }
        return e
    }

    static func lines(_ model: Model, _ r: DayRecordState, width: Int) -> [[Span]] {
        let th = model.theme, t = model.t, lang = model.language
        var out: [[Span]] = []
        func wrapped(_ text: String, _ style: Style = .plain, indent: String = "") {
            for l in DisplayWidth.wrap(text, width: max(1, width - DisplayWidth.of(indent))) { out.append([Span(indent + l, style)]) }
        }
        guard let e = entry(model, r) else {
            out.append([Span(model.village(id: r.village).name + " " + r.scheduled.iso, Style(bold: true))])
            out.append([Span(t.noFixedDay, th.dim)])
            return out
        }
        var when = e.date.iso + " " + Labels.weekday(e.date, lang)
        if e.date != e.scheduledDate { when += lang.pick("（原定 \(e.scheduledDate.iso)）", " (scheduled \(e.scheduledDate.iso))") }
        out.append([Span(e.village.name + "  ", Style(bold: true)), Span(when, Style(bold: true))])
        out.append([Span(e.state.label(lang), e.isCancelled ? th.error : th.info),
                    Span("  " + Labels.rhythms(e.rhythms, lang), th.mark), Span(" · " + Labels.matters(e.matters, lang), th.stage),
                    Span(Labels.time(e).isEmpty ? "" : "  " + Labels.time(e))])
        if !e.attendees.isEmpty { wrapped(t.attendeesLabel + Labels.attendees(e, lang), th.dim) }
        if let rec = e.record {
            if rec.outcome == .held {
                wrapped(t.presentLabel + (rec.attended.isEmpty ? t.notRecorded : Labels.roles(rec.attended, e.village, lang)))
                if !rec.minutes.isEmpty { wrapped(t.minutesHeading + rec.minutes) }
            }
            if !rec.note.isEmpty { wrapped(t.noteHeading + rec.note) }
        }
        if case .attendance? = model.prompt?.purpose {
            out.append([])
            wrapped(t.roleLegend, th.info)
        }
        out.append([])
        out.append([Span(t.itemsDueLabel, th.heading)])
        if e.items.isEmpty { out.append([Span("  " + t.noneText, th.dim)]) }
        for i in e.items { wrapped(t.itemLine(i) + "  " + t.stage(i.stage), indent: "  ") }
        out.append([])
        out.append([Span(t.changesLabel, th.heading)])
        guard let events = r.events else {
            out.append([Span("  " + t.loadingDay, th.dim)])
            return out
        }
        let changes = events.filter { ($0.kind == .advance || $0.kind == .return) && !$0.undone }
        if changes.isEmpty { out.append([Span("  " + t.noneText, th.dim)]) }
        for c in changes {
            var line = "#\(c.item.map(String.init) ?? "?") \(c.kind.label(lang)) "
            line += (c.from.map(t.stage) ?? "") + " → " + (c.to.map(t.stage) ?? "")
            line += "  \(c.user) \(c.time)"
            if !c.note.isEmpty { line += lang.pick("（\(c.note)）", " (\(c.note))") }
            wrapped(line, indent: "  ")
        }
        return out
    }
}
