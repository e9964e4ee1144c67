import LiushiActualSchedule
import LiushiConfig
@testable import LiushiCore
@testable import LiushiReports
import Testing

/// Issue 11: reports stay bounded and inert whatever the configuration holds.
@Suite("Reports: bad input")
struct BadInputReportTests {
    @Test func holidayNamesThatLookLikeFormulasAreInertInCSV() {
        for name in ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)"] {
            #expect(CSVField.escape(name).hasPrefix("'") || CSVField.escape(name).hasPrefix("\"'"), "\(name)")
        }
        #expect(CSVField.escape("元旦") == "元旦")
        #expect(CSVField.escape("a,b") == "\"a,b\"")
    }

    static func entry(_ village: Village, index: Int32, date: Day, time: Int?) -> ScheduleEntry {
        ScheduleEntry(date: date, scheduledDate: date, village: village, rhythms: [.week], matters: [.sort],
                      time: time, duration: 60, attendees: [.liaison], shiftedFrom: nil, reason: nil, provisional: false,
                      skipped: false, onDayOff: false, items: [], record: nil)
    }

    @Test func aThousandVillagesSharingOneLiaisonGiveOneBoundedConflict() throws {
        let date = Day(year: 2026, month: 1, day: 5)!
        var entries: [ScheduleEntry] = []
        for i in 0..<1_000 {
            let v = Village(id: "v\(i)", name: "村\(i)", people: [.liaison: "王联"], rules: [])
            entries.append(Self.entry(v, index: Int32(i), date: date, time: 8 * 60 + 30))
        }
        let conflicts = Conflicts.find(entries)
        #expect(conflicts.count == 1)
        let c = try #require(conflicts.first)
        #expect(c.villageCount == 1_000)
        let line = Conflicts.describe(c, .en)
        #expect(line.utf8.count < 300)
        #expect(line.contains("and 996 more villages"))
    }

    @Test func separateTimesAreNoConflictAndAChainOfOverlapsIsOne() {
        let date = Day(year: 2026, month: 1, day: 5)!
        let a = Village(id: "a", name: "甲", people: [.liaison: "王"], rules: [])
        let b = Village(id: "b", name: "乙", people: [.liaison: "王"], rules: [])
        let c = Village(id: "c", name: "丙", people: [.liaison: "王"], rules: [])
        #expect(Conflicts.find([Self.entry(a, index: 0, date: date, time: 480), Self.entry(b, index: 1, date: date, time: 540)]).isEmpty)
        let chain = Conflicts.find([Self.entry(a, index: 0, date: date, time: 480), Self.entry(b, index: 1, date: date, time: 510),
                                    Self.entry(c, index: 2, date: date, time: 560)])
        #expect(chain.count == 1)
        #expect(chain.first?.villageCount == 3)
    }

    @Test func conflictLinesAreCappedWithACount() {
        let date = Day(year: 2026, month: 1, day: 5)!
        var conflicts: [Conflict] = []
        let a = Village(id: "a", name: "甲", people: [.liaison: "王"], rules: [])
        let b = Village(id: "b", name: "乙", people: [.liaison: "王"], rules: [])
        for k in 0..<500 {
            conflicts.append(Conflict(person: "王\(k)", role: .liaison, date: date,
                                      entries: [Self.entry(a, index: 0, date: date, time: nil), Self.entry(b, index: 1, date: date, time: nil)],
                                      villageCount: 2))
        }
        let lines = Conflicts.lines(conflicts, .en)
        #expect(lines.count == Conflicts.linesShown + 1)
        #expect(lines.last == "… and 300 more conflicts not listed.")
    }
}
