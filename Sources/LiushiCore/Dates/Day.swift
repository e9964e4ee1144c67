/// A civil date as an integer day number: days since 1970-01-01 (proleptic Gregorian).
/// All date arithmetic in Liushi is done on these numbers; conversions to year/month/day
/// are written once, here.
public struct Day: Hashable, Comparable, Sendable, Strideable, CustomStringConvertible {
    public var number: Int32

    @inline(__always) public init(number: Int32) { self.number = number }
    @inline(__always) public init(_ number: Int) { self.number = Int32(truncatingIfNeeded: number) }

    @inline(__always) public var n: Int { Int(number) }

    /// The day for a valid year, month (1–12) and day (1–31); nil when the triple is not a real date.
    public init?(year: Int, month: Int, day: Int) {
        guard month >= 1, month <= 12, day >= 1, day <= Day.monthLength(year: year, month: month) else { return nil }
        self.init(Day.daysFromCivil(year, month, day))
    }

    /// Howard Hinnant's days_from_civil.
    @inline(__always) public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// (year, month, day) of this day number (Hinnant's civil_from_days).
    @inline(__always) public var ymd: (year: Int, month: Int, day: Int) {
        let z = n + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public var year: Int { ymd.year }
    public var month: Int { ymd.month }
    public var dayOfMonth: Int { ymd.day }

    /// ISO weekday: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday.
    @inline(__always) public var weekday: Int {
        let r = (n + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    @inline(__always) public var isWeekend: Bool { weekday >= 6 }

    /// ISO 8601 week: (week-based year, week 1–53).
    public var isoWeek: (year: Int, week: Int) {
        let thursday = n - weekday + 4
        let y = Day(thursday).year
        let jan1 = Day.daysFromCivil(y, 1, 1)
        return (y, (thursday - jan1) / 7 + 1)
    }

    @inline(__always) public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    @inline(__always) public static func monthLength(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func yearLength(_ y: Int) -> Int { isLeap(y) ? 366 : 365 }

    @inline(__always) public func advanced(by k: Int) -> Day { Day(n + k) }
    @inline(__always) public func distance(to other: Day) -> Int { other.n - n }
    @inline(__always) public static func < (a: Day, b: Day) -> Bool { a.number < b.number }
    @inline(__always) public static func + (a: Day, k: Int) -> Day { Day(a.n + k) }
    @inline(__always) public static func - (a: Day, k: Int) -> Day { Day(a.n - k) }
    @inline(__always) public static func - (a: Day, b: Day) -> Int { a.n - b.n }

    /// "YYYY-MM-DD".
    public var iso: String {
        let (y, m, d) = ymd
        return Day.pad(y, 4) + "-" + Day.pad(m, 2) + "-" + Day.pad(d, 2)
    }

    public var description: String { iso }

    static func pad(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
    }

    /// Parses "YYYY-MM-DD" strictly (four-digit year, two-digit month and day, a real date).
    public init?(iso text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                let c = u[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }
}

/// The range of dates Liushi computes for: the lunar table and the working-day calendar cover it.
public enum SupportedRange {
    public static let firstYear = 1901
    public static let lastYear = 2099
    public static let first = Day(year: 1901, month: 1, day: 1)!
    public static let last = Day(year: 2099, month: 12, day: 31)!
    public static func contains(_ d: Day) -> Bool { d >= first && d <= last }
}
