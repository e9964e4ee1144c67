/// A date of the Chinese lunar (农历) calendar.
///
/// `year` is the Gregorian year in which that lunar year's 正月初一 falls (so 腊月 of lunar year
/// 2026 lies in January or February 2027). `month` is 1–12; `isLeap` marks the leap month (闰月)
/// that follows ordinary month `month`; `day` is 1–30.
public struct LunarDate: Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var isLeap: Bool
    public var day: Int

    public init(year: Int, month: Int, isLeap: Bool, day: Int) {
        self.year = year
        self.month = month
        self.isLeap = isLeap
        self.day = day
    }
}

/// One lunar month: its first day, its length (29 or 30) and its name within its lunar year.
public struct LunarMonth: Hashable, Sendable {
    public var start: Day
    public var length: Int
    public var year: Int
    public var month: Int
    public var isLeap: Bool

    public init(start: Day, length: Int, year: Int, month: Int, isLeap: Bool) {
        self.start = start
        self.length = length
        self.year = year
        self.month = month
        self.isLeap = isLeap
    }

    /// The last day of the month.
    public var end: Day { start + (length - 1) }
}

/// The Chinese lunar calendar for lunar years `firstYear…lastYear`, from the generated table in
/// LunarData.swift (see Scripts/generate-lunar-table.swift). Every lookup is O(1) and allocates
/// nothing once the tables are built (on first use).
public enum Lunar {
    public static let firstYear: Int = LunarData.firstYear
    public static let lastYear: Int = LunarData.lastYear

    // MARK: Tables, built once from LunarData

    /// Everything derived from LunarData, in one value so that a lookup pays for one lazy-global
    /// check, not one per array.
    private struct Tables {
        /// First day of every month in order, plus one sentinel: the day after the last month.
        var monthStart: [Int32] = []
        /// Per month: (lunar year − firstYear) << 5 | isLeap << 4 | month.
        var monthMeta: [UInt16] = []
        /// Index of the first month (正月) of each lunar year.
        var yearFirstMonth: [Int32] = []
        /// First day covered (正月初一 of `firstYear`).
        var first: Int
        /// For every day from `first`, the index of the month containing it.
        var dayMonth: [UInt16] = []

        init() {
            let years = LunarData.newYear.count
            precondition(LunarData.monthBits.count == years && LunarData.leapMonth.count == years)
            first = Int(LunarData.newYear[0])
            monthStart.reserveCapacity(years * 13 + 1)
            monthMeta.reserveCapacity(years * 13)
            yearFirstMonth.reserveCapacity(years)
            for y in 0..<years {
                yearFirstMonth.append(Int32(monthMeta.count))
                let leap = Int(LunarData.leapMonth[y])
                let bits = Int(LunarData.monthBits[y])
                var n = Int(LunarData.newYear[y])
                for k in 0..<(leap == 0 ? 12 : 13) {
                    let isLeap = leap != 0 && k == leap
                    let month = (leap != 0 && k >= leap) ? k : k + 1
                    monthStart.append(Int32(n))
                    monthMeta.append(UInt16(y << 5 | (isLeap ? 16 : 0) | month))
                    n += (bits >> k) & 1 == 1 ? 30 : 29
                }
                let next = y + 1 < years ? Int(LunarData.newYear[y + 1]) : Int(LunarData.endDay)
                precondition(n == next, "LunarData: the months of \(firstYear + y) do not reach the next 正月初一")
            }
            monthStart.append(LunarData.endDay)
            dayMonth = [UInt16](repeating: 0, count: Int(LunarData.endDay) - first)
            for i in 0..<monthMeta.count {
                for n in Int(monthStart[i])..<Int(monthStart[i + 1]) { dayMonth[n - first] = UInt16(i) }
            }
        }
    }

    private static let tables = Tables()

    // MARK: Conversions

    /// The lunar date of a day; nil outside the table.
    public static func date(of day: Day) -> LunarDate? {
        let t = tables
        let offset = day.n - t.first
        guard offset >= 0, offset < t.dayMonth.count else { return nil }
        let index = Int(t.dayMonth[offset])
        let meta = Int(t.monthMeta[index])
        return LunarDate(year: firstYear + meta >> 5, month: meta & 15, isLeap: meta & 16 != 0,
                         day: day.n - Int(t.monthStart[index]) + 1)
    }

