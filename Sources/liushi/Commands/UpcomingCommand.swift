import ArgumentParser
import LiushiActualSchedule
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
    @Option(help: ArgumentHelp("Only the fixed days this person attends (by the names the villages give their roles), across villages.", valueName: "NAME"))
    var person: String?
    @Option(help: "text or json.") var format: ListFormat = .text
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard days >= 1 else { throw ValidationError("--days must be at least 1") }
        guard days <= 366 * 200 else { throw ValidationError("--days is too large: the calendar covers 1901–2099") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        // The store is opened while the configuration is read.
        let opening = StoreOpening(ctx)
        let config = try ctx.loadConfiguration()
        let start = from?.day ?? ctx.today
        let end = start + (days - 1)
        let indices = try ctx.villageIndices(villages, in: config)
        let actual = try StoreCommands.actual(ctx, config: config, village: villages.count == 1 && person == nil ? villages[0] : nil,
                                              opening: opening)
        try UpcomingCommand.write(UpcomingStream(actual: actual, from: start, to: end, villages: indices, person: person),
                                  township: config.headerName(for: (indices ?? []).map { config.schedule.villages[$0] }),
                                  json: format == .json, ctx)
        AppContext.keepUntilExit(config, actual)
    }

    /// Writes the window a few days at a time through a bounded buffer (`UpcomingStream`): the
    /// memory used does not depend on the window's length. Text goes through the sanitiser;
    /// JSON is written byte for byte. A window outside the supported range is status 2 and
    /// writes nothing.
    static func write(_ stream: UpcomingStream, township: String, json: Bool, _ ctx: AppContext) throws {
        do {
            try Schedule.validate(stream.from, stream.to)
        } catch {
            throw CLIFailure(message: error.message(chinese: ctx.zh), status: 2)
        }
        var out = Output.Buffered(language: ctx.language)
        if json {
            try stream.json { try out.write($0) }
        } else {
            try stream.text(township: township, language: ctx.language) { try out.write(TerminalText.visible($0)) }
        }
        try out.flush()
    }
}
