import LiushiConfig
import LiushiCore

/// The schedule as it actually is: the plan (the rules' fixed days), what became of each day
/// (its marks, folded into `DayRecord`s) and the open items due at each. The one owner of these
/// facts: the command line, the terminal UI and every export ask it and derive nothing
/// themselves.
///
/// Built from values — the schedule, the marks and the open items as the store read them, and
/// "today" — so it is pure and immutable: a new read of the store makes a new one.
///
/// - A fixed day is listed at its actual date: a day moved into a window from outside it is in
///   the window, whatever the distance; a day moved out of it is not (`movedAway` lists it, for
///   the "moved to …" line on its old date).
/// - Items are due at the village's next fixed day carrying their stage, following moves and
///   leaving cancelled days (`DueDates`).
public struct ActualSchedule: Sendable {
    public let schedule: Schedule
    public let today: Day
    /// Every record, in first-mark order.
    public let records: [DayRecord]
    /// The open items given, in the order given (normally by id).
    public let items: [Item]
    /// Due date and carry-overs of `items[k]` (nil for a closed item).
    public let due: [DueDates.DueInfo?]

    /// Records by village index, by scheduled date.
    let recordIndex: [[Day: Int32]]
    /// Records of moved days, by village index: (moved to, record index), sorted by date.
    let movedInto: [[(to: Day, record: Int32)]]
    /// Items due at a fixed day, by village index, by the day's scheduled date: indices into `items`.
    let dueAt: [[Day: [Int32]]]

    public init(schedule: Schedule, marks: [DayMark] = [], items: [Item] = [], today: Day) {
        self.init(schedule: schedule, records: DayRecord.fold(marks), items: items, today: today)
    }

    public init(schedule: Schedule, records: [DayRecord], items: [Item], today: Day) {
        self.schedule = schedule
        self.today = today
        self.records = records
        self.items = items
        let n = schedule.villages.count
        var index = [[Day: Int32]](repeating: [:], count: records.isEmpty ? 0 : n)
        var moved = [[(to: Day, record: Int32)]](repeating: [], count: records.isEmpty ? 0 : n)
        for (k, r) in records.enumerated() {
            guard let v = schedule.villageIndex(id: r.village) else { continue }
            index[v][r.scheduled] = Int32(k)
            if let to = r.movedTo { moved[v].append((to, Int32(k))) }
        }
        for v in moved.indices where moved[v].count > 1 { moved[v].sort { $0.to < $1.to } }
        recordIndex = index
        movedInto = moved
        let due = items.isEmpty ? [] : DueDates.inOrder(items, schedule: schedule, records: records, today: today)
        self.due = due
        var at = [[Day: [Int32]]](repeating: [:], count: items.isEmpty ? 0 : n)
        var lastVillage = "", lastIndex: Int? = nil
        for k in items.indices {
            guard let info = due[k], let day = info.fixedDay else { continue }
            if items[k].village != lastVillage || k == 0 {
                lastVillage = items[k].village
                lastIndex = schedule.villageIndex(id: lastVillage)
            }
            guard let v = lastIndex else { continue }
            at[v][day, default: []].append(Int32(k))
        }
        dueAt = at
    }

    // MARK: Records

    /// The record of the village's fixed day with this scheduled date, if anything was recorded.
    public func record(village v: Int, scheduled d: Day) -> DayRecord? {
        guard v < recordIndex.count, let k = recordIndex[v][d] else { return nil }
        return records[Int(k)]
    }

    public func record(village id: String, scheduled d: Day) -> DayRecord? {
        schedule.villageIndex(id: id).flatMap { record(village: $0, scheduled: d) }
    }

    // MARK: Windows

    /// What a window shows.
    public struct Window: Sendable {
        /// Fixed days (and skipped periods) at their actual dates in the window, by date, then
        /// village id.
        public var days: [ScheduleEntry]
        /// Fixed days scheduled in the window but moved out of it, by scheduled date, then
        /// village id: where text, HTML and the UI say "moved to …".
        public var movedAway: [ScheduleEntry]

        public init(days: [ScheduleEntry] = [], movedAway: [ScheduleEntry] = []) {
            self.days = days
            self.movedAway = movedAway
        }
    }

    /// The fixed days of the villages (nil: all) whose actual date is in [from, to].
    public func window(from: Day, to: Day, villages: [Int]? = nil) throws(ExpansionError) -> Window {
        let planned = try schedule.expand(from: from, to: to, villages: villages)
        return window(from: from, to: to, villages: villages, planned: planned)
    }

