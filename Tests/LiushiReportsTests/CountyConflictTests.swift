import LiushiActualSchedule
import LiushiCore
@testable import LiushiReports
import Testing

/// `check`'s conflicts in a county: people matched by name across villages and townships.
@Suite("Conflicts across townships")
struct CountyConflictTests {
    static let date = Day(year: 2026, month: 3, day: 2)!

    static func entry(_ v: Village, time: Int?) -> ScheduleEntry {
        BadInputReportTests.entry(v, index: 0, date: date, time: time)
    }

    @Test("one person in villages of two townships at overlapping times: the line names each village's township")
    func namesBothTownships() throws {
        let a = Village(id: "sandu", name: "三都村", people: [.liaison: "王明"], rules: [], townshipName: "乾潭镇")
        let b = Village(id: "qianhe", name: "千鹤村", people: [.liaison: "王明"], rules: [], townshipName: "梅城镇")
        let c = try #require(Conflicts.find([Self.entry(a, time: 510), Self.entry(b, time: 540)]).first)
        #expect(Conflicts.describe(c, .zh) == "2026-03-02 周一：乡镇联系领导王明 同时要到 乾潭镇三都村 08:30-09:30 和 梅城镇千鹤村 09:00-10:00")
        #expect(Conflicts.describe(c, .en) == "2026-03-02 Mon: liaison leader 王明 is due at 三都村 (乾潭镇) 08:30-09:30 and at 千鹤村 (梅城镇) 09:00-10:00")
    }

    @Test("villages of one township are named without it, as before")
    func oneTownshipUnchanged() throws {
        let a = Village(id: "sandu", name: "三都村", people: [.liaison: "王明"], rules: [], townshipName: "乾潭镇")
        let b = Village(id: "zilan", name: "紫兰村", people: [.liaison: "王明"], rules: [], townshipName: "乾潭镇")
        let c = try #require(Conflicts.find([Self.entry(a, time: 510), Self.entry(b, time: 540)]).first)
        #expect(Conflicts.describe(c, .zh) == "2026-03-02 周一：乡镇联系领导王明 同时要到 三都村 08:30-09:30 和 紫兰村 09:00-10:00")
    }

    @Test("a village naming two people (王明、李强) conflicts with another naming one of them; different people do not")
    func namesOneByOne() throws {
        let a = Village(id: "a", name: "甲村", people: [.liaison: "王明、李强"], rules: [], townshipName: "乾潭镇")
        let b = Village(id: "b", name: "乙村", people: [.liaison: "李强"], rules: [], townshipName: "梅城镇")
        let c = Village(id: "c", name: "丙村", people: [.liaison: "王明强"], rules: [], townshipName: "梅城镇")
        let found = Conflicts.find([Self.entry(a, time: 510), Self.entry(b, time: 540), Self.entry(c, time: 540)])
        #expect(found.map(\.person) == ["李强"])
        #expect(found.first?.villageCount == 2)
    }
}
