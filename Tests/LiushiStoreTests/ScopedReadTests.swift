import Foundation
import LiushiCore
@testable import LiushiStore
import Testing

/// Reading some villages only (a command narrowed to one township of a county): the same rows, in
/// the same order, as filtering the whole read, on both backends, for every reader that takes a
/// list of villages — whatever the ids hold, however many statements SQLite needs.
@Suite("Reads scoped to some villages")
struct ScopedReadTests {
    /// Village ids a configuration may hold, the awkward ones included: quotes, a backslash, a
    /// comma, braces, spaces, CJK, and words an array literal would take for something else.
    static let villages = ["sandu", "xiaxu", "a\"b", "c\\d", "e,f", "{g}", "h i", "三都", "NULL", "-", "j'k"]

    /// Items of every stage in every village (some closed, withdrawn, voided), their stage
    /// changes and notes, and marks of every kind (one undone), interleaved across villages.
    static func fill(_ store: Store) throws {
        var k = 0
        for round in 0..<3 {
            for (v, village) in villages.enumerated() where !(round == 2 && v % 3 == 0) {
                k += 1
                let item = try store.addItem(village: village, title: "事项 \(k)", major: k % 4 == 0,
                                             today: d("2027-01-04") + k, user: "clerk", time: t0)
                switch k % 6 {
                case 0: _ = try store.advance(id: item.id, to: .closed, today: d("2027-02-01"), user: "clerk", time: t0)
                case 1: _ = try store.withdraw(id: item.id, note: "否决", today: d("2027-02-01"), user: "clerk", time: t0)
                case 2: _ = try store.advance(id: item.id, today: d("2027-02-01"), user: "clerk", time: t0, fixedDay: d("2027-02-01"))
                case 3: try store.addNote(id: item.id, text: "进展", today: d("2027-02-02"), user: "clerk", time: t0)
                case 4:
                    _ = try store.advance(id: item.id, today: d("2027-02-01"), user: "clerk", time: t0)
                    _ = try store.returnItem(id: item.id, note: "未通过", today: d("2027-02-03"), user: "clerk", time: t0)
                default: break
                }
                let status: DayStatus = [.held, .cancelled, .moved(to: d("2027-02-09"))][k % 3]
                try store.markDay(DayMark(village: village, date: d("2027-02-08") + round, status: status, note: "n\(k)",
                                          attended: k % 3 == 0 ? [.committees, .liaison] : [], minutes: "m\(k)"),
                                  user: "clerk", time: t0)
            }
        }
        // An undone add (a voided item) and an undone mark.
        _ = try store.addItem(village: "xiaxu", title: "撤销的", today: d("2027-02-10"), user: "other", time: t0)
        _ = try store.undo(user: "other", time: t0)
        try store.markDay(DayMark(village: "sandu", date: d("2027-02-15"), status: .held), user: "other", time: t0)
        _ = try store.undo(user: "other", time: t0)
    }

    /// Lists of villages to read: one, several, all, with an unknown one, with repeats, none.
    static let scopes: [[String]] = [
        ["sandu"], ["a\"b"], ["NULL"], [""],
        ["sandu", "xiaxu"], ["三都", "c\\d", "e,f", "{g}", "h i"], villages, ["sandu", "nowhere", "j'k"],
        ["xiaxu", "xiaxu", "sandu", "xiaxu"], ["nowhere"], [],
    ]

