import Testing
import LiushiCore
@testable import LiushiActualSchedule

private func d(_ s: String) -> Day { Day(iso: s) ?? Day(0) }

/// A hand-worked year, 2027, with holidays kept (`keep`), so every fixed day is where the rule
/// puts it:
/// - 甲村 `a`: the 15th of each month (discuss; committees and representatives) and the 15th of
///   each quarter's first month (decide; liaison and committees), merged with it: 12 days.
/// - 乙村 `b`: the 1st of each month (discuss; committees): 12 days.
/// - 丙村 `c`: the 1st of each month, skipped when it is not a working day: 1 Jan (元旦),
///   1 May (Sat), 1 Aug (Sun) and 1 Oct (国庆) are skipped, 8 fixed days.
@Suite("Year report (年评): figures against a hand-worked year")
struct YearReportTests {
    let schedule = Schedule(villages: [
        Village(id: "a", name: "甲村", rules: [
            Rule(rhythm: .month, day: .nth(15), holiday: .keep, matters: [.discuss], attendees: [.committees, .representatives]),
            Rule(rhythm: .quarter, day: .nth(15), month: 1, holiday: .keep, matters: [.decide], attendees: [.liaison, .committees]),
        ]),
        Village(id: "b", name: "乙村", rules: [
            Rule(rhythm: .month, day: .nth(1), holiday: .keep, matters: [.discuss], attendees: [.committees]),
        ]),
        Village(id: "c", name: "丙村", rules: [
            Rule(rhythm: .month, day: .nth(1), holiday: .skip, matters: [.discuss]),
        ]),
    ], calendar: WorkCalendar(official: []))

    /// Marks in the order recorded.
    let marks: [DayMark] = [
        // Moved into 2027 from December 2026, then held: counts in 2027, as held and moved.
        DayMark(village: "a", date: d("2026-12-15"), status: .moved(to: d("2027-01-04"))),
        DayMark(village: "a", date: d("2026-12-15"), status: .held, attended: [.representatives]),
        DayMark(village: "a", date: d("2027-01-15"), status: .held, attended: [.committees, .liaison, .committees]),
        DayMark(village: "a", date: d("2027-02-15"), status: .cancelled, note: "台风"),
        DayMark(village: "a", date: d("2027-03-15"), status: .moved(to: d("2027-03-16"))),
        DayMark(village: "a", date: d("2027-03-15"), status: .held, attended: [.committees]),
        // Held, then the mark was undone: no outcome.
        DayMark(village: "a", date: d("2027-04-15"), status: .held, attended: [.liaison], undone: true),
        DayMark(village: "a", date: d("2027-05-15"), status: .held),
        // Moved out of 2027: counts in 2028.
        DayMark(village: "a", date: d("2027-12-15"), status: .moved(to: d("2028-01-05"))),
        DayMark(village: "b", date: d("2027-01-01"), status: .held),
    ]

    func life(_ id: Int64, _ village: String, added: String, _ initial: Matter, _ changes: [(String, Stage, Stage)] = []) -> ItemLife {
        ItemLife(id: id, village: village, added: d(added), initial: .matter(initial),
                 changes: changes.map { ItemLife.Change(day: d($0.0), from: $0.1, to: $0.2) })
    }

    /// Items, each with its figures worked out in its comment.
    var lives: [ItemLife] {
        [
            // Added and closed in 2027 after 50 days.
            life(1, "a", added: "2027-01-10", .sort, [("2027-01-15", .matter(.sort), .matter(.discuss)),
                                                      ("2027-03-01", .matter(.discuss), .closed)]),
            // Added in 2026 (not counted as added), closed in 2027 after 101 days.
            life(2, "a", added: "2026-11-01", .discuss, [("2027-02-10", .matter(.discuss), .closed)]),
            // At discuss since 1 April: carried over at 15 April, 15 May and 15 June (by 20 June);
            // by the year's end also at 15 July … 15 November (15 December moved into 2028): 8.
            life(3, "a", added: "2027-04-01", .discuss),
            // At decide since 1 June: no decide day passed by 20 June; 15 July and 15 October by the end.
            life(4, "a", added: "2027-06-01", .decide),
            // Closed after 10 days.
            life(7, "a", added: "2027-05-01", .discuss, [("2027-05-11", .matter(.discuss), .closed)]),
            // Added in December, closed only in 2028: open at the year's end, no decide day left.
            life(10, "a", added: "2027-12-20", .decide, [("2028-01-05", .matter(.decide), .closed)]),
            // Closed, then returned to evaluate (which 乙村 never meets on): open, no carry-over.
            life(8, "b", added: "2027-03-03", .discuss, [("2027-03-04", .matter(.discuss), .closed),
                                                         ("2027-03-05", .closed, .matter(.evaluate))]),
            // At discuss since 20 December 2026: 1 January … 1 June passed by 20 June (6), all 12 by the end.
            life(9, "b", added: "2026-12-20", .discuss),
        ]
    }

