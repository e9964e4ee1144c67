import Testing
import LiushiCore
@testable import LiushiActualSchedule

private func d(_ s: String) -> Day { Day(iso: s) ?? Day(0) }
private let t0 = "2027-03-01T01:00:00Z"

/// A hand-made schedule in March 2027 (no holidays that month; 1 March is a Monday):
/// village `a` meets every Monday (sort) and on the 15th (discuss), so 15 March carries both.
/// Sort days: 1, 8, 15, 22, 29 March. Discuss days: 15 March, 15 April (a Thursday).
@Suite("Due dates and carry-overs")
struct DueDatesTests {
    let schedule = Schedule(villages: [
        Village(id: "a", name: "甲村", rules: [
            Rule(rhythm: .week, day: .weekday(1), matters: [.sort]),
            Rule(rhythm: .month, day: .nth(15), matters: [.discuss]),
        ]),
        Village(id: "b", name: "乙村", rules: [
            Rule(rhythm: .xun, day: .nth(5), matters: [.supervise]),
        ]),
    ], calendar: WorkCalendar(official: []))

    func item(_ id: Int64, _ stage: Matter, since: String) -> Item { item(id, "a", stage, since: since) }

    func item(_ id: Int64, _ village: String, _ stage: Matter, since: String) -> Item {
        Item(id: id, village: village, title: "item \(id)", stage: .matter(stage), major: false, createdAt: t0, stageSince: d(since))
    }

    /// Due dates by id, from marks as the store gives them (folded into the days' records).
    func due(items: [Item], marks: [DayMark], today: Day) -> [Int64: DueDates.DueInfo] {
        DueDates.due(items: items, schedule: schedule, records: DayRecord.fold(marks), today: today)
    }

    @Test("due on the next fixed day carrying the stage; each such day passed is a carry-over")
    func dueAndCarryOvers() {
        let items = [item(1, .sort, since: "2027-03-02"), item(2, .discuss, since: "2027-03-02"),
                     item(3, "b", .supervise, since: "2027-02-20")]
        let due = self.due(items: items, marks: [], today: d("2027-03-17"))
        #expect(due[1]?.due == d("2027-03-22"))
        #expect(due[1]?.carryOvers == 2)          // 8 and 15 March passed
        #expect(due[2]?.due == d("2027-04-15"))
        #expect(due[2]?.carryOvers == 1)          // 15 March passed
        #expect(due[3]?.due == d("2027-03-25"))   // xun days 25 Feb, 5, 15 March passed
        #expect(due[3]?.carryOvers == 3)
    }

    @Test("an item that entered its stage today is due today when today is a fixed day, with no carry-over")
    func dueToday() {
        let due = self.due(items: [item(1, .sort, since: "2027-03-15"), item(2, .discuss, since: "2027-03-15")],
                             marks: [], today: d("2027-03-15"))
        #expect(due[1]?.due == d("2027-03-15") && due[1]?.carryOvers == 0)
        #expect(due[2]?.due == d("2027-03-15") && due[2]?.carryOvers == 0)
        // Planning ahead: stageSince after today counts from stageSince.
        let ahead = self.due(items: [item(1, .sort, since: "2027-03-16")], marks: [], today: d("2027-03-01"))
        #expect(ahead[1]?.due == d("2027-03-22") && ahead[1]?.carryOvers == 0)
    }

