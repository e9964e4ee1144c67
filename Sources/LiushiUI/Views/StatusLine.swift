import LiushiCore

/// The two bottom lines: the prompt or message, and the status line (township, village filter,
/// key hints).
enum StatusLine {
    static func draw(_ model: Model, into buf: inout CellBuffer, y: Int) {
        let th = model.theme, t = model.t
        buf.fill(x: 0, y: y, width: buf.width, height: 1, style: th.bar)
        // A county without a name in county.yaml shows only the filter.
        let name = model.config.township.townshipName
        let place = " " + (name.isEmpty ? "" : name + " · ") + model.filterName + " "
        let used = buf.text(place, x: 0, y: y, width: buf.width, style: th.bar)
        if let e = model.prompt?.error {
            buf.fill(x: used, y: y, width: buf.width - used, height: 1, style: th.barError)
            buf.text("│ " + e, x: used, y: y, width: buf.width - used, style: th.barError)
            return
        }
        let hints: String
        if let p = model.prompt {
            hints = p.takesText ? t.p("回车 确认 · Esc 取消 · 退格 删除", "Enter confirm · Esc cancel · Backspace delete")
                : t.p("按提示选择 · Esc 取消", "answer as shown · Esc cancel")
        } else {
            switch model.overlay {
            case .help: hints = t.p("Esc/q/? 关闭帮助", "Esc/q/? close help")
            case .detail: hints = t.detailHints
            case .day: hints = t.dayHints
            case .villagePicker: hints = t.pickerHints
            case nil:
                hints = t.p("?帮助 Tab切换 v选村 x推进 m标记 a新增 /搜索 u撤销 p打印 q退出",
                            "? help · Tab pane · v village · x advance · q quit")
            }
        }
        buf.text("│ " + hints, x: used, y: y, width: buf.width - used, style: th.bar)
    }

    static func drawMessageLine(_ model: Model, into buf: inout CellBuffer, y: Int) {
        let th = model.theme
        if let p = model.prompt {
            // A long label gives way to at least 24 columns of typed text.
            var labelText = " " + p.label
            if p.takesText, DisplayWidth.of(labelText) > buf.width - 26 {
                labelText = DisplayWidth.truncate(labelText, to: max(1, buf.width - 26))
            }
            let label = Span(labelText, Style(bold: true))
            // Show the end of a long input: drop characters from the front until it fits.
            let room = buf.width - 2 - DisplayWidth.of(label.text)
            var text = Substring(p.text)
            while DisplayWidth.of(text) > max(0, room) && !text.isEmpty { text = text.dropFirst() }
            let used = buf.spans([label, Span(String(text))], x: 0, y: y, width: buf.width - 1)
            if p.takesText {
                buf.put(" ", x: used, y: y, style: Style(reverse: true))
                buf.cursor = CellBuffer.Cursor(x: min(used, buf.width - 1), y: y)
            }
        } else if let m = model.message {
            buf.text(" " + m.text, x: 0, y: y, width: buf.width, style: m.isError ? th.error : th.info)
        }
    }
}
