import ArgumentParser
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports
import LiushiStore

/// `--format` of `report`: text, html or json.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, html, json
}

/// `liushi report`: the year's evaluation (年评), per village and for all of them together.
struct ReportCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The year's evaluation (年评): fixed days held, cancelled, unmarked, upcoming and moved, attendance by role, items added, closed, withdrawn and overdue.",
        discussion: """
        Fixed days count at their actual date (a day moved into the year counts in it). Items are
        counted up to 31 December, or up to today when the year is not over.
        Examples:
          liushi report --year 2026
          liushi report --year 2026 --village sandu --village xiaxu --format json
          liushi report --year 2026 --format html -o 年评2026.html
        """)

    @Option(help: "The calendar year (default: the year of today).") var year: Int?
    @Option(name: .customLong("village"), help: ArgumentHelp("Only this village (repeatable; default: every village).", valueName: "ID"))
    var villages: [String] = []
    @Option(help: "text, html or json.") var format: ReportFormat = .text
    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var output: String?
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
        let indices = try ctx.villageIndices(villages, in: config)
        let only = villages.count == 1 ? villages : StoreCommands.scope(config)
        var marks: [DayMark] = [], items: [Item] = [], events: [StageEvent] = []
        if let store = try StoreCommands.openExisting(ctx) {
            defer { store.close() }
            marks = try StoreCommands.attempt(ctx) { () throws(StoreError) in try store.dayMarks(villages: only) }
            items = try StoreCommands.attempt(ctx) { () throws(StoreError) in try store.items(villages: only, includeClosed: true) }
            events = try StoreCommands.attempt(ctx) { () throws(StoreError) in try store.stageEvents(villages: only) }
        }
        let actual = ActualSchedule(schedule: config.schedule, marks: marks, items: [], today: ctx.today)
        let lives = ItemLife.lives(items: items, events: events)
        let report: YearReport
        do {
            report = try YearReport.compute(actual, year: y, villages: indices, lives: lives)
        } catch {
            throw CLIFailure(message: error.message(chinese: ctx.zh), status: 2)
        }
        let document = YearReportDocument(report: report, townshipName: config.township.townshipName, language: ctx.language,
                                          provisional: config.calendar.isProvisional(year: y))
        let text: String
        switch format {
        case .text: text = YearReportText.render(document)
        case .html: text = YearReportHTML.render(document)
        case .json: text = YearReportJSON.render(report)
        }
        try ctx.write(text, to: output)
    }
}
