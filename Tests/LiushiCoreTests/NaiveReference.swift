@testable import LiushiCore

/// A deliberately naive implementation of docs/DESIGN.md §3, written for the tests: it walks every day,
/// groups days into periods by their calendar fields, and picks and shifts days by scanning lists.
/// It shares nothing with the engine but `Day`'s field conversions, `Lunar.date(of:)` and the raw
/// holiday lists.
struct NaiveReference {
    struct Entry: Hashable, CustomStringConvertible {
        var date: Day
        var village: Int
        var rhythms: [Rhythm]
        var matters: [Matter]
        var shiftedFrom: Day?
        var reason: String
        var skipped: Bool
        var provisional: Bool
        var time: Int?
        var description: String {
            "\(date.iso) v\(village) \(rhythms.map(\.key)) \(matters.map(\.key)) from=\(shiftedFrom?.iso ?? "-") reason=\(reason) skipped=\(skipped) prov=\(provisional) time=\(time.map(String.init) ?? "-")"
        }
    }

    let holidayName: [Day: String]
    let workdays: Set<Day>
    let officialYears: Set<Int>

    init(official: [HolidayYear]) {
        var names: [Day: String] = [:]
        var work: Set<Day> = []
        var years: Set<Int> = []
        for y in official { years.insert(y.year) }
        for y in 1899...2101 {
            let arrangement = official.first { $0.year == y } ?? HolidayYear.computed(y)
            for h in arrangement.holidays { for d in h.days { names[d] = h.name } }
            for d in arrangement.workdays { work.insert(d) }
        }
        holidayName = names
        workdays = work
        officialYears = years
    }

    func isWorkday(_ d: Day) -> Bool {
        if workdays.contains(d) { return true }
        if holidayName[d] != nil { return false }
        let w = d.weekday
        return w != 6 && w != 7
    }

    func reason(_ d: Day) -> String { holidayName[d] ?? "周末" }

    /// A period key for a day, or nil when the day is outside the rule's (narrowed) periods.
    func periodKey(_ r: Rule, _ d: Day) -> [Int]? {
        if r.calendar == .lunar {
            let l = Lunar.date(of: d)!
            switch r.rhythm {
            case .month: return [l.year, l.month, l.isLeap ? 1 : 0]
            case .xun: return [l.year, l.month, l.isLeap ? 1 : 0, l.day <= 10 ? 0 : (l.day <= 20 ? 1 : 2)]
            case .year:
                if let m = r.month { return (l.month == m && !l.isLeap) ? [l.year] : nil }
                return [l.year]
            default: return nil
            }
        }
        let (y, m, day) = d.ymd
        switch r.rhythm {
        case .week: let w = d.isoWeek; return [w.year, w.week]
        case .xun: return [y, m, day <= 10 ? 0 : (day <= 20 ? 1 : 2)]
        case .month: return [y, m]
        case .quarter:
            if let k = r.month { return (m - 1) % 3 + 1 == k ? [y, (m - 1) / 3] : nil }
            return [y, (m - 1) / 3]
        case .year:
            if let k = r.month { return m == k ? [y] : nil }
            return [y]
        }
    }

    /// Entries of one rule over [a, b], by walking a wider span so edge periods are whole.
    func entries(_ r: Rule, village: Int, _ a: Day, _ b: Day) -> [Entry] {
        var periods: [[Day]] = []
        var lastKey: [Int]? = nil
        var d = a - 400
        while d <= b + 400 {
            if let k = periodKey(r, d) {
                if k == lastKey { periods[periods.count - 1].append(d) } else { periods.append([d]); lastKey = k }
            } else {
                lastKey = nil
            }
            d = d + 1
        }
        var out: [Entry] = []
        for p in periods {
            // Only periods that are complete inside the walked span.
            if p.first! == a - 400 || p.last! == b + 400 { continue }
            guard var e = pick(r, p, village: village) else { continue }
            if e.date >= a && e.date <= b {
                e.provisional = !officialYears.contains(e.date.year)
                out.append(e)
            }
        }
        return out
    }

