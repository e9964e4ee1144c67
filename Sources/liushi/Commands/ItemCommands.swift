import ArgumentParser
import Foundation
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports
import LiushiStore

// `liushi item add|list|show|advance|return|note` (docs/DESIGN.md §5, §6). Configuration is loaded
// before the store is opened, so an invalid configuration writes nothing; a refused change
// changes nothing (the store runs each change in one transaction).

struct ItemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "item",
        abstract: "The matters pipeline: sort → discuss → decide → handle → supervise → evaluate → closed.",
        discussion: """
        Examples:
          liushi item add --village sandu --title 村道路灯维修
          liushi item list --village sandu --due-by 2027-01-31
          liushi item advance 12 --note 两委会已理事
          liushi item advance 12 --to handle        (a routine item skips deliberation)
          liushi item return 12 --note 代表会议未通过
          liushi item edit 12 --title 村道路灯维修（二期）
          liushi item withdraw 12 --note 村民代表会议否决
          liushi item show 12 --format json
        """,
        subcommands: [ItemAddCommand.self, ItemListCommand.self, ItemShowCommand.self,
                      ItemAdvanceCommand.self, ItemReturnCommand.self, ItemNoteCommand.self, ItemEditCommand.self,
                      ItemWithdrawCommand.self])

    /// The store for a command that only reads, which never creates one: nil when the default
    /// database does not exist yet; an error when an explicit one (`--db`, `$LIUSHI_DB`) does not.
    static func openForReading(_ ctx: AppContext) throws -> Store? {
        let location = try ctx.storeLocation()
        guard case .file(let path) = location else {
            if let store = try StoreCommands.openExisting(ctx) { return store }
            throw CLIFailure(message: ctx.language.pick("\(location.shown) 中还没有六事一日的数据（未创建任何内容）；第一次记录时创建",
                                                        "there is no Liushi store in \(location.shown) yet (nothing was created); the first change creates it"),
                             status: 1)
        }
        var st = stat()
        if lstat(path, &st) != 0 && errno == ENOENT {
            let explicit = !(ctx.options.db ?? "").isEmpty || !(ctx.environment["LIUSHI_DB"] ?? "").isEmpty
            guard explicit else { return nil }
            throw CLIFailure(message: ctx.language.pick("\(path) 处没有数据库（未创建任何文件）；请检查 --db 或 $LIUSHI_DB 给出的路径",
                                                        "there is no database at \(path) (nothing was created); check the path given by --db or $LIUSHI_DB"),
                             status: 1)
        }
        return try StoreCommands.open(ctx)
    }

    static func checkID(_ id: Int64) throws {
        guard id >= 1 else { throw ValidationError("the item id must be a positive number, not \(id)") }
    }
}

struct ItemAddCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an item; prints its id once it is committed.",
        discussion: """
        Examples:
          liushi item add --village sandu --title 村道路灯维修 --major
          liushi item add --village sandu --titles-from matters.txt    (one item per line)
        """)

    @Option(help: ArgumentHelp("The village's id in the configuration.", valueName: "ID")) var village: String
    @Option(help: ArgumentHelp("What the matter is.", valueName: "TEXT")) var title: String?
    @Option(name: .customLong("titles-from"),
            help: ArgumentHelp("Add one item per non-empty line of FILE ('-': standard input), each committed on its own; each id is printed as it is committed.", valueName: "FILE"))
    var titlesFrom: String?
    @Option(help: ArgumentHelp("The stage it starts at (default sort).", valueName: "STAGE")) var stage: Stage?
    @Flag(help: "A major matter (重大事项).") var major = false
    @Option(help: "text (the id alone) or json (the item).") var format: ListFormat = .text
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        switch (title, titlesFrom) {
        case (nil, nil): throw ValidationError("give --title TEXT (or --titles-from FILE)")
        case (.some, .some): throw ValidationError("give either --title or --titles-from, not both")
        case (let t?, nil):
            guard !t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--title must not be empty") }
        case (nil, _?): break
        }
        if let s = stage, s.isFinal { throw ValidationError("--stage cannot be \(s.key) for a new item") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        try StoreCommands.requireVillage(village, ctx, config)
        let start = stage ?? .matter(.sort)
        // Every title is read and checked before the store is opened: a bad input adds nothing.
        let titles = title == nil ? try TitlesInput.read(titlesFrom, ctx.language) : []
        let store = try StoreWriting.open(ctx)
        defer { store.close() }
        func add(_ text: String) throws {
            let item = try StoreCommands.attempt(ctx) { () throws(StoreError) in
                try store.addItem(village: village, title: text, stage: start, major: major, today: ctx.today,
                                  user: ctx.user, time: ctx.now())
            }
            switch format {
            case .json:
                let due = try StoreCommands.actual(ctx, config: config, store: store, village: item.village).dueInfo(id: item.id)
                try ctx.write(StoreCommands.itemJSON(item, due) + "\n", to: nil, exact: true)
            default:
                try ctx.write("\(item.id)\n", to: nil)
            }
        }
        if let t = title {
            try add(t)
            return
        }
        // One line, one item, one transaction: a failure or a kill keeps every item printed before it.
        for text in titles { try add(text) }
    }
}