    /// The same from the plan of [from, to] already expanded (`planned`, as `Schedule.expand`
    /// gives it for these villages).
    public func window(from: Day, to: Day, villages: [Int]?, planned: [FixedDay]) -> Window {
        var fixed = planned
        // Days moved in from outside the window.
        if !records.isEmpty {
            let chosen: (Int) -> Bool
            if let vs = villages {
                let set = Set(vs)
                chosen = { set.contains($0) }
            } else {
                chosen = { _ in true }
            }
            for v in movedInto.indices where !movedInto[v].isEmpty && chosen(v) {
                for (to0, k) in movedInto[v] where to0 >= from && to0 <= to {
                    let s = records[Int(k)].scheduled
                    guard s < from || s > to, SupportedRange.contains(s),
                          let one = try? schedule.expand(from: s, to: s, villages: [v]) else { continue }
                    fixed += one.filter { $0.date == s && !$0.isSkipped }
                }
            }
        }
        var all = resolve(fixed)
        var away: [ScheduleEntry] = []
        if !records.isEmpty {
            var kept: [ScheduleEntry] = []
            kept.reserveCapacity(all.count)
            var moved = false
            for e in all {
                if e.date < from || e.date > to {
                    away.append(e)
                } else {
                    if e.date != e.scheduledDate { moved = true }
                    kept.append(e)
                }
            }
            if moved || kept.count != all.count {
                all = ActualSchedule.ordered(kept)
            }
        }
        return Window(days: all, movedAway: away)
    }

    /// Where the fixed days of a window are actually held and their rhythms, without resolving
    /// them (what a month grid counts): the same days as `window(…).days`, skipped ones left out.
    public func heldDates(from: Day, to: Day, villages: [Int]? = nil) throws(ExpansionError) -> [(date: Day, rhythms: RhythmSet)] {
        let planned = try schedule.expand(from: from, to: to, villages: villages)
        var out: [(date: Day, rhythms: RhythmSet)] = []
        out.reserveCapacity(planned.count)
        for f in planned where !f.isSkipped {
            var d = f.date
            if !records.isEmpty, let r = record(village: Int(f.village), scheduled: f.date) { d = r.date }
            if d >= from && d <= to { out.append((d, f.rhythms)) }
        }
        if !records.isEmpty {
            let w = window(from: from, to: to, villages: villages, planned: [])
            for e in w.days where !e.skipped { out.append((e.date, RhythmSet(e.rhythms))) }
        }
        return out
    }

    /// Fixed days by actual date, then village id, then scheduled date (stable: the engine's
    /// order otherwise). The scheduled date orders a village's two days on one date (one moved
    /// there) the same whatever the window, so a window read in pieces lists them as a whole one.
    static func ordered(_ entries: [ScheduleEntry]) -> [ScheduleEntry] {
        entries.enumerated().sorted { x, y in
            if x.element.date != y.element.date { return x.element.date < y.element.date }
            if x.element.village.id != y.element.village.id {
                return x.element.village.id.utf8.lexicographicallyPrecedes(y.element.village.id.utf8)
            }
            if x.element.scheduledDate != y.element.scheduledDate { return x.element.scheduledDate < y.element.scheduledDate }
            return x.offset < y.offset
        }.map(\.element)
    }

    /// The engine's entries with their records and items; a province's tens of thousands are
    /// resolved in pieces at once.
    public func resolve(_ days: [FixedDay], pieces: Int = Parallel.cores) -> [ScheduleEntry] {
        Parallel.array(count: days.count, minimum: 5_000, maxPieces: pieces) { i in entry(days[i]) }
    }

    func entry(_ f: FixedDay) -> ScheduleEntry {
        let v = Int(f.village)
        let village = schedule.villages[v]
        let rhythms = Array(f.rhythms)
        var attendees: [Role] = []
        for r in rhythms { for role in village.rule(r)?.attendees ?? [] where !attendees.contains(role) { attendees.append(role) } }
        let reason = schedule.reasonText(f.reason)
        let time = schedule.time(of: f)
        let record = f.isSkipped ? nil : record(village: v, scheduled: f.date)
        var dueItems: [DueItem] = []
        if !f.isSkipped, v < dueAt.count, let list = dueAt[v][f.date] {
            dueItems = list.map { k in
                let item = self.items[Int(k)]
                return DueItem(id: item.id, title: item.title, stage: item.stage, carryOvers: due[Int(k)]?.carryOvers ?? 0,
                               major: item.major)
            }
        }
        return ScheduleEntry(
            date: record?.date ?? f.date, scheduledDate: f.date, village: village, rhythms: rhythms,
            matters: schedule.matters(of: f).array, time: time?.time, duration: time?.duration, attendees: attendees,
            shiftedFrom: f.shiftedFrom, reason: reason.isEmpty ? nil : reason, provisional: f.isProvisional,
            skipped: f.isSkipped, onDayOff: f.isOnDayOff, items: dueItems, record: record)
    }

