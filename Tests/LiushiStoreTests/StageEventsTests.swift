import Foundation
import Testing
import LiushiCore
@testable import LiushiStore

/// `Store.stageEvents`: what the year's evaluation dates the items' changes from.
@Suite("Stage events for the year report")
struct StageEventsTests {
    @Test("adds, stage changes with the stageSince before them, and undos, oldest first; no notes and no marks", arguments: Backend.all)
    func events(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        let t = "2027-03-02T01:00:00Z"
        let a = try store.addItem(village: "sandu", title: "路灯", today: d("2027-03-02"), user: "clerk", time: t)
        let b = try store.addItem(village: "xiaxu", title: "水渠", today: d("2027-03-03"), user: "clerk", time: t)
        _ = try store.advance(id: a.id, today: d("2027-03-10"), user: "clerk", time: t)
        try store.addNote(id: a.id, text: "进展", today: d("2027-03-11"), user: "clerk", time: t)
        _ = try store.advance(id: a.id, to: .closed, today: d("2027-03-20"), user: "clerk", time: t)
        _ = try store.undo(user: "clerk", time: t)
        try store.markDay(DayMark(village: "sandu", date: d("2027-03-15"), status: .held), user: "clerk", time: t)

        let all = try store.stageEvents()
        #expect(all.map(\.kind) == [.add, .add, .advance, .advance, .undo])
        #expect(all.map(\.itemID) == [a.id, b.id, a.id, a.id, a.id])
        #expect(all[2].from == .matter(.sort) && all[2].to == .matter(.discuss))
        #expect(all[2].prevSince == d("2027-03-02"))
        #expect(all[3].prevSince == d("2027-03-10"))
        #expect(all[3].to == .closed)
        #expect(all[4].undoes == all[3].id)
        #expect(all[2].time.isEmpty)   // dated by prevSince: the time is not needed
        #expect(try store.stageEvents(village: "xiaxu").map(\.itemID) == [b.id])
    }
}