    func report(today: String, villages: [Int]? = nil) throws -> YearReport {
        let actual = ActualSchedule(schedule: schedule, marks: marks, today: d(today))
        return try YearReport.compute(actual, year: 2027, villages: villages, lives: lives)
    }

    func counts(_ s: Int, held: Int, cancelled: Int, unmarked: Int, upcoming: Int, moved: Int) -> YearReport.DayCounts {
        var c = YearReport.DayCounts()
        c.scheduled = s; c.held = held; c.cancelled = cancelled; c.unmarked = unmarked; c.upcoming = upcoming; c.moved = moved
        return c
    }

    @Test("mid-year: fixed days at their actual dates split into held, cancelled, unmarked and upcoming")
    func fixedDaysMidYear() throws {
        let r = try report(today: "2027-06-20")
        #expect(r.villages.map(\.village.id) == ["a", "b", "c"])
        let a = r.villages[0].figures, b = r.villages[1].figures, c = r.villages[2].figures
        // 甲村: 4 Jan (moved in), 15 Jan, 15 Feb, 16 Mar, 15 Apr … 15 Nov; 15 Dec moved out.
        #expect(a.fixedDays == counts(12, held: 4, cancelled: 1, unmarked: 2, upcoming: 5, moved: 2))
        #expect(b.fixedDays == counts(12, held: 1, cancelled: 0, unmarked: 5, upcoming: 6, moved: 0))
        #expect(c.fixedDays == counts(8, held: 0, cancelled: 0, unmarked: 4, upcoming: 4, moved: 0))
        #expect(r.total.fixedDays == counts(32, held: 5, cancelled: 1, unmarked: 11, upcoming: 15, moved: 2))
    }

    @Test("by rhythm, a merged day counts for each of its rhythms")
    func byRhythm() throws {
        let a = try report(today: "2027-06-20").villages[0].figures
        #expect(a.byRhythm[Rhythm.month.rawValue] == counts(12, held: 4, cancelled: 1, unmarked: 2, upcoming: 5, moved: 2))
        // 15 Jan held, 15 Apr unmarked (its held mark undone), 15 Jul and 15 Oct upcoming.
        #expect(a.byRhythm[Rhythm.quarter.rawValue] == counts(4, held: 1, cancelled: 0, unmarked: 1, upcoming: 2, moved: 0))
        #expect(a.byRhythm[Rhythm.week.rawValue].scheduled == 0)
        // By month at the actual date: the day moved to 4 January is January's.
        #expect(a.byMonth[0].held == 2)
        #expect(a.byMonth[1].cancelled == 1)
        #expect(a.byMonth[11].scheduled == 0)
    }

    @Test("every fixed day counts once in scheduled and once in exactly one outcome, for every village and rhythm")
    func sumsHold() throws {
        for today in ["2026-12-01", "2027-01-15", "2027-06-20", "2027-12-31", "2028-02-01"] {
            let r = try report(today: today)
            for f in r.villages.map(\.figures) + [r.total] {
                for c in [f.fixedDays] + f.byRhythm + f.byMonth {
                    #expect(c.held + c.cancelled + c.unmarked + c.upcoming == c.scheduled, "today \(today)")
                }
            }
        }
    }

    @Test("attendance is the share of held days each role attended; a role expected but never present is 0")
    func attendance() throws {
        let r = try report(today: "2027-06-20")
        let a = r.villages[0].figures.attendance, b = r.villages[1].figures.attendance
        #expect(a.heldDays == 4)
        #expect(a.roles == [.liaison, .committees, .representatives])
        #expect(a.rate(.committees) == 0.5)        // 15 Jan, 16 Mar
        #expect(a.rate(.liaison) == 0.25)          // 15 Jan (the undone 15 Apr mark does not count)
        #expect(a.rate(.representatives) == 0.25)  // 4 Jan
        #expect(b.roles == [.committees])
        #expect(b.rate(.committees) == 0)
        #expect(r.total.attendance.rate(.committees) == 0.4)   // 2 of 5 held days
        #expect(r.villages[2].figures.attendance.roles.isEmpty)
    }

