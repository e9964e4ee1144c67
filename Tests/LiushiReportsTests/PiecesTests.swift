import LiushiActualSchedule
import LiushiConfig
import LiushiCore
@testable import LiushiReports
import Testing

/// Long tables and schedules are made in pieces at once; the result must be what one piece gives.
@Suite("Long reports made in pieces")
struct PiecesTests {
    @Test("a 12,000-row table with wrapped cells, line breaks and text below reads the same from 1, 2 or 3 pieces")
    func table() {
        let rows = (0..<12_000).map { i -> [String] in
            [Day(year: 2027, month: 1, day: 1)!.advanced(by: i / 900).iso, "v\(i)", "第\(i)村",
             i % 97 == 0 ? "a note long enough to be wrapped inside its narrowed column, 第\(i)行" : "note \(i % 13)",
             i % 1_001 == 0 ? "two\nlines" : "x"]
        }
        let below = (0..<12_000).map { $0 % 500 == 0 ? "items due under row \($0), 待办事项" : "" }
        let table = TextTable(headers: ["Date", "Id", "村", "Note", "More"], rows: rows, flexible: [2, 3], below: below)
        let one = table.render(maxWidth: 60, gap: 2, pieces: 1)
        #expect(one.split(separator: "\n").count > 12_000)
        for pieces in 2...3 { #expect(table.render(maxWidth: 60, gap: 2, pieces: pieces) == one) }
        #expect(table.render() == table.render(maxWidth: 80, gap: 2, pieces: 1))
    }

    @Test("12,000 villages' fixed days resolve the same from 1 or 2 pieces")
    func resolve() throws {
        var yaml = "township:\n  name: 测试镇\nrhythms:\n  week: { day: mon, matters: [sort], attendees: [committees] }\n"
            + "  xun: { day: 5, matters: [supervise], time: \"14:00\" }\nvillages:\n"
        for i in 0..<12_000 { yaml += "  - { id: v\(i), name: 第\(i)村, liaison: 领导\(i % 9) }\n" }
        let loaded = try ConfigLoader.load(main: ("liushi.yaml", yaml), holidayFiles: []).get()
        let start = Day(year: 2026, month: 9, day: 28)!
        let days = try loaded.schedule.expand(from: start, to: start + 13)
        #expect(days.count > 20_000)
        let actual = ActualSchedule(schedule: loaded.schedule, today: start)
        let one = actual.resolve(days, pieces: 1)
        #expect(actual.resolve(days, pieces: 2) == one)
        #expect(actual.resolve(days) == one)
        #expect(try actual.window(from: start, to: start + 13).days == one)
        #expect(one.contains { $0.reason != nil })   // 国庆节 moves the week's Monday
    }
}
