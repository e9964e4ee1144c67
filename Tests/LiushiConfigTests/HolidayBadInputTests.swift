import LiushiConfig
import LiushiCore
import Testing

/// Issue 11: contradicting or oversized holiday files are errors, never resolved silently.
@Suite("Holiday files: bad input")
struct HolidayBadInputTests {
    static let main = """
        township: 测试镇
        villages:
          - id: a
            name: 甲村
        """

    @Test func twoYearsContradictingOnADateAreAnErrorNamingBothFiles() throws {
        let y2026 = (path: "h/2026.yaml", text: "year: 2026\nholidays:\n  国庆节: [\"2026-10-01\"]\n  圣诞: [\"2026-12-31\"]\n")
        let y2027 = (path: "h/2027.yaml", text: "year: 2027\nholidays:\n  元旦: [\"2026-12-31\", \"2027-01-01\"]\n")
        let result = ConfigLoader.load(main: nil, holidayFiles: [y2026, y2027])
        guard case .failure(let e) = result else {
            Issue.record("contradiction accepted")
            return
        }
        #expect(e.file == "h/2027.yaml")
        #expect(e.english.contains("2026-12-31"))
        #expect(e.english.contains("h/2026.yaml"))
    }

    @Test func twoYearsAgreeingOnADateAreFine() {
        let y2026 = (path: "h/2026.yaml", text: "year: 2026\nholidays:\n  元旦: [\"2026-12-31\"]\n")
        let y2027 = (path: "h/2027.yaml", text: "year: 2027\nholidays:\n  元旦: [\"2026-12-31\", \"2027-01-01\"]\n")
        if case .failure(let e) = ConfigLoader.load(main: nil, holidayFiles: [y2026, y2027]) {
            Issue.record("agreeing files refused: \(e)")
        }
    }

    @Test func moreThan64HolidaysInAYearAreAnError() throws {
        var text = "year: 2026\nholidays:\n"
        for i in 0..<70 {
            let d = Day(year: 2026, month: 1, day: 1)! + i
            text += "  h\(i): [\"\(d.iso)\"]\n"
        }
        guard case .failure(let e) = ConfigParser.parseHolidays(text: text, file: "2026.yaml") else {
            Issue.record("accepted")
            return
        }
        #expect(e.line == 67)
        #expect(e.english.contains("more than 64 holidays"))
    }

    @Test func theShippedYearsDoNotContradictEachOther() {
        if case .failure(let e) = ConfigLoader.load(main: nil, holidayFiles: []) { Issue.record("\(e)") }
    }
}
