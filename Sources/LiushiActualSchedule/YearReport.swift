import LiushiConfig
import LiushiCore

/// The year's evaluation (年评, `liushi report`): per village and for all of them together, what
/// became of the year's fixed days, who attended, and how the items moved. Pure: computed from
/// the actual schedule (the plan with every mark folded), the items' lives (`ItemLife`, from the
/// event log) and "today".
///
/// Definitions (docs/DESIGN.md §5 and §8; README "Year evaluation"):
/// - Fixed days are those whose **actual** date is in the year (a day moved from 12-31 into
///   January counts in the next year); skipped periods are not fixed days. Each counts once in
///   `scheduled` and once in exactly one of `held`, `cancelled` (its outcome), `unmarked` (no
///   outcome, before today) or `upcoming` (no outcome, today or later); `moved` counts those
///   moved, whatever became of them. By rhythm, a merged day counts once for each of its rhythms
///   (so the rhythms' rows may add up to more than the village's total); by month, at its
///   actual date.
/// - Attendance of a role: the share of held days whose record lists the role. Roles shown are
///   those expected at a held day (the rules' attendees) or recorded at one; a role expected
///   but never recorded is 0. The total pools the held days of every village.
/// - Items are dated by the day each change was made on (the program's "today" then, what
///   `stageSince` records), never by the clock. An undone change never counts.
///   `added`: items whose add falls in the year, up to the end of the window. `closed` / `withdrawn`: items whose final
///   stage at the end of the window was reached by a change made in the year.
///   The end of the window is 31 December, or today when that is earlier; items open then
///   (added by then, not closed or withdrawn) have the carry-overs DueDates gives as of
///   1 January of the next year (as of today when the year has not ended): `carryOvers` is
///   their sum, `overdue` the number of them carried over at least once (what `item list
///   --overdue` lists, for the current year).
/// - `medianDaysToClose`: the median of (day closed − day added) over the items closed in the
///   year (the mean of the middle two for an even count); nil when none. The total's median is
///   over every village's items, not a sum.
public struct YearReport: Sendable {
    public var year: Int
    public var today: Day
    /// The last day the item figures look at: 31 December, or today when that is earlier.
    public var end: Day
    /// The "today" carry-overs are counted as of: the day after `end`, or today.
    public var asOf: Day
    public var villages: [VillageFigures]
    public var total: Figures

    public struct VillageFigures: Sendable {
        public var village: Village
        public var figures: Figures
    }

    /// Counts of fixed days.
    public struct DayCounts: Hashable, Sendable {
        public var scheduled = 0, held = 0, cancelled = 0, unmarked = 0, upcoming = 0, moved = 0
        public init() {}

        public static func + (a: DayCounts, b: DayCounts) -> DayCounts {
            var c = a
            c.scheduled += b.scheduled; c.held += b.held; c.cancelled += b.cancelled
            c.unmarked += b.unmarked; c.upcoming += b.upcoming; c.moved += b.moved
            return c
        }
    }

    /// Attendance over the held days.
    public struct Attendance: Hashable, Sendable {
        public var heldDays = 0
        /// Held days each role attended, by `Role.allCases` index.
        public var attended = [Int](repeating: 0, count: Role.allCases.count)
        /// Roles the rules expected at some held day.
        public var expected: Set<Role> = []
        public init() {}

        /// The roles to show, in `Role` order: expected or recorded at a held day.
        public var roles: [Role] {
            Role.allCases.enumerated().filter { expected.contains($0.element) || attended[$0.offset] > 0 }.map(\.element)
        }

        /// Share of held days the role attended; nil when no day was held.
        public func rate(_ role: Role) -> Double? {
            guard heldDays > 0, let k = Role.allCases.firstIndex(of: role) else { return nil }
            return Double(attended[k]) / Double(heldDays)
        }

        public static func + (a: Attendance, b: Attendance) -> Attendance {
            var c = a
            c.heldDays += b.heldDays
            for k in c.attended.indices { c.attended[k] += b.attended[k] }
            c.expected.formUnion(b.expected)
            return c
        }
    }

    /// Counts of items.
    public struct ItemCounts: Hashable, Sendable {
        public var added = 0, closed = 0, withdrawn = 0, overdue = 0
        /// Items open at the end of the window, by stage (`Matter.allCases` index).
        public var openByStage = [Int](repeating: 0, count: Matter.allCases.count)
        public init() {}

        public static func + (a: ItemCounts, b: ItemCounts) -> ItemCounts {
            var c = a
            c.added += b.added; c.closed += b.closed; c.withdrawn += b.withdrawn; c.overdue += b.overdue
            for k in c.openByStage.indices { c.openByStage[k] += b.openByStage[k] }
            return c
        }
    }

