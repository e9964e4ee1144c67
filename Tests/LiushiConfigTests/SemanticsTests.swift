import LiushiConfig
import LiushiCore
import Testing

@Suite("Rules laid over rules, and the values the format accepts")
struct SemanticsTests {
    let base = """
        township:
          name: 乾潭镇
        rhythms:
          day:
            time: "08:00"
          week:
            day: mon
            matters: [sort, discuss]
            time: "08:30"
            duration: 1h
            attendees: [committees, instructor]
            holiday: earlier
          xun:
            day: 5
        villages:

        """

    func villages(_ tail: String, sourceLocation: SourceLocation = #_sourceLocation) -> [Village] {
        township(base + tail, sourceLocation: sourceLocation)?.villages ?? []
    }

    @Test("a village changing only day keeps the township's matters, time, duration, attendees and policy")
    func overrideOnlyDay() throws {
        let vs = villages("  - id: a\n    name: 甲村\n    rhythms:\n      week:\n        day: 周四\n")
        let week = try #require(vs.first?.rule(.week))
        #expect(week.day == .weekday(4))
        #expect(week.matters == [.sort, .discuss])
        #expect(week.time == 8 * 60 + 30)
        #expect(week.duration == 60)
        #expect(week.attendees == [.committees, .instructor])
        #expect(week.holiday == .earlier)
        #expect(vs.first?.rule(.xun)?.day == .nth(5))
    }

    @Test("a village without rhythms gets the township's rules unchanged")
    func noOverride() throws {
        let vs = villages("  - id: a\n    name: 甲村\n")
        #expect(vs.first?.rules.map(\.rhythm) == [.week, .xun])
        #expect(vs.first?.rule(.xun)?.matters == [.supervise])
        #expect(vs.first?.rule(.xun)?.holiday == .later)
        #expect(vs.first?.daily.time == 8 * 60)
        #expect(vs.first?.daily.matters == [.handle])
    }

    @Test("an empty value in a village unsets the township's field")
    func nullUnsets() throws {
        let vs = villages("  - id: a\n    name: 甲村\n    rhythms:\n      week:\n        time: ~\n        matters:\n")
        let week = try #require(vs.first?.rule(.week))
        #expect(week.time == nil)
        #expect(week.matters == [.sort])
        #expect(week.duration == 60)
    }

    @Test("a village may add a rhythm the township does not have")
    func villageOnlyRhythm() throws {
        let vs = villages("  - id: a\n    name: 甲村\n    rhythms:\n      quarter:\n        month: 2\n        day: last workday\n")
        let q = try #require(vs.first?.rule(.quarter))
        #expect(q.month == 2 && q.day == .nthWorkday(ordinal: -1) && q.matters == [.decide])
    }

    @Test("unquoted 08:30 is a time and day 5 and \"5\" are the same day")
    func rawScalars() throws {
        let vs = villages("""
              - id: a
                name: 甲村
                rhythms:
                  week:
                    time: 08:30
                  xun:
                    day: "5"
              - id: b
                name: 乙村
                rhythms:
                  month:
                    day: 015

            """)
        #expect(vs.first?.rule(.week)?.time == 8 * 60 + 30)
        #expect(vs.first?.rule(.xun)?.day == .nth(5))
        #expect(vs.last?.rule(.month)?.day == .nth(15))
    }

    @Test("matters, roles, policies and calendars may be written in Chinese")
    func chineseWords() throws {
        let vs = villages("""
              - id: a
                name: 甲村
                rhythms:
                  month:
                    day: 最后一个周五
                    matters: [议事, 决]
                    attendees: [村两委干部, liaison]
                    holiday: 顺延
                  year:
                    day: 第1个工作日
                    calendar: 农历
                    month: 1

            """)
        let month = try #require(vs.first?.rule(.month))
        #expect(month.day == .nthWeekday(ordinal: -1, weekday: 5))
        #expect(month.matters == [.discuss, .decide])
        #expect(month.attendees == [.committees, .liaison])
        #expect(month.holiday == .later)
        let year = try #require(vs.first?.rule(.year))
        #expect(year.calendar == .lunar && year.month == 1 && year.day == .nthWorkday(ordinal: 1))
    }

    @Test("people are a name or a list of names joined with 、")
    func people() throws {
        let vs = villages("  - id: a\n    name: 甲村\n    liaison: 王明\n    committees: [张三, 李四]\n    supervisors: []\n")
        let v = try #require(vs.first)
        #expect(v.people[.liaison] == "王明")
        #expect(v.people[.committees] == "张三、李四")
        #expect(v.people[.supervisors] == nil)
        #expect(v.people[.instructor] == nil)
    }

