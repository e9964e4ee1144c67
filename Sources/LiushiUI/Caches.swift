import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports

/// The visible month's grid: Monday before the 1st to Sunday after the last day.
struct MonthCache: Sendable {
    struct Key: Hashable, Sendable {
        var first: Day
        var filter: String?
        var person: String?
        var version: Int
    }
    var key: Key?
    var gridStart = Day(0)
    var days = 0
    /// Per grid day: villages with a fixed day there (at actual dates).
    var count: [Int32] = []
    /// Per grid day: the rhythms of those fixed days (bits of RhythmSet).
    var rhythms: [UInt8] = []

    func index(of d: Day) -> Int? {
        let i = d - gridStart
        return i >= 0 && i < days ? i : nil
    }
}

/// One block of a list: a village's fixed day (or, with `entry` nil, the items due that day
/// outside any fixed day), with its items. `movedAway`: the entry was scheduled on `date` but
/// moved to `entry.date`, outside the list's days (shown as "moved to …", without items).
struct Group: Sendable {
    var entry: ScheduleEntry?
    var village: Village
    var date: Day
    var items: [DueItem]
    var movedAway = false
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
        var person: String?
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

/// The late screen's rows.
struct LateCache: Sendable {
    struct Key: Hashable, Sendable {
        var filter: String?
        var search: String
        var version: Int
        var ended: Int
    }
    enum Row: Sendable {
        case heading(String)
        /// An open item (index into `Model.items`).
        case item(Int)
        case day(ScheduleEntry)
        case ended(UIItem)
        var selectable: Bool { if case .heading = self { return false } else { return true } }
    }
    var key: Key?
    var rows: [Row] = []
}

/// The board: open items by stage.
struct BoardCache: Sendable {
    struct Key: Hashable, Sendable {
        var filter: String?
        var search: String
        var version: Int
    }
    var key: Key?
    /// Per matter (sort … evaluate): indices into `items`, by due date then id.
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
        let mk = MonthCache.Key(first: first, filter: filterKey, person: personFilter, version: version)
        if month.key != mk { month = buildMonth(mk) }

        let ak = RowList.Key(from: selected, to: selected, filter: filterKey, person: personFilter, search: search, version: version)
        if agenda.key != ak {
            let old = agenda.key
            agenda = buildList(ak, daily: true)
            if old?.from != ak.from || old?.filter != ak.filter || old?.search != ak.search { agendaCursor = 0 }
        }
        agendaCursor = clamp(agendaCursor, agenda.rows.count)

