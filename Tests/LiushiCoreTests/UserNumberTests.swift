import LiushiCore
import Testing

/// Issue 11: every number a user writes is checked, never wrapped.
@Suite("User numbers are checked")
struct UserNumberTests {
    @Test func theSmallestIntegerAsADayIsOutOfRangeForEveryRhythm() {
        for rhythm in Rhythm.allCases {
            let spec = DaySpec.parse("-9223372036854775808")
            #expect(spec == .nth(Int.min))
            let rule = Rule(rhythm: rhythm, day: spec!)
            #expect(rule.problem() != nil, "\(rhythm) accepted Int.min")
        }
        #expect(Rule(rhythm: .month, day: .nth(Int.max)).problem() != nil)
        #expect(Rule(rhythm: .month, day: .nthWeekday(ordinal: Int.min, weekday: 1)).problem() != nil)
    }

    @Test func aNumberTooLargeForAnIntegerIsNoDay() {
        #expect(DaySpec.parse("99999999999999999999") == nil)
        #expect(DaySpec.parse("第99999999999999999999个周二") == nil)
        #expect(DaySpec.parse("99999999999999999999th mon") == nil)
    }

    @Test func durationsAreAtMostADay() {
        #expect(ClockTime.parseDuration("24h") == 1440)
        #expect(ClockTime.parseDuration("24h1m") == nil)
        #expect(ClockTime.parseDuration("600h") == nil)
        #expect(ClockTime.parseDuration("99999m") == nil)
        #expect(ClockTime.parseDuration("99999999999999999999m") == nil)
    }

    @Test func timesOutsideTheDayAreNoTimes() {
        #expect(ClockTime.parse("24:00") == nil)
        #expect(ClockTime.parse("99999999999999999999:00") == nil)
        #expect(ClockTime.parse("23:59") == 1439)
    }

    @Test func moreThan65535HolidayNamesNeverShowAnotherHolidaysName() throws {
        // One name a day for 1902–2100: more names than a 16-bit code holds.
        var years: [HolidayYear] = []
        for y in 1902...2100 {
            var holidays: [HolidayYear.Holiday] = []
            var d = Day(year: y, month: 1, day: 1)!
            while d.year == y {
                holidays.append(HolidayYear.Holiday(name: "h\(d.iso)", days: [d]))
                d = d + 1
            }
            years.append(HolidayYear(year: y, source: "test", holidays: holidays, workdays: []))
        }
        let calendar = WorkCalendar(official: years)
        let late = Day(year: 2076, month: 1, day: 1)!
        let name = try #require(calendar.holidayName(late))
        #expect(name == "h2076-01-01" || name == "节假日")
        #expect(calendar.holidayName(Day(year: 1902, month: 1, day: 1)!) == "h1902-01-01")
    }
}
