import LiushiConfig
import LiushiCore
@testable import LiushiUI
import Testing

/// The fixture's villages as a county of two townships: 乾潭镇 (qiantan: 三都村, 乾潭村) and
/// 梅城镇 (meicheng: 大洋村…), named 建德市.
enum CountyFixture {
    static func config() -> LoadedConfiguration {
        let calendar = WorkCalendar(official: [Fixture.year2026])
        var villages = Fixture.villages()
        for k in villages.indices { villages[k].townshipName = villages[k].id == "dayang" ? "梅城镇" : "乾潭镇" }
        let qiantan = TownshipConfig(townshipName: "乾潭镇", villages: villages.filter { $0.id != "dayang" },
                                     file: "townships/qiantan.yaml", id: "qiantan")
        let meicheng = TownshipConfig(townshipName: "梅城镇", villages: villages.filter { $0.id == "dayang" },
                                      file: "townships/meicheng.yaml", id: "meicheng")
        var c = LoadedConfiguration(township: TownshipConfig(townshipName: "建德市", villages: villages, file: "townships", id: ""),
                                    officialYears: [Fixture.year2026], calendar: calendar,
                                    schedule: Schedule(villages: villages, calendar: calendar), isShippedExample: false)
        c.townships = [meicheng, qiantan]
        c.allTownships = c.townships
        c.countyName = "建德市"
        c.isCounty = true
        return c
    }

    static func model(_ lang: Language = .zh, township: String? = nil) -> Model {
        var m = Model(config: config(), today: Fixture.today, language: lang, colors: true, township: township)
        _ = update(&m, .loaded(Fixture.snapshot()))
        return m
    }
}

@Suite("Township chooser")
struct TownshipPickerTests {
    @Test("T opens the township chooser: all townships first, then each with its id and village count")
    func chooserScreen() {
        var m = CountyFixture.model(.zh)
        press(&m, .char("T"))
        #expect(m.overlay == .villagePicker)
        expectGolden(screenText(m), "township-picker-zh.txt")
        var e = CountyFixture.model(.en)
        press(&e, .char("T"))
        expectGolden(screenText(e), "township-picker-en.txt")
    }

    @Test("choosing a township narrows the upcoming list, the board and the village picker to its villages")
    func choosingNarrows() {
        var m = CountyFixture.model(.zh)
        press(&m, .char("2"))
        let before = Set(m.upcoming.groups.map(\.village.id))
        #expect(before.contains("dayang") && before.contains("sandu"))
        // Choices: all, 梅城镇, 乾潭镇 — the second is 梅城镇.
        press(&m, .char("T"), .down, .enter)
        #expect(m.townshipFilter == "meicheng")
        #expect(m.overlay == nil)
        #expect(Set(m.upcoming.groups.map(\.village.id)) == ["dayang"])
        expectGolden(screenText(m), "township-upcoming-zh.txt")
        press(&m, .char("3"))
        let shown = m.board.columns.flatMap { $0 }.map { m.items[Int($0)].village }
        #expect(!shown.isEmpty && shown.allSatisfy { $0 == "dayang" })
        press(&m, .char("v"))
        #expect(m.pickerChoices(m.picker!).compactMap { $0?.id } == ["dayang"])
        press(&m, .escape)
        // Back to all townships.
        press(&m, .char("T"), .home, .enter)
        #expect(m.townshipFilter == nil)
        press(&m, .char("2"))
        #expect(Set(m.upcoming.groups.map(\.village.id)) == before)
    }

    @Test("the store is read for the chosen township of a county; choosing one it was not read for reads it again")
    func storeScope() {
        #expect(Fixture.model().storeScope == nil, "a single township reads every village")
        var m = CountyFixture.model(.zh)
        #expect(m.storeScope == nil)
        // Read for every village: any township is covered, nothing to read again.
        #expect(press(&m, .char("T"), .down, .enter) == [])
        #expect(m.storeScope == ["dayang"])
        // Read for 梅城镇 only (as with --township meicheng): 乾潭镇 needs a new read, and so do all townships.
        var n = Model(config: CountyFixture.config(), today: Fixture.today, language: .zh, colors: true, township: "meicheng")
        #expect(n.storeScope == ["dayang"])
        #expect(Model.storeScope(config: CountyFixture.config(), township: "meicheng") == ["dayang"])
        _ = update(&n, .loaded(StoreSnapshot(items: Fixture.items().filter { $0.village == "dayang" }, villages: ["dayang"])))
        #expect(press(&n, .char("T"), .enter) == [], "the same township again")
        #expect(press(&n, .char("T"), .down, .enter) == [.reload])
        #expect(n.townshipFilter == "qiantan" && n.storeScope == ["sandu", "qiantan"])
        _ = update(&n, .loaded(StoreSnapshot(items: Fixture.items().filter { $0.village != "dayang" }, villages: ["sandu", "qiantan"])))
        #expect(n.items.map(\.id) == [1, 2, 3, 4])
        #expect(press(&n, .char("T"), .home, .enter) == [.reload])
        #expect(n.storeScope == nil)
    }

    @Test("typing filters the chooser by name or id; a chosen village outside the new township is let go")
    func typingAndVillageFilter() {
        var m = CountyFixture.model(.zh)
        press(&m, .char("v"), .down, .enter)
        #expect(m.villageFilter == "sandu")
        press(&m, .char("T"))
        type(&m, "mei")
        #expect(m.townshipChoices(m.picker!).map { $0?.id } == ["meicheng"])
        press(&m, .enter)
        #expect(m.townshipFilter == "meicheng" && m.villageFilter == nil)
    }

    @Test("--township opens the UI on that township")
    func startsOnTownship() {
        let m = CountyFixture.model(.zh, township: "qiantan")
        #expect(m.townshipFilter == "qiantan")
        #expect(m.filterName == "乾潭镇")
        #expect(m.chosenVillages.map { $0.map { m.config.schedule.villages[$0].id } } == ["qiantan", "sandu"])
    }
}
