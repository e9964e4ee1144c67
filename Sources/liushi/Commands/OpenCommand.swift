import LiushiCore
import LiushiReports

/// The bare `liushi`: the township's next 14 days.
enum OpenCommand {
    static func run(global: GlobalOptions) throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let start = ctx.today
        let end = min(start + 13, SupportedRange.last)
        let fixed = try ctx.expand(config, from: start, to: end, villages: nil)
        let annotations = try StoreBridge.annotations(ctx, config: config, window: (start, end))
        let entries = ScheduleEntries.resolve(fixed, schedule: config.schedule, annotations: annotations)
        try ctx.write(UpcomingText.render(entries, township: config.township.townshipName, from: start, to: end, language: ctx.language), to: nil)
    }
}
