import LiushiConfig
import LiushiCore
import Testing

@Suite("Holiday files")
struct HolidayFileTests {
    func parse(_ yaml: String, file: String = "holidays/2026.yaml") -> Result<HolidayYear, ConfigError> {
        ConfigParser.parseHolidays(text: yaml, file: file)
    }

    func error(_ yaml: String, file: String = "holidays/2026.yaml") -> ConfigError? {
        if case .failure(let e) = parse(yaml, file: file) { return e }
        return nil
    }

    let good = """
        year: 2026
        source: 国务院办公厅关于2026年部分节假日安排的通知
        holidays:
          元旦: ["2026-01-01..2026-01-03"]
          春节: ["2026-02-15..2026-02-23"]
        workdays: ["2026-01-04", "2026-02-14", "2026-02-28"]
        """

    @Test("a holiday file gives its holidays with ranges expanded, and its make-up working days")
    func parsesGood() throws {
        let y = try parse(good).get()
        #expect(y.year == 2026)
        #expect(y.source == "国务院办公厅关于2026年部分节假日安排的通知")
        #expect(y.holidays.map(\.name) == ["元旦", "春节"])
        #expect(y.holidays[0].days.map(\.iso) == ["2026-01-01", "2026-01-02", "2026-01-03"])
        #expect(y.holidays[1].days.count == 9)
        #expect(y.workdays.map(\.iso) == ["2026-01-04", "2026-02-14", "2026-02-28"])
        #expect(!y.provisional)
    }

    @Test("a single date may stand alone, and the previous December is allowed")
    func previousDecember() throws {
        let y = try parse("year: 2026\nholidays:\n  元旦: \"2025-12-31..2026-01-01\"\n  清明节: 2026-04-05\nworkdays: [\"2025-12-28\"]\n").get()
        #expect(y.holidays[0].days.map(\.iso) == ["2025-12-31", "2026-01-01"])
        #expect(y.holidays[1].days.map(\.iso) == ["2026-04-05"])
        #expect(y.workdays.map(\.iso) == ["2025-12-28"])
        #expect(y.source == "")
    }

    @Test("a date that does not exist is an error at its item")
    func badDate() {
        expectError(error("year: 2026\nholidays:\n  元旦: [\"2026-01-01\"]\n  春节: [\"2026-02-30\"]\n"),
                    "holidays/2026.yaml:4:8", "`2026-02-30` is not a real date")
    }

    @Test("a range that ends before it starts is an error")
    func reversedRange() {
        expectError(error("year: 2026\nholidays:\n  春节: [\"2026-02-23..2026-02-15\"]\n"),
                    "holidays/2026.yaml:3:8", "ends before it starts")
    }

    @Test("a make-up working day on a weekday is an error")
    func workdayOnWeekday() {
        expectError(error("year: 2026\nholidays: {}\nworkdays: [\"2026-01-04\", \"2026-01-05\"]\n"),
                    "holidays/2026.yaml:3:26", "2026-01-05 is a Mon")
    }

    @Test("a year that does not match the file name is an error")
    func wrongYear() {
        expectError(error("year: 2025\nholidays:\n  元旦: [\"2025-01-01\"]\n"), "holidays/2026.yaml:1:7",
                    "`year: 2025` does not match the file name 2026.yaml")
    }

    @Test("a file whose name is not a year does not check the year")
    func otherFileName() throws {
        let y = try parse("year: 2025\nholidays:\n  元旦: [\"2025-01-01\"]\n", file: "extra.yaml").get()
        #expect(y.year == 2025)
    }

    @Test("a date outside the year is an error")
    func outsideYear() {
        expectError(error("year: 2026\nholidays:\n  国庆节: [\"2027-10-01\"]\n"), "holidays/2026.yaml:3:9", "2027-10-01 is outside 2026")
        expectError(error("year: 2026\nholidays:\n  元旦: [\"2025-11-30\"]\n"), "holidays/2026.yaml:3:8", "2025-11-30 is outside 2026")
    }

    @Test("a day that is both a holiday and a make-up working day is an error")
    func holidayAndWorkday() {
        expectError(error("year: 2026\nholidays:\n  春节: [\"2026-02-15..2026-02-23\"]\nworkdays: [\"2026-02-15\"]\n"),
                    "holidays/2026.yaml:4:12", "both a make-up working day and a day off of 春节 (line 3)")
    }

    @Test("a day listed under two holidays is an error")
    func listedTwice() {
        expectError(error("year: 2026\nholidays:\n  中秋节: [\"2026-10-01\"]\n  国庆节: [\"2026-10-01..2026-10-07\"]\n"),
                    "holidays/2026.yaml:4:9", "already a day off of 中秋节")
    }

    @Test("an unknown key in a holiday file is an error")
    func unknownKey() {
        expectError(error("year: 2026\nholiday:\n  元旦: [\"2026-01-01\"]\n"), "holidays/2026.yaml:2:1",
                    "unknown key `holiday` in `top level`; allowed keys: year, source, holidays, workdays")
    }

    @Test("a missing or non-numeric year is an error")
    func badYear() {
        expectError(error("holidays: {}\n"), "holidays/2026.yaml:1:1", "missing `year`")
        expectError(error("year: twenty\nholidays: {}\n"), "holidays/2026.yaml:1:7", "`year` cannot be `twenty`")
    }

    @Test("holidays written as a list is an error naming the mapping it expects")
    func holidaysAsList() {
        expectError(error("year: 2026\nholidays: [\"2026-01-01\"]\n"), "holidays/2026.yaml:2:11", "`holidays` must be a mapping")
    }

    @Test("every shipped holiday file parses")
    func shippedYears() throws {
        let years = try ConfigLoader.shippedYears().get()
        #expect(years.count >= 23)
        #expect(years.first?.year == 2004)
        let y2026 = try #require(years.first { $0.year == 2026 })
        #expect(y2026.holidays.count == 7)
        #expect(y2026.workdays.map(\.iso).contains("2026-02-14"))
    }
}
