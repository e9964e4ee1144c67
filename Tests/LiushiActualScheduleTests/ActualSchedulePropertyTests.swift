import Foundation
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports
@testable import LiushiUI
import Testing

/// The actual schedule against a deliberately simple reference: expand the whole plan once,
/// apply every village's marks to every fixed day (one linear search each), then cut the window
/// by actual date; items due by scanning every meeting. Random sequences of marks (moves inside
/// and across windows and years, moves twice, moving back, held/cancelled after a move, undone
/// marks) and items; random windows. The UI's agenda and the iCalendar export must say the same.
@Suite("The actual schedule equals a simple reference")
struct ActualSchedulePropertyTests {
    static let loaded: LoadedConfiguration = {
        switch ConfigLoader.load(main: nil, holidayFiles: []) {
        case .success(let c): return c
        case .failure(let e): fatalError("the shipped example does not load: \(e)")
        }
    }()

    /// A small deterministic generator (tests must be repeatable).
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    static let first = Day(year: 2026, month: 10, day: 1)!
    static let last = Day(year: 2027, month: 3, day: 31)!

    struct Case {
        var marks: [DayMark]
        var items: [Item]
        var today: Day
    }

    /// Marks on the fixed days of up to 4 villages, and items of those villages.
    static func randomCase(_ rng: inout Rng, plan: [FixedDay]) -> Case {
        let schedule = loaded.schedule
        let held = plan.filter { !$0.isSkipped }
        var marks: [DayMark] = []
        let villages = (0..<(1 + rng.int(4))).map { _ in rng.int(schedule.villages.count) }
        let days = held.filter { villages.contains(Int($0.village)) }
        for _ in 0..<(rng.int(12)) {
            guard !days.isEmpty else { break }
            let f = days[rng.int(days.count)]
            let id = schedule.villages[Int(f.village)].id
            let status: DayStatus
            switch rng.int(10) {
            case 0, 1, 2:
                status = .moved(to: f.date + (rng.int(9) - 4 == 0 ? 1 : rng.int(9) - 4))
            case 3:
                status = .moved(to: f.date + (rng.int(2) == 0 ? 40 + rng.int(300) : -(40 + rng.int(300))))   // far, across years
            case 4:
                status = .moved(to: f.date)   // back to its scheduled date
            case 5, 6:
                status = .held
            default:
                status = .cancelled
            }
            marks.append(DayMark(village: id, date: f.date, status: status, note: rng.int(3) == 0 ? "n\(marks.count)" : "",
                                 attended: status == .held ? [.committees] : [], undone: rng.int(6) == 0))
        }
        var items: [Item] = []
        for k in 0..<(rng.int(8)) {
            let v = villages[rng.int(villages.count)]
            let stage: Stage = .matter(Matter(rawValue: 1 + rng.int(6)) ?? .sort)
            items.append(Item(id: Int64(k + 1), village: schedule.villages[v].id, title: "事项\(k)", stage: stage, major: false,
                              createdAt: "2026-10-01T00:00:00Z", stageSince: first + rng.int(150)))
        }
        return Case(marks: marks, items: items, today: first + 30 + rng.int(120))
    }

    struct Shown: Hashable, CustomStringConvertible {
        var village: String
        var scheduled: Day
        var date: Day
        var state: DayState
        var items: [Int64]
        var description: String { "\(village) \(scheduled.iso)→\(date.iso) \(state) \(items)" }
    }

