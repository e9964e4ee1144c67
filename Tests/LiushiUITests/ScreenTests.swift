import LiushiCore
@testable import LiushiUI
import Testing

@Suite("Screens")
struct ScreenTests {
    @Test("the opening screen at 80×24 in Chinese matches the golden file")
    func openingChinese() {
        let m = Fixture.model(.zh)
        #expect(m.screen == .calendar && m.pane == .calendar && m.selected == Fixture.today)
        expectGolden(screenText(m), "opening-zh.txt")
    }

    @Test("the opening screen at 80×24 in English matches the golden file")
    func openingEnglish() {
        expectGolden(screenText(Fixture.model(.en)), "opening-en.txt")
    }

    @Test("the upcoming list, the board, the help and a village's calendar match their golden files")
    func otherScreens() {
        var m = Fixture.model(.zh)
        press(&m, .char("2"))
        expectGolden(screenText(m), "upcoming-zh.txt")
        press(&m, .char("3"))
        expectGolden(screenText(m), "board-zh.txt")
        press(&m, .char("?"))
        expectGolden(screenText(m), "help-zh.txt")
        var e = Fixture.model(.en)
        press(&e, .char("?"))
        expectGolden(screenText(e), "help-en.txt")
        var v = Fixture.model(.zh)
        press(&v, .char("v"), .down, .enter, .tab)
        #expect(v.villageFilter == "sandu")
        expectGolden(screenText(v), "sandu-agenda-zh.txt")
    }

    @Test("the month grid shows 休 on 2026-10-01 and 班 on 2026-10-10")
    func holidayMarks() {
        let b = view(Fixture.model(.zh), width: 80, height: 24)
        // October 2026: Thursday the 1st is in the first week row; Saturday the 10th in the second.
        let lines = b.lines()
        let first = lines.firstIndex { $0.contains(" 1 休") }
        #expect(first != nil)
        #expect(lines.contains { $0.contains("10 班") })
        #expect(!lines.contains { $0.contains(" 8 休") })
        for lang in [Language.zh, .en] {
            #expect(screenText(Fixture.model(lang)).contains(" 1 休"))
        }
    }

    @Test("below 80×24 the view is a centred message, for every tiny size", arguments: [
        (79, 24), (80, 23), (0, 0), (1, 1), (2, 30), (40, 10), (200, 3),
    ])
    func tooSmall(_ size: (Int, Int)) {
        for lang in [Language.zh, .en] {
            let b = view(Fixture.model(lang), width: size.0, height: size.1)
            #expect(b.width == size.0 && b.height == size.1)
            expectWellFormed(b)
            let text = b.lines().joined()
            if size.0 >= 40 && size.1 > 0 {
                #expect(text.contains(lang == .zh ? "终端太小" : "terminal too small (need 80×24)"))
            }
        }
        let b = view(Fixture.model(.en), width: 79, height: 24)
        let row = b.lines()[11]
        let lead = row.prefix { $0 == " " }.count
        #expect(row.hasSuffix("terminal too small (need 80×24)") && abs(lead - (79 - 31) / 2) <= 1)
    }

    @Test("every screen, overlay and size keeps rows within the width and wide characters whole")
    func wellFormed() {
        let setups: [[Key]] = [
            [], [.tab], [.char("2")], [.char("3")], [.char("?")], [.char("v")], [.char("a")],
            [.tab, .down, .enter], [.char("3"), .right, .enter], [.char("g")], [.tab, .down, .char("x")],
        ]
        for lang in [Language.zh, .en] {
            for keys in setups {
                var m = Fixture.model(lang)
                for k in keys { _ = update(&m, .key(k)) }
                for (w, h) in [(80, 24), (81, 25), (97, 31), (120, 40), (200, 60)] {
                    expectWellFormed(view(m, width: w, height: h))
                }
            }
        }
    }

    @Test("with colours off no cell has a foreground or background colour; bold and reverse remain")
    func noColor() {
        for keys in [[], [Key.char("2")], [.char("3")], [.char("?")], [.char("u")], [.tab, .down]] {
            var m = Fixture.model(.zh, colors: false)
            for k in keys { _ = update(&m, .key(k)) }
            _ = update(&m, .failed("出错了"))
            let b = view(m, width: 100, height: 30)
            #expect(b.cells.allSatisfy { $0.style.fg == .none && $0.style.bg == .none })
            #expect(b.cells.contains { $0.style.reverse })
            #expect(b.cells.contains { $0.style.bold })
        }
        let colored = view(Fixture.model(.zh, colors: true), width: 80, height: 24)
        #expect(colored.cells.contains { $0.style.fg != .none })
    }

    @Test("long names are cut with … by display width")
    func truncation() {
        var m = Fixture.model(.zh)
        press(&m, .char("g"))
        type(&m, "2026-10-08")
        press(&m, .enter, .tab)
        let text = screenText(m)
        #expect(text.contains("大洋村股份"))
        #expect(text.contains("…"))
        expectWellFormed(view(m, width: 80, height: 24))
    }

    @Test("a provisional year is flagged on the calendar")
    func provisional() {
        var m = Fixture.model(.zh)
        press(&m, .char("g"))
        type(&m, "2027-03-01")
        press(&m, .enter)
        #expect(screenText(m).contains("节假日暂定"))
        #expect(!screenText(Fixture.model(.zh)).contains("节假日暂定"))
        var e = Fixture.model(.en)
        press(&e, .char("g"))
        type(&e, "2027-03-01")
        press(&e, .enter)
        #expect(screenText(e).contains("provisional"))
        #expect(!screenText(Fixture.model(.en)).contains("provisional"))
    }

    @Test("a key press changes only some rows, and the same model always draws the same screen")
    func changedRowsAfterKey() {
        var m = Fixture.model()
        let before = view(m, width: 80, height: 24)
        #expect(view(m, width: 80, height: 24) == before)
        press(&m, .char("l"))
        let after = view(m, width: 80, height: 24)
        let rows = after.changedRows(since: before)
        #expect(!rows.isEmpty && rows.count < 24)
        #expect(!rows.contains(0) && !rows.contains(23))
    }

    @Test("the board counts closed items the runner left out of the snapshot, per village filter")
    func closedCountsFromTheStore() {
        var m = Fixture.model(.zh)
        var snapshot = Fixture.snapshot()
        snapshot.closedByVillage = ["sandu": 2, "dayang": 5]
        _ = update(&m, .loaded(snapshot))
        press(&m, .char("3"))
        // The counts replace the fixture's (one closed item of sandu): 2 + 5.
        #expect(screenText(m).contains("已办结 7 项"))
        #expect(screenText(m).contains("在办 5 项"))
        press(&m, .char("v"))
        type(&m, "dayang")
        press(&m, .enter)
        #expect(screenText(m).contains("已办结 5 项"))
    }
}
