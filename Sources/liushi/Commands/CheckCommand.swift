import ArgumentParser
import Foundation
import LiushiStore
import LiushiCore
import LiushiReports

struct CheckCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and data; report conflicts and provisional holiday years.",
        discussion: """
        Looks at the year from --today (or today). Status 0 when clean, 1 when it found conflicts \
        (one liaison leader or instructor due in two villages at overlapping times, matched by name \
        across the townships of a county), 2 on errors.
        Example: liushi check --config ~/乾潭镇
        """)

    @Option(help: "How many days from today to check.") var days: Int = 365
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard days >= 1 && days <= 366 * 10 else { throw ValidationError("--days must be between 1 and 3660") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let lang = ctx.language
        let start = ctx.today
        let end = min(start + (days - 1), SupportedRange.last)
        let actual = try StoreCommands.actual(ctx, config: config)
        let entries = try ctx.window(actual, from: start, to: end, villages: nil).days
        var lines: [String] = []
        // A county names its townships' count; one township (or --township) reads as before.
        let n = config.townships.count
        let place = config.isCounty && config.narrowedTo == nil
            ? lang.pick((config.countyName.map { $0 + "，" } ?? "") + "\(n) 个乡镇",
                        (config.countyName.map { $0 + ", " } ?? "") + (n == 1 ? "1 township" : "\(n) townships"))
            : config.township.townshipName
        lines.append(lang == .zh
            ? "配置有效：\(place)，\(config.schedule.villages.count) 个村，检查 \(start.iso) 至 \(end.iso)。"
            : "Configuration is valid: \(place), \(config.schedule.villages.count) villages; checked \(start.iso) to \(end.iso).")
        let conflicts = Conflicts.find(entries)
        lines.append(contentsOf: Conflicts.lines(conflicts, lang))
        let skipped = entries.filter(\.skipped)
        if !skipped.isEmpty {
            lines.append(lang == .zh ? "提示：\(skipped.count) 个周期没有固定日（节假日或期内无工作日），见 liushi upcoming。"
                : "note: \(skipped.count) periods have no fixed day (holiday, or no working day in the period); see liushi upcoming.")
        }
        var provisionalYears: [Int] = []
        for e in entries where e.provisional && !provisionalYears.contains(e.date.year) { provisionalYears.append(e.date.year) }
        for y in provisionalYears {
            let n = entries.filter { $0.provisional && $0.date.year == y }.count
            lines.append(lang == .zh
                ? "提示：\(y) 年尚无官方放假安排（缺 holidays/\(y).yaml），其中 \(n) 个固定日按法定节日推算，属暂定。"
                : "note: \(y) has no official holiday arrangement (no holidays/\(y).yaml); its \(n) fixed days are provisional.")
        }
        for line in try StoreCommands.checkLines(ctx, config: config) { lines.append(line) }
        // The database's integrity too (`PRAGMA integrity_check`): damage is status 1.
        if case .file(let path) = try ctx.storeLocation(), FileManager.default.fileExists(atPath: path) {
            let problems = StoreIntegrity.problems(path: path)
            if !problems.isEmpty {
                let list = problems.map { TerminalText.visible($0, keepLineBreaks: false) }.joined(separator: "; ")
                throw CLIFailure(message: ctx.language.pick("数据库 \(path) 已损坏：\(list)。请从备份恢复。",
                                                            "the database \(path) is damaged: \(list). Restore it from a backup."), status: 1)
            }
        }
        if conflicts.isEmpty { lines.append(lang.pick("没有冲突。", "No conflicts.")) }
        try ctx.write(lines.joined(separator: "\n") + "\n", to: nil)
        if !conflicts.isEmpty { throw ExitCode(1) }
    }
}
