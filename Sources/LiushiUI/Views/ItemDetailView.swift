import LiushiCore

/// One item: its fields and its history (loaded by the runner), over the body.
enum ItemDetailView {
    static func draw(_ model: Model, into buf: inout CellBuffer, _ body: Rect) {
        guard let d = model.detail else { return }
        let th = model.theme, t = model.t
        buf.fill(x: body.x, y: body.y, width: body.width, height: body.height, style: .plain)
        let w = boxWidth(screen: body.width)
        let r = Rect(x: body.x + (body.width - w) / 2, y: body.y, width: w, height: body.height)
        buf.box(r, title: "#\(d.item.id)", style: th.border)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        // A long title wraps (at most a third of the box) instead of being cut.
        let titleLines = DisplayWidth.wrap((d.item.major ? "★" : "") + d.item.title, width: max(1, inner.width))
            .prefix(max(1, inner.height / 3))
        for (n, line) in titleLines.enumerated() {
            buf.text(line, x: inner.x, y: inner.y + n, width: inner.width, style: Style(bold: true))
        }
        let below = inner.y + titleLines.count
        buf.text(t.detailFields(d.item, villageName: model.village(id: d.item.village).name),
                 x: inner.x, y: below, width: inner.width, style: th.stage)
        buf.text(t.history, x: inner.x, y: below + 2, width: inner.width, style: th.heading)
        let lines = historyLines(model, d, width: inner.width)
        let top = below + 3, visible = max(0, inner.bottom - 1 - top)
        let scroll = min(d.scroll, max(0, lines.count - visible))
        for (n, line) in lines.dropFirst(scroll).prefix(visible).enumerated() {
            buf.spans(line, x: inner.x, y: top + n, width: inner.width)
        }
        buf.text(t.detailHints, x: inner.x, y: inner.bottom - 1, width: inner.width, style: th.dim)
    }

    static func boxWidth(screen: Int) -> Int { min(screen, 100) }
    static func innerWidth(screen: Int) -> Int { boxWidth(screen: screen) - 4 }

    static func historyLines(_ model: Model, _ d: DetailState, width: Int) -> [[Span]] {
        let th = model.theme, t = model.t
        guard let events = d.events else { return [[Span(t.loadingHistory, th.dim)]] }
        if events.isEmpty { return [[Span(t.noHistory, th.dim)]] }
        var out: [[Span]] = []
        for e in events {
            var line = [Span(e.time + " ", th.dim), Span(e.user + " ", .plain), Span(e.kind.label(model.language), Style(bold: true))]
            if let from = e.from, let to = e.to {
                line.append(Span(" " + t.stage(from) + " → " + t.stage(to), th.stage))
            } else if let to = e.to {
                line.append(Span(" → " + t.stage(to), th.stage))
            }
            out.append(line)
            if !e.note.isEmpty {
                for l in DisplayWidth.wrap(e.note, width: max(1, width - 4)) { out.append([Span("    " + l)]) }
            }
        }
        return out
    }
}
