import LiushiConfig
import LiushiCore
import LiushiReports

/// The visible month's grid: Monday before the 1st to Sunday after the last day.
struct MonthCache: Sendable {
    struct Key: Hashable, Sendable {
        var first: Day
        var filter: String?
        var version: Int
    }
    var key: Key?
    var gridStart = Day(0)
    var days = 0
    /// The fixed days of the filtered villages in the grid, by date.
    var fixed: [FixedDay] = []
    /// fixed[dayStart[i] ..< dayStart[i + 1]] are those of gridStart + i.
    var dayStart: [Int32] = []
    /// Per grid day: villages with a fixed day there (after moves).
    var count: [Int32] = []
    /// Per grid day: the rhythms of those fixed days (bits of RhythmSet).
    var rhythms: [UInt8] = []

    func index(of d: Day) -> Int? {
        let i = d - gridStart
        return i >= 0 && i < days ? i : nil
    }
}

/// One block of a list: a village's fixed day (or, with `entry` nil, the items due that day
/// outside any fixed day), with its items.
struct Group: Sendable {
    var entry: ScheduleEntry?
    var village: Village
    var date: Day
    var items: [DueItem]
}

/// A selectable row: a group's heading or one of its items.
enum Row: Hashable, Sendable {
    case group(Int)
    case item(Int, Int)

    var group: Int {
        switch self {
        case .group(let g), .item(let g, _): return g
        }
    }
}

/// The agenda of a day or the upcoming list.
struct RowList: Sendable {
    struct Key: Hashable, Sendable {
        var from: Day
        var to: Day
        var filter: String?
        var search: String
        var version: Int
    }
    var key: Key?
    var groups: [Group] = []
    var rows: [Row] = []

    func item(at cursor: Int) -> (Group, DueItem)? {
        guard cursor >= 0, cursor < rows.count, case .item(let g, let k) = rows[cursor] else { return nil }
        return (groups[g], groups[g].items[k])
    }

    func group(at cursor: Int) -> Group? {
        guard cursor >= 0, cursor < rows.count else { return nil }
        return groups[rows[cursor].group]
    }
}

/// The board: open items by stage.
struct BoardCache: Sendable {
    struct Key: Hashable, Sendable {
        var filter: String?
        var search: String
        var version: Int
    }
    var key: Key?
    /// Per matter (sort … evaluate): indices into `snapshot.items`, by due date then id.
    var columns: [[Int32]] = Array(repeating: [], count: 6)
    var closed = 0
}

