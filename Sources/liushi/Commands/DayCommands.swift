import ArgumentParser
import Foundation
import LiushiConfig
import LiushiCore
import LiushiStore

/// `liushi day mark`: what became of a fixed day.
struct DayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "day",
        abstract: "Record what became of a village's fixed day.",
        discussion: "Example: liushi day mark --village qiantan --date 2026-03-02 moved --to 2026-03-03 --note 暴雨",
        subcommands: [DayMarkCommand.self])
}

enum DayStatusArgument: String, ExpressibleByArgument, CaseIterable {
    case held, cancelled, moved
}

struct DayMarkCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "mark",
        abstract: "Mark a fixed day held, cancelled, or moved to another date; the latest mark of a day wins.",
        discussion: """
        --date is the date the schedule gives the fixed day (as `upcoming` and `print` show it).
        Examples:
          liushi day mark --village sandu --date 2027-01-15 held --attended committees liaison instructor
          liushi day mark --village sandu --date 2027-01-15 moved --to 2027-01-18 --note 书记出差
          liushi day mark --village sandu --date 2027-01-25 cancelled --note 暴雨
        """)

    @Option(help: ArgumentHelp("The village's id.", valueName: "ID")) var village: String
    @Option(help: ArgumentHelp("The fixed day's scheduled date.", valueName: "DATE")) var date: DateArgument
    @Argument(help: "held, cancelled or moved.") var status: DayStatusArgument
    @Option(help: ArgumentHelp("For moved: the new date.", valueName: "DATE")) var to: DateArgument?
    @Option(help: ArgumentHelp("The reason, or what was done.", valueName: "TEXT")) var note: String = ""
    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Roles present: liaison instructor committees supervisors cooperative representatives.", valueName: "ROLE"))
    var attended: [String] = []
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
            guard t.day != date.day else { throw ValidationError("--to must differ from --date") }
            guard SupportedRange.contains(t.day) else { throw ValidationError("--to must be within 1901–2099") }
        case .held, .cancelled:
            guard to == nil else { throw ValidationError("--to is only for moved") }
        }
        guard SupportedRange.contains(date.day) else { throw ValidationError("--date must be within 1901–2099") }
        _ = try roles()
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        guard let v = config.schedule.villageIndex(id: village) else { throw ctx.unknownVillage(village, config) }
        let day = date.day
        let lang = ctx.language
        let name = config.schedule.villages[v].name
        // The date must be one of the village's fixed days as the schedule gives them.
        let around = try ctx.expand(config, from: max(day - 62, SupportedRange.first), to: min(day + 62, SupportedRange.last), villages: [v])
            .filter { !$0.isSkipped }
        guard around.contains(where: { $0.date == day }) else {
            let before = around.last(where: { $0.date < day })?.date.iso
            let after = around.first(where: { $0.date > day })?.date.iso
            let nearest = [before, after].compactMap { $0 }.joined(separator: ", ")
            throw CLIFailure(message: lang.pick(
                "\(day.iso) 不是\(name)（\(village)）的固定日" + (nearest.isEmpty ? "" : "；最近的固定日：\(nearest)"),
                "\(day.iso) is not a fixed day of \(name) (\(village))" + (nearest.isEmpty ? "" : "; the nearest: \(nearest)")), status: 2)
        }
        let dayStatus: DayStatus
        switch status {
        case .held: dayStatus = .held
        case .cancelled: dayStatus = .cancelled
        case .moved:
            guard let t = to?.day else { throw CLIFailure(message: "moved needs --to DATE", status: 2) }
            dayStatus = .moved(to: t)
        }
        let mark = DayMark(village: village, date: day, status: dayStatus, note: note.trimmingCharacters(in: .whitespacesAndNewlines),
                           attended: try roles())
        let store = try StoreWriting.open(ctx)
        defer { store.close() }
        try StoreCommands.attempt(ctx) { () throws(StoreError) in
            try store.markDay(mark, user: ctx.user, time: ctx.now())
        }
        try ctx.write(DayMarkCommand.describe(mark, villageName: name, lang) + "\n", to: nil)
    }

    static func describe(_ mark: DayMark, villageName: String, _ lang: Language) -> String {
        var s: String
        switch mark.status {
        case .held: s = lang.pick("\(villageName) \(mark.date.iso) 的固定日已举行", "\(villageName) \(mark.date.iso): held")
        case .cancelled: s = lang.pick("\(villageName) \(mark.date.iso) 的固定日已取消", "\(villageName) \(mark.date.iso): cancelled")
        case .moved(let to): s = lang.pick("\(villageName) \(mark.date.iso) 的固定日改到 \(to.iso)", "\(villageName) \(mark.date.iso): moved to \(to.iso)")
        }
        if !mark.attended.isEmpty {
            s += lang == .zh ? "；到会：" + mark.attended.map(\.chinese).joined(separator: "、")
                : "; present: " + mark.attended.map(\.english).joined(separator: ", ")
        }
        if !mark.note.isEmpty { s += lang == .zh ? "（\(mark.note)）" : " (\(mark.note))" }
        return s
    }
}
