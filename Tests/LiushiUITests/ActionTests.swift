import LiushiActualSchedule
import LiushiCore
@testable import LiushiUI
import Testing

@Suite("Actions")
struct ActionTests {
    /// The agenda of 2026-10-15 with the cursor on item #1.
    func onItem(_ lang: Language = .zh) -> Model {
        var m = Fixture.model(lang)
        press(&m, .tab, .char("j"), .char("j"))
        return m
    }

    @Test("advancing shows from-stage → to-stage, takes an optional note and emits .advance only on Enter")
    func advance() {
        var m = onItem()
        #expect(press(&m, .char("x")).isEmpty)
        #expect(m.prompt?.purpose == .advanceNote(item: 1, from: .matter(.discuss), to: .matter(.decide)))
        #expect(screenText(m).contains("议事 → 决事"))
        // Keys are typed into the note: nothing is emitted before Enter.
        for c in "代表会议已表决" { #expect(update(&m, .key(.char(c))).isEmpty) }
        #expect(m.prompt?.text == "代表会议已表决")
        #expect(press(&m, .enter) == [.advance(item: 1, from: .matter(.discuss), to: .matter(.decide), note: "代表会议已表决")])
        #expect(m.prompt == nil)
        // The item is shown as advanced only once the runner sends the new snapshot.
        #expect(m.agenda.item(at: m.agendaCursor)?.1.stage == .matter(.discuss))
        var items = Fixture.items()
        items[0].stage = .matter(.decide)
        _ = update(&m, .loaded(StoreSnapshot(items: items, message: "#1 已推进到决事")))
        #expect(screenText(m).contains("#1 已推进到决事"))
    }

    @Test("Space advances too; Enter on an empty note advances without one; Escape cancels, whatever was typed")
    func advanceKeys() {
        var m = onItem(.en)
        press(&m, .char(" "))
        #expect(screenText(m).contains("discuss → decide"))
        #expect(press(&m, .enter) == [.advance(item: 1, from: .matter(.discuss), to: .matter(.decide), note: "")])
        press(&m, .char("x"))
        #expect(press(&m, .char("n")).isEmpty && m.prompt?.text == "n")
        #expect(press(&m, .escape).isEmpty && m.prompt == nil)
        press(&m, .char("x"))
        #expect(press(&m, .escape).isEmpty && m.prompt == nil)
        var none = Fixture.model()
        press(&none, .char("x"))
        #expect(none.prompt == nil && none.message?.isError == true)
    }

    @Test("prompts accept CJK characters and Backspace removes one whole character")
    func cjkPrompt() {
        var m = onItem()
        press(&m, .char("r"))
        #expect(m.prompt?.purpose == .returnReason(item: 1, from: .matter(.discuss)))
        type(&m, "方案未通过表决")
        press(&m, .backspace, .backspace)
        #expect(m.prompt?.text == "方案未通过")
        #expect(screenText(m).contains("退回 #1 的原因：方案未通过"))
        type(&m, "👨‍👩‍👧")
        press(&m, .backspace)
        #expect(m.prompt?.text == "方案未通过")
        #expect(press(&m, .enter) == [.returnItem(item: 1, from: .matter(.discuss), note: "方案未通过")])
    }

    @Test("Escape cancels a text prompt; q is typed into it")
    func promptEscape() {
        var m = Fixture.model()
        press(&m, .char("/"))
        type(&m, "q")
        #expect(m.prompt?.text == "q")
        #expect(press(&m, .escape).isEmpty)
        #expect(m.prompt == nil && m.search.isEmpty)
    }

    @Test("marking a day moved emits .markDay with .moved(to:)")
    func markMoved() {
        var m = Fixture.model()
        press(&m, .tab, .char("j"), .char("j"), .char("j"), .char("j"))   // 三都村's fixed day (after 乾潭村)
        #expect(press(&m, .char("m")).isEmpty)
        #expect(m.prompt?.purpose == .markChoice(village: "sandu", date: Fixture.today))
        press(&m, .char("m"))
        type(&m, "2026-10-16")
        let effects = press(&m, .enter)
        #expect(effects == [.markDay(DayMark(village: "sandu", date: Fixture.today, status: .moved(to: Fixture.d(10, 16))))])
        // Until the runner reloads, the day stays where it was.
        #expect(m.agenda.groups.contains { $0.village.id == "sandu" })
        let mark = DayMark(village: "sandu", date: Fixture.today, status: .moved(to: Fixture.d(10, 16)))
        _ = update(&m, .loaded(StoreSnapshot(items: Fixture.items(), marks: [mark])))
        // On its old date it is only a "moved to" line, without items.
        #expect(!m.agenda.groups.contains { $0.village.id == "sandu" && $0.entry != nil && !$0.movedAway })
        #expect(m.agenda.groups.contains { $0.village.id == "sandu" && $0.movedAway && $0.items.isEmpty
                                           && $0.entry?.movedTo == Fixture.d(10, 16) })
        #expect(screenText(m).contains("改到 2026-10-16"))
        press(&m, .char("l"))
        #expect(m.agenda.groups.contains { $0.village.id == "sandu" && $0.entry?.record == DayRecord.fold([mark]).first })
        #expect(m.agenda.groups.contains { $0.village.id == "sandu" && $0.entry?.movedFrom == Fixture.today && $0.entry?.state == .moved })
        #expect(screenText(m).contains("改期自10-15"))
        #expect(m.agenda.groups.first { $0.entry != nil }?.items.map(\.id) == [1, 2])
    }

    @Test("marking held (attendance, then minutes) and cancelled; a bad new date is refused")
    func markOthers() {
        var m = Fixture.model()
        press(&m, .tab, .char("m"))
        // Held opens the day's record and asks who came: Enter takes the day's attendees.
        #expect(press(&m, .char("h")) == [.loadDay(village: "qiantan", scheduled: Fixture.today)])
        #expect(m.overlay == .day)
        #expect(m.prompt?.purpose == .attendance(village: "qiantan", date: Fixture.today,
                                                 defaults: [.liaison, .committees, .representatives]))
        #expect(press(&m, .enter).isEmpty)
        #expect(m.prompt?.purpose == .minutes(village: "qiantan", date: Fixture.today, attended: [.liaison, .committees, .representatives]))
        type(&m, "议定三件事")
        #expect(press(&m, .enter) == [.markDay(DayMark(village: "qiantan", date: Fixture.today, status: .held,
                                                       attended: [.liaison, .committees, .representatives], minutes: "议定三件事"))])
        // Typed attendance: numbers and names; a word that is no role is refused.
        press(&m, .char("h"))
        type(&m, "1 村两委干部 x")
        #expect(press(&m, .enter).isEmpty && m.prompt?.error != nil)
        press(&m, .backspace, .backspace)
        #expect(press(&m, .enter).isEmpty)
        #expect(press(&m, .enter) == [.markDay(DayMark(village: "qiantan", date: Fixture.today, status: .held,
                                                       attended: [.liaison, .committees]))])
        press(&m, .char("m"), .char("c"))
        type(&m, "下雨")
        #expect(press(&m, .enter) == [.markDay(DayMark(village: "qiantan", date: Fixture.today, status: .cancelled, note: "下雨"))])
        press(&m, .char("m"), .char("m"))
        type(&m, "2026-10-15")
        #expect(press(&m, .enter).isEmpty && m.prompt?.error != nil)
        var none = Fixture.model()
        press(&none, .char("t"), .char("l"), .char("l"), .char("m"))   // 10-17: no fixed day
        #expect(none.prompt == nil && none.message?.isError == true)
    }

    @Test("a adds an item: to the chosen village, or after choosing one when all are shown")
    func add() {
        var m = Fixture.model()
        press(&m, .char("a"))
        #expect(m.overlay == .villagePicker)
        type(&m, "三都")
        press(&m, .enter)
        #expect(m.prompt?.purpose == .addTitle(village: "sandu"))
        type(&m, "修缮祠堂")
        #expect(press(&m, .enter) == [.addItem(village: "sandu", title: "修缮祠堂")])
        var one = Fixture.model()
        press(&one, .char("v"))
        type(&one, "qiantan")
        press(&one, .enter, .char("a"))
        type(&one, "  ")
        #expect(press(&one, .enter).isEmpty && one.prompt?.error != nil)
        type(&one, "x")
        #expect(press(&one, .enter) == [.addItem(village: "qiantan", title: "x")])
    }

    @Test("u undoes, p prints the village's schedule for the selected year")
    func undoPrint() {
        var m = Fixture.model()
        #expect(press(&m, .char("u")) == [.undo])
        #expect(screenText(m).contains("正在撤销"))
        _ = update(&m, .loaded(Fixture.snapshot()))
        #expect(m.message == nil)
        press(&m, .char("p"))
        #expect(m.overlay == .villagePicker)
        type(&m, "sandu")
        #expect(press(&m, .enter) == [.printSchedule(village: "sandu", year: 2026)])
        _ = update(&m, .info("已写入 /tmp/sandu-2026.html"))
        #expect(screenText(m).contains("已写入 /tmp/sandu-2026.html"))
        press(&m, .pageDown, .pageDown, .pageDown)
        _ = update(&m, .failed("磁盘已满"))
        #expect(m.message == StatusMessage("磁盘已满", isError: true))
        press(&m, .char("v"))
        type(&m, "sandu")
        press(&m, .enter)
        #expect(press(&m, .char("p")) == [.printSchedule(village: "sandu", year: 2027)])
    }

    @Test("/ filters the board and the agenda by title; Escape clears it")
    func search() {
        var m = Fixture.model()
        press(&m, .char("/"))
        type(&m, "路灯")
        press(&m, .enter)
        #expect(m.search == "路灯")
        #expect(m.agenda.groups.count == 1 && m.agenda.groups[0].items.map(\.id) == [1])
        press(&m, .char("3"))
        #expect(m.board.columns.map(\.count) == [0, 1, 0, 0, 0, 0])
        #expect(screenText(m).contains("搜索：路灯"))
        press(&m, .escape)
        #expect(m.search.isEmpty)
        #expect(m.board.columns.map(\.count) == [1, 2, 1, 1, 0, 0])
        press(&m, .char("/"))
        type(&m, "bridge")
        press(&m, .enter)
        #expect(m.board.columns[3].count == 1)
    }

    @Test("the board moves by column and row; Enter opens the detail, which loads its history and takes a note")
    func boardDetail() {
        var m = Fixture.model()
        press(&m, .char("3"), .char("l"), .char("j"))
        #expect(m.selectedItem?.id == 2)
        // Opening the detail asks for its history at once.
        #expect(press(&m, .enter) == [.loadHistory(item: 2)])
        #expect(m.overlay == .detail)
        #expect(screenText(m).contains("正在读取历史"))
        // The runner loads history when the detail opens: it is asked for on reload too.
        #expect(update(&m, .loaded(Fixture.snapshot())) == [.loadHistory(item: 2)])
        _ = update(&m, .history(2, [
            UIEvent(time: "2026-10-01 09:00", user: "李强", kind: .add, to: .matter(.sort)),
            UIEvent(time: "2026-10-08 19:30", user: "王明", kind: .advance, from: .matter(.sort), to: .matter(.discuss),
                    note: "村民代表一致同意提交议事"),
        ]))
        let text = screenText(m)
        #expect(text.contains("理事 → 议事") && text.contains("村民代表一致同意提交议事"))
        press(&m, .char("n"))
        type(&m, "已联系供应商")
        #expect(press(&m, .enter) == [.addNote(item: 2, text: "已联系供应商")])
        press(&m, .char("x"))
        #expect(m.prompt?.purpose == .advanceNote(item: 2, from: .matter(.discuss), to: .matter(.decide)))
        #expect(press(&m, .enter) == [.advance(item: 2, from: .matter(.discuss), to: .matter(.decide), note: "")])
        press(&m, .char("q"))
        #expect(m.overlay == nil)
        #expect(press(&m, .char("q")) == [.quit])
    }

    @Test("an item closed from its detail shows as closed: the snapshot leaves it out, its history says so")
    func closedFromDetail() {
        var m = Fixture.model()
        press(&m, .char("3"), .char("l"), .char("j"))
        press(&m, .enter)
        var without = Fixture.snapshot()
        without.items.removeAll { $0.id == 2 }
        without.closedByVillage = ["sandu": 1]
        #expect(update(&m, .loaded(without)) == [.loadHistory(item: 2)])
        _ = update(&m, .history(2, [
            UIEvent(time: "2026-10-01 09:00", user: "李强", kind: .add, to: .matter(.evaluate)),
            UIEvent(time: "2026-12-30 16:00", user: "王明", kind: .advance, from: .matter(.evaluate), to: .closed),
            UIEvent(time: "2026-12-30 16:05", user: "王明", kind: .note, note: "归档"),
        ]))
        #expect(m.detail?.item.stage == .closed)
        #expect(screenText(m).contains("已办结"))
    }

    @Test("Enter on an agenda item opens its detail; Escape closes it")
    func agendaDetail() {
        var m = onItem(.en)
        press(&m, .enter)
        #expect(m.overlay == .detail)
        #expect(screenText(m).contains("村道路灯维修"))
        press(&m, .escape)
        #expect(m.overlay == nil && m.pane == .agenda)
    }

    @Test("a closed item cannot advance; a sort item cannot be returned")
    func stageLimits() {
        var m = Fixture.model()
        press(&m, .char("3"))   // 理事 column: #3
        press(&m, .char("r"))
        #expect(m.prompt == nil && m.message?.isError == true)
    }

    @Test("items due outside a fixed day show under daily work")
    func dailyItems() {
        var m = Fixture.model()
        press(&m, .char("l"))   // 10-16: #4 is due, no fixed day
        #expect(m.agenda.groups.count == 1 && m.agenda.groups[0].entry == nil)
        #expect(screenText(m).contains("日办"))
    }

    @Test("the model opens before the store answers and asks for it first")
    func initial() {
        let m = Fixture.model(loaded: false)
        #expect(m.initialEffects == [.reload])
        expectWellFormed(view(m, width: 80, height: 24))
    }
}
