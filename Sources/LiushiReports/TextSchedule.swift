import LiushiActualSchedule
import LiushiCore

/// `liushi print --format text`: plain text for `lp`, one page per quarter (pages separated by a
/// form feed), every line at most 80 display columns (CJK = 2), long cells wrapped inside their
/// column by `TextTable`.
///
/// With `--all` the village is a column of the quarter's table (after the lunar date), so that a
/// page shows every village's fixed days of the quarter in date order; each page repeats the
/// title so that a loose page still says what it is.
public enum TextSchedule {
    public static let width = 80
    public static let formFeed = "\u{0C}"

    public static func render(_ d: PrintDocument) -> String {
        let quarters = d.quarters
        if quarters.isEmpty { return header(d) + "\n" + d.emptyLine + "\n" + footer() }
        var pages: [String] = []
        pages.reserveCapacity(quarters.count)
        for q in quarters {
            var page = header(d)
            page += "\n" + wrapped(d.quarterTitle(q))
            page += table(d, q.entries)
            page += footer()
            pages.append(page)
        }
        return pages.joined(separator: formFeed)
    }

    /// The title block of every page.
    static func header(_ d: PrintDocument) -> String {
        var lines = [d.title, d.subtitle, d.generatedLine]
        if let p = d.provisionalLine { lines.append(p) }
        return lines.map { wrapped(printable($0)) }.joined()
    }

    static func footer() -> String { "\n" + PrintDocument.slogan + "\n" }

    /// `text` wrapped to the page width, each line ended by a newline.
    static func wrapped(_ text: String) -> String {
        DisplayWidth.wrap(text, width: width).map { $0 + "\n" }.joined()
    }

    /// A cell without tabs or other control characters (a printer would move them), line breaks kept.
    static func printable(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0 != "\n" && TerminalText.isControl($0) }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            if u == "\n" { out.unicodeScalars.append(u) } else if TerminalText.isControl(u) { out += " " } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// One role a line, with the person's name.
    static func attendees(_ e: ScheduleEntry, _ lang: Language) -> String {
        e.attendees.map { role in
            var one = e
            one.attendees = [role]
            return Labels.attendees(one, lang)
        }.joined(separator: "\n")
    }

    /// The day's matters, one list per rhythm (in the rhythms' order): each rhythm's rule's matters
    /// that the day has. A matter of the day that no rhythm's rule names goes with the last one.
    static func mattersByRhythm(_ e: ScheduleEntry) -> [[Matter]] {
        guard e.rhythms.count > 1 else { return [e.matters] }
        var shown = Set<Matter>()
        var lists = e.rhythms.map { r -> [Matter] in
            let own = (e.village.rule(r)?.matters ?? []).filter { e.matters.contains($0) }
            shown.formUnion(own)
            return own
        }
        let rest = e.matters.filter { !shown.contains($0) }
        lists[lists.count - 1] += rest
        return lists
    }

    static func table(_ d: PrintDocument, _ entries: [ScheduleEntry]) -> String {
        let lang = d.language
        let all = d.isAllVillages
        let rows: [[String]] = entries.map { e in
            var note = d.note(e)
            let items = d.itemsLine(e)
            if !items.isEmpty { note += note.isEmpty ? items : "\n" + items }
            var row = [
                Labels.shortDate(d.shownDate(e)), Labels.weekday(d.shownDate(e), lang), Labels.lunar(d.shownDate(e)),
                e.rhythms.map { Labels.rhythms([$0], lang) }.joined(separator: "\n"),
                mattersByRhythm(e).map { Labels.matters($0, lang) }.joined(separator: "\n"),
                e.skipped ? "" : Labels.time(e), e.skipped ? "" : attendees(e, lang), note,
            ]
            if all { row.insert(e.village.name, at: 3) }
            return row.map(printable)
        }
        // One rhythm a line, and on the same line of the matters column that rhythm's matters, so
        // the two columns read together ("旬访  督事" / "月审  议事"); attendees one role a line.
        // Those, the village and the note may narrow and wrap; lists of names wrap between names,
        // never inside one.
        let flexible: Set<Int> = all ? [3, 4, 5, 7, 8] : [3, 4, 6, 7]
        let names: Set<Int> = all ? [3, 4, 5, 7] : [3, 4, 6]
        return TextTable(headers: d.headings(village: all), rows: rows, flexible: flexible, names: names).render(maxWidth: width)
    }
}
