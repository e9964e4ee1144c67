/// The periods of every rhythm that overlap one chunk of the window (at most a calendar month),
/// computed once per chunk and shared by all villages. A rule reads the list of its `slot`.
struct ChunkPeriods {
    /// Slots: weeks, xuns, month, quarter, quarter narrowed to its 1st/2nd/3rd month, year,
    /// year narrowed to month 1…12, lunar xuns, lunar month, lunar year, lunar year narrowed to
    /// ordinary month 1…12.
    static let week = 0, xun = 1, month = 2, quarter = 3, quarterNarrow = 4, year = 7, yearNarrow = 8
    static let lunarXun = 20, lunarMonth = 21, lunarYear = 22, lunarYearNarrow = 23
    static let slotCount = 35

    static func slot(rhythm: Rhythm, narrow: Int, lunar: Bool) -> Int {
        if lunar {
            switch rhythm {
            case .xun: return lunarXun
            case .month: return lunarMonth
            default: return narrow == 0 ? lunarYear : lunarYearNarrow + narrow - 1
            }
        }
        switch rhythm {
        case .week: return week
        case .xun: return xun
        case .month: return month
        case .quarter: return narrow == 0 ? quarter : quarterNarrow + narrow - 1
        case .year: return narrow == 0 ? year : yearNarrow + narrow - 1
        }
    }

    /// periods[lower[s] ..< lower[s + 1]] is slot s's list.
    var periods: [Period] = []
    var lower: [Int] = []

    /// `a`…`b` lie in one calendar month.
    init(_ a: Day, _ b: Day, lunarNeeded: Bool) {
        periods.reserveCapacity(48)
        lower.reserveCapacity(ChunkPeriods.slotCount + 1)
        let (y, m, _) = a.ymd
        let monthStart = Day(Day.daysFromCivil(y, m, 1))
        let monthEnd = monthStart + Day.monthLength(year: y, month: m) - 1
        func overlaps(_ p: Period) -> Bool { p.end >= a && p.start <= b }

        // Weeks.
        lower.append(periods.count)
        var s = a - (a.weekday - 1)
        while s <= b { periods.append(Period(s, s + 6)); s = s + 7 }
        // Xuns.
        lower.append(periods.count)
        for p in [Period(monthStart, monthStart + 9), Period(monthStart + 10, monthStart + 19), Period(monthStart + 20, monthEnd)]
        where overlaps(p) { periods.append(p) }
        // Month.
        lower.append(periods.count)
        periods.append(Period(monthStart, monthEnd))
        // Quarter, then narrowed to its k-th month: only the chunk's own position has a period here.
        lower.append(periods.count)
        let q0 = (m - 1) / 3 * 3 + 1
        let quarterStart = Day(Day.daysFromCivil(y, q0, 1))
        let quarterEnd = q0 == 10 ? Day(Day.daysFromCivil(y + 1, 1, 1)) - 1 : Day(Day.daysFromCivil(y, q0 + 3, 1)) - 1
        periods.append(Period(quarterStart, quarterEnd))
        for k in 1...3 {
            lower.append(periods.count)
            if m - q0 + 1 == k { periods.append(Period(monthStart, monthEnd)) }
        }
        // Year, then narrowed to month k.
        lower.append(periods.count)
        periods.append(Period(Day(Day.daysFromCivil(y, 1, 1)), Day(Day.daysFromCivil(y, 12, 31))))
        for k in 1...12 {
            lower.append(periods.count)
            if m == k { periods.append(Period(monthStart, monthEnd)) }
        }
        // Lunar periods (only when some rule is lunar).
        var months: [LunarMonth] = []
        if lunarNeeded, let i0 = Lunar.monthIndex(containing: a), let i1 = Lunar.monthIndex(containing: b) {
            months = (i0...i1).map { Lunar.month(at: $0) }
        }
        lower.append(periods.count)
        for lm in months {
            for p in [Period(lm.start, lm.start + 9), Period(lm.start + 10, lm.start + 19), Period(lm.start + 20, lm.end)]
            where overlaps(p) { periods.append(p) }
        }
        lower.append(periods.count)
        for lm in months { periods.append(Period(lm.start, lm.end)) }
        lower.append(periods.count)
        var years: [Int] = []
        for lm in months where !years.contains(lm.year) { years.append(lm.year) }
        for ly in years {
            if let s = Lunar.newYear(ly), let e = Lunar.yearEnd(ly) { periods.append(Period(s, e)) }
        }
        for k in 1...12 {
            lower.append(periods.count)
            for lm in months where lm.month == k && !lm.isLeap { periods.append(Period(lm.start, lm.end)) }
        }
        lower.append(periods.count)
    }
}
