import LiushiCore
@testable import LiushiUI
import Testing

@Suite("Navigation")
struct NavigationTests {
    @Test("l moves a day, j a week, PgDn a month, t back to today")
    func moves() {
        var m = Fixture.model()
        press(&m, .char("l"))
        #expect(m.selected == Fixture.d(10, 16))
        press(&m, .char("j"))
        #expect(m.selected == Fixture.d(10, 23))
        press(&m, .pageDown)
        #expect(m.selected == Fixture.d(11, 23))
        #expect(screenText(m).contains("2026年11月"))
        press(&m, .char("h"), .char("k"), .pageUp)
        #expect(m.selected == Fixture.d(10, 15))
        press(&m, .right, .down, .left, .up)
        #expect(m.selected == Fixture.d(10, 15))
        press(&m, .pageDown, .pageDown, .pageDown)
        #expect(m.selected == Fixture.d(1, 15, 2027))
        press(&m, .char("t"))
        #expect(m.selected == Fixture.today)
    }

    @Test("PgDn from the 31st lands on the next month's last day; Home and End go to the month's ends")
    func monthEdges() {
        var m = Fixture.model()
        press(&m, .end)
        #expect(m.selected == Fixture.d(10, 31))
        press(&m, .pageDown)
        #expect(m.selected == Fixture.d(11, 30))
        press(&m, .home)
        #expect(m.selected == Fixture.d(11, 1))
    }

    @Test("moving stops at the supported range and never crashes")
    func rangeEdges() {
        var m = Fixture.model()
        press(&m, .char("g"))
        type(&m, "2099-12-31")
        press(&m, .enter, .char("l"), .pageDown, .char("j"))
        #expect(m.selected == SupportedRange.last)
        expectWellFormed(view(m, width: 80, height: 24))
        press(&m, .char("g"))
        type(&m, "1901-01-01")
        press(&m, .enter, .char("h"), .pageUp, .char("k"))
        #expect(m.selected == SupportedRange.first)
        expectWellFormed(view(m, width: 80, height: 24))
    }

    @Test("g goes to a date; a bad date keeps the prompt open with a reason")
    func goTo() {
        var m = Fixture.model()
        press(&m, .char("g"))
        type(&m, "2027-02-30")
        press(&m, .enter)
        #expect(m.prompt?.error != nil)
        #expect(screenText(m).contains("日期应为 YYYY-MM-DD"))
        for _ in 0..<10 { press(&m, .backspace) }
        type(&m, "2027-02-06")
        press(&m, .enter)
        #expect(m.prompt == nil && m.selected == Fixture.d(2, 6, 2027))
        #expect(screenText(m).contains("正月"))   // 2027-02-06 is 正月初一
    }

    @Test("? opens the help; Escape, q and ? close it; q on the calendar returns quit")
    func help() {
        for closer in [Key.escape, .char("q"), .char("?")] {
            var m = Fixture.model(.en)
            #expect(press(&m, .char("?")).isEmpty)
            #expect(m.overlay == .help)
            #expect(screenText(m).contains("Help · keys"))
            #expect(press(&m, closer).isEmpty)
            #expect(m.overlay == nil)
            #expect(!screenText(m).contains("Help · keys"))
        }
        var m = Fixture.model()
        #expect(press(&m, .char("q")) == [.quit])
        #expect(press(&m, .ctrlC) == [.quit])
    }

