import Foundation
import LiushiConfig
import LiushiCore
import Testing

/// The shipped official arrangements 2004–2026: counts, known traps, and that they parse.
@Suite("Shipped holiday data")
struct HolidayDataTests {
    static let calendar: WorkCalendar? = {
        guard case .success(let years) = ConfigLoader.shippedYears() else { return nil }
        return WorkCalendar(official: years)
    }()

    func d(_ s: String) -> Day { Day(iso: s)! }

    @Test("every year 2004–2026 is shipped, parses, and is official")
    func everyYearShipped() throws {
        let years = try ConfigLoader.shippedYears().get()
        #expect(years.map(\.year) == Array(2004...2026))
        #expect(years.allSatisfy { !$0.provisional && !$0.source.isEmpty })
    }

    @Test("per-year counts of days off and make-up working days match the cross-checked facts")
    func perYearCounts() throws {
        let facts = try String(contentsOf: repositoryRoot().appendingPathComponent("Tests/LiushiCoreTests/Fixtures/holiday-facts.tsv"), encoding: .utf8)
        let cal = try #require(HolidayDataTests.calendar)
        var checked = 0
        for line in facts.split(separator: "\n") {
            let f = line.split(separator: "\t").compactMap { Int($0) }
            guard f.count == 3 else { continue }
            let special = cal.specialDays(year: f[0])
            #expect(special.filter { $0.kind == .holiday }.count == f[1], "days off in \(f[0])")
            #expect(special.filter { $0.kind == .makeUpWorkday }.count == f[2], "make-up days in \(f[0])")
            checked += 1
        }
        #expect(checked == 23)
    }

    @Test("the known traps: 2005-12-31 worked, 2015-09-03 off, 2026-02-14 and 02-28 worked")
    func knownTraps() throws {
        let cal = try #require(HolidayDataTests.calendar)
        #expect(cal.kind(d("2005-12-31")) == .makeUpWorkday)
        #expect(cal.kind(d("2015-09-03")) == .holiday)
        #expect(cal.holidayName(d("2015-09-03"))?.contains("70周年") == true)
        #expect(cal.kind(d("2015-09-06")) == .makeUpWorkday)
        #expect(cal.kind(d("2026-02-14")) == .makeUpWorkday)
        #expect(cal.kind(d("2026-02-28")) == .makeUpWorkday)
        #expect(cal.holidayName(d("2011-06-05")) == "端午节")
        #expect(cal.holidayName(d("2012-06-23")) == "端午节")
        #expect(cal.holidayName(d("2015-09-05")) != nil)
        #expect(cal.holidayName(d("2020-02-02")) == "春节")   // the 2020 extension
        #expect(cal.holidayName(d("2025-10-08")) == "国庆节、中秋节")
        #expect(cal.isWorkday(d("2025-10-09")) && cal.isWorkday(d("2025-10-11")))
    }

    @Test("years without a file are computed and provisional; 2027's Spring Festival starts on 除夕 腊月廿九")
    func computedYearsAreProvisional() throws {
        let cal = try #require(HolidayDataTests.calendar)
        #expect(!cal.isProvisional(year: 2026))
        #expect(cal.isProvisional(year: 2027) && cal.isProvisional(year: 2003))
        #expect(cal.holidayName(d("2027-02-05")) == "春节")
        #expect(cal.specialDays(year: 2027).count == 13)
    }
}