    /// Actual date and state of every planned day from the marks, by brute force.
    static func reference(plan: [FixedDay], marks: [DayMark], items: [Item], today: Day, from: Day, to: Day)
        -> (days: [Shown], away: [Shown]) {
        let schedule = loaded.schedule
        var resolved: [(f: FixedDay, id: String, date: Day, state: DayState)] = []
        for f in plan where !f.isSkipped {
            let id = schedule.villages[Int(f.village)].id
            var date = f.date, outcome: DayState? = nil
            for m in marks where m.village == id && m.date == f.date && !m.undone {
                switch m.status {
                case .moved(let to): date = to; outcome = nil
                case .held: outcome = .held
                case .cancelled: outcome = .cancelled
                }
            }
            let state = outcome ?? (date == f.date ? .scheduled : .moved)
            resolved.append((f, id, date, state))
        }
        // Items due: the first meeting of the village carrying the stage, not cancelled, held on
        // or after max(since, today), within the horizon.
        var dueAt: [String: [Day: [Int64]]] = [:]
        for item in items.sorted(by: { $0.id < $1.id }) {
            guard case .matter(let m) = item.stage, m != .handle else { continue }
            let start = max(item.stageSince, today)
            let meetings = resolved.filter {
                $0.id == item.village && $0.state != .cancelled && schedule.matters(of: $0.f).array.contains(m) && $0.date >= start
            }
            guard let best = meetings.min(by: { ($0.date, $0.f.date) < ($1.date, $1.f.date) }),
                  best.date - start <= DueDates.horizonDays else { continue }
            dueAt[item.village, default: [:]][best.f.date, default: []].append(item.id)
        }
        var days: [Shown] = [], away: [Shown] = []
        for r in resolved {
            let s = Shown(village: r.id, scheduled: r.f.date, date: r.date, state: r.state, items: dueAt[r.id]?[r.f.date] ?? [])
            if r.date >= from && r.date <= to { days.append(s) } else if r.f.date >= from && r.f.date <= to { away.append(s) }
        }
        return (days, away)
    }

    static func shown(_ e: ScheduleEntry) -> Shown {
        Shown(village: e.village.id, scheduled: e.scheduledDate, date: e.date, state: e.state, items: e.items.map(\.id))
    }

