import ArgumentParser
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiStore

/// `liushi item edit`: correct an item's title or major flag (the old values stay in its history).
struct ItemEditCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Correct an item's title or major flag; the old values stay in its history (undo restores them).",
        discussion: "Examples: liushi item edit 12 --title 村道路灯维修（二期）   liushi item edit 12 --major")

    @Argument(help: "The item's id.") var id: Int64
    @Option(help: ArgumentHelp("The corrected title.", valueName: "TEXT")) var title: String?
    @Flag(help: "Mark it a major matter (重大事项).") var major = false
    @Flag(name: .customLong("not-major"), help: "Mark it not a major matter.") var notMajor = false
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard id > 0 else { throw ValidationError("the item's id is a positive number, not \(id)") }
        if major && notMajor { throw ValidationError("give --major or --not-major, not both") }
        if let t = title, t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw ValidationError("--title must not be empty") }
        guard title != nil || major || notMajor else { throw ValidationError("give --title TEXT, --major or --not-major") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        _ = try ctx.loadConfiguration()
        let store = try StoreWriting.open(ctx)
        defer { store.close() }
        let wanted: Bool? = notMajor ? false : (major ? true : nil)
        let item = try StoreCommands.attempt(ctx) { () throws(StoreError) in
            try store.editItem(id: id, title: title, major: wanted, user: ctx.user, time: ctx.now())
        }
        let lang = ctx.language
        let flag = item.major ? lang.pick("（重大事项）", " (major)") : ""
        try ctx.write(lang.pick("事项 \(item.id) 已修改：\(item.title)\(flag)\n", "item \(item.id) corrected: \(item.title)\(flag)\n"), to: nil)
    }
}

/// `liushi item withdraw`: end an item without doing it.
struct ItemWithdrawCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: "End an item without doing it (stage withdrawn, final; undo takes it back).",
        discussion: "Example: liushi item withdraw 12 --note 村民代表会议否决")

    @Argument(help: "The item's id.") var id: Int64
    @Option(help: ArgumentHelp("Why it is withdrawn (required).", valueName: "TEXT")) var note: String
    @Option(help: ArgumentHelp("The village's fixed day it was decided at (its scheduled or moved-to date); default: the one held today, if any.", valueName: "DATE"))
    var day: DateArgument?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard id > 0 else { throw ValidationError("the item's id is a positive number, not \(id)") }
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--note must say why the item is withdrawn")
        }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        try StoreCommands.changeItem(id, day: day?.day, ctx, config) { store, fixedDay throws(StoreError) in
            try store.withdraw(id: id, note: note, today: ctx.today, user: ctx.user, time: ctx.now(), fixedDay: fixedDay)
        }
    }
}
