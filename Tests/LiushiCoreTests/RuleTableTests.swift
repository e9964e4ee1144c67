import Testing
@testable import LiushiCore

/// Hand-checked dates for each rule form and policy (calendars: TestCalendars, 2025 and 2026 official).
@Suite("Rule forms and holiday policies, hand-checked")
struct RuleTableTests {
    func d(_ s: String) -> Day { Day(iso: s)! }

    func run(_ rule: Rule, _ a: String, _ b: String) throws -> [FixedDay] {
        let s = Schedule(villages: [Village(id: "x", name: "x", rules: [rule])], calendar: TestCalendars.calendar)
        return try s.expand(from: d(a), to: d(b))
    }

    func dates(_ days: [FixedDay]) -> [String] { days.map { $0.date.iso + ($0.isSkipped ? " skipped" : "") } }

    @Test("a month day 1 under `later` in October 2025 is Oct 9, shifted from Oct 1 for 国庆节、中秋节")
    func october2025Later() throws {
        let got = try run(Rule(rhythm: .month, day: .nth(1), holiday: .later), "2025-10-01", "2025-10-31")
        #expect(dates(got) == ["2025-10-09"])
        #expect(got[0].shiftedFrom == d("2025-10-01"))
        #expect(TestCalendars.calendar.reasonNames[Int(got[0].reason)] == "国庆节、中秋节")
        #expect(!got[0].isProvisional)
    }

    @Test("`earlier` falls back to the next working day when nothing earlier is in the period")
    func earlierFallsBack() throws {
        let got = try run(Rule(rhythm: .month, day: .nth(5), holiday: .earlier), "2025-10-01", "2025-10-31")
        #expect(dates(got) == ["2025-10-09"])
        // Inside the period there is an earlier working day: 2025-05-31 (Sat, 端午) → May 30.
        let may = try run(Rule(rhythm: .month, day: .nth(31), holiday: .earlier), "2025-05-01", "2025-05-31")
        #expect(dates(may) == ["2025-05-30"])
    }

    @Test("`later` that would leave the period takes the previous working day")
    func laterFallsBack() throws {
        // 2025-05-31 is Saturday and 端午; June 1–2 are outside May: the previous working day is May 30.
        let got = try run(Rule(rhythm: .month, day: .nth(-1), holiday: .later), "2025-05-01", "2025-05-31")
        #expect(dates(got) == ["2025-05-30"])
        #expect(got[0].shiftedFrom == d("2025-05-31"))
    }

    @Test("`keep` meets on the holiday and names it; `skip` reports the period as skipped")
    func keepAndSkip() throws {
        let kept = try run(Rule(rhythm: .xun, day: .nth(1), holiday: .keep), "2025-10-01", "2025-10-10")
        #expect(dates(kept) == ["2025-10-01"])
        #expect(kept[0].isOnDayOff && kept[0].shiftedFrom == nil)
        #expect(TestCalendars.calendar.reasonNames[Int(kept[0].reason)] == "国庆节、中秋节")
        let skipped = try run(Rule(rhythm: .xun, day: .nth(1), holiday: .skip), "2025-10-01", "2025-10-10")
        #expect(dates(skipped) == ["2025-10-01 skipped"])
        #expect(TestCalendars.calendar.reasonNames[Int(skipped[0].reason)] == "国庆节、中秋节")
    }

    @Test("February 下旬 clamps: day 10 is Feb 28 or Feb 29, day −11 is Feb 21")
    func februaryXunClamps() throws {
        let leap = try run(Rule(rhythm: .xun, day: .nth(10), holiday: .keep), "2028-02-21", "2028-02-29")
        #expect(dates(leap) == ["2028-02-29"])
        let plain = try run(Rule(rhythm: .xun, day: .nth(10), holiday: .keep), "2027-02-21", "2027-02-28")
        #expect(dates(plain) == ["2027-02-28"])
        #expect(plain[0].isProvisional)
        let fromEnd = try run(Rule(rhythm: .xun, day: .nth(-11), holiday: .keep), "2027-02-21", "2027-02-28")
        #expect(dates(fromEnd) == ["2027-02-21"])
        // 11 in a 31-day 下旬 is the 31st.
        let long = try run(Rule(rhythm: .xun, day: .nth(11), holiday: .keep), "2025-12-21", "2025-12-31")
        #expect(dates(long) == ["2025-12-31"])
    }

