import LiushiCore
import LiushiReports

/// Open items by stage, one column per matter (理 议 决 办 督 评), two lines an item: the id and
/// title, then the due date, carry-overs and (for all villages) the village.
enum BoardView {
    static let linesPerItem = 2

    static func draw(_ model: Model, into buf: inout CellBuffer, _ r: Rect) {
        let th = model.theme, t = model.t
        let board = model.board
        let open = board.columns.reduce(0) { $0 + $1.count }
        var title = [Span(t.boardTitle(open: open, closed: board.closed), th.heading),
                     Span("  " + model.filterTitle, th.dim)]
        if !model.search.isEmpty { title.append(Span("  " + t.searchLabel(model.search), th.warning)) }
        buf.spans(title, x: r.x + 1, y: r.y, width: r.width - 2)

        let colWidth = (r.width - 5) / 6
        let top = r.y + 3
        let perPage = max(1, (r.bottom - top) / linesPerItem)
        for (c, matter) in Matter.allCases.enumerated() {
            let cx = r.x + c * (colWidth + 1)
            if c > 0 {
                for y in (r.y + 1)..<r.bottom { buf.put("│", x: cx - 1, y: y, style: th.border) }
            }
            let column = board.columns[c]
            let header = "\(model.t.stage(.matter(matter))) \(column.count)"
            let active = c == model.boardColumn
            buf.text(header, x: cx, y: r.y + 1, width: colWidth, style: active ? Style(bold: true, reverse: true) : th.heading)
            buf.put(String(repeating: "─", count: colWidth), x: cx, y: r.y + 2, style: th.border)
            guard !column.isEmpty else {
                buf.text(t.boardEmpty, x: cx, y: top, width: colWidth, style: th.dim)
                continue
            }
            let cursor = model.boardRows[c]
            let start = (cursor / perPage) * perPage
            for n in 0..<perPage where start + n < column.count {
                let item = model.items[Int(column[start + n])]
                let y = top + n * linesPerItem
                drawItem(model, item, x: cx, y: y, width: colWidth, into: &buf)
                if start + n == cursor {
                    buf.restyle(x: cx, y: y, width: colWidth, height: linesPerItem) { s in
                        if active { s.reverse = true } else { s.underline = true }
                    }
                }
            }
            if column.count > perPage {
                let pages = "\(min(column.count, start + perPage))/\(column.count)"
                buf.put(pages, x: cx + colWidth - DisplayWidth.of(pages), y: r.y + 2, style: th.dim)
            }
        }
    }

    static func drawItem(_ model: Model, _ item: UIItem, x: Int, y: Int, width: Int, into buf: inout CellBuffer) {
        let th = model.theme
        buf.spans([Span("#\(item.id) ", th.dim), Span((item.major ? "★" : "") + item.title, Style(bold: item.major))],
                  x: x, y: y, width: width)
        var second = [Span(item.due.map { Labels.shortDate($0) } ?? "—", item.due.map { $0 < model.today } == true ? th.error : .plain)]
        if item.carryOvers > 0 { second.append(Span(" ↻\(item.carryOvers)", th.warning)) }
        if model.villageFilter == nil { second.append(Span(" " + model.village(id: item.village).name, th.dim)) }
        buf.spans(second, x: x + 1, y: y + 1, width: width - 1)
    }
}