    @Test("a cancelled day does not count; a moved day counts at its new date")
    func marks() {
        let items = [item(1, .sort, since: "2027-03-02")]
        let today = d("2027-03-17")
        var due = self.due(items: items, marks: [DayMark(village: "a", date: d("2027-03-22"), status: .cancelled)], today: today)
        #expect(due[1]?.due == d("2027-03-29"))
        due = self.due(items: items, marks: [DayMark(village: "a", date: d("2027-03-22"), status: .moved(to: d("2027-03-23")))], today: today)
        #expect(due[1]?.due == d("2027-03-23"))
        #expect(due[1]?.fixedDay == d("2027-03-22"))
        // 8 March moved past today: it has not passed yet, and it is the next one.
        due = self.due(items: items, marks: [DayMark(village: "a", date: d("2027-03-08"), status: .moved(to: d("2027-03-18")))], today: today)
        #expect(due[1]?.carryOvers == 1)
        #expect(due[1]?.due == d("2027-03-18"))
        #expect(due[1]?.fixedDay == d("2027-03-08"))
        // A held day counts like any other; a mark of another village changes nothing.
        due = self.due(items: items, marks: [DayMark(village: "a", date: d("2027-03-15"), status: .held),
                                 DayMark(village: "b", date: d("2027-03-08"), status: .cancelled)], today: today)
        #expect(due[1]?.carryOvers == 2)
        // A day scheduled long before the item's stage began, moved into the window, counts.
        due = self.due(items: items, marks: [DayMark(village: "a", date: d("2027-01-04"), status: .moved(to: d("2027-03-19")))], today: today)
        #expect(due[1]?.due == d("2027-03-19"))
        #expect(due[1]?.fixedDay == d("2027-01-04"))
    }

    @Test("handle is due on the next working day, never carried over")
    func handle() {
        let items = [item(1, .handle, since: "2027-03-02"), item(2, .handle, since: "2027-03-20")]
        let due = self.due(items: items, marks: [], today: d("2027-03-17"))
        #expect(due[1]?.due == d("2027-03-17") && due[1]?.carryOvers == 0)
        #expect(due[2]?.due == d("2027-03-22") && due[2]?.carryOvers == 0)   // 20 March is a Saturday
    }

    @Test("no due date: a stage no rule carries, a village gone from the configuration; closed items are left out")
    func noDue() {
        var closed = item(3, .sort, since: "2027-03-02")
        closed.stage = .closed
        let items = [item(1, .evaluate, since: "2027-03-02"), item(2, "gone", .sort, since: "2027-03-02"), closed]
        let due = self.due(items: items, marks: [], today: d("2027-03-17"))
        #expect(due[1] != nil && due[1]?.due == nil && due[1]?.carryOvers == 0)
        #expect(due[2] != nil && due[2]?.due == nil)
        #expect(due[3] == nil)
    }

    @Test("the actual schedule's days carry the items due at them and their record; handle items are left out")
    func itemsAndRecords() throws {
        let items = [item(1, .sort, since: "2027-03-02"), item(2, .sort, since: "2027-03-16"),
                     item(3, .discuss, since: "2027-03-02"), item(4, .handle, since: "2027-03-02")]
        let moved = DayMark(village: "a", date: d("2027-03-22"), status: .moved(to: d("2027-03-23")), note: "rain", attended: [.committees])
        let actual = ActualSchedule(schedule: schedule, marks: [moved], items: items, today: d("2027-03-17"))
        let window = try actual.window(from: d("2027-03-17"), to: d("2027-04-30"), villages: [0])
        // The day moved from 22 to 23 March is listed at 23 March, with its items and its record.
        #expect(!window.days.contains { $0.date == d("2027-03-22") })
        let day = window.days.first { $0.scheduledDate == d("2027-03-22") }
        #expect(day?.date == d("2027-03-23"))
        #expect(day?.items.map(\.id) == [1, 2])
        #expect(day?.items.first?.carryOvers == 2)
        #expect(day?.record == DayRecord.fold([moved]).first)
        #expect(day?.record?.note == "rain" && day?.state == .moved && day?.movedFrom == d("2027-03-22"))
        #expect(window.days.first { $0.date == d("2027-04-15") }?.items.map(\.id) == [3])
        #expect(!window.days.contains { $0.items.contains { $0.id == 4 } })
        #expect(window.days.filter { $0.record != nil }.count == 1)
        #expect(actual.record(village: "a", scheduled: d("2027-03-22")) == day?.record)
        #expect(actual.dueInfo(id: 4)?.due == d("2027-03-17"))
    }

