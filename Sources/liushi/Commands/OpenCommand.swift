import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports
import LiushiUI

/// The bare `liushi`: the terminal UI when standard input and output are a terminal (docs/DESIGN.md §7);
/// otherwise — in a pipe, under CI, with TERM unset or "dumb" — the township's next 14 days as
/// text, so that it never fails where no screen is available.
enum OpenCommand {
    static func run(global: GlobalOptions) throws {
        let ctx = try AppContext(global)
        if TUIRunner.isAvailable(environment: ctx.environment) {
            // With --township, only that township's items and marks are read (of a county).
            let preload = StorePreload(ctx, scoped: global.township != nil)
            // The UI keeps every township and starts on the one --township names (T chooses another).
            let config = try ctx.loadConfiguration(narrow: false)
            var narrowed = config
            if let id = global.township {
                guard let n = config.narrowed(to: id) else { throw ctx.unknownTownship(id, config) }
                narrowed = n
                preload.read(villages: Model.storeScope(config: config, township: id))
            }
            if try TUIRunner.run(ctx, config: config, preload: preload) { return }
            try printNextDays(ctx, narrowed)
            return
        }
        try printNextDays(ctx, try ctx.loadConfiguration())
    }

    /// The township's next 14 days as text.
    static func printNextDays(_ ctx: AppContext, _ config: LoadedConfiguration) throws {
        let start = ctx.today
        let end = min(start + 13, SupportedRange.last)
        let actual = try StoreCommands.actual(ctx, config: config)
        try UpcomingCommand.write(UpcomingStream(actual: actual, from: start, to: end), township: config.township.townshipName,
                                  json: false, ctx)
    }
}