    /// Everything reported for one village, or for all of them.
    public struct Figures: Sendable {
        public var fixedDays = DayCounts()
        /// By `Rhythm.rawValue`; a merged day counts for each of its rhythms.
        public var byRhythm = [DayCounts](repeating: DayCounts(), count: Rhythm.allCases.count)
        /// By month of the actual date (index 0 = January).
        public var byMonth = [DayCounts](repeating: DayCounts(), count: 12)
        public var attendance = Attendance()
        public var items = ItemCounts()
        /// Days from add to close of each item closed in the year, ascending.
        public var daysToClose: [Int] = []
        public var carryOvers = 0
        public init() {}

        /// The median of `daysToClose`; nil when no item was closed.
        public var medianDaysToClose: Double? {
            guard !daysToClose.isEmpty else { return nil }
            let s = daysToClose.sorted(), n = s.count
            return n % 2 == 1 ? Double(s[n / 2]) : Double(s[n / 2 - 1] + s[n / 2]) / 2
        }

        public static func + (a: Figures, b: Figures) -> Figures {
            var c = a
            c.fixedDays = a.fixedDays + b.fixedDays
            for k in c.byRhythm.indices { c.byRhythm[k] = a.byRhythm[k] + b.byRhythm[k] }
            for k in c.byMonth.indices { c.byMonth[k] = a.byMonth[k] + b.byMonth[k] }
            c.attendance = a.attendance + b.attendance
            c.items = a.items + b.items
            c.daysToClose = (a.daysToClose + b.daysToClose).sorted()
            c.carryOvers += b.carryOvers
            return c
        }
    }

    /// The report of `year` for the villages (schedule indices; nil: all), in schedule order.
    /// `actual` needs the marks (its items are not used); `lives` may hold every village's items.
    public static func compute(_ actual: ActualSchedule, year: Int, villages: [Int]? = nil,
                               lives: [ItemLife]) throws(ExpansionError) -> YearReport {
        let schedule = actual.schedule
        guard let first = Day(year: year, month: 1, day: 1), let last = Day(year: year, month: 12, day: 31) else {
            throw ExpansionError.outOfRange(Day(year: 1900, month: 1, day: 1) ?? SupportedRange.first)
        }
        let chosen = villages.map { Array(Set($0)).sorted() } ?? Array(schedule.villages.indices)
        var position: [String: Int] = [:]
        for (k, v) in chosen.enumerated() { position[schedule.villages[v].id] = k }
        var figures = [Figures](repeating: Figures(), count: chosen.count)
        let today = actual.today

        // Fixed days at their actual dates.
        let window = try actual.window(from: first, to: last, villages: chosen)
        for e in window.days where !e.skipped {
            guard let k = position[e.village.id] else { continue }
            var one = DayCounts()
            one.scheduled = 1
            switch e.record?.outcome {
            case .held?: one.held = 1
            case .cancelled?: one.cancelled = 1
            case nil: if e.date < today { one.unmarked = 1 } else { one.upcoming = 1 }
            }
            if e.record?.movedTo != nil { one.moved = 1 }
            figures[k].fixedDays = figures[k].fixedDays + one
            for r in Set(e.rhythms) { figures[k].byRhythm[r.rawValue] = figures[k].byRhythm[r.rawValue] + one }
            figures[k].byMonth[e.date.month - 1] = figures[k].byMonth[e.date.month - 1] + one
            if let record = e.record, record.outcome == .held {
                figures[k].attendance.heldDays += 1
                figures[k].attendance.expected.formUnion(e.attendees)
                for role in Set(record.attended) {
                    if let r = Role.allCases.firstIndex(of: role) { figures[k].attendance.attended[r] += 1 }
                }
            }
        }

        // Items.
        let end = min(today, last)
        let asOf = today <= last ? today : last + 1
        var open: [ItemState] = []
        for life in lives {
            guard let k = position[life.village] else { continue }
            if life.added >= first && life.added <= end { figures[k].items.added += 1 }
            guard let state = life.state(at: end) else { continue }
            if let ending = ItemEnding(stage: state.stage) {
                guard state.since >= first && state.since <= last else { continue }
                switch ending {
                case .closed:
                    figures[k].items.closed += 1
                    figures[k].daysToClose.append(state.since - life.added)
                case .withdrawn:
                    figures[k].items.withdrawn += 1
                }
            } else {
                if case .matter(let m) = state.stage { figures[k].items.openByStage[m.rawValue - 1] += 1 }
                open.append(ItemState(id: life.id, village: life.village, stage: state.stage, stageSince: state.since))
            }
        }
        if !open.isEmpty {
            open.sort { $0.village < $1.village }
            let due = DueDates.due(states: open, schedule: schedule, records: actual.records, today: asOf)
            for s in open {
                guard let k = position[s.village], let info = due[s.id] else { continue }
                figures[k].carryOvers += info.carryOvers
                if info.carryOvers > 0 { figures[k].items.overdue += 1 }
            }
        }
        for k in figures.indices { figures[k].daysToClose.sort() }

        let total = figures.reduce(Figures(), +)
        return YearReport(year: year, today: today, end: end, asOf: asOf,
                          villages: zip(chosen, figures).map { VillageFigures(village: schedule.villages[$0], figures: $1) },
                          total: total)
    }
}

