import ArgumentParser
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports

struct PrintCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "print",
        abstract: "A village's schedule (or every village's with --all) as text, html, csv, ics or json.",
        discussion: """
        The period is a whole year (--year, default the year of today) or --from/--to.
        Examples:
          liushi print --village sandu --year 2026
          liushi print --village sandu --format html -o 三都村.html
          liushi print --all --format ics -o township.ics
        """)

    @Option(name: .customLong("village"), help: ArgumentHelp("The village.", valueName: "ID")) var village: String?
    @Flag(help: "Every village of the township in one document.") var all = false
    @Option(help: ArgumentHelp("Only the fixed days this person attends, across villages (alone: in every village).", valueName: "NAME"))
    var person: String?
    @Option(help: "A calendar year.") var year: Int?
    @Option(help: ArgumentHelp("First day (with --to).", valueName: "DATE")) var from: DateArgument?
    @Option(help: ArgumentHelp("Last day (with --from).", valueName: "DATE")) var to: DateArgument?
    @Option(help: "text, html, csv, ics or json.") var format: OutputFormat = .text
    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var output: String?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if village != nil && all { throw ValidationError("give --village ID or --all, not both") }
        guard village != nil || all || person != nil else { throw ValidationError("give --village ID, --all or --person NAME") }
        if let p = person, p.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--person needs a name") }
        if year != nil && (from != nil || to != nil) { throw ValidationError("give --year or --from/--to, not both") }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
        if let f = from?.day, let t = to?.day, f > t { throw ValidationError("--from \(f.iso) is after --to \(t.iso)") }
        if let y = year, !(SupportedRange.firstYear...SupportedRange.lastYear).contains(y) {
            throw ValidationError("--year must be between \(SupportedRange.firstYear) and \(SupportedRange.lastYear)")
        }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let (start, end): (Day, Day)
        if let f = from?.day, let t = to?.day {
            (start, end) = (f, t)
        } else {
            let y = year ?? ctx.today.year
            (start, end) = (Day(year: y, month: 1, day: 1)!, Day(year: y, month: 12, day: 31)!)
        }
        let indices: [Int]? = try village.map { try ctx.villageIndices([$0], in: config) ?? [] }
        let actual = try StoreCommands.actual(ctx, config: config, village: person == nil ? village : nil)
        let window = try ctx.window(actual, from: start, to: end, villages: indices, person: person)
        let entries = window.days
        var villages = indices.map { $0.map { config.schedule.villages[$0] } } ?? config.schedule.villages
        if let p = person {
            let named = Set(actual.villages(naming: p))
            villages = villages.filter { v in config.schedule.villageIndex(id: v.id).map(named.contains) ?? false }
        }
        let provisional = (start.year...end.year).filter { config.calendar.isProvisional(year: $0) }
        var document = PrintDocument(townshipName: config.headerName(for: villages), villages: villages, from: start, to: end,
                                     entries: entries, movedAway: window.movedAway, language: ctx.language, provisionalYears: provisional,
                                     generatedOn: ctx.today)
        document.person = person
        let text: String
        switch format {
        case .text: text = TextSchedule.render(document)
        case .html: text = HTMLSchedule.render(document)
        case .csv: text = CSVSchedule.render(document)
        case .ics: text = ICSSchedule.render(document)
        case .json: text = ScheduleJSON.render(entries)
        }
        try ctx.write(text, to: output, exact: true)
    }
}
