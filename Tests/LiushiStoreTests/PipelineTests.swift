import Foundation
import Testing
import LiushiCore
@testable import LiushiStore

@Suite("Items move through the pipeline")
struct PipelineTests {
    @Test("a new item starts at sort, with an add event", arguments: Backend.all)
    func add(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let item = try store.addItem(village: "sandu", title: "村道路灯维修", stage: .matter(.sort), major: false,
                                     today: d("2027-03-02"), user: "clerk", time: t0)
        #expect(item.stage == .matter(.sort))
        #expect(item.stageSince == d("2027-03-02"))
        #expect(try store.item(id: item.id) == item)
        let history = try store.history(itemID: item.id)
        #expect(history.count == 1)
        #expect(history.first?.kind == .add)
        #expect(history.first?.to == .matter(.sort))
        #expect(history.first?.user == "clerk")
        #expect(history.first?.time == t0)
    }

    @Test("advance without a target moves exactly one stage and restarts stageSince", arguments: Backend.all)
    func advanceOne(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let item = try store.addItem(village: "sandu", title: "A", stage: .matter(.sort), major: false, today: d("2027-03-02"), user: "u", time: t0)
        let moved = try store.advance(id: item.id, to: nil, note: "sorted", today: d("2027-03-08"), user: "u", time: t0, fixedDay: d("2027-03-08"))
        #expect(moved.stage == .matter(.discuss))
        #expect(moved.stageSince == d("2027-03-08"))
        #expect(try store.item(id: item.id) == moved)
        let last = try store.history(itemID: item.id).last
        #expect(last?.kind == .advance)
        #expect(last?.from == .matter(.sort))
        #expect(last?.to == .matter(.discuss))
        #expect(last?.note == "sorted")
        #expect(last?.village == "sandu")
        #expect(last?.day == d("2027-03-08"))
    }

    @Test("a routine item jumps with a target; a target that is not later is refused", arguments: Backend.all)
    func jump(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let item = try store.addItem(village: "sandu", title: "A", stage: .matter(.sort), major: false, today: d("2027-03-02"), user: "u", time: t0)
        let jumped = try store.advance(id: item.id, to: .matter(.handle), note: "", today: d("2027-03-03"), user: "u", time: t0)
        #expect(jumped.stage == .matter(.handle))
        for target in [Stage.matter(.handle), .matter(.discuss), .matter(.sort)] {
            let e = storeError { try store.advance(id: item.id, to: target, note: "", today: d("2027-03-04"), user: "u", time: t0) }
            #expect(e?.kind == .invalidChange)
            #expect(e?.english.contains("later stage") == true)
        }
        #expect(try store.item(id: item.id)?.stage == .matter(.handle))
        #expect(try store.history(itemID: item.id).count == 2)
    }

    @Test("return goes back one stage with its reason; it needs a reason and is refused at sort", arguments: Backend.all)
    func returnWithNote(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let item = try store.addItem(village: "sandu", title: "A", stage: .matter(.decide), major: true, today: d("2027-03-02"), user: "u", time: t0)
        #expect(storeError { try store.returnItem(id: item.id, note: "  ", today: d("2027-03-05"), user: "u", time: t0) }?.kind == .invalidChange)
        let back = try store.returnItem(id: item.id, note: "代表会议未通过", today: d("2027-03-05"), user: "u", time: t0)
        #expect(back.stage == .matter(.discuss))
        #expect(back.major)
        let last = try store.history(itemID: item.id).last
        #expect(last?.kind == .return)
        #expect(last?.note == "代表会议未通过")
        #expect(last?.from == .matter(.decide) && last?.to == .matter(.discuss))
        _ = try store.returnItem(id: item.id, note: "again", today: d("2027-03-06"), user: "u", time: t0)
        let e = storeError { try store.returnItem(id: item.id, note: "once more", today: d("2027-03-07"), user: "u", time: t0) }
        #expect(e?.kind == .invalidChange)
        #expect(e?.english.contains("first stage") == true)
    }

    @Test("advancing past evaluate closes the item; a closed item cannot be advanced", arguments: Backend.all)
    func closeAfterEvaluate(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let item = try store.addItem(village: "sandu", title: "A", stage: .matter(.evaluate), major: false, today: d("2027-03-02"), user: "u", time: t0)
        let closed = try store.advance(id: item.id, to: nil, note: "", today: d("2027-12-30"), user: "u", time: t0)
        #expect(closed.stage == .closed)
        #expect(try store.items(village: nil, stage: nil, includeClosed: false).isEmpty)
        #expect(try store.items(village: nil, stage: nil, includeClosed: true).map(\.id) == [item.id])
        #expect(try store.items(village: nil, stage: .closed, includeClosed: false).map(\.id) == [item.id])
        #expect(try store.itemCounts(closed: true) == [item.village: 1])
        #expect(try store.itemCounts(closed: false)[item.village] == nil)
        let e = storeError { try store.advance(id: item.id, to: nil, note: "", today: d("2027-12-31"), user: "u", time: t0) }
        #expect(e?.kind == .invalidChange)
        #expect(e?.english.contains("closed") == true)
        #expect(try store.history(itemID: item.id).count == 2)
    }

