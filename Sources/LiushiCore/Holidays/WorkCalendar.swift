/// China's working-day calendar as flat per-day arrays, built once: every question the expansion
/// asks (is this a working day, the next or previous one, the Nth in a period) is an array lookup.
public final class WorkCalendar: Sendable {
    /// What kind of day a date is.
    public enum Kind: UInt8, Sendable {
        case workday = 0       // an ordinary Monday–Friday
        case weekend = 1       // an ordinary Saturday or Sunday
        case holiday = 2       // a day off of a holiday arrangement
        case makeUpWorkday = 3 // a weekend day turned into a working day (调休上班)
    }

    /// Reason codes stored with fixed days: 0 none, 1 weekend, 2 no working day, then holiday names.
    public static let reasonNone: UInt16 = 0
    public static let reasonWeekend: UInt16 = 1
    public static let reasonNoWorkday: UInt16 = 2

    /// The arrays cover more than the supported years so that periods at the edges (an ISO week
    /// starting in 1900, a lunar year ending in 2100) are complete.
    public let first: Day
    public let last: Day
    let kinds: [UInt8]
    let names: [UInt16]
    /// 1 for a day in a year without official data.
    let provisional: [UInt8]
    /// rank[i] = number of working days in [first, first + i).
    let rank: [Int32]
    /// The working days in order.
    let workdays: [Int32]
    /// reasonNames[code]: "" , 周末, 期内无工作日, then holiday names.
    public let reasonNames: [String]
    /// The arrangement of each year (official or computed), by year.
    public let years: [Int: HolidayYear]

    public static let firstYear = 1899
    public static let lastYear = 2101

    /// Builds the calendar from official years; every other year in range is computed and provisional.
    public init(official: [HolidayYear]) {
        let first = Day(year: WorkCalendar.firstYear, month: 1, day: 1)!
        let last = Day(year: WorkCalendar.lastYear, month: 12, day: 31)!
        self.first = first
        self.last = last
        let count = last - first + 1
        var kinds = [UInt8](repeating: 0, count: count)
        var names = [UInt16](repeating: 0, count: count)
        var reasonNames = ["", "周末", "期内无工作日"]
        var nameIndex: [String: UInt16] = [:]
        for i in 0..<count where (first + i).isWeekend { kinds[i] = Kind.weekend.rawValue }

        var byYear: [Int: HolidayYear] = [:]
        for y in official where y.year >= WorkCalendar.firstYear && y.year <= WorkCalendar.lastYear { byYear[y.year] = y }
        for y in WorkCalendar.firstYear...WorkCalendar.lastYear where byYear[y] == nil { byYear[y] = HolidayYear.computed(y) }

        for y in byYear.keys.sorted() {
            let arrangement = byYear[y]!
            for h in arrangement.holidays {
                let code: UInt16
                if let c = nameIndex[h.name] {
                    code = c
                } else if let c = UInt16(exactly: reasonNames.count), c < UInt16.max {
                    code = c
                    reasonNames.append(h.name)
                    nameIndex[h.name] = code
                } else {
                    // More names than codes (configuration files allow far fewer): the last code
                    // stands for every further name, under a general one, never another's name.
                    if reasonNames.count == Int(UInt16.max) { reasonNames.append("节假日") }
                    code = UInt16.max
                }
                for d in h.days where d >= first && d <= last {
                    kinds[d - first] = Kind.holiday.rawValue
                    names[d - first] = code
                }
            }
            for d in arrangement.workdays where d >= first && d <= last {
                kinds[d - first] = Kind.makeUpWorkday.rawValue
                names[d - first] = 0
            }
        }

        var rank = [Int32](repeating: 0, count: count + 1)
        var workdays: [Int32] = []
        workdays.reserveCapacity(count * 5 / 7 + 16)
        for i in 0..<count {
            rank[i] = Int32(workdays.count)
            let k = kinds[i]
            if k == Kind.workday.rawValue || k == Kind.makeUpWorkday.rawValue { workdays.append(Int32((first + i).n)) }
        }
        rank[count] = Int32(workdays.count)
        var provisional = [UInt8](repeating: 0, count: count)
        for (y, arrangement) in byYear where arrangement.provisional {
            let a = Day(year: y, month: 1, day: 1)! - first, b = Day(year: y, month: 12, day: 31)! - first
            for i in a...b { provisional[i] = 1 }
        }
        self.provisional = provisional
        self.kinds = kinds
        self.names = names
        self.rank = rank
        self.workdays = workdays
        self.reasonNames = reasonNames
        self.years = byYear
    }

    @inline(__always) public func contains(_ d: Day) -> Bool { d >= first && d <= last }

    @inline(__always) public func kind(_ d: Day) -> Kind { Kind(rawValue: kinds[d - first])! }

    @inline(__always) public func isWorkday(_ d: Day) -> Bool {
        let k = kinds[d - first]
        return k == 0 || k == 3
    }

    /// The reason code of a day that is not a working day: its holiday's name, or weekend.
    @inline(__always) public func reasonCode(_ d: Day) -> UInt16 {
        let c = names[d - first]
        return c != 0 ? c : (kinds[d - first] == Kind.weekend.rawValue ? WorkCalendar.reasonWeekend : 0)
    }