struct ItemListCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List items: every item that is not closed, unless filtered.",
        discussion: "Example: liushi item list --village sandu --stage discuss --due-by 2027-01-31 --format json")

    @Option(help: ArgumentHelp("Only this village.", valueName: "ID")) var village: String?
    @Option(help: ArgumentHelp("Only this stage (closed lists closed items).", valueName: "STAGE")) var stage: Stage?
    @Option(name: .customLong("due-by"), help: ArgumentHelp("Only items due on or before this date.", valueName: "DATE")) var dueBy: DateArgument?
    @Flag(help: "Only items whose due fixed day has passed (carried over at least once).") var overdue = false
    @Option(help: "text or json.") var format: ListFormat = .text
    @OptionGroup var global: GlobalOptions


    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let wanted = stage
        guard let store = try ItemCommand.openForReading(ctx) else {
            if let v = village, config.schedule.villageIndex(id: v) == nil { throw ctx.unknownVillage(v, config) }
            try ctx.write(format == .json ? JSONText.lines([]) : ctx.language.pick("没有事项。\n", "No items.\n"), to: nil, exact: format == .json)
            return
        }
        defer { store.close() }
        if let v = village, config.schedule.villageIndex(id: v) == nil {
            // A village gone from the configuration is still listed if the store has its items.
            let orphans = try StoreCommands.attempt(ctx) { () throws(StoreError) in
                try store.orphanVillages(known: config.allVillageIDs)
            }
            if orphans[v] == nil { throw ctx.unknownVillage(v, config) }
        }
        // Due dates from the actual schedule of every open item (the same as upcoming and the UI).
        let schedule = try StoreCommands.actual(ctx, config: config, store: store, village: village)
        var items = wanted?.isFinal == true
            ? try StoreCommands.attempt(ctx) { () throws(StoreError) in
                try store.items(villages: village.map { [$0] } ?? StoreCommands.scope(config), stage: wanted)
            }
            : schedule.items.filter { wanted == nil || $0.stage == wanted }
        var due: [Int64: DueDates.DueInfo] = [:]
        for k in schedule.items.indices { if let info = schedule.due[k] { due[schedule.items[k].id] = info } }
        if let limit = dueBy?.day {
            items = items.filter { item in due[item.id]?.due.map { $0 <= limit } ?? false }
        }
        if overdue {
            items = items.filter { (due[$0.id]?.carryOvers ?? 0) > 0 }
        }
        if config.narrowedTo != nil && village == nil {
            // --township: that township's villages only (items of villages gone from the whole
            // configuration are listed only without --township).
            items = items.filter { config.schedule.villageIndex(id: $0.village) != nil }
        }
        let lang = ctx.language
        switch format {
        case .json:
            try ctx.write(JSONText.lines(items.map { StoreCommands.itemJSON($0, due[$0.id]) }), to: nil, exact: true)
        default:
            if items.isEmpty {
                try ctx.write(lang.pick("没有事项。\n", "No items.\n"), to: nil)
                return
            }
            let rows: [[String]] = items.map { item in
                let info = due[item.id]
                var title = TerminalText.visible(item.title, keepLineBreaks: false)
                if item.major { title += lang.pick("（重大）", " (major)") }
                return [String(item.id), StoreCommands.villageName(item.village, config), item.stage.label(lang),
                        StoreCommands.dueText(info, lang), String(info?.carryOvers ?? 0), title]
            }
            let headers = lang == .zh ? ["编号", "村", "阶段", "应办日", "顺延", "事项"] : ["ID", "village", "stage", "due", "carried", "title"]
            try ctx.write(TextTable(headers: headers, rows: rows, flexible: [1, 5]).render(), to: nil)
        }
    }
}

