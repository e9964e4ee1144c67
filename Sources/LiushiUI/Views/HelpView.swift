import LiushiCore

/// Every key, in two columns when there is room (moving and views | items and fixed days).
enum HelpView {
    typealias Entry = (key: String, what: String)

    static func sections(_ t: Texts) -> [(String, [Entry])] {
        [
            (t.p("移动", "Moving"), [
                ("← → h l", t.p("前一天 / 后一天", "previous / next day")),
                ("↑ ↓ k j", t.p("前一周 / 后一周", "previous / next week")),
                ("PgUp PgDn", t.p("上月 / 下月", "previous / next month")),
                ("Home End", t.p("月初 / 月末", "first / last day of month")),
                ("t", t.p("回到今天", "today")),
                ("g", t.p("转到日期（YYYY-MM-DD）", "go to a date (YYYY-MM-DD)")),
            ]),
            (t.p("视图", "Views"), [
                ("Tab S-Tab", t.p("日历→日程→近期→看板", "cycle panes and screens")),
                ("1 2 3 4", t.p("日历/近期/看板/逾期", "the four screens")),
                ("Enter", t.p("打开事项 / 固定日记录", "open item / fixed day")),
                ("v", t.p("选择村（含全部村）", "choose a village or all")),
                ("T", t.p("选择乡镇（含全部乡镇）", "choose a township or all")),
                ("P", t.p("只看某人参加的固定日", "one person's fixed days")),
                ("/", t.p("搜索事项标题", "search item titles")),
                ("?", t.p("帮助", "this help")),
            ]),
            (t.p("事项与固定日", "Items and fixed days"), [
                (t.p("x 空格", "x Space"), t.p("推进到下一阶段（可填备注）", "advance (optional note)")),
                ("r", t.p("退回上一阶段（填原因）", "return, with a reason")),
                ("n", t.p("给事项添加备注", "add a note")),
                ("a", t.p("新增事项（本村）", "add an item")),
                ("m", t.p("标记：召开 / 改期 / 取消", "mark: held/moved/cancelled")),
                ("h", t.p("已召开（到会、纪要）", "held: who came, minutes")),
                ("E", t.p("修改事项标题", "correct an item's title")),
                ("W", t.p("撤回事项（填理由）", "withdraw, with a reason")),
                ("u", t.p("撤销自己的上一次修改", "undo your last change")),
                ("p", t.p("打印本村全年日程", "print the village's year")),
                ("Esc", t.p("关闭 / 取消 / 清除搜索", "close, cancel, clear search")),
                ("q", t.p("关闭窗口，或退出", "close, or quit")),
                ("Ctrl-L", t.p("重画屏幕", "redraw the screen")),
                ("Ctrl-C", t.p("立即退出", "quit at once")),
            ]),
        ]
    }

    static func lines(_ model: Model, _ sections: ArraySlice<(String, [Entry])>) -> [[Span]] {
        var out: [[Span]] = []
        for (heading, entries) in sections {
            out.append([Span(heading, model.theme.heading)])
            for e in entries { out.append([Span(DisplayWidth.pad(e.key, to: 10), model.theme.key), Span(e.what)]) }
        }
        return out
    }

    /// Lines of the help in one or two columns.
    static func columns(_ model: Model, width: Int) -> [[[Span]]] {
        let all = sections(model.t)
        if width >= 76 { return [lines(model, all[0..<2]), lines(model, all[2...])] }
        return [lines(model, all[...])]
    }

    static func draw(_ model: Model, into buf: inout CellBuffer, _ body: Rect) {
        let th = model.theme, t = model.t
        buf.box(body, title: t.p("帮助 · 按键", "Help · keys"), style: th.border)
        let inner = Rect(x: body.x + 2, y: body.y + 1, width: body.width - 4, height: body.height - 2)
        let cols = columns(model, width: inner.width)
        let colWidth = (inner.width - (cols.count - 1) * 2) / cols.count
        let visible = max(1, inner.height - 2)
        let longest = cols.map(\.count).max() ?? 0
        let scroll = min(model.helpScroll, max(0, longest - visible))
        for (c, lines) in cols.enumerated() {
            for (n, line) in lines.dropFirst(scroll).prefix(visible).enumerated() {
                buf.spans(line, x: inner.x + c * (colWidth + 2), y: inner.y + n, width: colWidth)
            }
        }
        buf.text(t.p("列表中：↑↓ 移动 · PgUp/PgDn 翻页 · Home/End 首尾；Esc / q / ? 关闭帮助",
                     "In lists: ↑↓ move · PgUp/PgDn page · Home/End ends.  Esc / q / ? close"),
                 x: inner.x, y: inner.bottom - 1, width: inner.width, style: th.dim)
    }

    /// The most the help can scroll at a given size.
    static func maxScroll(_ model: Model, width: Int, height: Int) -> Int {
        let cols = columns(model, width: width - 4)
        return max(0, (cols.map(\.count).max() ?? 0) - max(1, height - 3 - 4))
    }
}
