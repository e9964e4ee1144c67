import Foundation
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiStore

/// Issue "matters and the store": a township-of-townships database of 1,000 villages, 100,000
/// items and 1,000,000 events. Measures opening it and finding the items due in the next 14
/// days (target ≤ 50 ms), committing one day mark (median of 100, target ≤ 2 ms), and peak
/// memory (target ≤ 100 MB).
enum StoreBench {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static let villageCount = 1_000
    static let itemCount = 100_000
    static let eventTotal = 1_000_000
    static let marksPerVillage = 2
    /// "Today" of the benchmark: a Monday in March 2027.
    static let today = Day(Day.daysFromCivil(2027, 3, 15))

    static func villages() -> [Village] {
        (0..<villageCount).map { i in
            let rules = [
                Rule(rhythm: .week, day: .weekday(i % 5 + 1), matters: [.sort], time: 8 * 60 + 30),
                Rule(rhythm: .xun, day: .nth(i % 10 + 1), matters: [.supervise]),
                Rule(rhythm: .month, day: .nthWeekday(ordinal: -1, weekday: 5), matters: [.discuss]),
                Rule(rhythm: .quarter, day: .nth(i % 28 + 1), month: i % 3 + 1, matters: [.decide]),
                Rule(rhythm: .year, day: .nthWorkday(ordinal: -1), matters: [.evaluate]),
            ]
            return Village(id: villageID(i), name: "村\(i)", rules: rules)
        }
    }

    static func villageID(_ i: Int) -> String { "v" + String(100_000 + i) }

    static func log(_ text: String) {
        FileHandle.standardError.write(Data(("liushi-bench store: " + text + "\n").utf8))
    }

    /// Stage of item k: 30 % closed, the rest spread over the six matters.
    static func stage(_ k: Int) -> Stage {
        k % 10 < 3 ? .closed : .matter(Matter.allCases[(k / 10) % 6])
    }

    static func generate(path: String) throws {
        // Structural events: one add, and one advance per stage passed.
        var structural = 0
        for k in 0..<itemCount {
            structural += 1 + (Stage.allCases.firstIndex(of: stage(k)) ?? 0)
        }
        let markCount = villageCount * marksPerVillage
        let notes = eventTotal - structural - markCount
        let notesPerItem = notes / itemCount, extraNotes = notes % itemCount
        let time = "2027-01-04T09:00:00+08:00"
        try BulkLoader.load(path: path) { loader in
            for k in 0..<itemCount {
                let v = villageID(k % villageCount)
                let final = stage(k)
                let since = today - (k &* 7919) % 120
                let created = since - 30
                let id = try loader.addItem(village: v, title: "事项\(k) 村道路灯维修与垃圾分类点位", stage: final, major: k % 17 == 0,
                                            createdAt: time, stageSince: since)
                try loader.addEvent(itemID: id, time: time, user: "clerk", kind: .add, from: nil, to: .matter(.sort), note: "")
                var s = Stage.matter(.sort)
                var day = created
                while s != final, let next = s.next {
                    let nextDay = next == final ? since : day + 1
                    try loader.addEvent(itemID: id, time: time, user: "clerk", kind: .advance, from: s, to: next, note: "",
                                        fixedDay: (v, nextDay), prevSince: day)
                    s = next
                    day = nextDay
                }
                for n in 0..<(notesPerItem + (k < extraNotes ? 1 : 0)) {
                    try loader.addEvent(itemID: id, time: time, user: "clerk", kind: .note, from: nil, to: nil, note: "进展 \(n)")
                }
                if k % 20_000 == 19_999 { log("\(k + 1) items") }
            }
            for v in 0..<villageCount {
                for m in 0..<marksPerVillage {
                    let date = today - 7 * (m + 1)
                    let status: DayStatus = m == 0 ? .moved(to: date + 1) : .held
                    try loader.addMark(DayMark(village: villageID(v), date: date, status: status, note: "", attended: [.committees]),
                                       time: time, user: "clerk")
                }
            }
        }
    }

