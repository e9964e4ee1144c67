import ArgumentParser
import LiushiCore
import LiushiReports

struct HolidaysCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "holidays",
        abstract: "The working-day calendar in use: holidays and make-up working days; provisional years marked.",
        discussion: "Example: liushi holidays --year 2026 --format csv")

    @Option(help: "The year (default: the year of today).") var year: Int?
    @Option(help: "text, csv or json.") var format: HolidaysFormat = .text

    enum HolidaysFormat: String, ExpressibleByArgument, CaseIterable { case text, csv, json }
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let y = year, !(SupportedRange.firstYear...SupportedRange.lastYear).contains(y) {
            throw ValidationError("--year must be between \(SupportedRange.firstYear) and \(SupportedRange.lastYear)")
        }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let y = year ?? ctx.today.year
        let report = HolidaysReport(calendar: config.calendar, year: y)
        switch format {
        case .csv: try ctx.write(report.csv(), to: nil, exact: true)
        case .json: try ctx.write(report.json(), to: nil, exact: true)
        case .text: try ctx.write(report.text(ctx.language), to: nil)
        }
    }
}
