import Foundation
import Testing
import LiushiActualSchedule
import LiushiCore
import LiushiReports

/// Hand-built schedules for the print renderers: 2025 with its official arrangement (2026 and
/// later are computed, so provisional), villages with CJK names.
enum PrintFixtures {
    static func d(_ s: String) -> Day {
        guard let day = Day(iso: s) else { preconditionFailure("bad fixture date \(s)") }
        return day
    }
    static func range(_ a: String, _ b: String) -> [Day] { Array(d(a)...d(b)) }

    /// 国办发明电〔2024〕12号.
    static let y2025 = HolidayYear(year: 2025, source: "国办发明电〔2024〕12号", holidays: [
        .init(name: "元旦", days: [d("2025-01-01")]),
        .init(name: "春节", days: range("2025-01-28", "2025-02-04")),
        .init(name: "清明节", days: range("2025-04-04", "2025-04-06")),
        .init(name: "劳动节", days: range("2025-05-01", "2025-05-05")),
        .init(name: "端午节", days: range("2025-05-31", "2025-06-02")),
        .init(name: "国庆节、中秋节", days: range("2025-10-01", "2025-10-08")),
    ], workdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"].map(d))

    static let calendar = WorkCalendar(official: [y2025])

    static let people: [Role: String] = [.liaison: "王明", .instructor: "李强", .committees: "陈书记"]

    /// 三都村: every rhythm; the week and month rules have times, xun skips holidays.
    static let sandu = Village(id: "sandu", name: "三都村", people: people, rules: [
        Rule(rhythm: .week, day: .weekday(1), matters: [.sort], time: 8 * 60 + 30, duration: 90,
             attendees: [.committees, .instructor]),
        Rule(rhythm: .xun, day: .nth(5), holiday: .skip, matters: [.supervise], attendees: [.supervisors]),
        Rule(rhythm: .month, day: .nth(15), matters: [.discuss], time: 14 * 60,
             attendees: [.committees, .representatives]),
        Rule(rhythm: .quarter, day: .nth(10), month: 1, matters: [.decide],
             attendees: [.liaison, .instructor, .committees, .supervisors, .cooperative, .representatives]),
        Rule(rhythm: .year, day: .nthWorkday(ordinal: -1), month: 12, matters: [.evaluate],
             attendees: [.liaison, .committees, .representatives]),
    ])

    /// 下徐村: monthly on the last Friday (kept on a day off), quarterly on day 1 (later).
    static let xiaxu = Village(id: "xiaxu", name: "下徐村", people: [.liaison: "王明"], rules: [
        Rule(rhythm: .month, day: .nthWeekday(ordinal: -1, weekday: 5), holiday: .keep, matters: [.discuss, .decide],
             attendees: [.committees]),
        Rule(rhythm: .quarter, day: .nth(1), matters: [.decide, .handle], time: 9 * 60, duration: 120,
             attendees: [.liaison, .committees]),
    ])

    /// 里新村: lunar 初一 each month, a xun visit on the 1st workday.
    static let lixin = Village(id: "lixin", name: "里新村", rules: [
        Rule(rhythm: .xun, day: .nthWorkday(ordinal: 1), matters: [.supervise]),
        Rule(rhythm: .month, day: .nth(1), calendar: .lunar, holiday: .earlier, matters: [.discuss],
             time: 19 * 60 + 30, attendees: [.representatives]),
    ])

    static let items: [String: [Day: [DueItem]]] = [
        "sandu": [
            d("2025-03-10"): [DueItem(id: 12, title: "村道路灯维修", stage: .matter(.sort))],
            d("2025-04-15"): [DueItem(id: 7, title: "修路, \"加宽\"; 排水\\沟", stage: .matter(.discuss), carryOvers: 2),
                              DueItem(id: 9, title: "文化礼堂排练安排", stage: .matter(.discuss))],
            d("2025-10-10"): [DueItem(id: 21, title: "2026年村级预算（草案）须经村民代表会议表决通过后公示", stage: .matter(.decide),
                                      major: true)],
        ],
        "xiaxu": [d("2025-12-26"): [DueItem(id: 30, title: "年度评议材料", stage: .matter(.decide))]],
    ]

    /// Marks in the order they were recorded.
    static let marks: [DayMark] = [
        DayMark(village: "sandu", date: d("2025-01-06"), status: .held, note: "到会12人"),
        DayMark(village: "sandu", date: d("2025-06-16"), status: .moved(to: d("2025-06-18")), note: "与防汛检查冲突"),
        DayMark(village: "sandu", date: d("2025-07-15"), status: .cancelled, note: "台风"),
        DayMark(village: "lixin", date: d("2025-11-03"), status: .cancelled),
    ]

    static func provisionalYears(_ cal: WorkCalendar, _ a: Day, _ b: Day) -> [Int] {
        (a.year...b.year).filter { cal.years[$0]?.provisional ?? true }
    }

    /// The fixed days of [a, b] as `liushi print` gets them (`ActualSchedule.window`), with
    /// `items` set by village and scheduled date (the due dates are `DueDates`' business, tested there).
    static func document(villages: [Village], ids: [String]? = nil, from a: String, to b: String,
                         language: Language = .zh, township: String = "乾潭镇",
                         marks: [DayMark] = PrintFixtures.marks,
                         items: [String: [Day: [DueItem]]] = PrintFixtures.items,
                         calendar: WorkCalendar = PrintFixtures.calendar) throws -> PrintDocument {
        let schedule = Schedule(villages: villages, calendar: calendar)
        let from = d(a), to = d(b)
        let subset = ids.map { $0.compactMap { schedule.villageIndex(id: $0) } }
        let actual = ActualSchedule(schedule: schedule, marks: marks, items: [], today: d("2024-12-20"))
        let window = try actual.window(from: from, to: to, villages: subset)
        func withItems(_ e: ScheduleEntry) -> ScheduleEntry {
            var e = e
            if !e.skipped && !e.isCancelled { e.items = items[e.village.id]?[e.scheduledDate] ?? [] }
            return e
        }
        let shown = subset.map { $0.map { schedule.villages[$0] } } ?? schedule.villages
        return PrintDocument(townshipName: township, villages: shown, from: from, to: to, entries: window.days.map(withItems),
                             movedAway: window.movedAway.map(withItems), language: language,
                             provisionalYears: provisionalYears(calendar, from, to), generatedOn: d("2024-12-20"))
    }

    /// 三都村, the year 2025.
    static func oneVillageYear(_ language: Language = .zh) throws -> PrintDocument {
        try document(villages: [sandu, xiaxu, lixin], ids: ["sandu"], from: "2025-01-01", to: "2025-12-31",
                     language: language)
    }

    /// Three villages, 2025-10-01 … 2026-03-31 (2026 provisional).
    static func threeVillages(_ language: Language = .zh) throws -> PrintDocument {
        try document(villages: [sandu, xiaxu, lixin], from: "2025-10-01", to: "2026-03-31", language: language)
    }

    // MARK: Files

    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let goldenDirectory = testsDirectory.appendingPathComponent("Golden")

    /// Compares `text` with the golden file `name`; with LIUSHI_UPDATE_GOLDEN=1 rewrites it instead.
    static func checkGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["LIUSHI_UPDATE_GOLDEN"] == "1" {
            do {
                try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            } catch {
                Issue.record("cannot write golden \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden file \(url.path); run with LIUSHI_UPDATE_GOLDEN=1 to create it",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != text {
            let a = expected.components(separatedBy: "\n"), b = text.components(separatedBy: "\n")
            var line = 0
            while line < min(a.count, b.count) && a[line] == b[line] { line += 1 }
            let want = line < a.count ? a[line] : "<end of file>"
            let got = line < b.count ? b[line] : "<end of file>"
            Issue.record("\(name) differs from the golden file at line \(line + 1):\n  golden: \(want.debugDescription)\n  output: \(got.debugDescription)\n(LIUSHI_UPDATE_GOLDEN=1 rewrites it)",
                         sourceLocation: sourceLocation)
        }
    }

    /// The full path of an executable found on PATH, or nil.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = String(dir) + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    struct RunResult { var status: Int32; var stdout: String; var stderr: String }

    /// Runs a program with a time limit; output is collected through temporary files.
    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> RunResult {
        let dir = try temporaryDirectory()
        let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if p.isRunning { p.terminate(); p.waitUntilExit() }
        p.waitUntilExit()
        try out.close(); try err.close()
        let o = String(decoding: FileManager.default.contents(atPath: outURL.path) ?? Data(), as: UTF8.self)
        let e = String(decoding: FileManager.default.contents(atPath: errURL.path) ?? Data(), as: UTF8.self)
        try? FileManager.default.removeItem(at: dir)
        return RunResult(status: p.terminationStatus, stdout: o, stderr: e)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("liushi-reports-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
