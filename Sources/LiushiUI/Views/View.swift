import LiushiCore
import LiushiReports

/// The smallest screen the UI draws on; below it, a centred message.
public let minimumWidth = 80
public let minimumHeight = 24

/// Draws the model into a fresh buffer of the given size. Pure.
public func view(_ model: Model, width: Int, height: Int) -> CellBuffer {
    var buf = CellBuffer(width: width, height: height)
    guard width >= minimumWidth, height >= minimumHeight else {
        TooSmallView.draw(model, into: &buf)
        return buf
    }
    let body = Rect(x: 0, y: 1, width: width, height: height - 3)
    HeaderBar.draw(model, into: &buf)
    switch model.screen {
    case .calendar:
        let calWidth = CalendarView.width(for: width)
        CalendarView.draw(model, into: &buf, Rect(x: 0, y: body.y, width: calWidth, height: body.height))
        for y in body.y..<(body.y + body.height) { buf.put("│", x: calWidth, y: y, style: model.theme.border) }
        AgendaView.draw(model, into: &buf,
                        Rect(x: calWidth + 1, y: body.y, width: width - calWidth - 1, height: body.height))
    case .upcoming:
        UpcomingView.draw(model, into: &buf, body)
    case .board:
        BoardView.draw(model, into: &buf, body)
    case .late:
        LateView.draw(model, into: &buf, body)
    }
    switch model.overlay {
    case .help: HelpView.draw(model, into: &buf, body)
    case .detail: ItemDetailView.draw(model, into: &buf, body)
    case .day: DayRecordView.draw(model, into: &buf, body)
    case .villagePicker: PickerView.draw(model, into: &buf, body)
    case nil: break
    }
    StatusLine.drawMessageLine(model, into: &buf, y: height - 2)
    StatusLine.draw(model, into: &buf, y: height - 1)
    return buf
}

/// A rectangle of the screen.
struct Rect: Hashable, Sendable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
    var bottom: Int { y + height }
    var right: Int { x + width }

    /// Shrunk by `n` on every side.
    func inset(_ n: Int) -> Rect { Rect(x: x + n, y: y + n, width: max(0, width - 2 * n), height: max(0, height - 2 * n)) }
}

/// A piece of text in one style.
struct Span {
    var text: String
    var style: Style
    init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

extension CellBuffer {
    /// Writes text cut with `…` to `width` columns; returns the columns used.
    @discardableResult
    mutating func text(_ s: String, x: Int, y: Int, width: Int, style: Style = .plain) -> Int {
        guard width > 0 else { return 0 }
        return put(DisplayWidth.truncate(s, to: width), x: x, y: y, style: style, maxWidth: width)
    }

    /// Writes spans one after the other; when they do not fit, the text is cut with `…` (in the
    /// style of the span where the cut falls). Returns the columns used.
    @discardableResult
    mutating func spans(_ parts: [Span], x: Int, y: Int, width: Int) -> Int {
        guard width > 0 else { return 0 }
        let total = parts.reduce(0) { $0 + DisplayWidth.of($1.text) }
        if total <= width {
            var used = 0
            for p in parts { used += put(p.text, x: x + used, y: y, style: p.style, maxWidth: width - used) }
            return used
        }
        let budget = width - 1   // room for the ellipsis
        var used = 0
        for p in parts {
            let w = DisplayWidth.of(p.text)
            if used + w <= budget {
                used += put(p.text, x: x + used, y: y, style: p.style, maxWidth: budget - used)
                continue
            }
            var prefix = ""
            var pw = 0
            for ch in p.text {
                let cw = DisplayWidth.of(ch)
                if used + pw + cw > budget { break }
                prefix.append(ch)
                pw += cw
            }
            used += put(prefix, x: x + used, y: y, style: p.style, maxWidth: budget - used)
            used += put("…", x: x + used, y: y, style: p.style, maxWidth: width - used)
            break
        }
        return used
    }

    /// A box border around `r` with an optional title in the top edge; the inside is cleared.
    mutating func box(_ r: Rect, title: String?, style: Style) {
        guard r.width >= 2, r.height >= 2 else { return }
        fill(x: r.x, y: r.y, width: r.width, height: r.height, style: .plain)
        put("┌" + String(repeating: "─", count: r.width - 2) + "┐", x: r.x, y: r.y, style: style)
        put("└" + String(repeating: "─", count: r.width - 2) + "┘", x: r.x, y: r.bottom - 1, style: style)
        for y in (r.y + 1)..<(r.bottom - 1) {
            put("│", x: r.x, y: y, style: style)
            put("│", x: r.right - 1, y: y, style: style)
        }
        if let title, r.width > 6 {
            text(" " + title + " ", x: r.x + 2, y: r.y, width: r.width - 4, style: Style(bold: true))
        }
    }
}

/// Pages of rows of varying height: the rows of the page holding `cursor`, filled greedily from
/// the first row (a row taller than the page counts as a whole page).
func pageRange(count: Int, cursor: Int, visible: Int, height: (Int) -> Int) -> Range<Int> {
    guard count > 0, visible > 0 else { return 0..<0 }
    var start = 0, used = 0
    for i in 0..<count {
        let h = min(max(1, height(i)), visible)
        if used + h > visible && i > start {
            if cursor < i { return start..<i }
            start = i
            used = 0
        }
        used += h
    }
    return start..<count
}

/// Below 80×24: a centred message, whatever the size (0×0 included).
enum TooSmallView {
    static func draw(_ model: Model, into buf: inout CellBuffer) {
        guard buf.width > 0, buf.height > 0 else { return }
        let text = DisplayWidth.truncate(model.t.tooSmall, to: buf.width)
        let w = DisplayWidth.of(text)
        buf.put(text, x: (buf.width - w) / 2, y: (buf.height - 1) / 2, style: Style(bold: true), maxWidth: buf.width)
    }
}

/// The top line: the screens (current one marked) and what the screen shows.
enum HeaderBar {
    static func draw(_ model: Model, into buf: inout CellBuffer) {
        let th = model.theme, t = model.t
        buf.fill(x: 0, y: 0, width: buf.width, height: 1, style: th.bar)
        var x = buf.put(" " + t.appName + " ", x: 0, y: 0, style: th.bar)
        for (i, s) in Screen.allCases.enumerated() {
            let label = " \(i + 1) " + t.screenName(s) + " "
            x += buf.put(label, x: x, y: 0, style: s == model.screen ? th.barActive : th.bar)
        }
        var right = [t.p("今天 ", "today ") + model.today.iso + " " + Labels.weekday(model.today, model.language)]
        if !model.search.isEmpty { right.insert("[" + t.searchLabel(model.search) + "]", at: 0) }
        let text = right.joined(separator: " ") + " "
        let room = buf.width - x - 1
        guard room > 0 else { return }
        let cut = DisplayWidth.truncate(text, to: room)
        buf.put(cut, x: buf.width - DisplayWidth.of(cut), y: 0, style: th.bar)
    }
}
