import Foundation
import LiushiActualSchedule
import LiushiCore
import LiushiReports
import LiushiStore

/// Issue 12: `liushi report` (年评) for a 1,000-village township with 100,000 items and
/// 1,000,000 events (StoreBench's database), target ≤ 1 s: read the marks, every item and the
/// item events, compute the year's figures, render the JSON.
enum ReportBench {
    static func run(databasePath path: String, schedule: Schedule, today: Day) throws {
        var villages = 0
        let nanoseconds = try Measure.median(runs: 3) {
            let store = try Store.open(path: path)
            defer { store.close() }
            let marks = try store.dayMarks(village: nil)
            let items = try store.items(village: nil, stage: nil, includeClosed: true)
            let events = try store.stageEvents()
            let actual = ActualSchedule(schedule: schedule, marks: marks, items: [], today: today)
            let report = try YearReport.compute(actual, year: today.year, lives: ItemLife.lives(items: items, events: events))
            villages = YearReportJSON.render(report).isEmpty ? 0 : report.villages.count
        }
        Measure.report("report.villages", Double(villages), "villages")
        Measure.report("report.year_json", nanoseconds / 1e6, "ms")
    }
}
