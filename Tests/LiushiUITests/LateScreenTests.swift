import LiushiCore
@testable import LiushiUI
import Testing

/// Screen 4: overdue items, past fixed days without a mark, closed and withdrawn items.
@Suite("The late screen")
struct LateScreenTests {
    @Test("4 lists overdue items and unmarked past days, asks for the ended items, and shows them when read")
    func lateScreen() throws {
        var m = Fixture.model(.en)
        #expect(press(&m, .char("4")) == [.loadEnded])
        var text = screenText(m, 100, 30)
        #expect(text.contains("Overdue items (carried over): 1"), "\(text)")
        #expect(text.contains("#1 村道路灯维修"))
        #expect(text.contains("Fixed days of the last 90 days without a mark"))
        #expect(m.late.rows.contains { if case .heading(let h) = $0 { return h == "Closed and withdrawn items (loading…)" } else { return false } })
        _ = update(&m, .ended([UIItem(id: 6, village: "sandu", title: "旧事", stage: .closed),
                               UIItem(id: 7, village: "sandu", title: "否决的事", stage: .withdrawn)]))
        press(&m, .end)
        text = screenText(m, 100, 30)
        #expect(m.late.rows.contains { if case .heading(let h) = $0 { return h == "Closed and withdrawn items: 2" } else { return false } })
        #expect(text.contains("#6 旧事") && text.contains("#7 否决的事  withdrawn"), "\(text)")
        // Enter on an ended item opens its detail (and reads its history).
        #expect(press(&m, .enter) == [.loadHistory(item: 6)])
    }

    @Test("Enter on an unmarked day opens its record; m there marks it")
    func unmarkedDayOpens() {
        var m = Fixture.model(.en)
        _ = press(&m, .char("4"))
        // The first selectable row is the overdue item; the next is the most recent unmarked day.
        _ = press(&m, .down)
        let effects = press(&m, .enter)
        #expect(m.overlay == .day)
        #expect(effects.contains { if case .loadDay = $0 { return true } else { return false } })
        _ = press(&m, .char("m"))
        #expect(m.prompt != nil)
    }

    @Test("E corrects the selected item's title and W withdraws it with a reason")
    func editAndWithdraw() {
        var m = Fixture.model(.en)
        _ = press(&m, .char("4"))
        _ = press(&m, .char("E"))
        #expect(m.prompt?.text == "村道路灯维修")
        _ = press(&m, .backspace, .backspace)
        for c in "照明" { _ = press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.editItem(item: 1, title: "村道路灯照明")])
        _ = press(&m, .char("W"))
        #expect(press(&m, .enter).isEmpty, "a reason is required")
        for c in "否决" { _ = press(&m, .char(c)) }
        #expect(press(&m, .enter) == [.withdraw(item: 1, from: .matter(.discuss), note: "否决")])
    }
}

/// P: one person's fixed days across villages.
@Suite("The person filter")
struct PersonFilterTests {
    @Test("P 王明 keeps only the fixed days whose rules' roles the village gives to 王明; an empty name clears it")
    func personFilter() {
        var m = Fixture.model(.en)
        _ = press(&m, .char("2"))
        let all = m.upcoming.groups.count
        _ = press(&m, .char("P"))
        for c in "王明" { _ = press(&m, .char(c)) }
        _ = press(&m, .enter)
        #expect(m.personFilter == "王明")
        let his = m.upcoming.groups.compactMap(\.entry)
        #expect(!his.isEmpty && his.count < all)
        // 王明 is sandu's and qiantan's liaison: a day is his when its rules name the liaison, or name nobody.
        #expect(his.allSatisfy { ["sandu", "qiantan"].contains($0.village.id) && ($0.attendees.isEmpty || $0.attendees.contains(.liaison)) })
        #expect(screenText(m, 100, 30).contains("person: 王明"))
        _ = press(&m, .char("P"))
        _ = press(&m, .backspace, .backspace)
        _ = press(&m, .enter)
        #expect(m.personFilter == nil && m.upcoming.groups.count == all)
    }
}