    @Test("`last workday` of a year is its last working day")
    func lastWorkdayOfYear() throws {
        let got = try run(Rule(rhythm: .year, day: .nthWorkday(ordinal: -1)), "2025-01-01", "2028-12-31")
        // 2028-12-31 is a Sunday, 12-30 a Saturday.
        #expect(dates(got) == ["2025-12-31", "2026-12-31", "2027-12-31", "2028-12-29"])
        let december = try run(Rule(rhythm: .year, day: .nthWorkday(ordinal: -1), month: 12), "2025-01-01", "2025-12-31")
        #expect(dates(december) == ["2025-12-31"])
    }

    @Test("a quarter narrowed to its third month picks inside that month")
    func quarterNarrowedToThirdMonth() throws {
        let got = try run(Rule(rhythm: .quarter, day: .nthWeekday(ordinal: -1, weekday: 5), month: 3), "2025-01-01", "2025-12-31")
        #expect(dates(got) == ["2025-03-28", "2025-06-27", "2025-09-26", "2025-12-26"])
        let tenth = try run(Rule(rhythm: .quarter, day: .nth(10), month: 1), "2025-01-01", "2025-12-31")
        // 2025-01-10 Fri; 04-10 Thu; 07-10 Thu; 10-10 Fri.
        #expect(dates(tenth) == ["2025-01-10", "2025-04-10", "2025-07-10", "2025-10-10"])
    }

    @Test("a week with no working day is skipped under `later`, `earlier` and a workday rule")
    func periodWithoutWorkingDay() throws {
        // 2026-02-16 … 02-22 is entirely inside the Spring Festival holiday.
        for policy in [HolidayPolicy.later, .earlier] {
            let got = try run(Rule(rhythm: .week, day: .weekday(1), holiday: policy), "2026-02-16", "2026-02-22")
            #expect(dates(got) == ["2026-02-16 skipped"])
            #expect(TestCalendars.calendar.reasonNames[Int(got[0].reason)] == "期内无工作日")
        }
        let workday = try run(Rule(rhythm: .week, day: .nthWorkday(ordinal: -1)), "2026-02-16", "2026-02-22")
        #expect(dates(workday) == ["2026-02-22 skipped"])
    }

    @Test("a make-up working Saturday is a working day: nothing shifts off it")
    func makeUpWorkday() throws {
        let got = try run(Rule(rhythm: .xun, day: .nth(4)), "2026-02-11", "2026-02-20")
        #expect(dates(got) == ["2026-02-14"])
        #expect(got[0].shiftedFrom == nil)
        // The week of 2025-10-06: Mon–Wed off, the Saturday 10-11 is worked: "last workday" is Saturday.
        let last = try run(Rule(rhythm: .week, day: .nthWorkday(ordinal: -1)), "2025-10-06", "2025-10-12")
        #expect(dates(last) == ["2025-10-11"])
    }

    @Test("ordinals past the end clamp: a 3rd Monday in a 旬 with two is the last Monday; a 5th workday of two is the last")
    func ordinalsClamp() throws {
        let monday = try run(Rule(rhythm: .xun, day: .nthWeekday(ordinal: 3, weekday: 1)), "2025-09-01", "2025-09-10")
        #expect(dates(monday) == ["2025-09-08"])
        let fifth = try run(Rule(rhythm: .week, day: .nthWorkday(ordinal: 5)), "2025-09-29", "2025-10-05")
        #expect(dates(fifth) == ["2025-09-30"])
        let second = try run(Rule(rhythm: .month, day: .nthWeekday(ordinal: 2, weekday: 2)), "2025-07-01", "2025-07-31")
        #expect(dates(second) == ["2025-07-08"])
    }

