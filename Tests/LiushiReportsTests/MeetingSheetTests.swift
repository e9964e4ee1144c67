import Foundation
import LiushiActualSchedule
import LiushiCore
@testable import LiushiReports
import Testing

/// `day show --format html`: the agenda and sign-in sheet before the day, the record after it.
@Suite("The meeting sheet (day show --format html)")
struct MeetingSheetTests {
    static let day = Day(year: 2026, month: 12, day: 14)!
    static let village = Village(id: "sandu", name: "三都<村>", people: [.liaison: "王明", .committees: "柯卫东、汪海燕"], rules: [])

    static func entry(record: DayRecord?) -> ScheduleEntry {
        ScheduleEntry(date: day, scheduledDate: day, village: village, rhythms: [.week], matters: [.sort], time: 8 * 60 + 30,
                      duration: 60, attendees: [.committees, .liaison], shiftedFrom: nil, reason: nil, provisional: false,
                      skipped: false, onDayOff: false,
                      items: [DueItem(id: 3, title: "路灯 <script>", stage: .matter(.sort), carryOvers: 1)], record: record)
    }

    @Test("before the day: the agenda and a sign-in row for each configured person of each expected role, escaped")
    func signInSheet() {
        let html = MeetingSheet.render(Self.entry(record: nil), changes: [], township: "乾潭镇", language: .zh, generatedOn: Self.day)
        #expect(html.contains("议程与签到表"))
        #expect(html.contains("<td class=\"text\">柯卫东</td>") && html.contains("<td class=\"text\">汪海燕</td>"))
        #expect(html.contains("<td class=\"text\">王明</td>"))
        #expect(html.contains("路灯 &lt;script&gt;") && !html.contains("<script>"))
        #expect(html.contains("三都&lt;村&gt;"))
        let rows = html.components(separatedBy: "class=\"sign\"").count - 1
        #expect(rows == 3 + MeetingSheet.blankRows)
        #expect(!html.contains("<script") && !html.contains("src="), "self-contained, no scripts")
    }

    @Test("once held: who came against who was expected, the minutes, and the stage changes made at it")
    func record() {
        var r = DayRecord(village: "sandu", scheduled: Self.day)
        r.apply(DayMark(village: "sandu", date: Self.day, status: .held, attended: [.liaison], minutes: "议定 & 通过"))
        let change = MeetingSheet.Change(item: 3, title: "路灯", from: .matter(.sort), to: .matter(.discuss), user: "王明",
                                         time: "2026-12-14 10:00", note: "")
        let html = MeetingSheet.render(Self.entry(record: r), changes: [change], township: "乾潭镇", language: .en, generatedOn: Self.day)
        #expect(html.contains("fixed day record"))
        #expect(html.contains("<td>liaison leader</td><td class=\"text\">王明</td><td>✓</td>"))
        #expect(html.contains("<td>village committees</td><td class=\"text\">柯卫东、汪海燕</td><td>—</td>"))
        #expect(html.contains("议定 &amp; 通过"))
        #expect(html.contains("sort → discuss"))
        #expect(!html.contains("Sign-in sheet"))
    }
}

@Suite("day show --format html → PDF (chromium)")
struct MeetingSheetPDFTests {
    @Test("chromium prints the meeting record on one A4 page with the village and the minutes in the text layer")
    func recordPrints() throws {
        guard let chromium = PrintFixtures.which("chromium") ?? PrintFixtures.which("chromium-browser") else {
            try Test.cancel("skipped: chromium is not on PATH (CI installs the Debian package `chromium`)")
        }
        guard let pdftotext = PrintFixtures.which("pdftotext") else {
            try Test.cancel("skipped: pdftotext is not on PATH (CI installs poppler-utils)")
        }
        var r = DayRecord(village: "sandu", scheduled: MeetingSheetTests.day)
        r.apply(DayMark(village: "sandu", date: MeetingSheetTests.day, status: .held, attended: [.liaison, .committees],
                        minutes: "议定：村道路灯维修由村两委负责，月底前完成。"))
        let html = MeetingSheet.render(MeetingSheetTests.entry(record: r), changes: [], township: "乾潭镇", language: .zh,
                                       generatedOn: MeetingSheetTests.day)
        let dir = try PrintFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("sheet.html"), pdf = dir.appendingPathComponent("sheet.pdf")
        try Data(html.utf8).write(to: file)
        let run = try PrintFixtures.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            "--user-data-dir=" + dir.appendingPathComponent("profile").path,
            "--print-to-pdf=" + pdf.path, file.path,
        ], timeout: 180)
        try #require(FileManager.default.fileExists(atPath: pdf.path), "no PDF (status \(run.status)): \(run.stderr.suffix(1000))")
        #expect(try PDFTests.pageCount(pdf) == 1)
        let text = try PrintFixtures.run(pdftotext, [pdf.path, "-"]).stdout
        let flat = text.filter { !$0.isWhitespace }
        #expect(flat.contains("三都<村>") || flat.contains("三都"), "\(text)")
        #expect(flat.contains("议定：村道路灯维修由村两委负责，月底前完成。"), "\(text)")
    }
}