    // MARK: One fixed day

    /// The village's fixed day that `date` names: the one held on that date (a moved day at its
    /// new date, or an unmoved one), else the one scheduled on it (a day moved away, named by its
    /// old date). Nil when the village has no fixed day there.
    public func fixedDay(village v: Int, date: Day) -> ScheduleEntry? {
        guard SupportedRange.contains(date), let w = try? window(from: date, to: date, villages: [v]) else { return nil }
        let held = w.days.filter { !$0.skipped }
        if let unmoved = held.first(where: { $0.scheduledDate == date }) { return unmoved }
        if let moved = held.first { return moved }
        return w.movedAway.first(where: { !$0.skipped })
    }

    /// The scheduled date of the village's fixed day held on `date` (not cancelled): the fixed
    /// day a change made that day belongs to. Nil when no meeting of the village is on that date.
    public func meeting(village id: String, on date: Day) -> Day? {
        guard let v = schedule.villageIndex(id: id), SupportedRange.contains(date),
              let w = try? window(from: date, to: date, villages: [v]) else { return nil }
        let held = w.days.filter { !$0.skipped && !$0.isCancelled }
        return (held.first(where: { $0.scheduledDate == date }) ?? held.first)?.scheduledDate
    }

    // MARK: Items

    /// Due date and carry-overs of the item with this id, when it is among `items`.
    public func dueInfo(id: Int64) -> DueDates.DueInfo? {
        guard let k = index(ofItem: id) else { return nil }
        return due[k]
    }

    /// Index of the item in `items` (binary search when they are in id order).
    public func index(ofItem id: Int64) -> Int? {
        var lo = 0, hi = items.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if items[mid].id < id { lo = mid + 1 } else { hi = mid }
        }
        if lo < items.count, items[lo].id == id { return lo }
        return items.firstIndex(where: { $0.id == id })
    }

    /// Indices of open items whose due fixed day has passed without them moving on: carried over
    /// at least once.
    public var overdue: [Int] {
        items.indices.filter { (due[$0]?.carryOvers ?? 0) > 0 }
    }

    /// Fixed days in [from, to] before today with no outcome recorded (not held, not cancelled;
    /// a day only moved counts, at its new date), by date, then village id.
    public func unmarked(from: Day, to: Day, villages: [Int]? = nil) throws(ExpansionError) -> [ScheduleEntry] {
        let end = min(to, today - 1)
        guard from <= end else { return [] }
        return try window(from: from, to: end, villages: villages).days.filter { !$0.skipped && $0.record?.outcome == nil }
    }
}

extension ActualSchedule {
    /// The people a village names for a role: "柯卫东、汪海燕" is two people.
    public static func names(_ text: String) -> [String] {
        text.split(whereSeparator: { "、,，;；/".contains($0) }).map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
    }

    /// True when `person` attends the fixed day: the village names them for one of its rule's
    /// roles; a rule without attendees means everyone the village names.
    public static func attends(_ person: String, _ e: ScheduleEntry) -> Bool {
        let roles = e.attendees.isEmpty ? Array(e.village.people.keys) : e.attendees
        return roles.contains { role in names(e.village.people[role] ?? "").contains(person) }
    }

    /// Villages (indices) that name `person` for any role: where their fixed days can be.
    public func villages(naming person: String) -> [Int] {
        schedule.villages.indices.filter { v in
            schedule.villages[v].people.values.contains { ActualSchedule.names($0).contains(person) }
        }
    }

    /// The window narrowed to the fixed days `person` attends (and the skipped periods of the
    /// rules they attend).
    public func window(from: Day, to: Day, person: String, villages subset: [Int]? = nil) throws(ExpansionError) -> Window {
        var chosen = villages(naming: person)
        if let s = subset { chosen = chosen.filter { s.contains($0) } }
        guard !chosen.isEmpty else { return Window() }
        var w = try window(from: from, to: to, villages: chosen)
        w.days = w.days.filter { ActualSchedule.attends(person, $0) }
        w.movedAway = w.movedAway.filter { ActualSchedule.attends(person, $0) }
        return w
    }
}

private extension Substring {
    func trimmingCharacters() -> String {
        var s = self
        while let f = s.first, f == " " || f == "\u{3000}" || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\u{3000}" || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
