import Foundation
import LiushiConfig
import LiushiCore
@testable import LiushiUI
import Testing

/// A small township built by hand: three villages, the 2026 autumn holidays (中秋节 9-25…27,
/// 国庆节 10-01…07; make-up working days 9-20 and 10-10), today 2026-10-15.
enum Fixture {
    static let today = Day(year: 2026, month: 10, day: 15)!

    static func d(_ m: Int, _ day: Int, _ y: Int = 2026) -> Day { Day(year: y, month: m, day: day)! }

    static let year2026 = HolidayYear(
        year: 2026, source: "test",
        holidays: [
            .init(name: "中秋节", days: (25...27).map { d(9, $0) }),
            .init(name: "国庆节", days: (1...7).map { d(10, $0) }),
        ],
        workdays: [d(9, 20), d(10, 10)])

    static func townshipRules() -> [Rule] {
        [
            Rule(rhythm: .week, day: .weekday(1), matters: [.sort], time: 8 * 60 + 30, duration: 60,
                 attendees: [.committees, .instructor]),
            Rule(rhythm: .xun, day: .nth(5), matters: [.supervise]),
            Rule(rhythm: .month, day: .nth(15), matters: [.discuss], time: 19 * 60, duration: 120,
                 attendees: [.liaison, .committees, .representatives]),
            Rule(rhythm: .quarter, day: .nth(10), month: 1, holiday: .earlier, matters: [.decide]),
            Rule(rhythm: .year, day: .nthWorkday(ordinal: -1), month: 12, matters: [.evaluate]),
        ]
    }

    static func villages() -> [Village] {
        var qiantan = townshipRules()
        qiantan[0] = Rule(rhythm: .week, day: .weekday(3), matters: [.sort, .handle], time: 8 * 60)
        return [
            Village(id: "sandu", name: "三都村", people: [.liaison: "王明", .instructor: "李强"], rules: townshipRules()),
            Village(id: "qiantan", name: "乾潭村", people: [.liaison: "王明"], rules: qiantan),
            Village(id: "dayang", name: "大洋村股份经济合作社联络点", rules: [
                Rule(rhythm: .xun, day: .nth(1), matters: [.supervise, .handle]),
                Rule(rhythm: .month, day: .nth(1), matters: [.discuss]),
            ]),
        ]
    }

    static func config() -> LoadedConfiguration {
        let calendar = WorkCalendar(official: [year2026])
        let villages = villages()
        return LoadedConfiguration(
            township: TownshipConfig(townshipName: "乾潭镇", villages: villages, file: "t.yaml"),
            officialYears: [year2026], calendar: calendar,
            schedule: Schedule(villages: villages, calendar: calendar), isShippedExample: false)
    }

    static let shared = config()

    /// The open items, as the store gives them; the model works out their due dates from the
    /// schedule (`ActualSchedule`). On today, 2026-10-15:
    /// - #1, #2 at 议事 in 三都村: due at its monthly day 10-15; #1 has waited since before 09-15 (↻1).
    /// - #3 at 理事 in 乾潭村: due at its weekly Wednesday, 10-21.
    /// - #4 at 办事 in 三都村: due every working day from its stageSince, 10-16 (no fixed day then).
    /// - #5 at 决事 in 大洋村, which has no 决事 rule: due nowhere (—).
    /// The closed item of 三都村 is counted in the snapshot's `closedByVillage`.
    static func items() -> [Item] {
        func item(_ id: Int64, _ village: String, _ title: String, _ stage: Matter, major: Bool = false, since: Day) -> Item {
            Item(id: id, village: village, title: title, stage: .matter(stage), major: major,
                 createdAt: "2026-09-01T01:00:00Z", stageSince: since)
        }
        return [
            item(1, "sandu", "村道路灯维修", .discuss, since: d(9, 10)),
            item(2, "sandu", "垃圾分类积分兑换", .discuss, major: true, since: d(9, 20)),
            item(3, "qiantan", "文化礼堂排练安排", .sort, since: d(10, 15)),
            item(4, "sandu", "Bridge repair 桥梁加固", .handle, since: d(10, 16)),
            item(5, "dayang", "合作社分红方案", .decide, since: d(10, 1)),
        ]
    }

    static func snapshot() -> StoreSnapshot { StoreSnapshot(items: items(), closedByVillage: ["sandu": 1]) }

    /// A model opened on today, with the fixture's items loaded.
    static func model(_ lang: Language = .zh, colors: Bool = true, loaded: Bool = true) -> Model {
        var m = Model(config: shared, today: today, language: lang, colors: colors)
        if loaded { _ = update(&m, .loaded(snapshot())) }
        return m
    }
}

/// Sends keys one by one; returns the effects of the last one.
@discardableResult
func press(_ m: inout Model, _ keys: Key...) -> [Effect] {
    var last: [Effect] = []
    for k in keys { last = update(&m, .key(k)) }
    return last
}

/// Types text into a prompt, one character at a time.
func type(_ m: inout Model, _ text: String) {
    for c in text { _ = update(&m, .key(.char(c))) }
}

func screenText(_ m: Model, _ w: Int = 80, _ h: Int = 24) -> String {
    view(m, width: w, height: h).lines().joined(separator: "\n")
}

/// Compares `text` with Tests/LiushiUITests/Golden/<name>; LIUSHI_UPDATE_GOLDEN=1 rewrites it.
func expectGolden(_ text: String, _ name: String, filePath: String = #filePath,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden/" + name)
    let content = text + "\n"
    if ProcessInfo.processInfo.environment["LIUSHI_UPDATE_GOLDEN"] == "1" {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect((try? content.write(to: url, atomically: true, encoding: .utf8)) != nil, sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("missing golden file \(name); run with LIUSHI_UPDATE_GOLDEN=1", sourceLocation: sourceLocation)
        return
    }
    #expect(content == expected, "screen differs from Golden/\(name):\n\(content)", sourceLocation: sourceLocation)
}

/// Checks the buffer's invariants: every row's display width ≤ the width, and every wide
/// character is followed by its continuation (no continuation without one).
func expectWellFormed(_ b: CellBuffer, sourceLocation: SourceLocation = #_sourceLocation) {
    for (y, line) in b.lines().enumerated() {
        #expect(DisplayWidth.of(line) <= b.width, "row \(y) too wide: \(line)", sourceLocation: sourceLocation)
    }
    for y in 0..<b.height {
        for x in 0..<b.width {
            let c = b[x, y]
            if c.width == 2 {
                #expect(x + 1 < b.width && b[x + 1, y].width == 0, "wide char split at \(x),\(y)", sourceLocation: sourceLocation)
                #expect(DisplayWidth.of(c.text) == 2, sourceLocation: sourceLocation)
            } else if c.width == 0 {
                #expect(x > 0 && b[x - 1, y].width == 2, "stray continuation at \(x),\(y)", sourceLocation: sourceLocation)
            } else {
                #expect(DisplayWidth.of(c.text) == 1, "cell \(x),\(y) \(c.text) not 1 column", sourceLocation: sourceLocation)
            }
        }
    }
}
