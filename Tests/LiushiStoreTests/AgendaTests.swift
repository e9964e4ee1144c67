import Testing
import LiushiCore
@testable import LiushiStore

/// A hand-made schedule in March 2027 (no holidays that month; 1 March is a Monday):
/// village `a` meets every Monday (sort) and on the 15th (discuss), so 15 March carries both.
/// Sort days: 1, 8, 15, 22, 29 March. Discuss days: 15 March, 15 April (a Thursday).
@Suite("Due dates and carry-overs")
struct AgendaTests {
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

    @Test("due on the next fixed day carrying the stage; each such day passed is a carry-over")
    func dueAndCarryOvers() {
        let items = [item(1, .sort, since: "2027-03-02"), item(2, .discuss, since: "2027-03-02"),
                     item(3, "b", .supervise, since: "2027-02-20")]
        let due = Agenda.due(items: items, schedule: schedule, marks: [], today: d("2027-03-17"))
        #expect(due[1]?.due == d("2027-03-22"))
        #expect(due[1]?.carryOvers == 2)          // 8 and 15 March passed
        #expect(due[2]?.due == d("2027-04-15"))
        #expect(due[2]?.carryOvers == 1)          // 15 March passed
        #expect(due[3]?.due == d("2027-03-25"))   // xun days 25 Feb, 5, 15 March passed
        #expect(due[3]?.carryOvers == 3)
    }

    @Test("an item that entered its stage today is due today when today is a fixed day, with no carry-over")
    func dueToday() {
        let due = Agenda.due(items: [item(1, .sort, since: "2027-03-15"), item(2, .discuss, since: "2027-03-15")],
                             schedule: schedule, marks: [], today: d("2027-03-15"))
        #expect(due[1]?.due == d("2027-03-15") && due[1]?.carryOvers == 0)
        #expect(due[2]?.due == d("2027-03-15") && due[2]?.carryOvers == 0)
        // Planning ahead: stageSince after today counts from stageSince.
        let ahead = Agenda.due(items: [item(1, .sort, since: "2027-03-16")], schedule: schedule, marks: [], today: d("2027-03-01"))
        #expect(ahead[1]?.due == d("2027-03-22") && ahead[1]?.carryOvers == 0)
    }

    @Test("a cancelled day does not count; a moved day counts at its new date")
    func marks() {
        let items = [item(1, .sort, since: "2027-03-02")]
        let today = d("2027-03-17")
        var due = Agenda.due(items: items, schedule: schedule,
                             marks: [DayMark(village: "a", date: d("2027-03-22"), status: .cancelled)], today: today)
        #expect(due[1]?.due == d("2027-03-29"))
        due = Agenda.due(items: items, schedule: schedule,
                         marks: [DayMark(village: "a", date: d("2027-03-22"), status: .moved(to: d("2027-03-23")))], today: today)
        #expect(due[1]?.due == d("2027-03-23"))
        #expect(due[1]?.fixedDay == d("2027-03-22"))
        // 8 March moved past today: it has not passed yet, and it is the next one.
        due = Agenda.due(items: items, schedule: schedule,
                         marks: [DayMark(village: "a", date: d("2027-03-08"), status: .moved(to: d("2027-03-18")))], today: today)
        #expect(due[1]?.carryOvers == 1)
        #expect(due[1]?.due == d("2027-03-18"))
        #expect(due[1]?.fixedDay == d("2027-03-08"))
        // A held day counts like any other; a mark of another village changes nothing.
        due = Agenda.due(items: items, schedule: schedule,
                         marks: [DayMark(village: "a", date: d("2027-03-15"), status: .held),
                                 DayMark(village: "b", date: d("2027-03-08"), status: .cancelled)], today: today)
        #expect(due[1]?.carryOvers == 2)
        // A day scheduled long before the item's stage began, moved into the window, counts.
        due = Agenda.due(items: items, schedule: schedule,
                         marks: [DayMark(village: "a", date: d("2027-01-04"), status: .moved(to: d("2027-03-19")))], today: today)
        #expect(due[1]?.due == d("2027-03-19"))
        #expect(due[1]?.fixedDay == d("2027-01-04"))
    }

