/// A period: an inclusive range of days [start, end].
public struct Period: Hashable, Sendable {
    public var start: Day
    public var end: Day
    @inline(__always) public init(_ start: Day, _ end: Day) { self.start = start; self.end = end }
    @inline(__always) public var length: Int { end - start + 1 }
}

/// The periods of a rhythm, as arithmetic on day numbers (never a walk over days).
public enum Periods {
    /// Calls `body` for every period of `rhythm` (narrowed by `month`, lunar or not) that overlaps
    /// [a, b], in order.
    @inline(__always)
    public static func forEach(_ rhythm: Rhythm, month narrow: Int?, lunar: Bool,
                               overlapping a: Day, _ b: Day, _ body: (Period) -> Void) {
        if lunar {
            lunarPeriods(rhythm, month: narrow, a, b, body)
            return
        }
        switch rhythm {
        case .week:
            var s = a - (a.weekday - 1)
            while s <= b {
                body(Period(s, s + 6))
                s = s + 7
            }
        case .xun, .month:
            var (y, m, _) = a.ymd
            let (yb, mb, _) = b.ymd
            while y < yb || (y == yb && m <= mb) {
                let s = Day(Day.daysFromCivil(y, m, 1))
                let len = Day.monthLength(year: y, month: m)
                if rhythm == .month {
                    body(Period(s, s + len - 1))
                } else {
                    let parts = (Period(s, s + 9), Period(s + 10, s + 19), Period(s + 20, s + len - 1))
                    if parts.0.end >= a && parts.0.start <= b { body(parts.0) }
                    if parts.1.end >= a && parts.1.start <= b { body(parts.1) }
                    if parts.2.end >= a && parts.2.start <= b { body(parts.2) }
                }
                m += 1
                if m == 13 { m = 1; y += 1 }
            }
        case .quarter:
            var (y, m, _) = a.ymd
            var q = (m - 1) / 3
            let (yb, mb, _) = b.ymd
            let qb = (mb - 1) / 3
            while y < yb || (y == yb && q <= qb) {
                let firstMonth = q * 3 + 1
                if let k = narrow {
                    m = firstMonth + k - 1
                    let s = Day(Day.daysFromCivil(y, m, 1))
                    body(Period(s, s + Day.monthLength(year: y, month: m) - 1))
                } else {
                    let s = Day(Day.daysFromCivil(y, firstMonth, 1))
                    let e = q == 3 ? Day(Day.daysFromCivil(y + 1, 1, 1)) - 1 : Day(Day.daysFromCivil(y, firstMonth + 3, 1)) - 1
                    body(Period(s, e))
                }
                q += 1
                if q == 4 { q = 0; y += 1 }
            }
        case .year:
            for y in a.year...b.year {
                if let k = narrow {
                    let s = Day(Day.daysFromCivil(y, k, 1))
                    body(Period(s, s + Day.monthLength(year: y, month: k) - 1))
                } else {
                    body(Period(Day(Day.daysFromCivil(y, 1, 1)), Day(Day.daysFromCivil(y, 12, 31))))
                }
            }
        }
    }

    @inline(__always)
    static func lunarPeriods(_ rhythm: Rhythm, month narrow: Int?, _ a: Day, _ b: Day, _ body: (Period) -> Void) {
        switch rhythm {
        case .xun, .month:
            guard let i0 = Lunar.monthIndex(containing: a), let i1 = Lunar.monthIndex(containing: b) else { return }
            for i in i0...i1 {
                let m = Lunar.month(at: i)
                if rhythm == .month {
                    body(Period(m.start, m.start + m.length - 1))
                } else {
                    let s = m.start
                    let parts = (Period(s, s + 9), Period(s + 10, s + 19), Period(s + 20, s + m.length - 1))
                    if parts.0.end >= a && parts.0.start <= b { body(parts.0) }
                    if parts.1.end >= a && parts.1.start <= b { body(parts.1) }
                    if parts.2.end >= a && parts.2.start <= b { body(parts.2) }
                }
            }
        case .year:
            guard let da = Lunar.date(of: a), let db = Lunar.date(of: b) else { return }
            for y in da.year...db.year {
                if let k = narrow {
                    guard let s = Lunar.day(of: LunarDate(year: y, month: k, isLeap: false, day: 1)),
                          let i = Lunar.monthIndex(containing: s) else { continue }
                    let m = Lunar.month(at: i)
                    body(Period(s, s + m.length - 1))
                } else {
                    guard let s = Lunar.newYear(y), let e = Lunar.yearEnd(y) else { continue }
                    body(Period(s, e))
                }
            }
        case .week, .quarter:
            return // a configuration error, refused before expansion
        }
    }
}