    @Test("unknown item ids are reported", arguments: Backend.all)
    func unknownItem(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        #expect(try store.item(id: 42) == nil)
        #expect(storeError { try store.advance(id: 42, to: nil, note: "", today: d("2027-03-02"), user: "u", time: t0) }?.kind == .noSuchItem)
        #expect(storeError { try store.addNote(id: 42, text: "x", today: d("2027-03-02"), user: "u", time: t0) }?.kind == .noSuchItem)
        #expect(try store.eventCount() == 0)
    }

    @Test("items filter by village and stage, in id order", arguments: Backend.all)
    func filters(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        for (v, s) in [("a", Matter.sort), ("b", .sort), ("a", .discuss), ("a", .sort)] {
            _ = try store.addItem(village: v, title: "\(v) \(s.key)", stage: .matter(s), major: false, today: d("2027-03-02"), user: "u", time: t0)
        }
        #expect(try store.items(village: "a", stage: nil, includeClosed: false).map(\.id) == [1, 3, 4])
        #expect(try store.items(village: "a", stage: .matter(.sort), includeClosed: false).map(\.id) == [1, 4])
        #expect(try store.items(village: nil, stage: .matter(.sort), includeClosed: false).map(\.id) == [1, 2, 4])
        #expect(try store.orphanVillages(known: ["a"]) == ["b": 1])
        // The states of open items, as due dates need them, grouped by village.
        let states = try store.itemStates(village: nil)
        #expect(Set(states) == Set(try store.items(village: nil, stage: nil, includeClosed: false).map(\.state)))
        #expect(states.map(\.village) == ["a", "a", "a", "b"])
        #expect(try store.itemStates(village: "b").map(\.id) == [2])
        #expect(try store.orphanVillages(known: ["a", "b"]).isEmpty)
    }
}