    @Test("a bare weekday picks that weekday of the ISO week and shifts off a holiday Monday")
    func weekdayShifts() throws {
        let got = try run(Rule(rhythm: .week, day: .weekday(1)), "2025-09-29", "2025-10-12")
        #expect(dates(got) == ["2025-09-29", "2025-10-09"])
        #expect(got[1].shiftedFrom == d("2025-10-06"))
    }

    @Test("coinciding rhythms of a village are one fixed day with rhythms and matters in order")
    func coincidingRhythmsMerge() throws {
        let village = Village(id: "x", name: "x", rules: [
            Rule(rhythm: .month, day: .nth(1), matters: [.discuss, .sort], time: 14 * 60),
            Rule(rhythm: .week, day: .weekday(1), matters: [.sort]),
            Rule(rhythm: .quarter, day: .nthWeekday(ordinal: 1, weekday: 1), month: 3, matters: [.decide], time: 9 * 60),
        ])
        let s = Schedule(villages: [village], calendar: TestCalendars.calendar)
        let got = try s.expand(from: d("2025-09-01"), to: d("2025-09-01"))
        #expect(got.count == 1)
        #expect(Array(got[0].rhythms) == [.week, .month, .quarter])
        #expect(s.matters(of: got[0]).array == [.sort, .discuss, .decide])
        #expect(s.time(of: got[0])?.time == 14 * 60)
    }

    @Test("a skipped period is its own entry, after the fixed day of the same date")
    func skippedIsSeparate() throws {
        let village = Village(id: "x", name: "x", rules: [
            Rule(rhythm: .xun, day: .nth(1), holiday: .skip),
            Rule(rhythm: .month, day: .nth(1), holiday: .keep),
        ])
        let s = Schedule(villages: [village], calendar: TestCalendars.calendar)
        let got = try s.expand(from: d("2025-10-01"), to: d("2025-10-01"))
        #expect(got.map(\.isSkipped) == [false, true])
        #expect(Array(got[0].rhythms) == [.month])
        #expect(Array(got[1].rhythms) == [.xun])
    }

