import Testing
import LiushiCore
import LiushiReports

/// Golden files (Tests/LiushiReportsTests/Golden/) for every print format: 三都村's year 2025, and
/// three villages from October 2025 to March 2026 (`--all`). LIUSHI_UPDATE_GOLDEN=1 rewrites them.
@Suite("print: golden files")
struct PrintGoldenTests {
    @Test("one village, a year: text, html, csv, ics match their golden files")
    func oneVillageYear() throws {
        let doc = try PrintFixtures.oneVillageYear()
        PrintFixtures.checkGolden(TextSchedule.render(doc), "sandu-2025.txt")
        PrintFixtures.checkGolden(HTMLSchedule.render(doc), "sandu-2025.html")
        PrintFixtures.checkGolden(CSVSchedule.render(doc), "sandu-2025.csv")
        PrintFixtures.checkGolden(ICSSchedule.render(doc), "sandu-2025.ics")
    }

    @Test("three villages (--all), two quarters across a year end: text, html, csv, ics match their golden files")
    func threeVillages() throws {
        let doc = try PrintFixtures.threeVillages()
        PrintFixtures.checkGolden(TextSchedule.render(doc), "all-2025q4-2026q1.txt")
        PrintFixtures.checkGolden(HTMLSchedule.render(doc), "all-2025q4-2026q1.html")
        PrintFixtures.checkGolden(CSVSchedule.render(doc), "all-2025q4-2026q1.csv")
        PrintFixtures.checkGolden(ICSSchedule.render(doc), "all-2025q4-2026q1.ics")
    }

    @Test("English labels: text and csv of the one-village year match their golden files")
    func english() throws {
        let doc = try PrintFixtures.oneVillageYear(.en)
        PrintFixtures.checkGolden(TextSchedule.render(doc), "sandu-2025-en.txt")
        PrintFixtures.checkGolden(CSVSchedule.render(doc), "sandu-2025-en.csv")
    }
}
