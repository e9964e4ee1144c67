import Foundation
import LiushiActualSchedule
import LiushiCore
import LiushiReports
import LiushiStore

/// Issue 12: `liushi report` (年评) for a 1,000-village township with 100,000 items and
/// 1,000,000 events (StoreBench's database), target ≤ 1 s: read the marks, every item and the
/// item events, compute the year's figures, render the JSON. Phases reported from the last run.
enum ReportBench {
    static func run(databasePath path: String, schedule: Schedule, today: Day) throws {
        var villages = 0
        var phases: [(String, UInt64)] = []
        let nanoseconds = try Measure.median(runs: 3) {
            phases = []
            var t = Measure.now()
            func lap(_ name: String) { let n = Measure.now(); phases.append((name, n - t)); t = n }
            let store = try Store.open(path: path)
            defer { store.close() }
            let marks = try store.dayMarks(village: nil)
            let items = try store.items(village: nil, stage: nil, includeClosed: true)
            lap("read_items_marks")
            let events = try store.stageEvents()
            lap("read_events")
            let actual = ActualSchedule(schedule: schedule, marks: marks, items: [], today: today)
            let lives = ItemLife.lives(items: items, events: events)
            lap("lives")
            let report = try YearReport.compute(actual, year: today.year, lives: lives)
            lap("compute")
            villages = YearReportJSON.render(report).isEmpty ? 0 : report.villages.count
            lap("json")
        }
        Measure.report("report.villages", Double(villages), "villages")
        for (name, ns) in phases { Measure.report("report.phase." + name, Double(ns) / 1e6, "ms") }
        Measure.report("report.year_json", nanoseconds / 1e6, "ms")
    }
}