    @Test("villages keep their file order")
    func fileOrder() {
        let vs = villages("  - id: z\n    name: 甲村\n  - id: a\n    name: 乙村\n  - id: m-1_x\n    name: 丙村\n")
        #expect(vs.map(\.id) == ["z", "a", "m-1_x"])
    }

    @Test("the daily rule is laid over field by field too")
    func dailyOverride() throws {
        let vs = villages("  - id: a\n    name: 甲村\n    rhythms:\n      day:\n        matters: [handle, supervise]\n        duration: 45m\n")
        let d = try #require(vs.first?.daily)
        #expect(d.matters == [.handle, .supervise])
        #expect(d.time == 8 * 60)
        #expect(d.duration == 45)
    }
}

@Suite("Loading: shipped years overridden and extended by the user's")
struct LoaderTests {
    let main = (path: "/cfg/liushi.yaml", text: "township:\n  name: 乾潭镇\nrhythms:\n  week:\n    day: mon\nvillages:\n  - id: a\n    name: 甲村\n")

    @Test("the user's holiday file of a shipped year wins, and a new year is added")
    func userYearsWin() throws {
        let y2026 = (path: "/cfg/holidays/2026.yaml", text: "year: 2026\nsource: 用户\nholidays:\n  元旦: [\"2026-01-01\"]\n")
        let y2027 = (path: "/cfg/holidays/2027.yaml", text: "year: 2027\nsource: 国务院办公厅关于2027年部分节假日安排的通知\nholidays:\n  元旦: [\"2027-01-01\"]\n")
        let c = try ConfigLoader.load(main: main, holidayFiles: [y2026, y2027]).get()
        #expect(!c.isShippedExample)
        #expect(c.township.file == "/cfg/liushi.yaml")
        #expect(c.officialYears.first { $0.year == 2026 }?.source == "用户")
        #expect(c.officialYears.contains { $0.year == 2004 })
        #expect(c.officialYears.map(\.year) == c.officialYears.map(\.year).sorted())
        #expect(!c.calendar.isProvisional(year: 2027))
        #expect(c.calendar.isWorkday(Day(year: 2026, month: 1, day: 2)!))
        #expect(c.schedule.villages.map(\.id) == ["a"])
    }

    @Test("an error in a user's holiday file names that file")
    func userHolidayError() {
        let bad = (path: "/cfg/holidays/2027.yaml", text: "year: 2027\nholidays:\n  元旦: [\"2027-13-01\"]\n")
        guard case .failure(let e) = ConfigLoader.load(main: main, holidayFiles: [bad]) else {
            Issue.record("expected an error")
            return
        }
        #expect(e.file == "/cfg/holidays/2027.yaml" && e.line == 3 && e.column == 8)
    }

    @Test("two user files for one year are an error")
    func twoFilesOneYear() {
        let a = (path: "/cfg/holidays/2027.yaml", text: "year: 2027\nholidays: {}\n")
        let b = (path: "/cfg/holidays/2027-fix.yaml", text: "year: 2027\nholidays: {}\n")
        guard case .failure(let e) = ConfigLoader.load(main: main, holidayFiles: [a, b]) else {
            Issue.record("expected an error")
            return
        }
        #expect(e.file == "/cfg/holidays/2027-fix.yaml")
        #expect(e.english.contains("already given by /cfg/holidays/2027.yaml"))
    }

    @Test("an error in liushi.yaml comes back from load")
    func mainError() {
        guard case .failure(let e) = ConfigLoader.load(main: (path: "/cfg/liushi.yaml", text: "township: x\n"), holidayFiles: []) else {
            Issue.record("expected an error")
            return
        }
        #expect(e.file == "/cfg/liushi.yaml" && e.line == 1 && e.column == 11)
    }
}

@Test("the configuration example in README.md parses and gives sandu its own xun day")
func readmeExampleParses() throws {
    let readme = try String(contentsOf: repositoryRoot().appendingPathComponent("README.md"), encoding: .utf8)
    let start = try #require(readme.range(of: "```yaml\n"))
    let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
    let yaml = String(readme[start.upperBound..<end.lowerBound])
    let t = try #require(township(yaml))
    #expect(t.townshipName == "乾潭镇")
    #expect(t.villages.first?.rule(.xun)?.day == .nthWorkday(ordinal: 1))
    #expect(t.villages.first?.rule(.xun)?.matters == [.supervise])
    #expect(t.villages.first?.rule(.year)?.day == .nthWorkday(ordinal: -1))
}
