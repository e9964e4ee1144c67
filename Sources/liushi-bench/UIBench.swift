import LiushiConfig
import LiushiCore
import LiushiUI

/// Issue 5: the terminal UI's model and view at township-and-beyond scale — 1,000 villages and
/// 100,000 items. Start to first screen (model creation, taking in the store snapshot, the first
/// full view) and one key press (update, view and the changed rows the backend would redraw).
enum UIBench {
    static let today = Day(year: 2026, month: 10, day: 15)!

    static func configuration(villages count: Int) -> LoadedConfiguration {
        let years = (try? ConfigLoader.shippedYears().get()) ?? []
        let calendar = WorkCalendar(official: years)
        let villages = EngineBench.provinceVillages(count).enumerated().map { i, v in
            var named = v
            named.name = ["三都村", "乾潭村", "子胥村", "胥岭村", "梓源村", "幸福村", "罗村", "安仁村"][i % 8] + String(i)
            named.people = [.liaison: "王建平", .instructor: "陈丽"]
            return named
        }
        return LoadedConfiguration(township: TownshipConfig(townshipName: "乾潭镇", villages: villages, file: "bench.yaml"),
                                   officialYears: years, calendar: calendar,
                                   schedule: Schedule(villages: villages, calendar: calendar), isShippedExample: false)
    }

    static func snapshot(_ config: LoadedConfiguration, items count: Int) -> StoreSnapshot {
        let villages = config.schedule.villages
        let titles = ["村道路灯维修", "垃圾分类积分兑换", "文化礼堂排练安排", "合作社分红方案", "Bridge repair 桥梁加固",
                      "低保户走访核查", "河道保洁责任落实", "宅基地审批公示"]
        var items: [Item] = []
        items.reserveCapacity(count)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17
            return Int(seed % 1_000_000)
        }
        for i in 0..<count {
            let stage: Stage = i % 10 == 9 ? .closed : .matter(Matter(rawValue: i % 6 + 1) ?? .sort)
            guard stage != .closed else { continue }
            items.append(Item(id: Int64(i + 1), village: villages[i % villages.count].id,
                              title: titles[i % titles.count] + "（第\(i / titles.count + 1)批）", stage: stage,
                              major: i % 37 == 0, createdAt: "2026-09-01T00:00:00Z", stageSince: today - next() % 60))
        }
        let marks = (0..<200).map { i in
            DayMark(village: villages[(i * 7) % villages.count].id, date: today - (i % 30),
                    status: i % 3 == 0 ? .held : (i % 3 == 1 ? .cancelled : .moved(to: today + 1)))
        }
        return StoreSnapshot(items: items, marks: marks)
    }

    static func run() throws {
        let config = configuration(villages: 1_000)
        let snap = snapshot(config, items: 100_000)

        for (w, h) in [(200, 60), (80, 24)] {
            var times: [Double] = []
            for _ in 0..<5 {
                let t0 = Measure.now()
                var model = Model(config: config, today: today, language: .zh, colors: true)
                _ = update(&model, .resize(width: w, height: h))
                _ = update(&model, .loaded(snap))
                let screen = view(model, width: w, height: h)
                _ = screen.changedRows(since: nil)
                times.append(Double(Measure.now() - t0))
            }
            // The first run pays for lazily built tables (lunar calendar); the best is the steady cost.
            Measure.report("ui.start_to_first_screen.\(w)x\(h).first", times[0] / 1e6, "ms")
            Measure.report("ui.start_to_first_screen.\(w)x\(h).best", (times.min() ?? 0) / 1e6, "ms")
        }

        // One-off costs of keys that rebuild a whole list from 100,000 items.
        for (name, keys) in [("open_board", [Key.char("3")]), ("open_upcoming", [.char("2")]),
                             ("search_board", [.char("3"), .char("/"), .char("路"), .char("灯"), .enter])] {
            var model = Model(config: config, today: today, language: .zh, colors: true)
            _ = update(&model, .loaded(snap))
            for k in keys.dropLast() { _ = update(&model, .key(k)) }
            let t0 = Measure.now()
            if let last = keys.last { _ = update(&model, .key(last)) }
            _ = view(model, width: 200, height: 60)
            Measure.report("ui.key.\(name).200x60", Double(Measure.now() - t0) / 1e6, "ms")
        }

        // Key presses on each screen: median of update + view + changedRows at 200×60.
        let cases: [(String, [Key], [Key])] = [
            ("calendar_day", [], [.char("l"), .char("l"), .char("h"), .char("h"), .char("j"), .char("k")]),
            ("calendar_month", [], [.pageDown, .pageUp]),
            ("agenda_row", [.tab], [.char("j"), .char("j"), .char("j"), .char("k")]),
            ("upcoming_row", [.char("2")], [.char("j"), .char("j"), .char("k")]),
            ("board_row", [.char("3")], [.char("j"), .char("l"), .char("j"), .char("h")]),
        ]
        for (name, setup, keys) in cases {
            var model = Model(config: config, today: today, language: .zh, colors: true)
            _ = update(&model, .resize(width: 200, height: 60))
            _ = update(&model, .loaded(snap))
            for k in setup { _ = update(&model, .key(k)) }
            var previous = view(model, width: 200, height: 60)
            var i = 0
            var changed = 0
            let t = Measure.median(runs: 101) {
                _ = update(&model, .key(keys[i % keys.count]))
                let screen = view(model, width: 200, height: 60)
                changed += screen.changedRows(since: previous).count
                previous = screen
                i += 1
            }
            Measure.report("ui.key.\(name).200x60", t / 1e6, "ms")
        }
    }
}