    /// The day of a lunar date; nil if there is no such date (a month outside 1–12, 三十 of a
    /// 29-day month, a leap month the year does not have, a year outside the table).
    public static func day(of date: LunarDate) -> Day? {
        guard let index = monthIndex(year: date.year, month: date.month, isLeap: date.isLeap), date.day >= 1
        else { return nil }
        let t = tables
        let start = Int(t.monthStart[index])
        guard date.day <= Int(t.monthStart[index + 1]) - start else { return nil }
        return Day(start + date.day - 1)
    }

    /// Index of a named month in the flat month table, or nil when that year lacks it.
    static func monthIndex(year: Int, month: Int, isLeap: Bool) -> Int? {
        guard year >= firstYear, year <= lastYear, month >= 1, month <= 12 else { return nil }
        let leap = Int(LunarData.leapMonth[year - firstYear])
        let position: Int
        if isLeap {
            guard leap == month else { return nil }
            position = month
        } else {
            position = (leap != 0 && month > leap) ? month : month - 1
        }
        return Int(tables.yearFirstMonth[year - firstYear]) + position
    }

    // MARK: The flat month table

    /// Number of lunar months in the table.
    public static var monthCount: Int { tables.monthMeta.count }

    /// The month at an index `0..<monthCount`, in calendar order.
    public static func month(at index: Int) -> LunarMonth {
        let t = tables
        precondition(index >= 0 && index < t.monthMeta.count, "lunar month index out of range")
        let meta = Int(t.monthMeta[index])
        let start = Int(t.monthStart[index])
        return LunarMonth(start: Day(start), length: Int(t.monthStart[index + 1]) - start,
                          year: firstYear + meta >> 5, month: meta & 15, isLeap: meta & 16 != 0)
    }

    /// Index of the month that contains a day; nil outside the table.
    public static func monthIndex(containing day: Day) -> Int? {
        let t = tables
        let offset = day.n - t.first
        guard offset >= 0, offset < t.dayMonth.count else { return nil }
        return Int(t.dayMonth[offset])
    }

    /// Index of 正月 of a lunar year; nil outside the table.
    public static func firstMonthIndex(ofYear year: Int) -> Int? {
        guard year >= firstYear, year <= lastYear else { return nil }
        return Int(tables.yearFirstMonth[year - firstYear])
    }

    /// 正月初一 of a lunar year; nil outside the table.
    public static func newYear(_ year: Int) -> Day? {
        guard year >= firstYear, year <= lastYear else { return nil }
        return Day(Int(LunarData.newYear[year - firstYear]))
    }

    /// The last day of a lunar year (除夕, the day before the next 正月初一); nil outside the table.
    public static func yearEnd(_ year: Int) -> Day? {
        guard year >= firstYear, year <= lastYear else { return nil }
        let next = year < lastYear ? Int(LunarData.newYear[year - firstYear + 1]) : Int(LunarData.endDay)
        return Day(next - 1)
    }

    // MARK: Names

    private static let monthNames = ["正月", "二月", "三月", "四月", "五月", "六月",
                                     "七月", "八月", "九月", "十月", "冬月", "腊月"]
    private static let digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    /// 正月 二月 … 十月 冬月 腊月; a leap month gets 闰 in front ("闰四月", "闰冬月").
    public static func monthName(_ month: Int, isLeap: Bool) -> String {
        let name = month >= 1 && month <= 12 ? monthNames[month - 1] : String(month) + "月"
        return isLeap ? "闰" + name : name
    }

    /// 初一 … 初十 十一 … 二十 廿一 … 廿九 三十.
    public static func dayName(_ day: Int) -> String {
        switch day {
        case 1...10: return "初" + digits[day]
        case 11...19: return "十" + digits[day - 10]
        case 20: return "二十"
        case 21...29: return "廿" + digits[day - 20]
        case 30: return "三十"
        default: return String(day)
        }
    }

    /// Month and day, e.g. "闰四月十五", "腊月廿九".
    public static func chineseName(of date: LunarDate) -> String {
        monthName(date.month, isLeap: date.isLeap) + dayName(date.day)
    }
}
