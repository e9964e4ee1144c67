@testable import LiushiCore

/// Hand-written official arrangements for the table tests (the shipped files are tested in
/// LiushiConfigTests, where they can be parsed).
enum TestCalendars {
    static func d(_ s: String) -> Day { Day(iso: s)! }
    static func range(_ a: String, _ b: String) -> [Day] { Array(d(a)...d(b)) }

    static let y2025 = HolidayYear(year: 2025, source: "国办发明电〔2024〕12号", holidays: [
        .init(name: "元旦", days: [d("2025-01-01")]),
        .init(name: "春节", days: range("2025-01-28", "2025-02-04")),
        .init(name: "清明节", days: range("2025-04-04", "2025-04-06")),
        .init(name: "劳动节", days: range("2025-05-01", "2025-05-05")),
        .init(name: "端午节", days: range("2025-05-31", "2025-06-02")),
        .init(name: "国庆节、中秋节", days: range("2025-10-01", "2025-10-08")),
    ], workdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"].map(d))

    static let y2026 = HolidayYear(year: 2026, source: "国办发明电〔2025〕7号", holidays: [
        .init(name: "元旦", days: range("2026-01-01", "2026-01-03")),
        .init(name: "春节", days: range("2026-02-15", "2026-02-23")),
        .init(name: "清明节", days: range("2026-04-04", "2026-04-06")),
        .init(name: "劳动节", days: range("2026-05-01", "2026-05-05")),
        .init(name: "端午节", days: range("2026-06-19", "2026-06-21")),
        .init(name: "中秋节", days: range("2026-09-25", "2026-09-27")),
        .init(name: "国庆节", days: range("2026-10-01", "2026-10-07")),
    ], workdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"].map(d))

    static let official = [y2025, y2026]
    static let calendar = WorkCalendar(official: official)
}