    @Test("the help lists every key")
    func helpComplete() {
        var m = Fixture.model(.en)
        press(&m, .char("?"))
        let text = screenText(m, 120, 40)
        for key in ["h l", "k j", "PgUp PgDn", "Home End", "Tab", "1 2 3", "Enter", "x Space", "Esc", "Ctrl-L", "Ctrl-C"] {
            #expect(text.contains(key), "missing \(key)")
        }
        for key in ["t", "g", "v", "/", "?", "r", "n", "a", "m", "u", "p", "q"] {
            #expect(text.split(separator: "\n").contains { $0.contains("│ " + key + " ") || $0.contains("  " + key + "   ") },
                    "missing \(key)")
        }
    }

    @Test("Tab cycles calendar → agenda → upcoming → board → late; 1 2 3 jump; Shift-Tab goes back")
    func panes() {
        var m = Fixture.model()
        press(&m, .tab)
        #expect(m.screen == .calendar && m.pane == .agenda)
        press(&m, .tab)
        #expect(m.screen == .upcoming)
        #expect(screenText(m).contains("近期固定日 2026-10-15 至 2026-10-28"))
        press(&m, .tab)
        #expect(m.screen == .board)
        press(&m, .tab)
        #expect(m.screen == .late)
        press(&m, .tab)
        #expect(m.screen == .calendar && m.pane == .calendar)
        press(&m, .backTab)
        #expect(m.screen == .late)
        press(&m, .char("2"))
        #expect(m.screen == .upcoming)
        press(&m, .char("1"))
        #expect(m.screen == .calendar && m.pane == .calendar)
        press(&m, .char("3"), .char("q"))
        #expect(press(&m, .char("q")) == [.quit])
    }

    @Test("in the agenda, j and k move over fixed days and items; Escape returns to the calendar")
    func agendaCursor() {
        var m = Fixture.model()
        press(&m, .tab)
        #expect(m.agendaCursor == 0)
        press(&m, .char("j"), .char("j"))
        #expect(m.agendaCursor == 2)
        #expect(m.selectedItem?.id == 1)
        for _ in 0..<10 { press(&m, .char("j")) }
        #expect(m.agendaCursor == m.agenda.rows.count - 1)
        press(&m, .escape)
        #expect(m.pane == .calendar)
    }

    @Test("v picks a village (typing filters, CJK included) and back to all villages")
    func villagePicker() {
        var m = Fixture.model()
        press(&m, .char("v"))
        #expect(m.overlay == .villagePicker)
        type(&m, "乾潭")
        #expect(screenText(m).contains("乾潭村  qiantan"))
        press(&m, .enter)
        #expect(m.villageFilter == "qiantan" && m.overlay == nil)
        #expect(screenText(m).contains("乾潭镇 · 乾潭村"))
        press(&m, .char("v"), .home, .enter)
        #expect(m.villageFilter == nil)
        press(&m, .char("v"), .escape)
        #expect(m.overlay == nil && m.villageFilter == nil)
    }

    @Test("with one village the grid shows its rhythm marks; with all, the number of villages")
    func gridMarks() {
        var m = Fixture.model()
        #expect(screenText(m).contains("2村"))
        press(&m, .char("v"))
        type(&m, "sandu")
        press(&m, .enter)
        let text = screenText(m)
        #expect(text.contains("旬月"))   // 10-15: xun and month
        #expect(!text.contains("2村"))
    }

    @Test("in the upcoming list Enter on a fixed day opens that day's record; Escape goes back to the list")
    func upcomingEnter() {
        var m = Fixture.model()
        press(&m, .char("2"))
        for _ in 0..<4 { press(&m, .down) }
        #expect(press(&m, .enter) == [.loadDay(village: "sandu", scheduled: Fixture.d(10, 19))])
        #expect(m.overlay == .day)
        #expect(m.dayRecord?.village == "sandu" && m.dayRecord?.scheduled == Fixture.d(10, 19))
        // A reload asks for the record again.
        #expect(update(&m, .loaded(Fixture.snapshot())) == [.loadDay(village: "sandu", scheduled: Fixture.d(10, 19))])
        press(&m, .escape)
        #expect(m.overlay == nil && m.dayRecord == nil && m.screen == .upcoming)
    }

    @Test("in the agenda Enter on a fixed day's heading opens its record; on an item, the item's detail")
    func agendaEnterOnDay() {
        var m = Fixture.model()
        press(&m, .tab, .char("j"))   // 三都村's heading (after 乾潭村's)
        #expect(m.selectedItem == nil)
        #expect(press(&m, .enter) == [.loadDay(village: "sandu", scheduled: Fixture.today)])
        #expect(m.overlay == .day && m.dayRecord?.village == "sandu" && m.dayRecord?.scheduled == Fixture.today)
        press(&m, .escape)
        press(&m, .char("j"))
        #expect(press(&m, .enter) == [.loadHistory(item: 1)])
        #expect(m.overlay == .detail)
    }

    @Test("resize is remembered and the view follows any size")
    func resize() {
        var m = Fixture.model()
        #expect(update(&m, .resize(width: 132, height: 43)).isEmpty)
        #expect(m.terminalWidth == 132 && m.terminalHeight == 43)
        expectWellFormed(view(m, width: 132, height: 43))
    }
}