/// How an item ended. The one place that knows which stages are final: `closed`, and
/// `withdrawn` (by its key, so that the stage counts as soon as `Stage` has it).
public enum ItemEnding: Hashable, Sendable {
    case closed, withdrawn

    public init?(stage: Stage) {
        if stage == .closed {
            self = .closed
        } else if stage.key == "withdrawn" {
            self = .withdrawn
        } else {
            return nil
        }
    }
}

/// An item's life as the event log tells it: the day it was added, its first stage, and the
/// stage changes in force (undone ones left out), each dated by the day it was made on.
///
/// The log stores, with each stage change, the item's `stageSince` before it (`prevSince`):
/// the day the change before it was made. So a change is dated by the `prevSince` of the next
/// stage change of the item (undone or not), and the last one by the item's `stageSince`; the
/// add by the `prevSince` of the first stage change, or `stageSince` when there is none. Where
/// a date is missing (a log written by hand), the change's time in China is used (the item's
/// creation time for the add).
///
/// A stage change is any event other than add, undo and note that has a from- and to-stage:
/// advance, return, and withdraw when it exists.
public struct ItemLife: Hashable, Sendable {
    public struct Change: Hashable, Sendable {
        public var day: Day
        public var from: Stage
        public var to: Stage
        public init(day: Day, from: Stage, to: Stage) {
            self.day = day
            self.from = from
            self.to = to
        }
    }

    public var id: Int64
    public var village: String
    public var added: Day
    public var initial: Stage
    /// The changes in force, in the order made.
    public var changes: [Change]

    public init(id: Int64, village: String, added: Day, initial: Stage, changes: [Change]) {
        self.id = id
        self.village = village
        self.added = added
        self.initial = initial
        self.changes = changes
    }

    /// Stage and the day it was entered at the end of `end` (changes made that day included);
    /// nil when the item was added after it.
    public func state(at end: Day) -> (stage: Stage, since: Day)? {
        guard added <= end else { return nil }
        var stage = initial, since = added
        for c in changes where c.day <= end {
            stage = c.to
            since = c.day
        }
        return (stage, since)
    }

    /// The lives of `items` (every item, closed ones included) from their events (any order;
    /// events of other items are ignored). The events are grouped by item with one counting
    /// pass, without an array per item: a township's million-event log stays cheap.
    public static func lives(items: [Item], events: [StageEvent]) -> [ItemLife] {
        var index = [Int64: Int32](minimumCapacity: items.count)
        for (k, item) in items.enumerated() { index[item.id] = Int32(k) }
        var start = [Int](repeating: 0, count: items.count + 1)
        var owner = [Int32](repeating: -1, count: events.count)
        for (j, e) in events.enumerated() {
            guard let k = index[e.itemID] else { continue }
            owner[j] = k
            start[Int(k) + 1] += 1
        }
        for k in 0..<items.count { start[k + 1] += start[k] }
        var next = start
        var order = [Int32](repeating: 0, count: start[items.count])
        for j in events.indices where owner[j] >= 0 {
            let k = Int(owner[j])
            order[next[k]] = Int32(j)
            next[k] += 1
        }
        let all = order.map { events[Int($0)] }
        return items.indices.map { k in
            var list = all[start[k]..<start[k + 1]]
            if list.count > 1, !zip(list, list.dropFirst()).allSatisfy({ $0.id < $1.id }) {
                list = ArraySlice(list.sorted { $0.id < $1.id })
            }
            return life(items[k], list)
        }
    }

    static func isStageChange(_ e: StageEvent) -> Bool {
        e.kind != .add && e.kind != .undo && e.kind != .note && e.from != nil && e.to != nil
    }

    /// The day of an event's time in China (UTC+8): the fallback.
    static func day(ofTime time: String) -> Day? {
        time.isEmpty ? nil : Day(iso: ChinaTime.display(time).prefix(10))
    }

    static func life(_ item: Item, _ events: ArraySlice<StageEvent>) -> ItemLife {
        var undone = Set<Int64>()
        for e in events where e.kind == .undo { if let u = e.undoes { undone.insert(u) } }
        let moves = events.filter(isStageChange)
        let add = events.first { $0.kind == .add }
        let added: Day
        if let m = moves.first {
            added = m.prevSince ?? day(ofTime: item.createdAt) ?? item.stageSince
        } else {
            added = item.stageSince
        }
        let initial = moves.first?.from ?? add?.to ?? item.stage
        var changes: [Change] = []
        for (i, m) in moves.enumerated() where !undone.contains(m.id) {
            guard let from = m.from, let to = m.to else { continue }
            let made: Day
            if i + 1 < moves.count {
                made = moves[i + 1].prevSince ?? day(ofTime: m.time) ?? item.stageSince
            } else {
                made = item.stageSince
            }
            changes.append(Change(day: made, from: from, to: to))
        }
        return ItemLife(id: item.id, village: item.village, added: added, initial: initial, changes: changes)
    }
}
