import LiushiCore

/// The village picker, centred over the body.
enum PickerView {
    static func draw(_ model: Model, into buf: inout CellBuffer, _ body: Rect) {
        guard let p = model.picker else { return }
        let th = model.theme, t = model.t
        let count = model.pickerCount(p)
        let w = min(body.width - 8, 56)
        let h = min(body.height, max(8, count + 5))
        let r = Rect(x: body.x + (body.width - w) / 2, y: body.y + (body.height - h) / 2, width: w, height: h)
        let title: String
        switch p.purpose {
        case .filter: title = t.pickVillage
        case .addItem: title = t.pickForAdd
        case .print: title = t.pickForPrint
        case .township: title = t.pickTownship
        }
        buf.box(r, title: title, style: th.border)
        let inner = Rect(x: r.x + 2, y: r.y + 1, width: r.width - 4, height: r.height - 2)
        let used = buf.spans([Span(t.filterLabel, Style(bold: true)), Span(p.query)], x: inner.x, y: inner.y, width: inner.width - 1)
        buf.put(" ", x: inner.x + used, y: inner.y, style: Style(reverse: true))
        let top = inner.y + 1, visible = max(1, inner.bottom - 1 - top)
        let cursor = model.clamp(p.cursor, count)
        let start = (cursor / visible) * visible
        if p.purpose == .township {
            let choices = model.townshipChoices(p)
            for n in 0..<visible where start + n < choices.count {
                let c = choices[start + n], y = top + n
                let mine = c?.id == model.townshipFilter
                let spans = c.map { [Span((mine ? "• " : "  ") + $0.townshipName, Style(bold: mine)),
                                     Span("  " + $0.id + "  " + t.villageTotal($0.villages.count), th.dim)] }
                    ?? [Span((mine ? "• " : "  ") + t.allTownships, Style(bold: mine))]
                buf.spans(spans, x: inner.x, y: y, width: inner.width)
                if start + n == cursor { buf.restyle(x: inner.x, y: y, width: inner.width, height: 1) { $0.reverse = true } }
            }
            buf.text(t.pickerHints, x: inner.x, y: inner.bottom - 1, width: inner.width, style: th.dim)
            return
        }
        let choices = model.pickerChoices(p)
        for n in 0..<visible where start + n < choices.count {
            let v = choices[start + n]
            let y = top + n
            let current = v?.id == model.villageFilter && p.purpose == .filter
            let spans = v.map { [Span(($0.id == model.villageFilter ? "• " : "  ") + $0.name, Style(bold: current)),
                                 Span("  " + $0.id, th.dim)] }
                ?? [Span((model.villageFilter == nil ? "• " : "  ") + t.allVillages, Style(bold: current))]
            buf.spans(spans, x: inner.x, y: y, width: inner.width)
            if start + n == cursor { buf.restyle(x: inner.x, y: y, width: inner.width, height: 1) { $0.reverse = true } }
        }
        buf.text(t.pickerHints, x: inner.x, y: inner.bottom - 1, width: inner.width, style: th.dim)
    }
}
