import ArgumentParser
import Foundation
import LiushiConfig
import LiushiCore
import LiushiStore

/// `liushi day mark`: what became of a fixed day.
struct DayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "day",
        abstract: "Record what became of a village's fixed day; show one; list past days without a mark.",
        discussion: "Example: liushi day mark --village qiantan --date 2026-03-02 moved --to 2026-03-03 --note 暴雨",
        subcommands: [DayMarkCommand.self, DayShowCommand.self, DayListCommand.self])
}

enum DayStatusArgument: String, ExpressibleByArgument, CaseIterable {
    case held, cancelled, moved
}

struct DayMarkCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Mark a fixed day held, cancelled, or moved to another date; the latest mark of a day wins.",
        discussion: """
        --date is the date the schedule gives the fixed day or, once it was moved, the date it was \
        moved to; held and cancelled after a move keep the new date. Moving a day to its scheduled \
        date moves it back.
        Examples:
          liushi day mark --village sandu --date 2027-01-15 held --attended committees liaison --minutes 议定路灯维修方案
          liushi day mark --village sandu --date 2027-01-15 moved --to 2027-01-18 --note 书记出差
          liushi day mark --village sandu --date 2027-01-25 cancelled --note 暴雨
        """)

    @Option(help: ArgumentHelp("The village's id.", valueName: "ID")) var village: String
    @Option(help: ArgumentHelp("The fixed day's scheduled date, or the date it was moved to.", valueName: "DATE")) var date: DateArgument
    @Argument(help: "held, cancelled or moved.") var status: DayStatusArgument
    @Option(help: ArgumentHelp("For moved: the new date.", valueName: "DATE")) var to: DateArgument?
    @Option(help: ArgumentHelp("The reason, or what was done.", valueName: "TEXT")) var note: String = ""
    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Roles present: liaison instructor committees supervisors cooperative representatives.", valueName: "ROLE"))
    var attended: [String] = []
    @Option(help: ArgumentHelp("For held: the minutes of the meeting.", valueName: "TEXT")) var minutes: String = ""
    @Option(name: .customLong("minutes-from"), help: ArgumentHelp("For held: read the minutes from FILE ('-': standard input), up to 16 MB.", valueName: "FILE"))
    var minutesFrom: String?
    @OptionGroup var global: GlobalOptions

    func roles() throws -> [Role] {
        var out: [Role] = []
        for word in attended.flatMap({ $0.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == " " }) }) {
            let w = String(word)
            guard let r = Role(rawValue: w.lowercased()) ?? Role.allCases.first(where: { $0.chinese == w }) else {
                throw ValidationError("--attended: unknown role '\(w)'; roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !out.contains(r) { out.append(r) }
        }
        return out
    }

    func validate() throws {
        switch status {
        case .moved:
            guard let t = to else { throw ValidationError("moved needs --to DATE, the new date") }
            guard SupportedRange.contains(t.day) else { throw ValidationError("--to must be within 1901–2099") }
        case .held, .cancelled:
            guard to == nil else { throw ValidationError("--to is only for moved") }
        }
        if !minutes.isEmpty && minutesFrom != nil { throw ValidationError("give --minutes or --minutes-from, not both") }
        if status != .held {
            guard attended.isEmpty else { throw ValidationError("--attended is only for held") }
            guard minutes.isEmpty && minutesFrom == nil else { throw ValidationError("--minutes is only for held") }
        }
        guard SupportedRange.contains(date.day) else { throw ValidationError("--date must be within 1901–2099") }
        _ = try roles()
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        guard let v = config.schedule.villageIndex(id: village) else { throw ctx.unknownVillage(village, config) }
        let lang = ctx.language
        let name = config.schedule.villages[v].name
        let store = try StoreWriting.open(ctx)
        defer { store.close() }
        // --date names the fixed day by the date the schedule gives it or the date it was moved to.
        let actual = try StoreCommands.actual(ctx, config: config, store: store, village: village)
        guard let day = actual.fixedDay(village: v, date: date.day) else {
            throw StoreCommands.notAFixedDay(date.day, village: v, config: config, ctx)
        }
        let dayStatus: DayStatus
        switch status {
        case .held: dayStatus = .held
        case .cancelled: dayStatus = .cancelled
        case .moved:
            guard let t = to?.day else { throw CLIFailure(message: lang.pick("moved 需要 --to 日期", "moved needs --to DATE"), status: 2) }
            guard t != day.date else {
                throw CLIFailure(message: lang.pick("\(name) 的这个固定日已经在 \(t.iso)", "\(name)'s fixed day is already on \(t.iso)"), status: 2)
            }
            dayStatus = .moved(to: t)
        }
        let mark = DayMark(village: village, date: day.scheduledDate, status: dayStatus,
                           note: note.trimmingCharacters(in: .whitespacesAndNewlines), attended: try roles(),
                           minutes: try minutesFrom.map { try TitlesInput.minutes($0, lang) }
                               ?? minutes.trimmingCharacters(in: .whitespacesAndNewlines))
        try StoreCommands.attempt(ctx) { () throws(StoreError) in
            try store.markDay(mark, user: ctx.user, time: ctx.now())
        }
        try ctx.write(DayMarkCommand.describe(mark, shownOn: day.date, villageName: name, lang) + "\n", to: nil)
    }

    static func describe(_ mark: DayMark, shownOn: Day, villageName: String, _ lang: Language) -> String {
        let when = shownOn == mark.date ? mark.date.iso : lang.pick("\(shownOn.iso)（原定 \(mark.date.iso)）", "\(shownOn.iso) (scheduled \(mark.date.iso))")
        var s: String
        switch mark.status {
        case .moved(let to) where to == mark.date:
            s = lang.pick("\(villageName) 的固定日改回原定的 \(to.iso)", "\(villageName): moved back to its scheduled date \(to.iso)")
        default:
            s = villageName + " " + when + lang.pick("：", ": ") + mark.status.label(lang)
        }
        if !mark.attended.isEmpty {
            s += lang.pick("；到会：", "; present: ") + mark.attended.map { $0.label(lang) }.joined(separator: lang.pick("、", ", "))
        }
        if !mark.note.isEmpty { s += lang == .zh ? "（\(mark.note)）" : " (\(mark.note))" }
        return s
    }
}
