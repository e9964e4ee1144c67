import LiushiConfig
import LiushiCore

/// What the store adds to schedules: items due and day marks (read only when the database file
/// exists, so `upcoming`, `print` and `check` never create one).
enum StoreBridge {
    static func annotations(_ ctx: AppContext, config: LoadedConfiguration, window: (Day, Day)) throws -> Annotations {
        try StoreCommands.annotations(ctx, config: config)
    }

    /// Lines for `liushi check`: the database, its counts, items of villages no longer configured.
    static func checkStore(_ ctx: AppContext, config: LoadedConfiguration) throws -> [String] {
        try StoreCommands.checkLines(ctx, config: config)
    }
}
