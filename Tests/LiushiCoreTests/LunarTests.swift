import Foundation
import Testing
@testable import LiushiCore

// Where does the lunar table come from, and how far can it be trusted?
//
// Sources/LiushiCore/Lunar/LunarData.swift is generated from Foundation's
// Calendar(identifier: .chinese), which on Linux is ICU's ChineseCalendar (swift-foundation-icu).
// ICU computes new moons and solar terms astronomically, for UTC+8, in every year.
//
// Is Foundation/ICU known to disagree with the official Purple Mountain Observatory (PMO,
// GB/T 33661-2017) tables in 1901–2099? Yes, in three months before 1929, and the calendar is
// uncertain around three new moons that fall within a minute or two of midnight after 2050:
//
// 1. Before 1929 the official calendar was computed for Beijing local time (meridian 116°25′E,
//    UTC+7:45:40), not UTC+8. Three new moons fall in the quarter hour between those midnights,
//    so ICU puts 初一 one day later than the official tables (PMO, and the Hong Kong Observatory's
//    1901–2100 conversion tables, which follow the same rules):
//      - 1914: official 十月初一 = 1914-11-17; ICU 1914-11-18 (ICU's 九月 has 30 days, not 29);
//      - 1916: official 正月初一 = 1916-02-03; ICU 1916-02-04 (so ICU's 1915 腊月 has 30 days);
//      - 1920: official 十月初一 = 1920-11-10; ICU 1920-11-11.
//    Checked day by day for 1901–2099 against sxtwl 2.0.7 (寿星天文历) and lunar-python 1.4.8:
//    these 3 months (90 days) are their only differences from this table before 2057 (lunardate
//    0.3.0 agrees on them too, and has three table errors of its own in 1933, 1954 and 1978).
//    The same limitation is discussed for other UTC+8 implementations (e.g. the issue
//    "Method of generating Chinese calendar before 1929", infinet/lunar-calendar#6).
//    Liushi schedules present and future meetings, so the table keeps ICU's answer for these
//    years: `followsFoundationInTheThreeMonthsBefore1929WherePMODiffers` records that choice.
//
// 2. The new moons of 2057-09-28 (23:59:50 UTC+8), 2089-09-04 (23:57:13) and 2097-08-07
//    (23:59:18) (times from PyEphem 4.2.1) are too close to midnight to be certain decades ahead
//    (ΔT alone is uncertain by more than that). The Hong Kong Observatory's tables footnote
//    exactly these three dates as possibly one day off; see also dotnet/coreclr#19480 and
//    dotnet/runtime#107032 (Calendrical Calculations' errata moved 2057's new moon across
//    midnight), and 6tail/lunar-python#17. PMO has not published those years yet.
//      - 2057-09-28: HKO, sxtwl, lunardate and this table: 九月初一.
//        lunar-python 1.4.8 and .NET (since 2024): 八月三十.
//      - 2089-09-04: every source above: 八月初一.
//      - 2097-08-07: every source above: 七月初一.
//    ICU itself is inconsistent on 2057-09-28 and 2097-08-07: it labels the day with the new
//    month but numbers it day 0 (and the rest of that month 1…29). The generator follows ICU's
//    month label (= HKO); `knownFoundationDayZeroMonths` lists these 60 days, the only
//    differences from Foundation, and the comparison test requires every other day to agree.

/// Days on which ICU numbers the month 0…29 instead of 1…30 (see above): Foundation's day is
/// ours − 1 there, everything else agrees.
private let knownFoundationDayZeroMonths: [ClosedRange<Int>] = [
    Day(year: 2057, month: 9, day: 28)!.n ... Day(year: 2057, month: 10, day: 27)!.n,
    Day(year: 2097, month: 8, day: 7)!.n ... Day(year: 2097, month: 9, day: 5)!.n,
]

private func chineseCalendar() -> Calendar {
    var calendar = Calendar(identifier: .chinese)
    calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
    return calendar
}

