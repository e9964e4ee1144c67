import LiushiCore

/// The month grid: weeks Monday first, three lines a day — the date with 休/班, the lunar day
/// (the month's name on 初一), and the fixed days (rhythm marks for one village, the number of
/// villages for all).
enum CalendarView {
    /// Columns of one day: 7 at 80 columns, up to 12 on wide screens.
    static func cellWidth(for screenWidth: Int) -> Int { min(12, max(7, screenWidth * 6 / 10 / 7)) }
    static func width(for screenWidth: Int) -> Int { 7 * cellWidth(for: screenWidth) }
    static let linesPerDay = 3

    static func draw(_ model: Model, into buf: inout CellBuffer, _ r: Rect) {
        let th = model.theme, t = model.t
        let cw = cellWidth(for: buf.width)
        let month = model.month
        let focused = model.pane == .calendar && model.screen == .calendar
        let (y0, m0, _) = model.selected.ymd

        // Title: month, lunar months, provisional flag.
        var title = [Span(t.monthTitle(model.selected), th.heading)]
        let (first, last) = model.monthBounds(model.selected)
        if let a = Lunar.date(of: first), let b = Lunar.date(of: last) {
            let la = Lunar.monthName(a.month, isLeap: a.isLeap), lb = Lunar.monthName(b.month, isLeap: b.isLeap)
            title.append(Span("  " + model.t.p("农历", "lunar ") + (la == lb ? la : la + "–" + lb), th.dim))
        }
        if model.config.calendar.isProvisional(year: y0) { title.append(Span("  " + t.provisional, th.warning)) }
        buf.spans(title, x: r.x + 1, y: r.y, width: r.width - 1)

        // Weekday headers.
        for i in 0..<7 {
            buf.text(t.weekdayHeader(i), x: r.x + i * cw + 1, y: r.y + 1, width: cw - 1,
                     style: i >= 5 ? th.weekend : Style(bold: true))
        }

        let weeks = month.days / 7
        let top = r.y + 2
        for i in 0..<month.days {
            let d = month.gridStart + i
            let cx = r.x + (i % 7) * cw, cy = top + (i / 7) * linesPerDay
            guard cy + linesPerDay <= r.bottom else { break }
            drawDay(model, d, index: i, inMonth: d.month == m0 && d.year == y0, x: cx + 1, y: cy, width: cw - 1, into: &buf)
            if d == model.selected {
                buf.restyle(x: cx, y: cy, width: cw, height: linesPerDay) { s in
                    s.reverse = true
                    s.bold = s.bold || focused
                    s.dim = false
                }
            }
        }

        // Legend under the grid, when there is room.
        var ly = top + weeks * linesPerDay
        for line in t.legend where ly < r.bottom {
            buf.text(line, x: r.x + 1, y: ly, width: r.width - 1, style: th.dim)
            ly += 1
        }
    }

    private static func drawDay(_ model: Model, _ d: Day, index i: Int, inMonth: Bool, x: Int, y: Int, width: Int,
                                into buf: inout CellBuffer) {
        let th = model.theme, t = model.t
        let cal = model.config.calendar
        func style(_ s: Style) -> Style {
            guard !inMonth else { return s }
            var o = s
            o.dim = true
            return o
        }
        // Line 1: the date, 休 or 班.
        var numberStyle = d.isWeekend ? th.weekend : th.plain
        if d == model.today { numberStyle = th.today }
        let number = d.dayOfMonth < 10 ? " \(d.dayOfMonth)" : "\(d.dayOfMonth)"
        var used = buf.put(number, x: x, y: y, style: style(numberStyle), maxWidth: width)
        if cal.contains(d) {
            switch cal.kind(d) {
            case .holiday: used += buf.put(" 休", x: x + used, y: y, style: style(th.holiday), maxWidth: width - used)
            case .makeUpWorkday: used += buf.put(" 班", x: x + used, y: y, style: style(th.makeUp), maxWidth: width - used)
            default: break
            }
        }
        // Line 2: the lunar day; on 初一 the month's name.
        if let l = Lunar.date(of: d) {
            let text = l.day == 1 ? Lunar.monthName(l.month, isLeap: l.isLeap) : Lunar.dayName(l.day)
            buf.text(text, x: x, y: y + 1, width: width, style: style(l.day == 1 ? th.heading : th.dim))
        }
        // Line 3: the fixed days.
        let count = Int(model.month.count[i])
        guard count > 0 else { return }
        let marks: String
        if model.villageFilter != nil {
            marks = RhythmSet(bits: model.month.rhythms[i]).map { t.rhythmMark($0) }.joined()
        } else {
            marks = t.villageCount(count, width: width)
        }
        buf.text(marks, x: x, y: y + 2, width: width, style: style(th.mark))
    }
}