    @Test("300 random sequences of marks and items: every window equals the reference, in date then village order")
    func windowsEqualTheReference() throws {
        let schedule = Self.loaded.schedule
        // Wide enough that a day moved in from anywhere is in the plan.
        let plan = try schedule.expand(from: Self.first - 400, to: Self.last + 400)
        var rng = Rng(state: 20261204)
        for n in 0..<300 {
            let c = Self.randomCase(&rng, plan: try schedule.expand(from: Self.first, to: Self.last))
            let actual = ActualSchedule(schedule: schedule, marks: c.marks, items: c.items, today: c.today)
            for _ in 0..<3 {
                let a = Self.first + rng.int(150)
                let b = a + rng.int(60)
                let w = try actual.window(from: a, to: b)
                let ref = Self.reference(plan: plan, marks: c.marks, items: c.items, today: c.today, from: a, to: b)
                let got = w.days.filter { !$0.skipped }.map(Self.shown)
                #expect(Set(got) == Set(ref.days), "case \(n) window \(a.iso)…\(b.iso)")
                #expect(got.count == ref.days.count, "case \(n): a day listed twice")
                let order = w.days.map { ($0.date, $0.village.id) }
                #expect(zip(order, order.dropFirst()).allSatisfy { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 <= $1.1) },
                        "case \(n): not in date, village order")
                #expect(Set(w.movedAway.filter { !$0.skipped }.map(Self.shown)) == Set(ref.away), "case \(n): moved away")
            }
        }
    }

    @Test("the UI's agenda and the iCalendar export show each day at the same date, with the same status and items")
    func surfacesAgree() throws {
        let config = Self.loaded
        var rng = Rng(state: 77)
        for n in 0..<40 {
            let c = Self.randomCase(&rng, plan: try config.schedule.expand(from: Self.first, to: Self.last))
            let actual = ActualSchedule(schedule: config.schedule, marks: c.marks, items: c.items, today: c.today)
            var model = Model(config: config, today: c.today, language: .zh, colors: false)
            _ = update(&model, .loaded(StoreSnapshot(items: c.items, marks: c.marks)))
            for _ in 0..<4 {
                let d = Self.first + rng.int(150)
                model.select(d)
                model.sync()
                let fromUI = model.agenda.groups.compactMap { g -> Shown? in
                    guard let e = g.entry, !e.skipped, !g.movedAway else { return nil }
                    return Shown(village: e.village.id, scheduled: e.scheduledDate, date: g.date, state: e.state, items: g.items.map(\.id))
                }
                let expected = try actual.window(from: d, to: d).days.filter { !$0.skipped }.map(Self.shown)
                #expect(fromUI == expected, "case \(n) on \(d.iso)")
            }
            // iCalendar: one event per fixed day, at its actual date; cancelled ones say so.
            let w = try actual.window(from: Self.first, to: Self.last)
            let doc = PrintDocument(townshipName: "t", villages: config.schedule.villages, from: Self.first, to: Self.last,
                                    entries: w.days, movedAway: w.movedAway, language: .zh, provisionalYears: [],
                                    generatedOn: c.today)
            let ics = ICSSchedule.render(doc)
            let events = ics.components(separatedBy: "BEGIN:VEVENT").dropFirst()
            let fixed = w.days.filter { !$0.skipped }
            #expect(events.count == fixed.count, "case \(n)")
            for (ev, e) in zip(events, fixed) {
                let compact = e.date.iso.replacingOccurrences(of: "-", with: "")
                #expect(ev.contains(":" + compact), "case \(n): \(e.village.id) \(e.date.iso) not in its event")
                #expect(ev.contains(e.isCancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED"))
                #expect(ev.contains("SEQUENCE:\(e.record?.changes ?? 0)"))
            }
        }
    }

    @Test("held and cancelled after a move keep the new date; moving back restores the plan; an undone mark is left out")
    func foldKeepsTheMove() {
        let d0 = Day(year: 2026, month: 12, day: 7)!, d1 = Day(year: 2026, month: 12, day: 8)!
        var r = DayRecord(village: "v", scheduled: d0)
        r.apply(DayMark(village: "v", date: d0, status: .moved(to: d1)))
        r.apply(DayMark(village: "v", date: d0, status: .held, attended: [.liaison], minutes: "m"))
        #expect(r.date == d1 && r.state == .held && r.attended == [.liaison] && r.minutes == "m")
        r.apply(DayMark(village: "v", date: d0, status: .cancelled, undone: true))
        #expect(r.state == .held && r.changes == 4)
        r.apply(DayMark(village: "v", date: d0, status: .moved(to: d0)))
        #expect(r.date == d0 && r.state == .scheduled && r.movedTo == nil)
    }

    @Test("a day moved across New Year belongs to the new year's window, and the old year's shows it as moved away")
    func movedAcrossNewYear() throws {
        let schedule = Self.loaded.schedule
        let v = try #require(schedule.villageIndex(id: "qiantan"))
        let dec = try schedule.expand(from: Day(year: 2026, month: 12, day: 1)!, to: Day(year: 2026, month: 12, day: 31)!, villages: [v])
        let last = try #require(dec.last(where: { !$0.isSkipped }))
        let to = Day(year: 2027, month: 1, day: 5)!
        let item = Item(id: 1, village: "qiantan", title: "年评", stage: .matter(schedule.matters(of: last).array[0]), major: false,
                        createdAt: "", stageSince: last.date - 1)
        let actual = ActualSchedule(schedule: schedule, marks: [DayMark(village: "qiantan", date: last.date, status: .moved(to: to))],
                                    items: [item], today: last.date - 1)
        let y2027 = try actual.window(from: Day(year: 2027, month: 1, day: 1)!, to: Day(year: 2027, month: 12, day: 31)!, villages: [v])
        let moved = try #require(y2027.days.first(where: { $0.scheduledDate == last.date }))
        #expect(moved.date == to && moved.state == .moved && moved.items.map(\.id) == [1])
        let y2026 = try actual.window(from: Day(year: 2026, month: 1, day: 1)!, to: Day(year: 2026, month: 12, day: 31)!, villages: [v])
        #expect(!y2026.days.contains(where: { $0.scheduledDate == last.date }))
        #expect(y2026.movedAway.map(\.scheduledDate) == [last.date])
        let fromJan5 = try actual.window(from: to, to: to + 13, villages: [v])
        #expect(fromJan5.days.contains(where: { $0.scheduledDate == last.date }))
        // 2027-01-05 is also a date of the village's own plan: the date names the day scheduled
        // there; the moved day is named by its scheduled date.
        if let own = try schedule.expand(from: to, to: to, villages: [v]).first(where: { !$0.isSkipped && $0.date == to }) {
            #expect(actual.fixedDay(village: v, date: to)?.scheduledDate == own.date)
        } else {
            #expect(actual.fixedDay(village: v, date: to)?.scheduledDate == last.date)
        }
        #expect(actual.fixedDay(village: v, date: last.date)?.date == to)
    }
}
