import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import LiushiActualSchedule
import LiushiCore
import LiushiReports

/// The year's evaluation (年评) rendered: golden files for text, HTML and JSON of 2025 for the
/// three print villages (PrintFixtures' marks plus held days with attendance, a few items), the
/// 80-column limit, escaping, the SVG as XML, and the PDF by headless Chromium when installed.
@Suite("report (年评): text, html, json")
struct YearReportRenderTests {
    static let d = PrintFixtures.d

    /// PrintFixtures' marks, and held days with attendance.
    static let marks: [DayMark] = PrintFixtures.marks + [
        DayMark(village: "sandu", date: d("2025-03-10"), status: .held, attended: [.committees, .instructor, .liaison]),
        DayMark(village: "sandu", date: d("2025-06-16"), status: .held, attended: [.committees]),
        DayMark(village: "xiaxu", date: d("2025-01-02"), status: .held, attended: [.liaison, .committees]),
        DayMark(village: "xiaxu", date: d("2025-12-26"), status: .cancelled),
    ]

    static func life(_ id: Int64, _ village: String, _ added: String, _ stage: Matter, closed: String? = nil) -> ItemLife {
        ItemLife(id: id, village: village, added: d(added), initial: .matter(stage),
                 changes: closed.map { [ItemLife.Change(day: d($0), from: .matter(stage), to: .closed)] } ?? [])
    }

    static let lives: [ItemLife] = [
        life(1, "sandu", "2025-01-06", .sort, closed: "2025-02-17"),
        life(2, "sandu", "2025-03-01", .discuss, closed: "2025-04-15"),
        life(3, "sandu", "2025-09-01", .discuss),
        life(4, "xiaxu", "2025-11-20", .decide),
        life(5, "lixin", "2024-12-01", .supervise, closed: "2025-01-20"),
    ]

    static func report(villages: [Village] = [PrintFixtures.sandu, PrintFixtures.xiaxu, PrintFixtures.lixin],
                       today: String = "2026-01-10") throws -> YearReport {
        let schedule = Schedule(villages: villages, calendar: PrintFixtures.calendar)
        let actual = ActualSchedule(schedule: schedule, marks: marks, today: d(today))
        return try YearReport.compute(actual, year: 2025, lives: lives)
    }

    static func document(_ lang: Language = .zh, township: String = "乾潭镇", today: String = "2026-01-10") throws -> YearReportDocument {
        YearReportDocument(report: try report(today: today), townshipName: township, language: lang)
    }

    @Test("text, html and json of 2025 match their golden files")
    func golden() throws {
        let doc = try Self.document()
        PrintFixtures.checkGolden(YearReportText.render(doc), "report-2025.txt")
        PrintFixtures.checkGolden(YearReportHTML.render(doc), "report-2025.html")
        PrintFixtures.checkGolden(YearReportJSON.render(doc.report), "report-2025.json")
        PrintFixtures.checkGolden(YearReportText.render(try Self.document(.en)), "report-2025-en.txt")
    }