    @Test("items, marks, stage events and counts of some villages are the whole read filtered", arguments: Backend.all)
    func sameAsFiltered(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        try ScopedReadTests.fill(store)
        let open = try store.items(), all = try store.items(includeClosed: true)
        let closed = try store.items(stage: .closed), withdrawn = try store.items(stage: .withdrawn)
        let marks = try store.dayMarks(), events = try store.stageEvents()
        let openCounts = try store.itemCounts(closed: false), closedCounts = try store.itemCounts(closed: true)
        #expect(open.count > 10 && closed.count > 3 && withdrawn.count > 3 && marks.count > 20 && events.count > 30)
        #expect(marks.contains { $0.undone } && all.count == open.count + closed.count + withdrawn.count)
        #expect(try store.items(villages: nil) == open && store.dayMarks(villages: nil) == marks)

        // SQLite reads a long list in several statements: as many as one village each here.
        for perStatement in backend == .sqlite ? [32_000, 2, 1] : [32_000] {
            store.villagesPerStatement = perStatement
            for scope in ScopedReadTests.scopes {
                let wanted = Set(scope)
                let label = "\(scope) in statements of \(perStatement)"
                #expect(try store.items(villages: scope) == open.filter { wanted.contains($0.village) }, "\(label)")
                #expect(try store.items(villages: scope, includeClosed: true) == all.filter { wanted.contains($0.village) }, "\(label)")
                #expect(try store.items(villages: scope, stage: .closed) == closed.filter { wanted.contains($0.village) }, "\(label)")
                #expect(try store.items(villages: scope, stage: .withdrawn) == withdrawn.filter { wanted.contains($0.village) }, "\(label)")
                #expect(try store.dayMarks(villages: scope) == marks.filter { wanted.contains($0.village) }, "\(label)")
                let itemVillage = Dictionary(uniqueKeysWithValues: try store.items(includeClosed: true).map { ($0.id, $0.village) })
                let voided = Set(events.map(\.itemID)).subtracting(itemVillage.keys)
                #expect(!voided.isEmpty, "a voided item's events are read too")
                let scopedEvents = try store.stageEvents(villages: scope)
                #expect(scopedEvents == events.filter { e in
                    itemVillage[e.itemID].map(wanted.contains) ?? (wanted.contains("xiaxu") && voided.contains(e.itemID))
                }, "\(label)")
                #expect(try store.itemCounts(closed: false, villages: scope) == openCounts.filter { wanted.contains($0.key) }, "\(label)")
                #expect(try store.itemCounts(closed: true, villages: scope) == closedCounts.filter { wanted.contains($0.key) }, "\(label)")
            }
        }
        // The one-village forms say the same.
        #expect(try store.items(village: "e,f") == store.items(villages: ["e,f"]))
        #expect(try store.dayMarks(village: "e,f") == store.dayMarks(villages: ["e,f"]))
        #expect(try store.stageEvents(village: "e,f") == store.stageEvents(villages: ["e,f"]))
    }

    @Test("the fast readers (SQLite's bytes, libpq's bytes) read what the generic rows read", arguments: Backend.all)
    func fastEqualsGeneric(_ backend: Backend) throws {
        let fixture = try backend.fresh()
        defer { fixture.remove() }
        let store = fixture.store
        try ScopedReadTests.fill(store)
        for scope in [nil] + ScopedReadTests.scopes.map(Optional.some) {
            let fast = (try store.items(villages: scope, includeClosed: true), try store.dayMarks(villages: scope))
            let generic = try FastRows.$enabled.withValue(false) {
                (try store.items(villages: scope, includeClosed: true), try store.dayMarks(villages: scope))
            }
            #expect(fast.0 == generic.0 && fast.1 == generic.1, "\(String(describing: scope))")
        }
        #expect(try store.dayMarks().contains { $0.undone && $0.attended.isEmpty })
        #expect(try store.dayMarks().contains { $0.attended == [.committees, .liaison] && $0.minutes.hasPrefix("m") })
    }

    @Test("a PostgreSQL array literal quotes every id")
    func arrayLiteral() {
        #expect(Store.arrayLiteral(["a", "b c", "NULL", "x\"y", "p\\q", "{}", "三都", ""]) ==
                #"{"a","b c","NULL","x\"y","p\\q","{}","三都",""}"#)
        #expect(Store.arrayLiteral([]) == "{}")
    }
}
