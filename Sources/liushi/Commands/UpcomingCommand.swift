import ArgumentParser
import LiushiCore
import LiushiReports

struct UpcomingCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "upcoming",
        abstract: "The fixed days in a window, with their matters and the items due.",
        discussion: "Example: liushi upcoming --days 30 --village sandu --format json")

    @Option(help: "How many days, starting at --from (default today).") var days: Int = 14
    @Option(help: ArgumentHelp("First day of the window (YYYY-MM-DD).", valueName: "DATE")) var from: DateArgument?
    @Option(name: .customLong("village"), help: ArgumentHelp("Only this village (repeatable).", valueName: "ID")) var villages: [String] = []
    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard days >= 1 else { throw ValidationError("--days must be at least 1") }
        guard days <= 366 * 200 else { throw ValidationError("--days is too large: the calendar covers 1901–2099") }
        guard format == .text || format == .json else { throw ValidationError("--format must be text or json for upcoming") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let start = from?.day ?? ctx.today
        let end = start + (days - 1)
        let indices = try ctx.villageIndices(villages, in: config)
        let fixed = try ctx.expand(config, from: start, to: end, villages: indices)
        let annotations = try StoreBridge.annotations(ctx, config: config, window: (start, end))
        var entries = ScheduleEntries.resolve(fixed, schedule: config.schedule, annotations: annotations)
        // A day moved out of the window leaves it (copied only when one did).
        if entries.contains(where: { $0.date < start || $0.date > end }) {
            entries = entries.filter { $0.date >= start && $0.date <= end }
        }
        let output = format == .json
            ? ScheduleJSON.render(entries)
            : UpcomingText.render(entries, township: config.township.townshipName, from: start, to: end, language: ctx.language)
        try ctx.write(output, to: nil, exact: format == .json)
        AppContext.keepUntilExit(config, fixed, entries, output)
    }
}