@Suite("Every change is an event; undo appends its inverse")
struct EventTests {
    @Test("each change appends exactly one event; failed changes append none", arguments: Backend.all)
    func eventsForEveryChange(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        var expected = 0
        func check() throws { #expect(try store.eventCount() == expected) }
        let item = try store.addItem(village: "sandu", title: "A", stage: .matter(.sort), major: false, today: d("2027-03-02"), user: "u", time: t0)
        expected += 1; try check()
        _ = try store.advance(id: item.id, to: nil, note: "", today: d("2027-03-08"), user: "u", time: t0)
        expected += 1; try check()
        _ = try store.returnItem(id: item.id, note: "not ready", today: d("2027-03-09"), user: "u", time: t0)
        expected += 1; try check()
        try store.addNote(id: item.id, text: "called the contractor", today: d("2027-03-09"), user: "u", time: t0)
        expected += 1; try check()
        try store.markDay(DayMark(village: "sandu", date: d("2027-03-15"), status: .held, note: "", attended: [.committees, .liaison]),
                          user: "u", time: t0)
        expected += 1; try check()
        _ = try store.undo(user: "u", time: t0)
        expected += 1; try check()
        // Refused changes leave no trace.
        _ = storeError { try store.returnItem(id: item.id, note: "x", today: d("2027-03-10"), user: "u", time: t0) }
        _ = storeError { try store.returnItem(id: item.id, note: "", today: d("2027-03-10"), user: "u", time: t0) }
        _ = storeError { try store.addNote(id: item.id, text: " ", today: d("2027-03-10"), user: "u", time: t0) }
        _ = storeError { try store.addItem(village: "sandu", title: "", stage: .matter(.sort), major: false, today: d("2027-03-10"), user: "u", time: t0) }
        try check()
        let kinds = try store.history(itemID: item.id).map(\.kind)
        #expect(kinds == [.add, .advance, .return, .note])
    }

    @Test("undo restores the stage and the day it was entered, and appends an undo event", arguments: Backend.all)
    func undoAdvance(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let item = try store.addItem(village: "sandu", title: "A", stage: .matter(.sort), major: false, today: d("2027-03-02"), user: "u", time: t0)
        _ = try store.advance(id: item.id, to: .matter(.decide), note: "", today: d("2027-03-08"), user: "u", time: t0)
        // Undo is per user: someone else has nothing of theirs to undo.
        #expect(try store.undo(user: "v", time: t0) == nil)
        #expect(try store.item(id: item.id)?.stage == .matter(.decide))
        let done = try store.undo(user: "u", time: "2027-03-09T10:00:00+08:00")
        let undo = done?.undo
        #expect(undo?.kind == .undo)
        #expect(undo?.itemID == item.id)
        #expect(undo?.from == .matter(.decide))
        #expect(undo?.to == .matter(.sort))
        #expect(undo?.user == "u")
        #expect(undo?.time == "2027-03-09T10:00:00+08:00")
        #expect(done?.target.kind == .advance)
        #expect(done?.item == item)
        #expect(try store.item(id: item.id) == item)
        let history = try store.history(itemID: item.id)
        #expect(history.map(\.kind) == [.add, .advance, .undo])
        #expect(undo?.undoes == history[1].id)
        #expect(done?.target == history[1])
    }

    @Test("undo is refused when another user changed the same item or fixed day later; other items do not block it", arguments: Backend.all)
    func undoRefusedAfterLaterChange(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let a = try store.addItem(village: "sandu", title: "A", stage: .matter(.sort), major: false, today: d("2027-03-02"), user: "u", time: t0)
        let b = try store.addItem(village: "sandu", title: "B", stage: .matter(.sort), major: false, today: d("2027-03-02"), user: "v", time: t0)
        _ = try store.advance(id: a.id, to: nil, note: "", today: d("2027-03-08"), user: "u", time: t0)
        _ = try store.advance(id: a.id, to: nil, note: "", today: d("2027-03-09"), user: "v", time: t0)
        let events = try store.eventCount()
        let e = storeError { try store.undo(user: "u", time: t0) }
        #expect(e?.kind == .laterChange)
        #expect(e?.english.contains("v changed the same item") == true)
        #expect(try store.eventCount() == events)
        #expect(try store.item(id: a.id)?.stage == .matter(.decide))
        // Once v's change is undone, u's can be.
        let vUndo = try store.undo(user: "v", time: t0)
        #expect(vUndo?.target.itemID == a.id)
        #expect(vUndo?.item?.stage == .matter(.discuss))
        let uUndo = try store.undo(user: "u", time: t0)
        #expect(uUndo?.target.kind == .advance)
        #expect(uUndo?.item?.stage == .matter(.sort))
        #expect(uUndo?.item?.stageSince == d("2027-03-02"))
        // v's later change to another item (b) does not block u.
        _ = try store.advance(id: b.id, to: nil, note: "", today: d("2027-03-10"), user: "v", time: t0)
        let uAdd = try store.undo(user: "u", time: t0)
        #expect(uAdd?.target.kind == .add)
        #expect(try store.item(id: a.id) == nil)
        // A fixed day: v marks it after u did.
        let day = d("2027-03-15")
        try store.markDay(DayMark(village: "sandu", date: day, status: .held), user: "u", time: t0)
        try store.markDay(DayMark(village: "sandu", date: day, status: .cancelled), user: "v", time: t0)
        let e2 = storeError { try store.undo(user: "u", time: t0) }
        #expect(e2?.kind == .laterChange)
        #expect(e2?.english.contains("same fixed day") == true)
        // Another village's day does not block it.
        _ = try store.undo(user: "v", time: t0)
        try store.markDay(DayMark(village: "xiaoli", date: day, status: .held), user: "v", time: t0)
        let uMark = try store.undo(user: "u", time: t0)
        #expect(uMark?.target.kind == .mark)
        #expect(uMark?.item == nil)
        #expect(uMark?.target.village == "sandu")
    }

    @Test("a second undo reverts the change before; an undo is never undone; nil when nothing is left", arguments: Backend.all)
    func undoTwice(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let item = try store.addItem(village: "sandu", title: "A", stage: .matter(.sort), major: false, today: d("2027-03-02"), user: "u", time: t0)
        _ = try store.advance(id: item.id, to: nil, note: "", today: d("2027-03-08"), user: "u", time: t0)
        _ = try store.advance(id: item.id, to: nil, note: "", today: d("2027-03-15"), user: "u", time: t0)
        #expect(try store.item(id: item.id)?.stage == .matter(.decide))
        _ = try store.undo(user: "u", time: t0)
        #expect(try store.item(id: item.id)?.stage == .matter(.discuss))
        #expect(try store.item(id: item.id)?.stageSince == d("2027-03-08"))
        _ = try store.undo(user: "u", time: t0)
        #expect(try store.item(id: item.id)?.stage == .matter(.sort))
        #expect(try store.item(id: item.id)?.stageSince == d("2027-03-02"))
        // The add itself: the item is withdrawn (kept in the file, shown nowhere).
        let third = try store.undo(user: "u", time: t0)
        #expect(third?.undo.note.hasPrefix("undo add") == true)
        #expect(third?.target.kind == .add)
        #expect(try store.item(id: item.id) == nil)
        #expect(try store.items(village: nil, stage: nil, includeClosed: true).isEmpty)
        #expect(try store.undo(user: "u", time: t0) == nil)
        #expect(try store.eventCount() == 6)
        #expect(try store.history(itemID: item.id).count == 6)
    }

    @Test("undo of a return and of a note", arguments: Backend.all)
    func undoReturnAndNote(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let item = try store.addItem(village: "sandu", title: "A", stage: .matter(.decide), major: false, today: d("2027-03-02"), user: "u", time: t0)
        _ = try store.returnItem(id: item.id, note: "no quorum", today: d("2027-03-05"), user: "u", time: t0)
        try store.addNote(id: item.id, text: "n", today: d("2027-03-06"), user: "u", time: t0)
        let undoNote = try store.undo(user: "u", time: t0)
        #expect(undoNote?.undo.note == "undo note: n")
        #expect(undoNote?.target.kind == .note)
        #expect(try store.item(id: item.id)?.stage == .matter(.discuss))
        _ = try store.undo(user: "u", time: t0)
        #expect(try store.item(id: item.id) == item)
    }

    @Test("every mark is kept in record order; undo of a mark flags it undone", arguments: Backend.all)
    func marks(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let day = d("2027-03-15")
        try store.markDay(DayMark(village: "sandu", date: day, status: .held, note: "", attended: [.liaison, .committees]), user: "u", time: t0)
        try store.markDay(DayMark(village: "sandu", date: d("2027-03-22"), status: .cancelled, note: "暴雨"), user: "u", time: t0)
        try store.markDay(DayMark(village: "xiaoli", date: day, status: .held), user: "u", time: t0)
        try store.markDay(DayMark(village: "sandu", date: day, status: .moved(to: d("2027-03-16")), note: "书记出差"), user: "u", time: t0)
        var marks = try store.dayMarks(village: "sandu")
        // All of them, oldest first (DayRecord.fold makes the latest win).
        #expect(marks.map(\.status) == [.held, .cancelled, .moved(to: d("2027-03-16"))])
        #expect(marks.map(\.date) == [day, d("2027-03-22"), day])
        #expect(marks.last?.note == "书记出差")
        #expect(marks.first == DayMark(village: "sandu", date: day, status: .held, note: "", attended: [.liaison, .committees]))
        #expect(marks.allSatisfy { !$0.undone })
        #expect(try store.dayMarks(village: nil).count == 4)
        #expect(try store.dayMarks(village: nil).map(\.village) == ["sandu", "sandu", "xiaoli", "sandu"])
        let done = try store.undo(user: "u", time: t0)
        let undo = done?.undo
        #expect(undo?.kind == .undo)
        #expect(undo?.mark?.status == .moved(to: d("2027-03-16")))
        #expect(undo?.village == "sandu" && undo?.day == day)
        #expect(done?.item == nil)
        #expect(done?.target.kind == .mark)
        marks = try store.dayMarks(village: "sandu")
        #expect(marks.count == 3)
        #expect(marks.map(\.undone) == [false, false, true])
        #expect(marks.last?.status == .moved(to: d("2027-03-16")))
        // The day's events: its marks and the undo.
        #expect(try store.events(village: "sandu", day: day).map(\.kind) == [.mark, .mark, .undo])
        // Moving a day to its own date is accepted now: it moves it back (DayRecord.fold).
        try store.markDay(DayMark(village: "sandu", date: day, status: .moved(to: day)), user: "u", time: t0)
        #expect(try store.dayMarks(village: "sandu").last?.status == .moved(to: day))
        #expect(storeError { try store.markDay(DayMark(village: "", date: day, status: .held), user: "u", time: t0) }?.kind == .invalidChange)
    }

    @Test("open items read in id ranges with closed ones counted: the same as the open items and the closed counts", arguments: Backend.all)
    func openItemsInRanges(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        for k in 0..<40 {
            let item = try store.addItem(village: ["sandu", "xiaya", "lijia"][k % 3], title: "事项 \(k)", stage: .matter(.sort),
                                         major: k % 5 == 0, today: d("2027-03-02"), user: "u", time: t0)
            if k % 4 == 0 {
                _ = try store.advance(id: item.id, to: .closed, note: "done", today: d("2027-03-08"), user: "u", time: t0,
                                      fixedDay: d("2027-03-08"))
            }
        }
        let half = try store.maxItemID() / 2
        #expect(half == 20)
        let lower = try store.openItemsCountingClosed(ids: Int64.min...half)
        let upper = try store.openItemsCountingClosed(ids: (half + 1)...Int64.max)
        #expect(lower.items + upper.items == (try store.items(includeClosed: false)))
        #expect(lower.closedByVillage.merging(upper.closedByVillage, uniquingKeysWith: +) == (try store.itemCounts(closed: true)))
        #expect(lower.closedByVillage.values.reduce(0, +) == 5)
        #expect(try store.openItemsCountingClosed(ids: 3...7).items.map(\.id) == [3, 4, 6, 7])
    }
}