    @Test("fixed days are ordered by date, then village id")
    func orderedByDateThenVillage() throws {
        let rule = Rule(rhythm: .week, day: .weekday(3))
        let s = Schedule(villages: [Village(id: "b", name: "B", rules: [rule]), Village(id: "a", name: "A", rules: [rule])],
                         calendar: TestCalendars.calendar)
        let got = try s.expand(from: d("2025-09-01"), to: d("2025-09-14"))
        #expect(got.map { "\($0.date.iso) \(s.villages[Int($0.village)].id)" }
                == ["2025-09-03 a", "2025-09-03 b", "2025-09-10 a", "2025-09-10 b"])
    }

    @Test("a year of ten thousand, a reversed window and dates before 1901 are errors, not traps")
    func badWindows() throws {
        let s = Schedule(villages: [Village(id: "x", name: "x", rules: [Rule(rhythm: .week, day: .weekday(1))])],
                         calendar: TestCalendars.calendar)
        #expect(throws: ExpansionError.self) { try s.expand(from: d("1900-12-31"), to: d("1901-01-31")) }
        #expect(throws: ExpansionError.self) { try s.expand(from: d("2099-12-01"), to: d("2100-01-01")) }
        #expect(throws: ExpansionError.self) { try s.expand(from: d("2026-02-01"), to: d("2026-01-01")) }
        #expect(throws: ExpansionError.self) { try s.expand(from: d("2026-01-01"), to: Day(year: 12026, month: 1, day: 1)!) }
        let edge = try s.expand(from: d("1901-01-01"), to: d("1901-01-14"))
        #expect(dates(edge) == ["1901-01-07", "1901-01-14"])
        let end = try s.expand(from: d("2099-12-21"), to: d("2099-12-31"))
        #expect(dates(end) == ["2099-12-21", "2099-12-28"])
    }

    @Test("rule limits: day 0 and numbers beyond any period are errors, smaller ones clamp")
    func ruleLimits() {
        #expect(Rule(rhythm: .week, day: .nth(8)).problem()?.field == .day)
        #expect(Rule(rhythm: .week, day: .nth(7)).problem() == nil)
        #expect(Rule(rhythm: .xun, day: .nth(12)).problem() != nil)
        #expect(Rule(rhythm: .xun, day: .nth(11), calendar: .lunar).problem() != nil)
        #expect(Rule(rhythm: .month, day: .nth(-32)).problem() != nil)
        #expect(Rule(rhythm: .quarter, day: .nth(92)).problem() == nil)
        #expect(Rule(rhythm: .quarter, day: .nth(32), month: 2).problem() != nil)
        #expect(Rule(rhythm: .year, day: .nth(31), month: 1, calendar: .lunar).problem() == nil)
        #expect(Rule(rhythm: .year, day: .nth(32), month: 1, calendar: .lunar).problem() != nil)
        #expect(Rule(rhythm: .year, day: .nth(366)).problem() == nil)
        #expect(Rule(rhythm: .year, day: .nth(385), calendar: .lunar).problem() == nil)
        #expect(Rule(rhythm: .year, day: .nth(386), calendar: .lunar).problem() != nil)
        #expect(Rule(rhythm: .month, day: .nth(0)).problem()?.kind == .zeroDay)
        #expect(Rule(rhythm: .week, day: .nth(1), calendar: .lunar).problem()?.field == .calendar)
        #expect(Rule(rhythm: .quarter, day: .nth(1), calendar: .lunar).problem()?.field == .calendar)
        #expect(Rule(rhythm: .quarter, day: .nth(1), month: 4).problem()?.field == .month)
        #expect(Rule(rhythm: .month, day: .nth(1), month: 1).problem()?.field == .month)
        #expect(Rule(rhythm: .month, day: .weekday(1)).problem()?.field == .day)
    }

    @Test("day forms parse in English and Chinese")
    func dayFormsParse() {
        #expect(DaySpec.parse("mon") == .weekday(1))
        #expect(DaySpec.parse("周日") == .weekday(7))
        #expect(DaySpec.parse("星期三") == .weekday(3))
        #expect(DaySpec.parse("1st mon") == .nthWeekday(ordinal: 1, weekday: 1))
        #expect(DaySpec.parse("2nd tue") == .nthWeekday(ordinal: 2, weekday: 2))
        #expect(DaySpec.parse("21st workday") == .nthWorkday(ordinal: 21))
        #expect(DaySpec.parse("last fri") == .nthWeekday(ordinal: -1, weekday: 5))
        #expect(DaySpec.parse("last workday") == .nthWorkday(ordinal: -1))
        #expect(DaySpec.parse("第2个周二") == .nthWeekday(ordinal: 2, weekday: 2))
        #expect(DaySpec.parse("最后一个工作日") == .nthWorkday(ordinal: -1))
        #expect(DaySpec.parse("-1") == .nth(-1))
        #expect(DaySpec.parse("2st mon") == nil)
        #expect(DaySpec.parse("first mon") == nil)
        #expect(DaySpec.parse("funday") == nil)
    }

    @Test("computed years have the seven statutory holidays and are provisional")
    func computedYears() {
        let cal = TestCalendars.calendar
        #expect(cal.isProvisional(year: 2027))
        #expect(!cal.isProvisional(year: 2026))
        // 2027: 除夕 is 腊月廿九, 2027-02-05; 正月初一 2027-02-06.
        #expect(cal.holidayName(d("2027-02-05")) == "春节")
        #expect(cal.holidayName(d("2027-02-08")) == "春节")
        #expect(cal.holidayName(d("2027-02-09")) == nil)
        #expect(cal.holidayName(d("2027-04-05")) == "清明节")
        #expect(cal.holidayName(d("2027-05-02")) == "劳动节")
        #expect(cal.holidayName(d("2027-10-03")) == "国庆节")
        let total = cal.years[2027]!.holidays.reduce(0) { $0 + $1.days.count }
        #expect(total == 13)
    }
}
