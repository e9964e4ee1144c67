import LiushiCore

/// Due dates and carry-overs, computed from items, the schedule and the days' records. Pure: no
/// store, no clock.
///
/// An open item at one of the five fixed-day matters is due on the first fixed day of its
/// village, on or after max(stageSince, today), whose matters include the item's stage. A day
/// moved counts at its new date; a cancelled day does not count. Each such day in
/// [stageSince, today) passed while the item stayed at its stage: that is a carry-over.
/// An item at `handle` (日办) is due every working day: on the first working day on or after
/// max(stageSince, today), with no carry-overs. Closed items get no entry; items of villages that
/// are not in the schedule get no due date. The search looks `horizonDays` ahead, then gives up.
public enum DueDates {
    public static let horizonDays = 400

    /// What `due` says about one item. `fixedDay` is the date the schedule gives the fixed day
    /// it is due on (before a move); `due` is where that day is held (after a move).
    public struct DueInfo: Hashable, Sendable {
        public var due: Day?
        public var carryOvers: Int
        public var fixedDay: Day?
        public init(due: Day?, carryOvers: Int, fixedDay: Day? = nil) {
            self.due = due
            self.carryOvers = carryOvers
            self.fixedDay = fixedDay
        }
    }

    /// One counted fixed day of a village: where it is held and the date the schedule gives it.
    struct Meeting {
        var held: Day
        var scheduled: Day
    }

    /// Due date and carry-overs of every item that is not closed, by item id.
    ///
    /// Cost: the villages that have items are expanded together, once, over [the earliest
    /// stageSince (at most a year back), the latest start + horizon]; a village with an older
    /// item gets one more expansion for its own earlier stretch. Then each item is two binary
    /// searches in its village's meetings of its matter.
    public static func due(items: [Item], schedule: Schedule, records: [DayRecord], today: Day) -> [Int64: DueInfo] {
        byID(items, inOrder(subjects: items, schedule: schedule, records: records, today: today))
    }

    /// The same from the states alone (`Store.itemStates`), without titles: the fast path.
    public static func due(states items: [ItemState], schedule: Schedule, records: [DayRecord], today: Day) -> [Int64: DueInfo] {
        byID(items, inOrder(subjects: items, schedule: schedule, records: records, today: today))
    }

    static func byID<S: DueSubject>(_ items: [S], _ infos: [DueInfo?]) -> [Int64: DueInfo] {
        var result: [Int64: DueInfo] = [:]
        result.reserveCapacity(items.count)
        for k in items.indices { if let info = infos[k] { result[items[k].id] = info } }
        return result
    }

    /// The same, in the items' order: element k is item k's (nil for a closed item), without a
    /// dictionary to fill and look up — what a screen of tens of thousands of items needs.
    public static func inOrder(_ items: [Item], schedule: Schedule, records: [DayRecord], today: Day) -> [DueInfo?] {
        inOrder(subjects: items, schedule: schedule, records: records, today: today)
    }

    /// (One body for items and states, specialized for each inside this module.)
    static func inOrder<S: DueSubject>(subjects items: [S], schedule: Schedule, records: [DayRecord], today: Day) -> [DueInfo?] {
        var result = [DueInfo?](repeating: nil, count: items.count)
        let villageCount = schedule.villages.count
        // Item indices by village index, and each village's window.
        var members = [[Int32]](repeating: [], count: villageCount)
        var lo = [Day](repeating: SupportedRange.last, count: villageCount)
        var hi = [Day](repeating: SupportedRange.first, count: villageCount)
        var lastVillage = "", lastIndex: Int? = nil
        for k in items.indices {   // fields read in place: an item is not copied
            let since = items[k].stageSince
            switch items[k].stage {
            case .closed, .withdrawn:
                continue
            case .matter(.handle):
                let start = max(since, today)
                var due: Day? = nil
                if schedule.calendar.contains(start), let d = schedule.calendar.workdayOnOrAfter(start), d - start <= horizonDays {
                    due = d
                }
                result[k] = DueInfo(due: due, carryOvers: 0)
            case .matter:
                if items[k].village != lastVillage || k == 0 {
                    lastVillage = items[k].village
                    lastIndex = schedule.villageIndex(id: lastVillage)
                }
                guard let v = lastIndex else {
                    result[k] = DueInfo(due: nil, carryOvers: 0)
                    continue
                }
                members[v].append(Int32(k))
                lo[v] = min(lo[v], min(since, today))
                hi[v] = max(hi[v], max(since, today))
            }
        }
        let active = (0..<villageCount).filter { !members[$0].isEmpty }
        if active.isEmpty { return result }

        // Marks of the active villages, by village index, sorted by date (the last one given for a
        // date wins), looked up by binary search.
        var statuses = [[(date: Day, status: DayStatus)]](repeating: [], count: villageCount)
        for r in records {
            guard let v = schedule.villageIndex(id: r.village), !members[v].isEmpty else { continue }
            if r.outcome == .cancelled {
                statuses[v].append((r.scheduled, .cancelled))
            } else if let to = r.movedTo {
                statuses[v].append((r.scheduled, .moved(to: to)))
            }
        }
        for v in active where statuses[v].count > 1 {
            let ordered = statuses[v].enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }
            var unique: [(date: Day, status: DayStatus)] = []
            for e in ordered.map(\.element) {
                if let last = unique.last, last.date == e.date { unique[unique.count - 1] = e } else { unique.append(e) }
            }
            statuses[v] = unique
        }
        func status(_ v: Int, _ d: Day) -> DayStatus? {
            var lo = 0, hi = statuses[v].count
            while lo < hi {
                let mid = (lo + hi) >> 1
                if statuses[v][mid].date < d { lo = mid + 1 } else { hi = mid }
            }
            return lo < statuses[v].count && statuses[v][lo].date == d ? statuses[v][lo].status : nil
        }

