import Foundation
import LiushiConfig
import LiushiCore
import LiushiStore

/// What the store adds to schedules: items due and day marks (read only when the database file
/// exists, so `upcoming`, `print` and `check` never create one).
enum StoreBridge {
    static func annotations(_ ctx: AppContext, config: LoadedConfiguration, window: (Day, Day)) throws -> Annotations {
        do {
            return try StoreCommands.annotations(ctx, config: config)
        } catch {
            throw StoreWriting.explain(error, ctx)
        }
    }

    /// Lines for `liushi check`: the database, its counts, items of villages no longer configured.
    /// The database's integrity is verified too (`PRAGMA integrity_check`): damage is status 1.
    static func checkStore(_ ctx: AppContext, config: LoadedConfiguration) throws -> [String] {
        let lines = try StoreCommands.checkLines(ctx, config: config)
        let path = StorePath.resolve(flag: ctx.options.db, environment: ctx.environment)
        if FileManager.default.fileExists(atPath: path) {
            let problems = StoreIntegrity.problems(path: path)
            if !problems.isEmpty {
                let list = problems.map { TerminalText.visible($0, keepLineBreaks: false) }.joined(separator: "; ")
                throw CLIFailure(message: ctx.language.pick("数据库 \(path) 已损坏：\(list)。请从备份恢复。",
                                                            "the database \(path) is damaged: \(list). Restore it from a backup."), status: 1)
            }
        }
        return lines
    }
}