    /// The holiday's name on that day, if it is a holiday.
    public func holidayName(_ d: Day) -> String? {
        guard contains(d) else { return nil }
        let c = names[d - first]
        return c == 0 ? nil : reasonNames[Int(c)]
    }

    public func isProvisional(year: Int) -> Bool { years[year]?.provisional ?? true }

    @inline(__always) public func isProvisionalDay(_ d: Day) -> Bool { provisional[d - first] != 0 }

    /// Number of working days in [a, b].
    @inline(__always) public func workdayCount(_ a: Day, _ b: Day) -> Int {
        Int(rank[b - first + 1] - rank[a - first])
    }

    /// The first working day on or after d, if within the calendar.
    @inline(__always) public func workdayOnOrAfter(_ d: Day) -> Day? {
        let r = Int(rank[d - first])
        return r < workdays.count ? Day(number: workdays[r]) : nil
    }

    /// The last working day on or before d, if within the calendar.
    @inline(__always) public func workdayOnOrBefore(_ d: Day) -> Day? {
        let r = Int(rank[d - first + 1]) - 1
        return r >= 0 ? Day(number: workdays[r]) : nil
    }

    /// The Nth (1-based) working day in [a, b], clamped to the last; `ordinal == -1` is the last.
    /// Nil when [a, b] has no working day.
    @inline(__always) public func nthWorkday(_ ordinal: Int, in a: Day, _ b: Day) -> Day? {
        let lo = Int(rank[a - first]), hi = Int(rank[b - first + 1])
        if hi == lo { return nil }
        let idx = ordinal < 0 ? hi - 1 : min(lo + ordinal - 1, hi - 1)
        return Day(number: workdays[idx])
    }

    /// Every day of the year that differs from an ordinary week: days off of the arrangement
    /// and make-up working days, in date order.
    public func specialDays(year: Int) -> [(day: Day, kind: Kind, name: String)] {
        guard let a = Day(year: year, month: 1, day: 1), let b = Day(year: year, month: 12, day: 31),
              contains(a), contains(b) else { return [] }
        var out: [(Day, Kind, String)] = []
        for i in (a - first)...(b - first) {
            let k = Kind(rawValue: kinds[i])!
            if k == .holiday || k == .makeUpWorkday {
                out.append((first + i, k, k == .holiday ? reasonNames[Int(names[i])] : ""))
            }
        }
        return out
    }
}

extension WorkCalendar {
    /// The per-day tables as raw pointers, for the expansion's inner loop (no reference counting,
    /// no bounds checks in release). Valid only inside `withTables`.
    /// These accessors repeat the calendar's public ones on purpose: having the calendar own
    /// raw buffers and forward to this view was measured 15–20 % slower in the expansion
    /// (13 → 16 ns per fixed day, `liushi-bench engine`), so the arrays stay and are borrowed here.
    struct Tables {
        let first: Int
        let kinds: UnsafePointer<UInt8>
        let names: UnsafePointer<UInt16>
        let provisional: UnsafePointer<UInt8>
        let rank: UnsafePointer<Int32>
        let workdays: UnsafePointer<Int32>
        let workdayCount: Int

        @inline(__always) func isWorkday(_ d: Day) -> Bool {
            let k = kinds[d.n - first]
            return k == 0 || k == 3
        }

        @inline(__always) func isProvisionalDay(_ d: Day) -> Bool { provisional[d.n - first] != 0 }

        @inline(__always) func reasonCode(_ d: Day) -> UInt16 {
            let i = d.n - first
            let c = names[i]
            return c != 0 ? c : (kinds[i] == WorkCalendar.Kind.weekend.rawValue ? WorkCalendar.reasonWeekend : 0)
        }

        @inline(__always) func workdayOnOrAfter(_ d: Day) -> Day? {
            let r = Int(rank[d.n - first])
            return r < workdayCount ? Day(number: workdays[r]) : nil
        }

        @inline(__always) func workdayOnOrBefore(_ d: Day) -> Day? {
            let r = Int(rank[d.n - first + 1]) - 1
            return r >= 0 ? Day(number: workdays[r]) : nil
        }

        @inline(__always) func nthWorkday(_ ordinal: Int, in a: Day, _ b: Day) -> Day? {
            let lo = Int(rank[a.n - first]), hi = Int(rank[b.n - first + 1])
            if hi == lo { return nil }
            let idx = ordinal < 0 ? hi - 1 : min(lo + ordinal - 1, hi - 1)
            return Day(number: workdays[idx])
        }
    }

    func withTables<R>(_ body: (Tables) throws -> R) rethrows -> R {
        try kinds.withUnsafeBufferPointer { k in
            try names.withUnsafeBufferPointer { n in
                try provisional.withUnsafeBufferPointer { p in
                    try rank.withUnsafeBufferPointer { r in
                        try workdays.withUnsafeBufferPointer { w in
                            try body(Tables(first: first.n, kinds: k.baseAddress!, names: n.baseAddress!,
                                            provisional: p.baseAddress!, rank: r.baseAddress!,
                                            workdays: w.baseAddress!, workdayCount: w.count))
                        }
                    }
                }
            }
        }
    }
}