    @Test("items mid-year: added, closed, overdue and carry-overs as of today; the median days to close")
    func itemsMidYear() throws {
        let r = try report(today: "2027-06-20")
        let a = r.villages[0].figures, b = r.villages[1].figures
        #expect(a.items.added == 4)     // 1, 3, 4, 7 (10 is added after today)
        #expect(a.items.closed == 3)    // 1, 2, 7
        #expect(a.items.withdrawn == 0)
        #expect(a.items.overdue == 1)   // 3
        #expect(a.carryOvers == 3)
        #expect(a.daysToClose == [10, 50, 101])
        #expect(a.medianDaysToClose == 50)
        #expect(b.items.added == 1)
        #expect(b.items.closed == 0)    // 8 was returned
        #expect(b.items.overdue == 1)
        #expect(b.carryOvers == 6)
        #expect(b.medianDaysToClose == nil)
        #expect(r.total.items.added == 5)
        #expect(r.total.items.overdue == 2)
        #expect(r.total.carryOvers == 9)
        #expect(r.total.medianDaysToClose == 50)
    }

    @Test("after the year: items are counted at 31 December; changes made later do not count")
    func itemsAfterYear() throws {
        let r = try report(today: "2028-02-01")
        #expect(r.end == d("2027-12-31"))
        #expect(r.asOf == d("2028-01-01"))
        let a = r.villages[0].figures, b = r.villages[1].figures
        #expect(a.fixedDays == counts(12, held: 4, cancelled: 1, unmarked: 7, upcoming: 0, moved: 2))
        #expect(a.items.added == 5)     // 1, 3, 4, 7, 10
        #expect(a.items.closed == 3)    // 10 closed in 2028
        #expect(a.carryOvers == 8 + 2)  // 3: eight discuss days; 4: 15 July and 15 October
        #expect(a.items.overdue == 2)
        #expect(a.items.openByStage[Matter.discuss.rawValue - 1] == 1)
        #expect(a.items.openByStage[Matter.decide.rawValue - 1] == 2)
        #expect(b.carryOvers == 12)
    }

    @Test("--village: only the villages asked for, and the total is theirs")
    func someVillages() throws {
        let r = try report(today: "2027-06-20", villages: [1])
        #expect(r.villages.map(\.village.id) == ["b"])
        #expect(r.total.fixedDays == r.villages[0].figures.fixedDays)
        #expect(r.total.items.added == 1)
    }

    @Test("a median of an even count is the mean of the middle two")
    func evenMedian() {
        var f = YearReport.Figures()
        f.daysToClose = [3, 10, 11, 40]
        #expect(f.medianDaysToClose == 10.5)
    }

    @Test("an item's life from its events: changes dated by the next change's prevSince, undone ones left out")
    func lifeFromEvents() {
        let item = Item(id: 1, village: "a", title: "路灯", stage: .closed, major: false, createdAt: "2027-01-10T01:00:00Z",
                        stageSince: d("2027-03-01"))
        func e(_ id: Int64, _ kind: EventKind, _ from: Stage?, _ to: Stage?, prev: String?, undoes: Int64? = nil) -> StageEvent {
            StageEvent(id: id, itemID: 1, kind: kind, from: from, to: to, time: "2027-06-01T01:00:00Z",
                       prevSince: prev.map(d), undoes: undoes)
        }
        let events = [
            e(1, .add, nil, .matter(.sort), prev: nil),
            e(2, .advance, .matter(.sort), .matter(.discuss), prev: "2027-01-10"),
            e(3, .advance, .matter(.discuss), .matter(.decide), prev: "2027-01-15"),
            e(4, .undo, .matter(.decide), .matter(.discuss), prev: nil, undoes: 3),
            e(5, .advance, .matter(.discuss), .closed, prev: "2027-01-15"),
        ]
        let life = ItemLife.lives(items: [item], events: events.reversed())[0]
        #expect(life.added == d("2027-01-10"))
        #expect(life.initial == .matter(.sort))
        #expect(life.changes == [ItemLife.Change(day: d("2027-01-15"), from: .matter(.sort), to: .matter(.discuss)),
                                 ItemLife.Change(day: d("2027-03-01"), from: .matter(.discuss), to: .closed)])
        #expect(life.state(at: d("2027-02-01"))?.stage == .matter(.discuss))
        #expect(life.state(at: d("2027-01-09")) == nil)
        // No stage change: the add is dated by stageSince.
        let fresh = Item(id: 2, village: "a", title: "x", stage: .matter(.sort), major: false, createdAt: "", stageSince: d("2027-05-05"))
        #expect(ItemLife.lives(items: [fresh], events: []).first?.added == d("2027-05-05"))
    }

    @Test("closed and withdrawn are the final stages; withdrawn by its key")
    func endings() {
        #expect(ItemEnding(stage: .closed) == .closed)
        #expect(ItemEnding(stage: .matter(.evaluate)) == nil)
    }
}