struct ItemShowCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One item with its whole history.",
        discussion: "Example: liushi item show 12 --format json")

    @Argument(help: "The item's id.") var id: Int64
    @Option(help: "text or json.") var format: ListFormat = .text
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try ItemCommand.checkID(id)
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        guard let store = try ItemCommand.openForReading(ctx) else {
            throw CLIFailure(message: ctx.language.pick("没有编号为 \(id) 的事项", "there is no item \(id)"), status: 1)
        }
        defer { store.close() }
        guard let item = try StoreCommands.attempt(ctx, { () throws(StoreError) in try store.item(id: id) }) else {
            throw CLIFailure(message: ctx.language.pick("没有编号为 \(id) 的事项", "there is no item \(id)"), status: 1)
        }
        let history = try StoreCommands.attempt(ctx) { () throws(StoreError) in try store.history(itemID: id) }
        let due = try StoreCommands.actual(ctx, config: config, store: store, village: item.village).dueInfo(id: item.id)
        let lang = ctx.language
        if format == .json {
            try ctx.write(StoreCommands.itemJSON(item, due, history: history) + "\n", to: nil, exact: true)
            return
        }
        var lines: [String] = []
        let major = item.major ? lang.pick("（重大事项）", " (major)") : ""
        let title = TerminalText.visible(item.title, keepLineBreaks: false)
        lines.append(lang.pick("事项 \(item.id)：\(title)\(major)", "item \(item.id): \(title)\(major)"))
        lines.append(lang.pick("村：\(StoreCommands.villageName(item.village, config))（\(item.village)）",
                               "village: \(StoreCommands.villageName(item.village, config)) (\(item.village))"))
        lines.append(lang.pick("阶段：\(item.stage.label(lang))，自 \(item.stageSince.iso)",
                               "stage: \(item.stage.label(lang)) since \(item.stageSince.iso)"))
        if !item.stage.isFinal {
            let carried = due?.carryOvers ?? 0
            lines.append(lang.pick("应办：\(StoreCommands.dueText(due, lang))，已顺延 \(carried) 次",
                                   "due: \(StoreCommands.dueText(due, lang)), carried over \(carried) times"))
        }
        lines.append(lang.pick("历史：", "history:"))
        let rows: [[String]] = history.map { e in
            var change = ""
            if let f = e.from, let t = e.to { change = f.label(lang) + " → " + t.label(lang) }
            else if let t = e.to { change = "→ " + t.label(lang) }
            else if let f = e.from { change = f.label(lang) + " →" }
            return [String(e.id), ChinaTime.display(e.time), TerminalText.visible(e.user, keepLineBreaks: false),
                    e.kind.label(lang), change, e.day?.iso ?? "", TerminalText.visible(e.note)]
        }
        let headers = lang == .zh ? ["号", "时间", "人", "类型", "阶段", "固定日", "说明"]
            : ["#", "time", "user", "kind", "stage", "fixed day", "note"]
        try ctx.write(lines.joined(separator: "\n") + "\n" + TextTable(headers: headers, rows: rows, flexible: [1, 6]).render(), to: nil)
    }
}

struct ItemAdvanceCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Move an item on: one stage, or to --to (a routine item may skip stages).",
        discussion: "Examples: liushi item advance 12 --note 已议定   liushi item advance 12 --to handle")

    @Argument(help: "The item's id.") var id: Int64
    @Option(help: ArgumentHelp("The stage to move to (later than the current one).", valueName: "STAGE")) var to: Stage?
    @Option(help: ArgumentHelp("What was done or decided.", valueName: "TEXT")) var note: String = ""
    @Option(help: ArgumentHelp("The village's fixed day it was decided at (its scheduled or moved-to date); default: the one held today, if any.", valueName: "DATE"))
    var day: DateArgument?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try ItemCommand.checkID(id)
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let target = to
        try StoreCommands.changeItem(id, day: day?.day, ctx, config) { store, fixedDay throws(StoreError) in
            try store.advance(id: id, to: target, note: note, today: ctx.today, user: ctx.user,
                              time: ctx.now(), fixedDay: fixedDay)
        }
    }
}

struct ItemReturnCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "return",
        abstract: "Send an item back one stage, with the reason.",
        discussion: "Example: liushi item return 12 --note 村民代表会议未通过")

    @Argument(help: "The item's id.") var id: Int64
    @Option(help: ArgumentHelp("Why it goes back (required).", valueName: "TEXT")) var note: String
    @Option(help: ArgumentHelp("The village's fixed day it was decided at (its scheduled or moved-to date); default: the one held today, if any.", valueName: "DATE"))
    var day: DateArgument?
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        try ItemCommand.checkID(id)
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--note must say why the item goes back")
        }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        try StoreCommands.changeItem(id, day: day?.day, ctx, config) { store, fixedDay throws(StoreError) in
            try store.returnItem(id: id, note: note, today: ctx.today, user: ctx.user,
                                 time: ctx.now(), fixedDay: fixedDay)
        }
    }
}

struct ItemNoteCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a note to an item's history.",
        discussion: "Example: liushi item note 12 已联系施工队")

    @Argument(help: "The item's id.") var id: Int64
    @Argument(help: "The note (several words are joined with spaces).") var text: [String]
    @OptionGroup var global: GlobalOptions

    var joined: String { text.joined(separator: " ") }

    func validate() throws {
        try ItemCommand.checkID(id)
        guard !joined.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the note must not be empty") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let store = try StoreWriting.open(ctx)
        defer { store.close() }
        guard let item = try StoreCommands.attempt(ctx, { () throws(StoreError) in try store.item(id: id) }) else {
            throw CLIFailure(message: ctx.language.pick("没有编号为 \(id) 的事项", "there is no item \(id)"), status: 1)
        }
        let fixedDay = try StoreCommands.fixedDay(of: item.village, day: nil, store: store, ctx: ctx, config: config)
        try StoreCommands.attempt(ctx) { () throws(StoreError) in
            try store.addNote(id: id, text: joined, today: ctx.today, user: ctx.user,
                              time: ctx.now(), fixedDay: fixedDay)
        }
        try ctx.write(ctx.language.pick("已记入事项 \(id) 的历史。\n", "noted on item \(id).\n"), to: nil)
    }
}
