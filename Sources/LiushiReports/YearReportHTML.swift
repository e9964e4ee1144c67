import LiushiActualSchedule
import LiushiCore

/// `liushi report --format html`: one self-contained A4 document (inline CSS and SVG, no
/// scripts, no external resources) with three charts of the total — attendance by role, held
/// and cancelled fixed days per month, items by stage — and the four tables of the text report.
/// Every text from the user or the data is escaped; each SVG is well-formed XML on its own
/// (inline SVG in HTML needs no namespace attribute, so the file holds no URL at all).
public enum YearReportHTML {
    public static func render(_ d: YearReportDocument) -> String {
        let lang = d.language
        let e = HTMLSchedule.escape
        var out = "<!DOCTYPE html>\n"
        out += "<html lang=\"\(lang == .zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"generator\" content=\"liushi\">\n"
        out += "<title>" + e(d.title) + "</title>\n"
        out += "<style>\n" + css + "</style>\n</head>\n<body>\n"
        out += "<header>\n<h1>" + e(d.title) + "</h1>\n"
        out += "<p class=\"period\">" + e(d.periodLine) + "</p>\n"
        out += "<p class=\"generated\">" + e(d.generatedLine) + "</p>\n"
        if let p = d.provisionalLine { out += "<p class=\"provisional\">" + e(p) + "</p>\n" }
        out += "</header>\n"
        out += "<section class=\"charts\">\n"
        out += figure(attendanceChart(d), lang.pick("出席率（合计）", "Attendance by role (total)"))
        out += figure(monthChart(d), lang.pick("每月已召开与已取消的固定日（合计）", "Fixed days held and cancelled per month (total)"))
        out += figure(itemsChart(d), lang.pick("事项：\(d.report.end.iso) 未办结的按阶段，及年内办结、撤回",
                                               "Items: open on \(d.report.end.iso) by stage, and closed or withdrawn in the year"))
        out += "</section>\n"
        for t in d.tables {
            out += "<section class=\"table\">\n<h2>" + e(t.title) + "</h2>\n<table>\n<thead><tr>"
            for (c, h) in t.headers.enumerated() { out += (c >= t.textColumns ? "<th class=\"n\">" : "<th>") + e(h) + "</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for (k, row) in t.rows.enumerated() {
                out += t.totals.contains(k) ? "<tr class=\"total\">" : "<tr>"
                for (c, cell) in row.enumerated() { out += (c >= t.textColumns ? "<td class=\"n\">" : "<td>") + e(cell) + "</td>" }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n"
            if t.title == d.itemsTable.title { out += "<p class=\"note\">" + e(d.itemsNote) + "</p>\n" }
            out += "</section>\n"
        }
        out += "<footer>" + e(PrintDocument.slogan) + "</footer>\n</body>\n</html>\n"
        return out
    }

    static func figure(_ svg: String, _ caption: String) -> String {
        "<figure>\n" + svg + "<figcaption>" + HTMLSchedule.escape(caption) + "</figcaption>\n</figure>\n"
    }

    static let width = 640

    /// An SVG element (`width` × `height` user units, scaled to the page's width).
    static func svg(height: Int, label: String, _ body: String) -> String {
        "<svg viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-label=\""
            + HTMLSchedule.escape(label) + "\">\n<title>" + HTMLSchedule.escape(label) + "</title>\n" + body + "</svg>\n"
    }

    static func text(_ x: Int, _ y: Int, _ s: String, anchor: String = "start", cls: String? = nil) -> String {
        "<text x=\"\(x)\" y=\"\(y)\" text-anchor=\"\(anchor)\"" + (cls.map { " class=\"\($0)\"" } ?? "") + ">"
            + HTMLSchedule.escape(s) + "</text>\n"
    }

    static func rect(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ cls: String) -> String {
        "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(max(0, w))\" height=\"\(max(0, h))\" class=\"\(cls)\"/>\n"
    }

    /// Horizontal bars: one per role, 0–100 %.
    static func attendanceChart(_ d: YearReportDocument) -> String {
        let a = d.report.total.attendance
        let roles = a.roles
        let lang = d.language
        let label = lang.pick("出席率", "Attendance")
        guard !roles.isEmpty else {
            return svg(height: 30, label: label, text(8, 20, lang.pick("本年没有已召开的固定日。", "No fixed day was held this year.")))
        }
        let left = 150, barMax = width - left - 60, row = 24
        var body = ""
        for (k, role) in roles.enumerated() {
            let y = 8 + k * row
            let rate = a.rate(role) ?? 0
            body += text(left - 8, y + 15, role.label(lang), anchor: "end")
            body += rect(left, y + 2, barMax, row - 8, "track")
            body += rect(left, y + 2, Int((Double(barMax) * rate).rounded()), row - 8, "held")
            body += text(left + barMax + 6, y + 15, YearReportDocument.percent(rate))
        }
        return svg(height: 16 + roles.count * row, label: label, body)
    }

    /// Vertical bars per month: held and cancelled side by side.
    static func monthChart(_ d: YearReportDocument) -> String {
        let months = d.report.total.byMonth
        let lang = d.language
        let top = 24, plot = 150, base = top + plot, left = 36
        let peak = max(1, months.map { max($0.held, $0.cancelled) }.max() ?? 1)
        let slot = (width - left - 8) / 12
        var body = ""
        body += rect(left, 6, 10, 10, "held") + text(left + 14, 15, DayState.held.label(lang))
        body += rect(left + 90, 6, 10, 10, "cancelled") + text(left + 104, 15, DayState.cancelled.label(lang))
        body += "<line x1=\"\(left)\" y1=\"\(base)\" x2=\"\(width - 8)\" y2=\"\(base)\" class=\"axis\"/>\n"
        body += text(left - 4, top + 8, String(peak), anchor: "end") + text(left - 4, base, "0", anchor: "end")
        for (m, c) in months.enumerated() {
            let x = left + m * slot + 4, bar = (slot - 10) / 2
            let hh = c.held * plot / peak, hc = c.cancelled * plot / peak
            body += rect(x, base - hh, bar, hh, "held")
            body += rect(x + bar + 2, base - hc, bar, hc, "cancelled")
            if c.held > 0 { body += text(x + bar / 2, base - hh - 3, String(c.held), anchor: "middle", cls: "small") }
            if c.cancelled > 0 { body += text(x + bar + 2 + bar / 2, base - hc - 3, String(c.cancelled), anchor: "middle", cls: "small") }
            body += text(x + bar, base + 16, lang.pick("\(m + 1)月", String(m + 1)), anchor: "middle")
        }
        return svg(height: base + 24, label: lang.pick("每月固定日", "Fixed days per month"), body)
    }

    /// Horizontal bars: open items by stage at the end, then closed and withdrawn in the year.
    static func itemsChart(_ d: YearReportDocument) -> String {
        let f = d.report.total
        let lang = d.language
        var bars: [(String, Int, String)] = Matter.allCases.map { m in
            (Stage.matter(m).label(lang), f.items.openByStage[m.rawValue - 1], "open")
        }
        bars.append((lang.pick("年内办结", "closed"), f.items.closed, "held"))
        bars.append((lang.pick("年内撤回", "withdrawn"), f.items.withdrawn, "cancelled"))
        let peak = max(1, bars.map(\.1).max() ?? 1)
        let left = 150, barMax = width - left - 60, row = 24
        var body = ""
        for (k, bar) in bars.enumerated() {
            let y = 8 + k * row
            body += text(left - 8, y + 15, bar.0, anchor: "end")
            body += rect(left, y + 2, bar.1 * barMax / peak, row - 8, bar.2)
            body += text(left + bar.1 * barMax / peak + 6, y + 15, String(bar.1))
        }
        return svg(height: 16 + bars.count * row, label: lang.pick("事项按阶段", "Items by stage"), body)
    }

    static let css = """
    @page { size: A4; margin: 15mm 12mm 16mm 12mm; }
    html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; font-size: 10.5pt; color: #000; }
    body { margin: 1.5em auto; max-width: 60em; padding: 0 1em; }
    h1 { font-size: 16pt; margin: 0 0 .2em; }
    h2 { font-size: 12.5pt; margin: 1em 0 .4em; }
    header p { margin: .15em 0; }
    p.provisional { color: #8a4b00; }
    figure { margin: .8em 0; break-inside: avoid; page-break-inside: avoid; }
    figcaption { font-weight: bold; margin-top: .2em; }
    svg { display: block; max-width: 100%; height: auto; font-size: 11px; }
    svg text.small { font-size: 9px; }
    svg .track { fill: #eee; }
    svg .held { fill: #2f6f4f; }
    svg .cancelled { fill: #b5452f; }
    svg .open { fill: #4a6fa5; }
    svg .axis { stroke: #666; stroke-width: 1; }
    table { border-collapse: collapse; width: 100%; }
    thead { display: table-header-group; }
    tr { break-inside: avoid; page-break-inside: avoid; }
    th, td { border: 1px solid #888; padding: .2em .35em; vertical-align: top; text-align: left; }
    th { background: #eee; white-space: nowrap; }
    th.n, td.n { text-align: right; white-space: nowrap; }
    tr.total td { font-weight: bold; }
    p.note { font-size: 9.5pt; color: #333; }
    footer { margin-top: 1.5em; text-align: center; letter-spacing: .2em; font-weight: bold; }
    @media print {
      body { margin: 0; max-width: none; padding: 0; }
      section.table { break-before: auto; }
      th, svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }

    """
}