    static func run() throws {
        let path = FileManager.default.temporaryDirectory.path + "/liushi-bench-\(getpid()).sqlite"
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        log("generating \(itemCount) items, \(eventTotal) events for \(villageCount) villages in \(path)")
        let g0 = Measure.now()
        try generate(path: path)
        Measure.report("store.generate", Double(Measure.now() - g0) / 1e9, "s")
        Measure.report("store.rss_after_generate", Double(Measure.statusKB("VmRSS")) / 1024, "MB")
        var st = stat()
        Measure.report("store.file_size", stat(path, &st) == 0 ? Double(st.st_size) / 1_048_576 : 0, "MB")

        let official: [HolidayYear]
        switch ConfigLoader.shippedYears() {
        case .success(let years): official = years
        case .failure(let e): throw e
        }
        let schedule = Schedule(villages: villages(), calendar: WorkCalendar(official: official))
        let check = try Store.open(path: path)
        Measure.report("store.events", Double(try check.eventCount()), "events")
        check.close()

        // Open the file and find the items due in the next 14 days: from the item states (a
        // covering index), and, as `item list --due-by` does, from whole items with their titles.
        var open: [Double] = [], load: [Double] = [], agenda: [Double] = [], total: [Double] = [], whole: [Double] = []
        var dueCount = 0, openCount = 0
        let end = today + 13
        for _ in 0..<7 {
            let t0 = Measure.now()
            let store = try Store.open(path: path)
            let t1 = Measure.now()
            let states = try store.itemStates()
            let marks = try store.dayMarks(village: nil)
            let t2 = Measure.now()
            let due = DueDates.due(states: states, schedule: schedule, records: DayRecord.fold(marks), today: today)
            dueCount = states.reduce(0) { n, item in n + ((due[item.id]?.due).map { $0 <= end ? 1 : 0 } ?? 0) }
            let t3 = Measure.now()
            openCount = states.count
            store.close()
            open.append(Double(t1 - t0)); load.append(Double(t2 - t1)); agenda.append(Double(t3 - t2)); total.append(Double(t3 - t0))

            let w0 = Measure.now()
            let again = try Store.open(path: path)
            let items = try again.items(village: nil, stage: nil, includeClosed: false)
            let dueItems = DueDates.due(items: items, schedule: schedule, records: DayRecord.fold(try again.dayMarks(village: nil)), today: today)
            let listed = items.filter { item in (dueItems[item.id]?.due).map { $0 <= end } ?? false }
            whole.append(Double(Measure.now() - w0))
            again.close()
            guard listed.count == dueCount else {
                throw Failure(description: "due items from states (\(dueCount)) and from whole items (\(listed.count)) disagree")
            }
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        Measure.report("store.open_items", Double(openCount), "items")
        Measure.report("store.due_14d_items", Double(dueCount), "items")
        Measure.report("store.open", median(open) / 1e6, "ms")
        Measure.report("store.load_item_states_and_marks", median(load) / 1e6, "ms")
        Measure.report("store.agenda_due", median(agenda) / 1e6, "ms")
        Measure.report("store.open_and_due_14d.first", total[0] / 1e6, "ms")
        Measure.report("store.open_and_due_14d", median(total) / 1e6, "ms")
        Measure.report("store.open_and_due_14d_whole_items", median(whole) / 1e6, "ms")

        // One mark, committed (WAL, synchronous = FULL: on disk when the call returns).
        let store = try Store.open(path: path)
        var k = 0
        let mark = try Measure.median(runs: 100) {
            let m = DayMark(village: villageID(k % villageCount), date: today + 7 * (k / villageCount), status: .held,
                            note: "", attended: [.committees, .liaison])
            k += 1
            try store.markDay(m, user: "clerk", time: "2027-03-15T10:00:00+08:00")
        }
        store.close()
        Measure.report("store.mark_commit", mark / 1e6, "ms")
        Measure.report("store.peak_rss", Double(Measure.statusKB("VmHWM")) / 1024, "MB")

        // All 100,000 items (closed ones included), decoded by FastRows and by GRDB's Row cursors.
        do {
            let store = try Store.open(path: path)
            defer { store.close() }
            var fast: [Double] = [], rows: [Double] = []
            var fastItems: [Item] = [], rowItems: [Item] = []
            for _ in 0..<5 {
                var t0 = Measure.now()
                fastItems = try store.items(includeClosed: true)
                fast.append(Double(Measure.now() - t0))
                t0 = Measure.now()
                rowItems = try FastRows.$enabled.withValue(false) { () throws(StoreError) in try store.items(includeClosed: true) }
                rows.append(Double(Measure.now() - t0))
            }
            guard fastItems == rowItems, fastItems.count == itemCount else {
                throw Failure(description: "FastRows and Row cursors read different items")
            }
            Measure.report("store.all_items_fast_rows", median(fast) / 1e6, "ms")
            Measure.report("store.all_items_grdb_rows", median(rows) / 1e6, "ms")
        }
        try ReportBench.run(databasePath: path, schedule: schedule, today: today)
        // The terminal UI's start on the same data, as a user starts it.
        try TUIStartBench.run(databasePath: path, villages: villages(), today: today)
    }
}
