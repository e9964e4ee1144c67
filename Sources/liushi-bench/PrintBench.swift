import LiushiActualSchedule
import LiushiCore
import LiushiReports

/// Issue "print": a village's year in every format, and every village of a 40-village township
/// as one html document. Budgets: ≤ 20 ms a format for one village, ≤ 300 ms for the township.
enum PrintBench {
    static let township = "乾潭镇"
    static let names = ["三都", "下徐", "里新", "乾潭", "胥岭", "罗村", "幽谷", "姚村", "梓里", "长林"]

    /// Villages with all five rhythms, times, attendees and named people, as a real township has.
    static func villages(_ count: Int) -> [Village] {
        (0..<count).map { i in
            let rules = [
                Rule(rhythm: .week, day: .weekday(i % 5 + 1), matters: [.sort], time: 8 * 60 + 30, duration: 90,
                     attendees: [.committees, .instructor]),
                Rule(rhythm: .xun, day: .nth(i % 10 + 1), holiday: i % 3 == 0 ? .skip : .later, matters: [.supervise],
                     attendees: [.supervisors]),
                Rule(rhythm: .month, day: .nth(15), matters: [.discuss], time: 14 * 60,
                     attendees: [.committees, .representatives]),
                Rule(rhythm: .quarter, day: .nth(10), month: 1, matters: [.decide], attendees: Role.allCases),
                Rule(rhythm: .year, day: .nthWorkday(ordinal: -1), month: 12, matters: [.evaluate],
                     attendees: [.liaison, .committees, .representatives]),
            ]
            let name = names[i % names.count] + (i < names.count ? "" : String(i / names.count + 1)) + "村"
            return Village(id: "v" + String(100 + i), name: name,
                           people: [.liaison: "王明", .instructor: "李强\(i)", .committees: "陈书记"], rules: rules)
        }
    }

    /// Two items due on every monthly day of every village.
    static func annotations(_ schedule: Schedule, _ days: [FixedDay]) -> [String: [Day: [DueItem]]] {
        var items: [String: [Day: [DueItem]]] = [:]
        for f in days where f.rhythms.contains(.month) {
            let id = schedule.villages[Int(f.village)].id
            items[id, default: [:]][f.date] = [
                DueItem(id: Int64(f.date.n), title: "村道路灯维修, 二期", stage: .matter(.discuss), carryOvers: 1),
                DueItem(id: Int64(f.date.n) + 1, title: "文化礼堂排练安排", stage: .matter(.discuss)),
            ]
        }
        return items
    }

    static func document(_ schedule: Schedule, villages subset: [Int]?, from a: Day, to b: Day) throws -> PrintDocument {
        let days = try schedule.expand(from: a, to: b, villages: subset)
        let due = annotations(schedule, days)
        var entries = ActualSchedule(schedule: schedule, today: a).resolve(days)
        for i in entries.indices { entries[i].items = due[entries[i].village.id]?[entries[i].scheduledDate] ?? [] }
        let shown = subset.map { $0.map { schedule.villages[$0] } } ?? schedule.villages
        let provisional = (a.year...b.year).filter { schedule.calendar.years[$0]?.provisional ?? true }
        return PrintDocument(townshipName: township, villages: shown, from: a, to: b, entries: entries, language: .zh,
                             provisionalYears: provisional, generatedOn: a)
    }

    static func run() throws {
        let calendar = WorkCalendar(official: [])
        let schedule = Schedule(villages: villages(40), calendar: calendar)
        guard let a = Day(year: 2027, month: 1, day: 1), let b = Day(year: 2027, month: 12, day: 31) else { return }

        let one = try document(schedule, villages: [0], from: a, to: b)
        Measure.report("print.village_year.entries", Double(one.entries.count), "days")
        let t = try Measure.median(runs: 21) { _ = try document(schedule, villages: [0], from: a, to: b) }
        Measure.report("print.village_year.expand_and_resolve", t / 1e6, "ms")
        let formats: [(String, (PrintDocument) -> String)] = [
            ("text", TextSchedule.render), ("html", HTMLSchedule.render), ("csv", CSVSchedule.render),
            ("ics", ICSSchedule.render), ("json", { ScheduleJSON.render($0.entries) }),
        ]
        for (name, render) in formats {
            var bytes = 0
            let t = Measure.median(runs: 21) { bytes = render(one).utf8.count }
            Measure.report("print.village_year.\(name)", t / 1e6, "ms")
            Measure.report("print.village_year.\(name).size", Double(bytes) / 1024, "KB")
        }

        // --all: the township's 40 villages for the year, one html document, including expansion.
        var entries = 0, bytes = 0
        let all = try Measure.median(runs: 7) {
            let doc = try document(schedule, villages: nil, from: a, to: b)
            entries = doc.entries.count
            bytes = HTMLSchedule.render(doc).utf8.count
        }
        Measure.report("print.township40_year.entries", Double(entries), "days")
        Measure.report("print.township40_year.html_total", all / 1e6, "ms")
        Measure.report("print.township40_year.html.size", Double(bytes) / 1024, "KB")
        let doc = try document(schedule, villages: nil, from: a, to: b)
        for (name, render) in formats {
            let t = Measure.median(runs: 5) { _ = render(doc) }
            Measure.report("print.township40_year.\(name)", t / 1e6, "ms")
        }
    }
}