    @Test("json has the contract's keys in order, and the total sums the villages")
    func jsonShape() throws {
        let r = try Self.report()
        let json = YearReportJSON.render(r)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["year"] as? Int == 2025)
        let villages = object?["villages"] as? [[String: Any]] ?? []
        #expect(villages.map { $0["village"] as? String } == ["lixin", "sandu", "xiaxu"])   // the schedule's order: by id
        for key in ["fixedDays", "attendance", "items", "medianDaysToClose", "carryOvers"] {
            #expect(villages.allSatisfy { $0[key] != nil }, "\(key)")
        }
        #expect(json.contains(#"{"village":"sandu","name":"三都村","fixedDays":{"scheduled":"#))
        let total = object?["total"] as? [String: Any]
        let days = total?["fixedDays"] as? [String: Int] ?? [:]
        #expect(days["scheduled"] == r.villages.map(\.figures.fixedDays.scheduled).reduce(0, +))
        #expect(days["held"]! + days["cancelled"]! + days["unmarked"]! + days["upcoming"]! == days["scheduled"])
        #expect((total?["items"] as? [String: Int])?["closed"] == 3)
        #expect(total?["medianDaysToClose"] as? Int == 45)   // 42, 45, 50 days
    }

    @Test("text fits 80 columns in both languages, even with a long village name")
    func fitsEightyColumns() throws {
        var long = PrintFixtures.lixin
        long.name = "里新村第三经济合作社与下辖自然村联合议事会（试点）"
        let r = try Self.report(villages: [PrintFixtures.sandu, PrintFixtures.xiaxu, long])
        for lang in [Language.zh, .en] {
            let text = YearReportText.render(YearReportDocument(report: r, townshipName: "建德市乾潭镇人民政府（乡镇）", language: lang))
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(DisplayWidth.of(line) <= 80, "\(DisplayWidth.of(line)) columns: \(line)")
            }
            #expect(text.contains("里新村"))
        }
    }

    @Test("html is self-contained, escapes every user string, and each SVG parses as XML")
    func htmlEscapedAndSVGWellFormed() throws {
        var hostile = PrintFixtures.xiaxu
        hostile.name = "</td><script>alert(1)</script>&\"'"
        let r = try Self.report(villages: [PrintFixtures.sandu, hostile])
        let html = YearReportHTML.render(YearReportDocument(report: r, townshipName: "<b>镇</b>", language: .zh))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(html.contains("&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;"))
        #expect(html.contains("&lt;b&gt;镇&lt;/b&gt;"))
        #expect(html.contains("lang=\"zh-CN\"") && html.contains("size: A4"))
        var svgs: [String] = []
        var rest = html[...]
        while let a = rest.range(of: "<svg"), let b = rest[a.lowerBound...].range(of: "</svg>") {
            svgs.append(String(rest[a.lowerBound..<b.upperBound]))
            rest = rest[b.upperBound...]
        }
        #expect(svgs.count == 3)
        for svg in svgs {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")\n\(svg.prefix(300))")
        }
    }

    @Test("mid-year the text says what counts as upcoming; a year without held days draws an empty attendance chart")
    func midYear() throws {
        let doc = try Self.document(.en, today: "2025-06-20")
        let text = YearReportText.render(doc)
        #expect(text.contains("As of 2025-06-20"))
        let empty = YearReportDocument(report: try YearReport.compute(
            ActualSchedule(schedule: Schedule(villages: [PrintFixtures.lixin], calendar: PrintFixtures.calendar), today: Self.d("2026-01-10")),
            year: 2025, lives: []), townshipName: "乾潭镇", language: .zh)
        #expect(YearReportHTML.render(empty).contains("本年没有已召开的固定日。"))
        #expect(YearReportJSON.render(empty.report).contains(#""attendance":{}"#))
        #expect(YearReportJSON.render(empty.report).contains(#""medianDaysToClose":null"#))
    }

    @Test("chromium prints the html report as A4 pages with the village's name in the text layer")
    func printsToPDF() throws {
        guard let chromium = PrintFixtures.which("chromium") ?? PrintFixtures.which("chromium-browser") else {
            try Test.cancel("skipped: chromium is not on PATH (CI installs the Debian package `chromium`)")
        }
        let dir = try PrintFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("report.html"), pdf = dir.appendingPathComponent("report.pdf")
        try Data(YearReportHTML.render(try Self.document()).utf8).write(to: html)
        let r = try PrintFixtures.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--user-data-dir=" + dir.appendingPathComponent("profile").path,
            "--print-to-pdf=" + pdf.path, html.path,
        ], timeout: 180)
        let pdfData = FileManager.default.contents(atPath: pdf.path)
        try #require(pdfData != nil, "chromium wrote no PDF (status \(r.status)): \(r.stderr.suffix(2000))")
        #expect(pdfData?.starts(with: Array("%PDF".utf8)) == true)
        if let pages = try PDFTests.pageCount(pdf) {
            #expect((1...4).contains(pages), "\(pages) pages")
        }
        guard let pdftotext = PrintFixtures.which("pdftotext") else {
            try Test.cancel("text layer not checked: pdftotext (Debian package poppler-utils) is not on PATH")
        }
        let text = try PrintFixtures.run(pdftotext, ["-enc", "UTF-8", pdf.path, "-"]).stdout
        #expect(text.contains("2025"))
        if !text.contains("三都村") {
            let fcList = PrintFixtures.which("fc-list")
            let cjk = try fcList.map { try PrintFixtures.run($0, [":lang=zh", "family"]).stdout } ?? ""
            if cjk.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                try Test.cancel("village name not in the text layer and no CJK font is installed")
            }
            Issue.record("the PDF's text layer does not contain 三都村:\n\(text.prefix(500))")
        }
    }
}
