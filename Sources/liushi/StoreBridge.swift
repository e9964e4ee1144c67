import LiushiConfig
import LiushiCore

/// What the store adds to schedules: items due and day marks.
enum StoreBridge {
    static func annotations(_ ctx: AppContext, config: LoadedConfiguration, window: (Day, Day)) throws -> Annotations {
        Annotations.none
    }

    static func checkStore(_ ctx: AppContext, config: LoadedConfiguration) throws -> [String] { [] }
}
