import LiushiActualSchedule
import LiushiCore

/// The year's evaluation (年评) with what its text and HTML show around the figures: the
/// township's name, the language, and the rows of its four tables, shared by both renderers.
public struct YearReportDocument: Sendable {
    public var report: YearReport
    public var townshipName: String
    public var language: Language
    /// True when the year's holidays are computed, not official.
    public var provisional: Bool

    public init(report: YearReport, townshipName: String, language: Language, provisional: Bool = false) {
        self.report = report
        self.townshipName = townshipName
        self.language = language
        self.provisional = provisional
    }

    var lang: Language { language }

    public var title: String {
        lang.pick("\(townshipName) \(report.year)年 年评", "\(townshipName): the year \(report.year) evaluated (年评)")
    }

    /// What the figures cover.
    public var periodLine: String {
        let r = report
        if r.today > Day(year: r.year, month: 12, day: 31) ?? r.today {
            return lang.pick("\(r.year)-01-01 至 \(r.year)-12-31 全年。",
                             "The whole year, \(r.year)-01-01 to \(r.year)-12-31.")
        }
        return lang.pick("截至 \(r.today.iso)：今天及以后的固定日计为待召开，事项统计到今天。",
                         "As of \(r.today.iso): fixed days from today on count as upcoming; items are counted up to today.")
    }

    public var provisionalLine: String? {
        provisional ? lang.pick("注意：\(report.year)年的节假日为推算，尚无国务院正式安排。",
                                "Note: the holidays of \(report.year) are computed; the official arrangement is not yet published.") : nil
    }

    public var generatedLine: String { lang.pick("生成日期：\(report.today.iso)", "Generated on \(report.today.iso)") }

    var totalLabel: String { lang.pick("合计", "Total") }

    /// Rows: each village, then the total.
    var rows: [(name: String, figures: YearReport.Figures)] {
        report.villages.map { ($0.village.name, $0.figures) } + [(totalLabel, report.total)]
    }

    // MARK: Tables

    struct Table {
        var title: String
        var headers: [String]
        var rows: [[String]]
        /// Rows that are totals (bold in HTML).
        var totals: Set<Int> = []
        /// Leading columns of text; the others hold numbers (right-aligned).
        var textColumns = 1
    }

    static func counts(_ c: YearReport.DayCounts) -> [String] {
        [c.scheduled, c.held, c.cancelled, c.unmarked, c.upcoming, c.moved].map(String.init)
    }

    var dayHeaders: [String] {
        [lang.pick("应召开", "scheduled"), lang.pick("已召开", "held"), lang.pick("已取消", "cancelled"),
         lang.pick("未标记", "unmarked"), lang.pick("待召开", "upcoming"), lang.pick("改期", "moved")]
    }

    var fixedDaysTable: Table {
        let rows = self.rows
        return Table(title: lang.pick("一、固定日", "1. Fixed days"),
                     headers: [lang.pick("村庄", "village")] + dayHeaders,
                     rows: rows.map { [$0.name] + Self.counts($0.figures.fixedDays) }, totals: [rows.count - 1])
    }

    var byRhythmTable: Table {
        var out: [[String]] = []
        var totals: Set<Int> = []
        for (k, row) in rows.enumerated() {
            var firstRow = true
            for r in Rhythm.allCases where row.figures.byRhythm[r.rawValue].scheduled > 0 {
                if k == rows.count - 1 { totals.insert(out.count) }
                out.append([firstRow ? row.name : "", lang.pick(r.chinese, r.key)] + Self.counts(row.figures.byRhythm[r.rawValue]))
                firstRow = false
            }
        }
        return Table(title: lang.pick("二、固定日（按节奏；合并的固定日每个节奏各计一次）",
                                      "2. Fixed days by rhythm (a merged day counts for each of its rhythms)"),
                     headers: [lang.pick("村庄", "village"), lang.pick("节奏", "rhythm")] + dayHeaders, rows: out, totals: totals, textColumns: 2)
    }

    static func shortRole(_ r: Role, _ lang: Language) -> String {
        switch r {
        case .liaison: return lang.pick("联系领导", "liaison")
        case .instructor: return lang.pick("指导员", "instr.")
        case .committees: return lang.pick("两委", "cttees")
        case .supervisors: return lang.pick("村监会", "superv.")
        case .cooperative: return lang.pick("经合社", "coop.")
        case .representatives: return lang.pick("代表", "reps")
        }
    }

    /// "92%", or "—" when no day was held.
    static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return String(Int((rate * 100).rounded())) + "%"
    }

    var attendanceTable: Table {
        let roles = report.total.attendance.roles
        let rows = self.rows
        return Table(title: lang.pick("三、出席率（出席的已召开固定日所占比例）", "3. Attendance (share of the held days each role attended)"),
                     headers: [lang.pick("村庄", "village"), lang.pick("已召开", "held")] + roles.map { Self.shortRole($0, lang) },
                     rows: rows.map { row in
                         let own = row.figures.attendance.roles   // a role neither expected nor present there: —
                         return [row.name, String(row.figures.attendance.heldDays)]
                             + roles.map { own.contains($0) ? Self.percent(row.figures.attendance.rate($0)) : "—" }
                     }, totals: [rows.count - 1])
    }

    /// "12", "12.5", or "—".
    static func days(_ median: Double?) -> String {
        guard let median else { return "—" }
        return JSONNumber.halves(median)
    }

    var itemsTable: Table {
        let rows = self.rows
        return Table(title: lang.pick("四、事项", "4. Items"),
                     headers: [lang.pick("村庄", "village"), lang.pick("新增", "added"), lang.pick("办结", "closed"),
                               lang.pick("撤回", "withdrawn"), lang.pick("逾期", "overdue"), lang.pick("顺延", "carry-overs"),
                               lang.pick("办结天数中位", "median days")],
                     rows: rows.map { row in
                         let i = row.figures.items
                         return [row.name, String(i.added), String(i.closed), String(i.withdrawn), String(i.overdue),
                                 String(row.figures.carryOvers), Self.days(row.figures.medianDaysToClose)]
                     }, totals: [rows.count - 1])
    }

    var itemsNote: String {
        let end = report.end.iso
        return lang.pick("逾期与顺延：\(end) 时未办结的事项；办结天数：从新增到办结的天数（年内办结的事项）。",
                         "Overdue and carry-overs: items open on \(end); median days: from added to closed, items closed in the year.")
    }

    var tables: [Table] { [fixedDaysTable, byRhythmTable, attendanceTable, itemsTable] }
}

/// Numbers as JSON and the reports write them.
enum JSONNumber {
    /// A whole number or a half: "12", "12.5", "-1.5".
    static func halves(_ v: Double) -> String {
        let twice = Int((v * 2).rounded())
        if twice % 2 == 0 { return String(twice / 2) }
        return (twice < 0 ? "-" : "") + String(abs(twice) / 2) + ".5"
    }

    /// A share rounded to hundredths: "0.92", "0.5", "1", "0".
    static func hundredths(_ v: Double) -> String {
        let h = Int((v * 100).rounded())
        if h % 100 == 0 { return String(h / 100) }
        var frac = String(abs(h) % 100)
        if frac.count == 1 { frac = "0" + frac }
        if frac.hasSuffix("0") { frac.removeLast() }
        return (h < 0 ? "-" : "") + String(abs(h) / 100) + "." + frac
    }
}