/// Case-insensitive (ASCII) substring search on UTF-8 bytes.
enum TextSearch {
    static func fold(_ s: String) -> [UInt8] { s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 } }

    static func contains(_ text: String, _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        var t = Array(text.utf8)
        guard t.count >= needle.count else { return false }
        for i in t.indices where t[i] >= 65 && t[i] <= 90 { t[i] += 32 }
        let last = t.count - needle.count
        var i = 0
        while i <= last {
            if t[i] == needle[0] {
                var k = 1
                while k < needle.count && t[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}

extension Model {
    /// Brings every cache up to date with the state (called at the end of `update` and `init`).
    mutating func sync() {
        let (first, _) = monthBounds(selected)
        let mk = MonthCache.Key(first: first, filter: villageFilter, version: version)
        if month.key != mk { month = buildMonth(mk) }

        let ak = RowList.Key(from: selected, to: selected, filter: villageFilter, search: search, version: version)
        if agenda.key != ak {
            let old = agenda.key
            agenda = buildList(ak, daily: true)
            if old?.from != ak.from || old?.filter != ak.filter || old?.search != ak.search { agendaCursor = 0 }
        }
        agendaCursor = clamp(agendaCursor, agenda.rows.count)

        if screen == .upcoming {
            let end = min(selected + (Model.upcomingDays - 1), SupportedRange.last)
            let uk = RowList.Key(from: selected, to: end, filter: villageFilter, search: search, version: version)
            if upcoming.key != uk {
                let old = upcoming.key
                upcoming = buildList(uk, daily: false)
                if old?.from != uk.from || old?.filter != uk.filter || old?.search != uk.search { upcomingCursor = 0 }
            }
            upcomingCursor = clamp(upcomingCursor, upcoming.rows.count)
        }
        if screen == .board {
            let bk = BoardCache.Key(filter: villageFilter, search: search, version: version)
            if board.key != bk {
                let old = board.key
                board = buildBoard(bk)
                if old?.filter != bk.filter || old?.search != bk.search { boardRows = Array(repeating: 0, count: 6) }
            }
            for c in 0..<6 { boardRows[c] = clamp(boardRows[c], board.columns[c].count) }
        }
    }

    func clamp(_ cursor: Int, _ count: Int) -> Int { count == 0 ? 0 : min(max(cursor, 0), count - 1) }

    /// The first and last day of d's month.
    func monthBounds(_ d: Day) -> (Day, Day) {
        let (y, m, _) = d.ymd
        return (Day(Day.daysFromCivil(y, m, 1)), Day(Day.daysFromCivil(y, m, Day.monthLength(year: y, month: m))))
    }

    /// The villages the filter chooses (nil: all).
    var chosenVillages: [Int]? {
        guard villageFilter != nil else { return nil }
        return filterIndex.map { [$0] } ?? []
    }

    func expand(_ a: Day, _ b: Day, villages: [Int]?) -> [FixedDay] {
        let lo = max(a, SupportedRange.first), hi = min(b, SupportedRange.last)
        guard lo <= hi else { return [] }
        if let v = villages, v.isEmpty { return [] }
        return (try? config.schedule.expand(from: lo, to: hi, villages: villages)) ?? []
    }

    func buildMonth(_ key: MonthCache.Key) -> MonthCache {
        var c = MonthCache()
        c.key = key
        let (first, last) = monthBounds(key.first)
        c.gridStart = first - (first.weekday - 1)
        let gridEnd = last + (7 - last.weekday)
        c.days = gridEnd - c.gridStart + 1
        let chosen = chosenVillages
        c.fixed = expand(c.gridStart, gridEnd, villages: chosen)
        c.dayStart = [Int32](repeating: 0, count: c.days + 1)
        c.count = [Int32](repeating: 0, count: c.days)
        c.rhythms = [UInt8](repeating: 0, count: c.days)
        var k = 0
        for i in 0..<c.days {
            c.dayStart[i] = Int32(k)
            let d = c.gridStart + i
            while k < c.fixed.count && c.fixed[k].date == d { k += 1 }
        }
        c.dayStart[c.days] = Int32(k)
        let villages = config.schedule.villages
        let anyMarks = !marks.isEmpty
        for f in c.fixed where !f.isSkipped {
            var shown = f.date
            if anyMarks, case .moved(let to)? = marks[villages[Int(f.village)].id]?[f.date]?.status { shown = to }
            if let i = c.index(of: shown) {
                c.count[i] += 1
                c.rhythms[i] |= f.rhythms.bits
            }
        }
        // Days moved into the grid from outside it.
        if anyMarks {
            for i in 0..<c.days {
                for m in movedInto[c.gridStart + i] ?? [] where c.index(of: m.date) == nil {
                    if let v = chosen, !v.contains(m.village) { continue }
                    for f in expand(m.date, m.date, villages: [m.village]) where !f.isSkipped {
                        c.count[i] += 1
                        c.rhythms[i] |= f.rhythms.bits
                    }
                }
            }
        }
        return c
    }

    /// The fixed days shown in [from, to] (moves applied), with their items, filtered.
    func buildList(_ key: RowList.Key, daily: Bool) -> RowList {
        let chosen = chosenVillages
        var fixed: [FixedDay]
        if key.from == key.to, let i = month.index(of: key.from), month.key?.filter == key.filter {
            fixed = Array(month.fixed[Int(month.dayStart[i])..<Int(month.dayStart[i + 1])])
        } else {
            fixed = expand(key.from, key.to, villages: chosen)
        }
        if !marks.isEmpty {
            var d = key.from
            while d <= key.to {
                for m in movedInto[d] ?? [] where m.date < key.from || m.date > key.to {
                    if let v = chosen, !v.contains(m.village) { continue }
                    fixed += expand(m.date, m.date, villages: [m.village])
                }
                d = d + 1
            }
        }
        let resolved = ScheduleEntries.resolve(fixed, schedule: config.schedule,
                                               annotations: Annotations(items: [:], marks: marks))
        let needle = TextSearch.fold(search)
        // Open items due in the window or on the schedule dates shown, by village id and due date.
        var dates = Set<Day>()
        var d = key.from
        while d <= key.to { dates.insert(d); d = d + 1 }
        for e in resolved where e.scheduledDate != e.date { dates.insert(e.scheduledDate) }
        // (Indices into snapshot.items: an item is read in place, not copied.)
        let all = snapshot.items
        var due: [String: [Day: [Int32]]] = [:]
        for day in dates {
            for i in dueByDay[day] ?? [] {
                if let f = key.filter, all[Int(i)].village != f { continue }
                due[all[Int(i)].village, default: [:]][day, default: []].append(i)
            }
        }
        var list = RowList()
        list.key = key
        var shown = Set<Int64>()
        for e in resolved where e.date >= key.from && e.date <= key.to {
            var items: [DueItem] = []
            if !e.skipped {
                items = snapshot.annotations.items[e.village.id]?[e.scheduledDate] ?? []
                for i in due[e.village.id]?[e.scheduledDate] ?? [] where !items.contains(where: { $0.id == all[Int(i)].id }) {
                    let u = all[Int(i)]
                    items.append(DueItem(id: u.id, title: u.title, stage: u.stage, carryOvers: u.carryOvers, major: u.major))
                }
                items = items.filter { $0.stage != .closed && TextSearch.contains($0.title, needle) }
                for i in items { shown.insert(i.id) }
            }
            if !needle.isEmpty && items.isEmpty { continue }
            list.groups.append(Group(entry: e, village: e.village, date: e.date, items: items))
        }
        if daily {
            // Items due that day outside any fixed day shown (e.g. 办事, due every working day).
            var byVillage: [String: [DueItem]] = [:]
            var order: [String] = []
            for i in dueByDay[key.from] ?? [] where !shown.contains(all[Int(i)].id) {
                if let f = key.filter, all[Int(i)].village != f { continue }
                guard TextSearch.contains(all[Int(i)].title, needle) else { continue }
                let u = all[Int(i)]
                if byVillage[u.village] == nil { order.append(u.village) }
                byVillage[u.village, default: []].append(
                    DueItem(id: u.id, title: u.title, stage: u.stage, carryOvers: u.carryOvers, major: u.major))
            }
            for id in order.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                list.groups.append(Group(entry: nil, village: village(id: id), date: key.from, items: byVillage[id] ?? []))
            }
        }
        for (g, group) in list.groups.enumerated() {
            list.rows.append(.group(g))
            for k in group.items.indices { list.rows.append(.item(g, k)) }
        }
        return list
    }

    func buildBoard(_ key: BoardCache.Key) -> BoardCache {
        var b = BoardCache()
        b.key = key
        if let f = key.filter {
            b.closed = snapshot.closedByVillage[f] ?? 0
        } else {
            b.closed = snapshot.closedByVillage.values.reduce(0, +)
        }
        let needle = TextSearch.fold(search)
        let items = snapshot.items
        for (i, item) in items.enumerated() {
            if let f = key.filter, item.village != f { continue }
            guard case .matter(let m) = item.stage else { b.closed += 1; continue }
            guard TextSearch.contains(item.title, needle) else { continue }
            b.columns[m.rawValue - 1].append(Int32(i))
        }
        for c in 0..<6 {
            b.columns[c].sort { x, y in
                let a = items[Int(x)], z = items[Int(y)]
                let da = a.due?.n ?? Int.max, dz = z.due?.n ?? Int.max
                return da != dz ? da < dz : a.id < z.id
            }
        }
        return b
    }
}