        if screen == .upcoming {
            let end = min(selected + (Model.upcomingDays - 1), SupportedRange.last)
            let uk = RowList.Key(from: selected, to: end, filter: filterKey, person: personFilter, search: search, version: version)
            if upcoming.key != uk {
                let old = upcoming.key
                upcoming = buildList(uk, daily: false)
                if old?.from != uk.from || old?.filter != uk.filter || old?.search != uk.search { upcomingCursor = 0 }
            }
            upcomingCursor = clamp(upcomingCursor, upcoming.rows.count)
        }
        if screen == .late {
            let lk = LateCache.Key(filter: filterKey, search: search, version: version, ended: endedItems?.count ?? -1)
            if late.key != lk { late = buildLate(lk) }
            lateCursor = clamp(lateCursor, late.rows.count)
            // The cursor rests on a row that can be opened, never on a heading.
            if lateCursor < late.rows.count, !late.rows[lateCursor].selectable,
               let next = late.rows[lateCursor...].firstIndex(where: \.selectable) ?? late.rows.lastIndex(where: \.selectable) {
                lateCursor = next
            }
        }
        if screen == .board {
            let bk = BoardCache.Key(filter: filterKey, search: search, version: version)
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

    /// The villages the filter chooses (nil: all): the village, else the township's villages.
    var chosenVillages: [Int]? {
        if villageFilter != nil { return filterIndex.map { [$0] } ?? [] }
        guard let t = chosenTownship else { return nil }
        return t.villages.compactMap { config.schedule.villageIndex(id: $0.id) }.sorted()
    }

    /// The actual schedule's window (empty outside the supported years or for no villages).
    func window(_ a: Day, _ b: Day, villages: [Int]?) -> ActualSchedule.Window {
        let lo = max(a, SupportedRange.first), hi = min(b, SupportedRange.last)
        guard lo <= hi else { return ActualSchedule.Window(days: [], movedAway: []) }
        if let v = villages, v.isEmpty { return ActualSchedule.Window(days: [], movedAway: []) }
        if let p = personFilter { return (try? actual.window(from: lo, to: hi, person: p, villages: villages)) ?? ActualSchedule.Window() }
        return (try? actual.window(from: lo, to: hi, villages: villages)) ?? ActualSchedule.Window(days: [], movedAway: [])
    }

    func buildMonth(_ key: MonthCache.Key) -> MonthCache {
        var c = MonthCache()
        c.key = key
        let (first, last) = monthBounds(key.first)
        c.gridStart = first - (first.weekday - 1)
        let gridEnd = last + (7 - last.weekday)
        c.days = gridEnd - c.gridStart + 1
        c.count = [Int32](repeating: 0, count: c.days)
        c.rhythms = [UInt8](repeating: 0, count: c.days)
        let chosen = chosenVillages
        if personFilter != nil {
            for e in window(c.gridStart, gridEnd, villages: chosen).days where !e.skipped {
                guard let i = c.index(of: e.date) else { continue }
                c.count[i] += 1
                c.rhythms[i] |= RhythmSet(e.rhythms).bits
            }
        } else if chosen?.isEmpty != true, let held = try? actual.heldDates(from: max(c.gridStart, SupportedRange.first),
                                                                      to: min(gridEnd, SupportedRange.last), villages: chosen) {
            for (date, rhythms) in held {
                guard let i = c.index(of: date) else { continue }
                c.count[i] += 1
                c.rhythms[i] |= rhythms.bits
            }
        }
        return c
    }

    /// The fixed days held in [from, to] (at their actual dates) with the items due at them,
    /// and those scheduled there but moved out; filtered by village and search.
    func buildList(_ key: RowList.Key, daily: Bool) -> RowList {
        let w = window(key.from, key.to, villages: chosenVillages)
        let needle = TextSearch.fold(search)
        var list = RowList()
        list.key = key
        // A day moved away shows on its old date, in date order with the others.
        var stubs = w.movedAway.filter { !$0.skipped }[...]
        func flushStubs(before d: Day?) {
            while let s = stubs.first, d == nil || s.scheduledDate <= d! {
                stubs = stubs.dropFirst()
                if needle.isEmpty {
                    list.groups.append(Group(entry: s, village: s.village, date: s.scheduledDate, items: [], movedAway: true))
                }
            }
        }
        for e in w.days {
            flushStubs(before: e.date)
            var items = e.items
            if !needle.isEmpty { items = items.filter { TextSearch.contains($0.title, needle) } }
            if !needle.isEmpty && items.isEmpty { continue }
            list.groups.append(Group(entry: e, village: e.village, date: e.date, items: items))
        }
        flushStubs(before: nil)
        if daily {
            // Items due that day outside any fixed day: those at 办事, due every working day.
            var byVillage: [String: [DueItem]] = [:]
            var order: [String] = []
            for i in dailyByDay[key.from] ?? [] {
                let u = items[Int(i)]
                if key.filter != nil, !shows(village: u.village) { continue }
                guard TextSearch.contains(u.title, needle) else { continue }
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

    func buildLate(_ key: LateCache.Key) -> LateCache {
        var c = LateCache()
        c.key = key
        let needle = TextSearch.fold(search)
        func wanted(_ village: String, _ title: String) -> Bool {
            (key.filter == nil || shows(village: village)) && TextSearch.contains(title, needle)
        }
        let overdue = actual.overdue.filter { wanted(items[$0].village, items[$0].title) }
            .sorted { (items[$0].due?.n ?? Int.max, items[$0].id) < (items[$1].due?.n ?? Int.max, items[$1].id) }
        c.rows.append(.heading(t.overdueHeading(overdue.count)))
        for k in overdue { c.rows.append(.item(k)) }
        var days: [ScheduleEntry] = []
        if chosenVillages?.isEmpty != true {
            days = (try? actual.unmarked(from: max(today - 90, SupportedRange.first), to: today - 1, villages: chosenVillages)) ?? []
        }
        c.rows.append(.heading(t.unmarkedHeading(days.count)))
        for e in days.reversed() { c.rows.append(.day(e)) }   // the most recent first
        let ended = endedItems?.filter { wanted($0.village, $0.title) }
        c.rows.append(.heading(t.endedHeading(ended?.count)))
        for u in (ended ?? []).reversed() { c.rows.append(.ended(u)) }
        return c
    }

    func buildBoard(_ key: BoardCache.Key) -> BoardCache {
        var b = BoardCache()
        b.key = key
        if let f = villageFilter {
            b.closed = snapshot.closedByVillage[f] ?? 0
        } else if townshipFilter != nil {
            b.closed = townshipVillages.reduce(0) { $0 + (snapshot.closedByVillage[$1] ?? 0) }
        } else {
            b.closed = snapshot.closedByVillage.values.reduce(0, +)
        }
        let needle = TextSearch.fold(search)
        let items = self.items
        for (i, item) in items.enumerated() {
            if key.filter != nil, !shows(village: item.village) { continue }
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