/// Noon UTC+8 of a day number.
private func noon(_ day: Day) -> Date {
    Date(timeIntervalSince1970: TimeInterval(day.n * 86_400 + 4 * 3600))
}

private func ymd(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(year: y, month: m, day: d)! }

@Suite("Lunar calendar")
struct LunarTests {

    @Test func everyDayFrom1901To2099AgreesWithFoundationsChineseCalendar() {
        let calendar = chineseCalendar()
        var disagreements: [String] = []
        var explained = 0
        var day = SupportedRange.first
        while day <= SupportedRange.last {
            defer { day = day + 1 }
            let c = calendar.dateComponents([.era, .year, .month, .day, .isLeapMonth], from: noon(day))
            // ICU's era counts 60-year cycles from 2637 BCE; year is the year of the cycle.
            let year = (c.era! - 1) * 60 + c.year! - 2637
            let theirs = LunarDate(year: year, month: c.month!, isLeap: c.isLeapMonth!, day: c.day!)
            guard let ours = Lunar.date(of: day) else {
                disagreements.append("\(day): nil, Foundation \(theirs)")
                continue
            }
            if ours == theirs { continue }
            var shifted = ours
            shifted.day -= 1
            if shifted == theirs, knownFoundationDayZeroMonths.contains(where: { $0.contains(day.n) }) {
                explained += 1
                continue
            }
            disagreements.append("\(day): ours \(ours), Foundation \(theirs)")
        }
        #expect(disagreements.isEmpty,
                "\(disagreements.count) unexplained disagreements with Foundation, first: \(disagreements.prefix(5))")
        #expect(explained == 60, "expected Foundation's day-0 numbering on exactly 60 known days, found \(explained)")
    }

    @Test func dayOfDateOfIsTheIdentityForEveryDayOfTheTable() {
        let first = Lunar.newYear(Lunar.firstYear)!, last = Lunar.yearEnd(Lunar.lastYear)!
        #expect(first <= SupportedRange.first && last >= SupportedRange.last)
        var failures = 0
        var day = first
        while day <= last {
            if let date = Lunar.date(of: day), Lunar.day(of: date) == day {} else { failures += 1 }
            day = day + 1
        }
        #expect(failures == 0, "\(failures) days do not round-trip")
        #expect(Lunar.date(of: first - 1) == nil)
        #expect(Lunar.date(of: last + 1) == nil)
    }

    @Test func everyLunarDateOfTheTableMapsBackToItself() {
        var count = 0
        for year in Lunar.firstYear...Lunar.lastYear {
            for month in 1...12 {
                for isLeap in [false, true] {
                    for d in 1...30 {
                        let date = LunarDate(year: year, month: month, isLeap: isLeap, day: d)
                        if let day = Lunar.day(of: date) {
                            #expect(Lunar.date(of: day) == date)
                            count += 1
                        }
                    }
                }
            }
        }
        #expect(count == Lunar.yearEnd(Lunar.lastYear)! - Lunar.newYear(Lunar.firstYear)! + 1)
    }

    @Test func monthTableIsContiguousAndEveryMonthHas29Or30Days() {
        #expect(Lunar.monthCount > 0)
        var previous: LunarMonth?
        for i in 0..<Lunar.monthCount {
            let m = Lunar.month(at: i)
            #expect(m.length == 29 || m.length == 30)
            #expect(m.end == m.start + (m.length - 1))
            #expect(Lunar.monthIndex(containing: m.start) == i)
            #expect(Lunar.monthIndex(containing: m.end) == i)
            #expect(Lunar.date(of: m.start) == LunarDate(year: m.year, month: m.month, isLeap: m.isLeap, day: 1))
            if let p = previous {
                #expect(p.end + 1 == m.start)
                if m.year == p.year {
                    #expect(m.isLeap ? m.month == p.month && !p.isLeap : m.month == p.month + 1)
                } else {
                    #expect(m.year == p.year + 1 && m.month == 1 && !m.isLeap && p.month == 12)
                }
            }
            previous = m
        }
        for year in Lunar.firstYear...Lunar.lastYear {
            let i = Lunar.firstMonthIndex(ofYear: year)!
            let m = Lunar.month(at: i)
            #expect(m.year == year && m.month == 1 && !m.isLeap && m.start == Lunar.newYear(year))
            if year < Lunar.lastYear {
                #expect(Lunar.yearEnd(year)! + 1 == Lunar.newYear(year + 1)!)
            }
            let length = Lunar.yearEnd(year)! - Lunar.newYear(year)! + 1
            #expect([353, 354, 355, 383, 384, 385].contains(length), "lunar year \(year) has \(length) days")
        }
        #expect(Lunar.firstMonthIndex(ofYear: Lunar.firstYear - 1) == nil)
        #expect(Lunar.firstMonthIndex(ofYear: Lunar.lastYear + 1) == nil)
        #expect(Lunar.newYear(Lunar.lastYear + 1) == nil)
        #expect(Lunar.yearEnd(Lunar.firstYear - 1) == nil)
    }

    @Test func knownDates() {
        // 2027-02-06 is 正月初一 of 2027.
        #expect(Lunar.date(of: ymd(2027, 2, 6)) == LunarDate(year: 2027, month: 1, isLeap: false, day: 1))
        #expect(Lunar.newYear(2027) == ymd(2027, 2, 6))
        #expect(Lunar.yearEnd(2026) == ymd(2027, 2, 5))
        // 除夕 (the day before 正月初一) is 腊月廿九 in these years.
        for year in [2027, 2028, 2029, 2031, 2032, 2039, 2040] {
            let eve = Lunar.newYear(year)! - 1
            #expect(Lunar.date(of: eve) == LunarDate(year: year - 1, month: 12, isLeap: false, day: 29), "除夕 \(year)")
            #expect(Lunar.day(of: LunarDate(year: year - 1, month: 12, isLeap: false, day: 30)) == nil)
        }
        // 2023 has a leap 二月 (闰二月初一 = 2023-03-22); 2025 a leap 六月 (闰六月初一 = 2025-07-25).
        #expect(Lunar.date(of: ymd(2023, 3, 22)) == LunarDate(year: 2023, month: 2, isLeap: true, day: 1))
        #expect(Lunar.day(of: LunarDate(year: 2025, month: 6, isLeap: true, day: 1)) == ymd(2025, 7, 25))
        #expect(Lunar.month(at: Lunar.firstMonthIndex(ofYear: 2023)! + 2).isLeap)
        #expect(Lunar.month(at: Lunar.firstMonthIndex(ofYear: 2025)! + 6) ==
                LunarMonth(start: ymd(2025, 7, 25), length: 29, year: 2025, month: 6, isLeap: true))
        // 2033's leap month follows 冬月 (闰十一月初一 = 2033-12-22), so 腊月 is its 13th month.
        #expect(Lunar.date(of: ymd(2033, 12, 22)) == LunarDate(year: 2033, month: 11, isLeap: true, day: 1))
        #expect(Lunar.month(at: Lunar.firstMonthIndex(ofYear: 2033)! + 12).month == 12)
        // 除夕 of 2034 is 腊月三十 (2034-02-18), 正月初一 is 2034-02-19.
        #expect(Lunar.date(of: ymd(2034, 2, 18)) == LunarDate(year: 2033, month: 12, isLeap: false, day: 30))
        #expect(Lunar.newYear(2034) == ymd(2034, 2, 19))
        // Holidays of 2025: 端午 (五月初五) 2025-05-31, 中秋 (八月十五) 2025-10-06.
        #expect(Lunar.day(of: LunarDate(year: 2025, month: 5, isLeap: false, day: 5)) == ymd(2025, 5, 31))
        #expect(Lunar.day(of: LunarDate(year: 2025, month: 8, isLeap: false, day: 15)) == ymd(2025, 10, 6))
        // Near-midnight new moons: the table follows ICU's month label (= Hong Kong Observatory).
        #expect(Lunar.date(of: ymd(2057, 9, 28)) == LunarDate(year: 2057, month: 9, isLeap: false, day: 1))
        #expect(Lunar.date(of: ymd(2089, 9, 4)) == LunarDate(year: 2089, month: 8, isLeap: false, day: 1))
        #expect(Lunar.date(of: ymd(2097, 8, 7)) == LunarDate(year: 2097, month: 7, isLeap: false, day: 1))
    }

    @Test func followsFoundationInTheThreeMonthsBefore1929WherePMODiffers() {
        // The official tables (Beijing local time before 1929) have 十月初一 on 1914-11-17,
        // 正月初一 on 1916-02-03 and 十月初一 on 1920-11-10; ICU (UTC+8) one day later each.
        #expect(Lunar.date(of: ymd(1914, 11, 17)) == LunarDate(year: 1914, month: 9, isLeap: false, day: 30))
        #expect(Lunar.newYear(1916) == ymd(1916, 2, 4))
        #expect(Lunar.date(of: ymd(1920, 11, 10)) == LunarDate(year: 1920, month: 9, isLeap: false, day: 30))
    }

    @Test func dayOfRejectsDatesThatDoNotExist() {
        // 三十 of a 29-day month: 腊月 of lunar year 2026 has 29 days.
        #expect(Lunar.day(of: LunarDate(year: 2026, month: 12, isLeap: false, day: 30)) == nil)
        #expect(Lunar.day(of: LunarDate(year: 2026, month: 12, isLeap: false, day: 29)) == ymd(2027, 2, 5))
        // A leap month the year lacks.
        #expect(Lunar.day(of: LunarDate(year: 2024, month: 6, isLeap: true, day: 1)) == nil)
        #expect(Lunar.day(of: LunarDate(year: 2025, month: 5, isLeap: true, day: 1)) == nil)
        // Out of range fields and years.
        #expect(Lunar.day(of: LunarDate(year: 2025, month: 13, isLeap: false, day: 1)) == nil)
        #expect(Lunar.day(of: LunarDate(year: 2025, month: 0, isLeap: false, day: 1)) == nil)
        #expect(Lunar.day(of: LunarDate(year: 2025, month: 1, isLeap: false, day: 0)) == nil)
        #expect(Lunar.day(of: LunarDate(year: 2025, month: 1, isLeap: false, day: 31)) == nil)
        #expect(Lunar.day(of: LunarDate(year: Lunar.firstYear - 1, month: 1, isLeap: false, day: 1)) == nil)
        #expect(Lunar.day(of: LunarDate(year: Lunar.lastYear + 1, month: 1, isLeap: false, day: 1)) == nil)
    }

    @Test func monthAndDayNames() {
        #expect(Lunar.dayName(1) == "初一")
        #expect(Lunar.dayName(10) == "初十")
        #expect(Lunar.dayName(11) == "十一")
        #expect(Lunar.dayName(15) == "十五")
        #expect(Lunar.dayName(20) == "二十")
        #expect(Lunar.dayName(21) == "廿一")
        #expect(Lunar.dayName(29) == "廿九")
        #expect(Lunar.dayName(30) == "三十")
        #expect(Lunar.monthName(1, isLeap: false) == "正月")
        #expect(Lunar.monthName(10, isLeap: false) == "十月")
        #expect(Lunar.monthName(11, isLeap: false) == "冬月")
        #expect(Lunar.monthName(12, isLeap: false) == "腊月")
        #expect(Lunar.monthName(4, isLeap: true) == "闰四月")
        #expect(Lunar.chineseName(of: LunarDate(year: 2020, month: 4, isLeap: true, day: 15)) == "闰四月十五")
        #expect(Lunar.chineseName(of: LunarDate(year: 2027, month: 12, isLeap: false, day: 29)) == "腊月廿九")
        let names = (1...30).map(Lunar.dayName)
        #expect(Set(names).count == 30)
    }
}