    @Test("a day's marks fold in order: a move after a cancel reopens it, a cancel after a move keeps it cancelled; undone marks do not count")
    func marksFold() {
        let items = [item(1, .sort, since: "2027-03-02")]
        let cancel = DayMark(village: "a", date: d("2027-03-22"), status: .cancelled)
        let move = DayMark(village: "a", date: d("2027-03-22"), status: .moved(to: d("2027-03-24")))
        let held29 = DayMark(village: "a", date: d("2027-03-29"), status: .held)
        let today = d("2027-03-17")
        #expect(due(items: items, marks: [cancel, held29, move], today: today)[1]?.due == d("2027-03-24"))
        #expect(due(items: items, marks: [move, held29, cancel], today: today)[1]?.due == d("2027-03-29"))
        // Moving back to its own date undoes the move.
        let back = DayMark(village: "a", date: d("2027-03-22"), status: .moved(to: d("2027-03-22")))
        #expect(due(items: items, marks: [move, back], today: today)[1]?.due == d("2027-03-22"))
        // An undone mark is left out.
        var undone = cancel
        undone.undone = true
        #expect(due(items: items, marks: [undone], today: today)[1]?.due == d("2027-03-22"))
        var undoneMove = move
        undoneMove.undone = true
        #expect(due(items: items, marks: [cancel, undoneMove], today: today)[1]?.due == d("2027-03-29"))
    }

    @Test("an item whose stage began more than a year ago counts every day since")
    func oldItem() {
        // Weekly sort days from Monday 1 March 2027 back to Monday 2 March 2026: 53 Mondays, less
        // the Mondays that holidays moved (computed calendar): count them from the schedule itself.
        let since = d("2026-03-02"), today = d("2027-03-17")
        let due = self.due(items: [item(1, .sort, since: "2026-03-02"), item(2, .sort, since: "2027-03-16")],
                             marks: [], today: today)
        let expected = ((try? schedule.expand(from: since, to: today - 1, villages: [0])) ?? [])
            .filter { !$0.isSkipped && schedule.matters(of: $0).contains(.sort) }.count
        #expect(expected > 50)
        #expect(due[1]?.carryOvers == expected)
        #expect(due[1]?.due == d("2027-03-22"))
        #expect(due[2]?.carryOvers == 0)
    }

    @Test("in the items' order, the answers are the ones by id; closed items and unknown villages as by id")
    func inOrderMatchesByID() {
        var items: [Item] = []
        let stages: [Matter] = [.sort, .discuss, .supervise, .handle]
        for k in 0..<60 {
            let village = ["a", "b", "zz"][k % 3]
            items.append(item(Int64(100 - k), village, stages[k % 4], since: (d("2027-03-01") + k % 28).iso))
        }
        items.append(Item(id: 500, village: "a", title: "done", stage: .closed, major: false, createdAt: t0, stageSince: d("2027-03-02")))
        let marks = [DayMark(village: "a", date: d("2027-03-22"), status: .moved(to: d("2027-03-23")))]
        let byID = self.due(items: items, marks: marks, today: d("2027-03-10"))
        let inOrder = DueDates.inOrder(items, schedule: schedule, records: DayRecord.fold(marks), today: d("2027-03-10"))
        // The states alone (the store's fast path) say the same.
        #expect(DueDates.due(states: items.filter { $0.stage != .closed }.map(\.state), schedule: schedule,
                             records: DayRecord.fold(marks), today: d("2027-03-10")) == byID)
        #expect(inOrder.count == items.count)
        for (k, it) in items.enumerated() { #expect(inOrder[k] == byID[it.id], "item \(it.id)") }
        #expect(inOrder.last! == nil)
        #expect(byID.count == items.count - 1)
        #expect(inOrder.contains { $0?.carryOvers ?? 0 > 0 })
    }
}