    @Test("handle is due on the next working day, never carried over")
    func handle() {
        let items = [item(1, .handle, since: "2027-03-02"), item(2, .handle, since: "2027-03-20")]
        let due = Agenda.due(items: items, schedule: schedule, marks: [], today: d("2027-03-17"))
        #expect(due[1]?.due == d("2027-03-17") && due[1]?.carryOvers == 0)
        #expect(due[2]?.due == d("2027-03-22") && due[2]?.carryOvers == 0)   // 20 March is a Saturday
    }

    @Test("no due date: a stage no rule carries, a village gone from the configuration; closed items are left out")
    func noDue() {
        var closed = item(3, .sort, since: "2027-03-02")
        closed.stage = .closed
        let items = [item(1, .evaluate, since: "2027-03-02"), item(2, "gone", .sort, since: "2027-03-02"), closed]
        let due = Agenda.due(items: items, schedule: schedule, marks: [], today: d("2027-03-17"))
        #expect(due[1] != nil && due[1]?.due == nil && due[1]?.carryOvers == 0)
        #expect(due[2] != nil && due[2]?.due == nil)
        #expect(due[3] == nil)
    }

    @Test("annotations key due items and marks by village and scheduled date; handle items are left out")
    func annotations() {
        let items = [item(2, .sort, since: "2027-03-16"), item(1, .sort, since: "2027-03-02"),
                     item(3, .discuss, since: "2027-03-02"), item(4, .handle, since: "2027-03-02")]
        let moved = DayMark(village: "a", date: d("2027-03-22"), status: .moved(to: d("2027-03-23")), note: "rain", attended: [.committees])
        let a = Agenda.annotations(items: items, schedule: schedule, marks: [moved], today: d("2027-03-17"))
        let day = a.items["a"]?[d("2027-03-22")] ?? []
        #expect(day.map(\.id) == [1, 2])
        #expect(day.first?.carryOvers == 2)
        #expect(a.items["a"]?[d("2027-04-15")]?.map(\.id) == [3])
        #expect(a.items["a"]?.values.contains { $0.contains { $0.id == 4 } } == false)
        #expect(a.marks["a"]?[d("2027-03-22")] == moved)
    }

    @Test("when a day has several marks, the last one given wins")
    func lastMarkWins() {
        let items = [item(1, .sort, since: "2027-03-02")]
        let marks = [DayMark(village: "a", date: d("2027-03-22"), status: .cancelled),
                     DayMark(village: "a", date: d("2027-03-29"), status: .held),
                     DayMark(village: "a", date: d("2027-03-22"), status: .moved(to: d("2027-03-24")))]
        let due = Agenda.due(items: items, schedule: schedule, marks: marks, today: d("2027-03-17"))
        #expect(due[1]?.due == d("2027-03-24"))
    }

    @Test("an item whose stage began more than a year ago counts every day since")
    func oldItem() {
        // Weekly sort days from Monday 1 March 2027 back to Monday 2 March 2026: 53 Mondays, less
        // the Mondays that holidays moved (computed calendar): count them from the schedule itself.
        let since = d("2026-03-02"), today = d("2027-03-17")
        let due = Agenda.due(items: [item(1, .sort, since: "2026-03-02"), item(2, .sort, since: "2027-03-16")],
                             schedule: schedule, marks: [], today: today)
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
        let byID = Agenda.due(items: items, schedule: schedule, marks: marks, today: d("2027-03-10"))
        let inOrder = Agenda.inOrder(items, schedule: schedule, marks: marks, today: d("2027-03-10"))
        #expect(inOrder.count == items.count)
        for (k, it) in items.enumerated() { #expect(inOrder[k] == byID[it.id], "item \(it.id)") }
        #expect(inOrder.last! == nil)
        #expect(byID.count == items.count - 1)
        #expect(inOrder.contains { $0?.carryOvers ?? 0 > 0 })
    }
}
