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