    func pick(_ r: Rule, _ p: [Day], village: Int) -> Entry? {
        var e = Entry(date: p[0], village: village, rhythms: [r.rhythm], matters: r.matters, shiftedFrom: nil,
                      reason: "", skipped: false, provisional: false, time: r.time)
        var chosen: Day
        switch r.day {
        case .nth(let n):
            chosen = n > 0 ? p[min(n, p.count) - 1] : p[p.count - min(-n, p.count)]
        case .weekday(let w):
            chosen = p.first { $0.weekday == w }!
        case .nthWeekday(let o, let w):
            let ws = p.filter { $0.weekday == w }
            chosen = o == -1 ? ws.last! : ws[min(o, ws.count) - 1]
        case .nthWorkday(let o):
            let ws = p.filter(isWorkday)
            if ws.isEmpty {
                e.date = o == -1 ? p.last! : p.first!
                e.skipped = true
                e.reason = "期内无工作日"
                return e
            }
            e.date = o == -1 ? ws.last! : ws[min(o, ws.count) - 1]
            return e
        }
        e.date = chosen
        if isWorkday(chosen) { return e }
        let why = reason(chosen)
        switch r.holiday {
        case .keep:
            e.reason = why
        case .skip:
            e.reason = why
            e.skipped = true
        case .later, .earlier:
            let i = p.firstIndex(of: chosen)!
            let after = p[(i + 1)...].first(where: isWorkday)
            let before = p[..<i].last(where: isWorkday)
            let to = r.holiday == .later ? (after ?? before) : (before ?? after)
            if let t = to {
                e.date = t
                e.shiftedFrom = chosen
                e.reason = why
            } else {
                e.skipped = true
                e.reason = "期内无工作日"
            }
        }
        return e
    }

    /// Merges one village's entries: same date → one entry (rhythm order), skipped stay separate.
    func expand(villages: [[Rule]], _ a: Day, _ b: Day) -> [Entry] {
        var all: [Entry] = []
        for (v, rules) in villages.enumerated() {
            var byDate: [Day: Entry] = [:]
            var skipped: [Entry] = []
            for r in rules.sorted(by: { $0.rhythm < $1.rhythm }) {
                for e in entries(r, village: v, a, b) {
                    if e.skipped { skipped.append(e); continue }
                    if var m = byDate[e.date] {
                        m.rhythms += e.rhythms
                        for x in e.matters where !m.matters.contains(x) { m.matters.append(x) }
                        if m.time == nil { m.time = e.time }
                        if m.shiftedFrom == nil, let s = e.shiftedFrom { m.shiftedFrom = s; m.reason = e.reason }
                        if m.reason.isEmpty { m.reason = e.reason }
                        byDate[e.date] = m
                    } else {
                        byDate[e.date] = e
                    }
                }
            }
            all += byDate.values
            all += skipped
        }
        return all.sorted { x, y in
            if x.date != y.date { return x.date < y.date }
            if x.village != y.village { return x.village < y.village }
            if x.skipped != y.skipped { return !x.skipped }
            return x.rhythms[0] < y.rhythms[0]
        }
    }
}

extension Schedule {
    /// The engine's output in the reference's terms (village index = position in `villages`,
    /// which the tests name "v000", "v001", … so id order equals index order).
    func referenceEntries(_ a: Day, _ b: Day) throws -> [NaiveReference.Entry] {
        try expand(from: a, to: b).map { f in
            NaiveReference.Entry(date: f.date, village: Int(f.village), rhythms: Array(f.rhythms), matters: matters(of: f).array,
                                 shiftedFrom: f.shiftedFrom, reason: reasonText(f.reason), skipped: f.isSkipped,
                                 provisional: f.isProvisional, time: time(of: f)?.time)
        }
    }
}
