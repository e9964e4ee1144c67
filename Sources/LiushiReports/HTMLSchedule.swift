import LiushiActualSchedule
import LiushiCore

/// `liushi print --format html`: one self-contained file (inline CSS, no scripts, no external
/// resources) that prints on A4, one page per quarter, with the table header repeated on every
/// printed page and the slogan in the footer. Every text that comes from the user or the data is
/// escaped.
///
/// Nothing is lost or squeezed: the table has a fixed layout (`table-layout: fixed`, column widths
/// in a `<colgroup>`; attendees and the note share what is left), so a long cell cannot push
/// other columns off the page, and text wraps anywhere when it must (`overflow-wrap: anywhere`),
/// so a long URL or an unbroken run of characters stays inside its cell.
public enum HTMLSchedule {
    public static func render(_ d: PrintDocument) -> String {
        let lang = d.language
        var out = ""
        out.reserveCapacity(4096 + d.entries.count * 400)
        out += "<!DOCTYPE html>\n"
        out += "<html lang=\"\(lang == .zh ? "zh-CN" : "en")\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"liushi\">\n"
        out += "<title>" + escape(d.title) + "</title>\n"
        out += "<style>\n" + css + "</style>\n</head>\n<body>\n"
        out += "<header>\n<h1>" + escape(d.title) + "</h1>\n"
        out += "<p class=\"period\">" + escape(d.subtitle) + "</p>\n"
        out += "<p class=\"generated\">" + escape(d.generatedLine) + "</p>\n"
        if let p = d.provisionalLine { out += "<p class=\"provisional\">" + escape(p) + "</p>\n" }
        out += "</header>\n"
        let quarters = d.quarters
        if quarters.isEmpty { out += "<p class=\"empty\">" + escape(d.emptyLine) + "</p>\n" }
        let headings = d.headings(village: d.isAllVillages)
        for q in quarters {
            out += "<section class=\"quarter\">\n<h2>" + escape(d.quarterTitle(q)) + "</h2>\n<table>\n" + colgroup(d) + "<thead><tr>"
            for h in headings { out += "<th>" + escape(h) + "</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for e in q.entries { row(d, e, into: &out) }
            out += "</tbody>\n</table>\n</section>\n"
        }
        out += "<footer>" + escape(PrintDocument.slogan) + "</footer>\n</body>\n</html>\n"
        return out
    }

    /// The columns, by class: their widths are in the CSS.
    static func colgroup(_ d: PrintDocument) -> String {
        var names = ["date", "weekday", "lunar", "rhythms", "matters", "time", "attendees", "note"]
        if d.isAllVillages { names.insert("village", at: 3) }
        return "<colgroup>" + names.map { "<col class=\"c-\($0)\">" }.joined() + "</colgroup>\n"
    }

    static func row(_ d: PrintDocument, _ e: ScheduleEntry, into out: inout String) {
        let lang = d.language
        var classes: [String] = []
        if e.skipped { classes.append("skipped") }
        if e.isCancelled { classes.append("cancelled") }
        if e.movedFrom != nil || e.shiftedFrom != nil { classes.append("moved") }
        if e.provisional { classes.append("provisional") }
        out += classes.isEmpty ? "<tr>" : "<tr class=\"" + classes.joined(separator: " ") + "\">"
        let shown = d.shownDate(e)
        out += "<td class=\"date\"><time datetime=\"" + shown.iso + "\">" + Labels.shortDate(shown) + "</time></td>"
        out += "<td class=\"weekday\">" + escape(Labels.weekday(shown, lang)) + "</td>"
        out += "<td class=\"lunar\">" + escape(Labels.lunar(shown)) + "</td>"
        if d.isAllVillages { out += "<td class=\"village\">" + escape(e.village.name) + "</td>" }
        // One rhythm a line, and each rhythm's matters on the same line of the next cell.
        out += "<td class=\"rhythms\">" + e.rhythms.map { escape(Labels.rhythms([$0], lang)) }.joined(separator: "<br>") + "</td>"
        out += "<td class=\"matters\">" + TextSchedule.mattersByRhythm(e).map { escape(Labels.matters($0, lang)) }
            .joined(separator: "<br>") + "</td>"
        out += "<td class=\"time\">" + (e.skipped ? "" : escape(Labels.time(e))) + "</td>"
        out += "<td class=\"attendees\">" + (e.skipped ? "" : escape(Labels.attendees(e, lang))) + "</td>"
        out += "<td class=\"note\">" + escape(d.note(e))
        if !e.items.isEmpty && !d.isMovedAway(e) {
            out += "<ul class=\"items\">"
            for i in e.items {
                var text = "#\(i.id) \(i.title) [\(i.stage.label(lang))]"
                if i.carryOvers > 0 { text += lang == .zh ? "（顺延\(i.carryOvers)次）" : " (carried over \(i.carryOvers)×)" }
                out += "<li>" + escape(text) + "</li>"
            }
            out += "</ul>"
        }
        out += "</td></tr>\n"
    }

    /// Escapes the five characters with a meaning in HTML text and attribute values.
    public static func escape(_ s: String) -> String {
        var needs = false
        for u in s.utf8 where u == 0x26 || u == 0x3C || u == 0x3E || u == 0x22 || u == 0x27 { needs = true; break }
        if !needs { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static let css = """
    @page { size: A4; margin: 15mm 12mm 16mm 12mm; }
    html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; font-size: 10.5pt; color: #000; }
    body { margin: 1.5em auto; max-width: 60em; padding: 0 1em; }
    h1 { font-size: 16pt; margin: 0 0 .2em; }
    h2 { font-size: 12.5pt; margin: 1em 0 .4em; }
    header p { margin: .15em 0; }
    p.provisional, tr.provisional td.note { color: #8a4b00; }
    table { border-collapse: collapse; width: 100%; table-layout: fixed; }
    thead { display: table-header-group; }
    tr { break-inside: avoid; page-break-inside: avoid; }
    th, td { border: 1px solid #888; padding: .2em .35em; vertical-align: top; text-align: left; overflow-wrap: anywhere; word-break: break-word; }
    th { background: #eee; }
    col.c-date { width: 3.6em; }
    col.c-weekday { width: 3.2em; }
    col.c-lunar { width: 5.6em; }
    col.c-village { width: 5.6em; }
    col.c-rhythms { width: 4.4em; }
    col.c-matters { width: 6.2em; }
    col.c-time { width: 6.6em; }
    td.date, td.weekday { white-space: nowrap; }
    tr.skipped td { color: #666; font-style: italic; }
    tr.cancelled td.matters { text-decoration: line-through; }
    ul.items { margin: .2em 0 0; padding-left: 1.1em; }
    footer { margin-top: 1.5em; text-align: center; letter-spacing: .2em; font-weight: bold; }
    @media print {
      body { margin: 0; max-width: none; padding: 0; }
      .quarter + .quarter { break-before: page; page-break-before: always; }
      th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }

    """
}
