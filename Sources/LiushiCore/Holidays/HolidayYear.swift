/// One year's holiday arrangement: official (from a file) or computed (provisional).
public struct HolidayYear: Hashable, Sendable {
    public struct Holiday: Hashable, Sendable {
        public var name: String
        public var days: [Day]
        public init(name: String, days: [Day]) { self.name = name; self.days = days }
    }

    public var year: Int
    public var source: String
    /// Days off by holiday, in the file's order.
    public var holidays: [Holiday]
    /// Make-up working days (weekend days that are working days).
    public var workdays: [Day]
    /// True when computed from the statutory rules instead of an official notice.
    public var provisional: Bool

    public init(year: Int, source: String, holidays: [Holiday], workdays: [Day], provisional: Bool = false) {
        self.year = year
        self.source = source
        self.holidays = holidays
        self.workdays = workdays
        self.provisional = provisional
    }

    /// The statutory days off of the rules in force from 2025, for a year without official data:
    /// 元旦 1, 春节 4 from 除夕, 清明节 1, 劳动节 2, 端午节 1, 中秋节 1, 国庆节 3. No make-up days.
    /// When 中秋节 falls inside 国庆节 the day is named 中秋节、国庆节.
    public static func computed(_ year: Int) -> HolidayYear {
        var list: [Holiday] = []
        func d(_ m: Int, _ day: Int) -> Day { Day(year: year, month: m, day: day)! }
        list.append(Holiday(name: "元旦", days: [d(1, 1)]))
        if let newYear = Lunar.newYear(year) {
            let eve = newYear - 1
            list.append(Holiday(name: "春节", days: [eve, eve + 1, eve + 2, eve + 3]))
        }
        list.append(Holiday(name: "清明节", days: [SolarTerms.qingming(year)]))
        list.append(Holiday(name: "劳动节", days: [d(5, 1), d(5, 2)]))
        if let duanwu = Lunar.day(of: LunarDate(year: year, month: 5, isLeap: false, day: 5)) {
            list.append(Holiday(name: "端午节", days: [duanwu]))
        }
        var national = [d(10, 1), d(10, 2), d(10, 3)]
        if let midAutumn = Lunar.day(of: LunarDate(year: year, month: 8, isLeap: false, day: 15)) {
            if let i = national.firstIndex(of: midAutumn) {
                national.remove(at: i)
                list.append(Holiday(name: "中秋节、国庆节", days: [midAutumn]))
            } else {
                list.append(Holiday(name: "中秋节", days: [midAutumn]))
            }
        }
        list.append(Holiday(name: "国庆节", days: national))
        return HolidayYear(year: year, source: "computed from the statutory rules in force from 2025 (provisional)",
                           holidays: list, workdays: [], provisional: true)
    }
}

public enum SolarTerms {
    /// 清明 (sun at 15° ecliptic longitude), by the widely used century formula
    /// ⌊Y·0.2422 + C⌋ − ⌊Y/4⌋ with C = 5.59 (1901–2000) and 4.81 (2001–2100), Y = year mod 100.
    /// It has no listed exceptions for 清明 in 1901–2100.
    public static func qingming(_ year: Int) -> Day {
        // Y counts from the century's start: 2000 is year 100 of 1901–2000.
        let y = year == 2000 ? 100 : year % 100
        let c = year <= 2000 ? 5.59 : 4.81
        let day = Int(Double(y) * 0.2422 + c) - y / 4
        return Day(year: year, month: 4, day: day)!
    }
}