        // Meetings per village and matter: meetings[v * 7 + matter.rawValue].
        var meetings = [[Meeting]](repeating: [], count: villageCount * 7)
        func add(_ f: FixedDay) {
            guard !f.isSkipped else { return }
            let v = Int(f.village)
            var held = f.date
            if !statuses[v].isEmpty {
                switch status(v, f.date) {
                case .cancelled?: return
                case .moved(let to)?: held = to
                case .held?, nil: break
                }
            }
            // The matters' raw values, four bits each (MatterList's packing), without an iterator.
            var packed = schedule.matters(of: f).packed
            while packed != 0 {
                meetings[v * 7 + Int(packed & 0xF)].append(Meeting(held: held, scheduled: f.date))
                packed >>= 4
            }
        }
        let earliest = active.map { lo[$0] }.min() ?? today
        let shared = max(max(earliest, today - 366), SupportedRange.first)
        let end = min((active.map { hi[$0] }.max() ?? today) + horizonDays, SupportedRange.last)
        let buffers = ExpansionBuffers()
        var fixedDays: [FixedDay] = []
        // A village's older stretch first, so that its meetings stay in date order.
        for v in active where lo[v] < shared {
            let from = max(lo[v], SupportedRange.first)
            try? schedule.expand(from: from, to: shared - 1, villages: [v], into: &fixedDays, buffers: buffers)
            for f in fixedDays { add(f) }
            fixedDays.removeAll(keepingCapacity: true)
        }
        if shared <= end {
            try? schedule.expand(from: shared, to: end, villages: active, into: &fixedDays, buffers: buffers)
            for f in fixedDays { add(f) }
            fixedDays = []
        }
        for v in active where !statuses[v].isEmpty {
            // A day scheduled outside the expanded stretch but moved into it counts at its new date.
            let first = max(min(lo[v], shared), SupportedRange.first)
            for (date, status) in statuses[v] {
                guard case .moved(let to) = status, date < first || date > end, to >= first, to <= end,
                      SupportedRange.contains(date) else { continue }
                if let one = try? schedule.expand(from: date, to: date, villages: [v]) {
                    for f in one where f.date == date { add(f) }
                }
            }
            // Moves can break the date order.
            for m in 1...6 where meetings[v * 7 + m].count > 1 {
                meetings[v * 7 + m].sort { $0.held < $1.held || ($0.held == $1.held && $0.scheduled < $1.scheduled) }
            }
        }

        for v in active {
            for k in members[v] {
                guard case .matter(let matter) = items[Int(k)].stage else { continue }
                result[Int(k)] = info(meetings[v * 7 + matter.rawValue], since: items[Int(k)].stageSince, today: today)
            }
        }
        return result
    }

    /// Due date and carry-overs of an item at one matter, from its village's meetings of that matter.
    @inline(__always)
    static func info(_ list: [Meeting], since: Day, today: Day) -> DueInfo {
        let start = max(since, today)
        let i = firstIndex(list, atOrAfter: start)
        var info = DueInfo(due: nil, carryOvers: 0)
        if i < list.count, list[i].held - start <= horizonDays {
            info.due = list[i].held
            info.fixedDay = list[i].scheduled
        }
        if since < today {
            info.carryOvers = firstIndex(list, atOrAfter: today) - firstIndex(list, atOrAfter: since)
        }
        return info
    }

    /// Index of the first meeting held on or after `d` (binary search).
    static func firstIndex(_ list: [Meeting], atOrAfter d: Day) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if list[mid].held < d { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
