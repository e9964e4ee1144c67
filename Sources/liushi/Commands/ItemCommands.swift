import ArgumentParser
import Foundation
import LiushiConfig
import LiushiCore
import LiushiReports
import LiushiStore

// `liushi item add|list|show|advance|return|note` (DESIGN §5, §6). Configuration is loaded
// before the store is opened, so an invalid configuration writes nothing; a refused change
// changes nothing (the store runs each change in one transaction).

/// What the item, day and undo commands share: the store, who and when, due dates, JSON.
enum StoreCommands {
    /// Opens the store at `--db`, `$LIUSHI_DB`, `$XDG_DATA_HOME/liushi/…` or `~/.local/share/liushi/…`.
    static func open(_ ctx: AppContext) throws -> Store {
        let path = StorePath.resolve(flag: ctx.options.db, environment: ctx.environment)
        do {
            return try Store.open(path: path)
        } catch {
            throw failure(error, ctx)
        }
    }

    /// The store if its file exists, else nil (commands that only read do not create it).
    static func openExisting(_ ctx: AppContext) throws -> Store? {
        let path = StorePath.resolve(flag: ctx.options.db, environment: ctx.environment)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try open(ctx)
    }

    /// What `upcoming`, `print` and the bare `liushi` lay over the schedule: the items due on each
    /// fixed day and the marks. None when there is no database yet.
    static func annotations(_ ctx: AppContext, config: LoadedConfiguration) throws -> Annotations {
        guard let store = try openExisting(ctx) else { return .none }
        defer { store.close() }
        let items = try attempt(ctx) { () throws(StoreError) in try store.items(village: nil, stage: nil, includeClosed: false) }
        let marks = try attempt(ctx) { () throws(StoreError) in try store.dayMarks(village: nil) }
        return Agenda.annotations(items: items, schedule: config.schedule, marks: marks, today: ctx.today)
    }

    /// Lines for `liushi check`: where the database is, and open items of villages that are no
    /// longer in the configuration (kept, never dropped).
    static func checkLines(_ ctx: AppContext, config: LoadedConfiguration) throws -> [String] {
        let lang = ctx.language
        let path = StorePath.resolve(flag: ctx.options.db, environment: ctx.environment)
        guard let store = try openExisting(ctx) else {
            return [lang.pick("数据库：\(path) 尚不存在（第一次记录时创建）。", "database: \(path) does not exist yet (it is created by the first change).")]
        }
        defer { store.close() }
        let open = try attempt(ctx) { () throws(StoreError) in try store.itemStates(village: nil) }.count
        let events = try attempt(ctx) { () throws(StoreError) in try store.eventCount() }
        var lines = [lang.pick("数据库：\(path)，\(open) 个未办结事项，\(events) 条记录。",
                               "database: \(path), \(open) open items, \(events) events.")]
        let orphans = try attempt(ctx) { () throws(StoreError) in
            try store.orphanVillages(known: Set(config.schedule.villages.map(\.id)))
        }
        for (village, count) in orphans.sorted(by: { $0.key < $1.key }) {
            lines.append(lang.pick("提示：\(count) 个未办结事项属于村 “\(village)”，但配置中已没有这个村；事项仍保留在数据库中。",
                                   "note: \(count) open items belong to village '\(village)', which is no longer in the configuration; they are kept in the database."))
        }
        return lines
    }

    /// A store error ends the command with status 1.
    static func failure(_ error: StoreError, _ ctx: AppContext) -> CLIFailure {
        CLIFailure(message: error.message(chinese: ctx.zh), status: 1)
    }

    /// Runs a store call, turning its error into a CLIFailure.
    /// Moves one item (advance or return): looks it up, finds the village's fixed day held today,
    /// commits the change, and prints what happened and when the item is due next.
    static func changeItem(_ id: Int64, _ ctx: AppContext, _ config: LoadedConfiguration,
                           _ change: (Store, Day?) throws(StoreError) -> Item) throws {
        let store = try open(ctx)
        defer { store.close() }
        guard let before = try attempt(ctx, { () throws(StoreError) in try store.item(id: id) }) else {
            throw CLIFailure(message: ctx.language.pick("没有编号为 \(id) 的事项", "there is no item \(id)"), status: 1)
        }
        let fixedDay = try fixedDayToday(village: before.village, store: store, ctx: ctx, config: config)
        let item = try attempt(ctx) { () throws(StoreError) in try change(store, fixedDay) }
        let due = try dueInfo([item], store: store, ctx: ctx, config: config)[item.id]
        try ctx.write(confirmation(item, from: before.stage, due: due, ctx.language), to: nil)
    }

    static func attempt<T>(_ ctx: AppContext, _ body: () throws(StoreError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw failure(error, ctx)
        }
    }

    /// A village id that the configuration knows, else a usage error listing the known ones.
    static func requireVillage(_ id: String, _ ctx: AppContext, _ config: LoadedConfiguration) throws {
        guard config.schedule.villageIndex(id: id) != nil else { throw ctx.unknownVillage(id, config) }
    }

    static func parseStage(_ text: String, option: String) throws -> Stage {
        guard let s = Stage(name: text) else {
            let keys = Stage.allCases.map(\.key).joined(separator: ", ")
            throw ValidationError("\(option) must be one of \(keys) (or 理事 议事 决事 办事 督事 评事), not '\(text)'")
        }
        return s
    }

    static func villageName(_ id: String, _ config: LoadedConfiguration) -> String {
        guard let i = config.schedule.villageIndex(id: id) else { return id + "?" }
        return config.schedule.villages[i].name
    }

    /// Due dates of the given items, with the marks of their villages.
    static func dueInfo(_ items: [Item], store: Store, ctx: AppContext, config: LoadedConfiguration) throws -> [Int64: Agenda.DueInfo] {
        let villages = Set(items.map(\.village))
        let marks: [DayMark]
        if villages.count == 1, let only = villages.first {
            marks = try attempt(ctx) { () throws(StoreError) in try store.dayMarks(village: only) }
        } else {
            marks = try attempt(ctx) { () throws(StoreError) in try store.dayMarks(village: nil) }
        }
        return Agenda.due(items: items, schedule: config.schedule, marks: marks, today: ctx.today)
    }

    /// The scheduled date of the village's fixed day held today (after moves), if there is one:
    /// the fixed day a change made today belongs to.
    static func fixedDayToday(village: String, store: Store, ctx: AppContext, config: LoadedConfiguration) throws -> Day? {
        guard let v = config.schedule.villageIndex(id: village) else { return nil }
        let marks = try attempt(ctx) { () throws(StoreError) in try store.dayMarks(village: village) }
        var status: [Day: DayStatus] = [:]
        for m in marks { status[m.date] = m.status }
        if let today = try? config.schedule.expand(from: ctx.today, to: ctx.today, villages: [v]),
           today.contains(where: { !$0.isSkipped && $0.date == ctx.today }) {
            switch status[ctx.today] {
            case .cancelled?, .moved?: break
            case .held?, nil: return ctx.today
            }
        }
        for m in marks {
            if case .moved(let to) = m.status, to == ctx.today { return m.date }
        }
        return nil
    }

    /// One line of a file without its newline; nil at the end.
    static func readLine(from file: UnsafeMutablePointer<FILE>) -> String? {
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(buffer) }
        let n = getline(&buffer, &capacity, file)
        guard n >= 0, let b = buffer else { return nil }
        var line = String(cString: b)
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    // MARK: Output

    static func itemJSON(_ item: Item, _ due: Agenda.DueInfo?, history: [ItemEvent]? = nil) -> String {
        var o = JSONObject()
        o.add("id", item.id)
        o.add("village", item.village)
        o.add("title", item.title)
        o.add("stage", item.stage.key)
        o.add("major", item.major)
        o.add("due", due?.due?.iso)
        o.add("carryOvers", due?.carryOvers ?? 0)
        if let history { o.add("history", raw: JSONText.array(history.map(eventJSON))) }
        return o.text
    }

    static func eventJSON(_ e: ItemEvent) -> String {
        var o = JSONObject()
        o.add("id", e.id)
        o.add("time", e.time)
        o.add("user", e.user)
        o.add("kind", e.kind)
        o.add("from", e.from?.key)
        o.add("to", e.to?.key)
        o.add("note", e.note)
        o.add("village", e.village)
        o.add("day", e.day?.iso)
        if let u = e.undoes { o.add("undoes", u) }
        return o.text
    }

    static func kindLabel(_ kind: String, _ lang: Language) -> String {
        guard lang == .zh else { return kind }
        switch kind {
        case "add": return "新增"
        case "advance": return "推进"
        case "return": return "退回"
        case "note": return "备注"
        case "mark": return "标记"
        case "undo": return "撤销"
        default: return kind
        }
    }

    static func dueText(_ due: Agenda.DueInfo?, _ lang: Language) -> String {
        guard let d = due?.due else { return "-" }
        return d.iso
    }

    /// "12 → discuss (due 2027-01-15)" after a change.
    static func confirmation(_ item: Item, from: Stage, due: Agenda.DueInfo?, _ lang: Language) -> String {
        var s = lang == .zh
            ? "事项 \(item.id)：\(from.label(lang)) → \(item.stage.label(lang))"
            : "item \(item.id): \(from.label(lang)) → \(item.stage.label(lang))"
        if let d = due?.due { s += lang == .zh ? "，下次应办 \(d.iso)" : ", next due \(d.iso)" }
        return s + "\n"
    }
}

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
          liushi item show 12 --format json
        """,
        subcommands: [ItemAddCommand.self, ItemListCommand.self, ItemShowCommand.self,
                      ItemAdvanceCommand.self, ItemReturnCommand.self, ItemNoteCommand.self])
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
    @Option(help: ArgumentHelp("The stage it starts at (default sort).", valueName: "STAGE")) var stage: String?
    @Flag(help: "A major matter (重大事项).") var major = false
    @Option(help: "text (the id alone) or json (the item).") var format: OutputFormat = .text
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        switch (title, titlesFrom) {
        case (nil, nil): throw ValidationError("give --title TEXT (or --titles-from FILE)")
        case (.some, .some): throw ValidationError("give either --title or --titles-from, not both")
        case (let t?, nil):
            guard !t.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--title must not be empty") }
        case (nil, _?): break
        }
        if let s = stage, try StoreCommands.parseStage(s, option: "--stage") == .closed {
            throw ValidationError("--stage cannot be closed for a new item")
        }
        guard format == .text || format == .json else { throw ValidationError("--format must be text or json") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        try StoreCommands.requireVillage(village, ctx, config)
        let start = try stage.map { try StoreCommands.parseStage($0, option: "--stage") } ?? .matter(.sort)
        var file: UnsafeMutablePointer<FILE>? = nil
        if let source = titlesFrom, source != "-" {
            file = fopen(source, "r")
            guard file != nil else {
                let why = String(cString: strerror(errno))
                throw CLIFailure(message: ctx.language.pick("无法读取 \(source)：\(why)", "cannot read \(source): \(why)"), status: 1)
            }
        }
        defer { if let f = file { fclose(f) } }
        let store = try StoreCommands.open(ctx)
        defer { store.close() }
        func add(_ text: String) throws {
            let item = try StoreCommands.attempt(ctx) { () throws(StoreError) in
                try store.addItem(village: village, title: text, stage: start, major: major, today: ctx.today,
                                  user: ctx.user, time: AppContext.clockTime())
            }
            switch format {
            case .json:
                let due = try StoreCommands.dueInfo([item], store: store, ctx: ctx, config: config)
                try ctx.write(StoreCommands.itemJSON(item, due[item.id]) + "\n", to: nil)
            default:
                try ctx.write("\(item.id)\n", to: nil)
            }
        }
        if let t = title {
            try add(t)
            return
        }
        // One line, one item, one transaction: a failure or a kill keeps every item printed before it.
        while let line = file.map({ StoreCommands.readLine(from: $0) }) ?? Swift.readLine(strippingNewline: true) {
            let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { try add(text) }
        }
    }
}

struct ItemListCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List items: every item that is not closed, unless filtered.",
        discussion: "Example: liushi item list --village sandu --stage discuss --due-by 2027-01-31 --format json")

    @Option(help: ArgumentHelp("Only this village.", valueName: "ID")) var village: String?
    @Option(help: ArgumentHelp("Only this stage (closed lists closed items).", valueName: "STAGE")) var stage: String?
    @Option(name: .customLong("due-by"), help: ArgumentHelp("Only items due on or before this date.", valueName: "DATE")) var dueBy: DateArgument?
    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let s = stage { _ = try StoreCommands.parseStage(s, option: "--stage") }
        guard format == .text || format == .json else { throw ValidationError("--format must be text or json") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let wanted = try stage.map { try StoreCommands.parseStage($0, option: "--stage") }
        let store = try StoreCommands.open(ctx)
        defer { store.close() }
        if let v = village, config.schedule.villageIndex(id: v) == nil {
            // A village gone from the configuration is still listed if the store has its items.
            let orphans = try StoreCommands.attempt(ctx) { () throws(StoreError) in
                try store.orphanVillages(known: Set(config.schedule.villages.map(\.id)))
            }
            if orphans[v] == nil { throw ctx.unknownVillage(v, config) }
        }
        var items = try StoreCommands.attempt(ctx) { () throws(StoreError) in
            try store.items(village: village, stage: wanted, includeClosed: false)
        }
        let due = try StoreCommands.dueInfo(items, store: store, ctx: ctx, config: config)
        if let limit = dueBy?.day {
            items = items.filter { item in due[item.id]?.due.map { $0 <= limit } ?? false }
        }
        let lang = ctx.language
        switch format {
        case .json:
            try ctx.write(JSONText.lines(items.map { StoreCommands.itemJSON($0, due[$0.id]) }), to: nil)
        default:
            if items.isEmpty {
                try ctx.write(lang.pick("没有事项。\n", "No items.\n"), to: nil)
                return
            }
            let rows: [[String]] = items.map { item in
                let info = due[item.id]
                var title = item.title
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
    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard format == .text || format == .json else { throw ValidationError("--format must be text or json") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let store = try StoreCommands.open(ctx)
        defer { store.close() }
        guard let item = try StoreCommands.attempt(ctx, { () throws(StoreError) in try store.item(id: id) }) else {
            throw CLIFailure(message: ctx.language.pick("没有编号为 \(id) 的事项", "there is no item \(id)"), status: 1)
        }
        let history = try StoreCommands.attempt(ctx) { () throws(StoreError) in try store.history(itemID: id) }
        let due = try StoreCommands.dueInfo([item], store: store, ctx: ctx, config: config)[item.id]
        let lang = ctx.language
        if format == .json {
            try ctx.write(StoreCommands.itemJSON(item, due, history: history) + "\n", to: nil)
            return
        }
        var lines: [String] = []
        let major = item.major ? lang.pick("（重大事项）", " (major)") : ""
        lines.append(lang.pick("事项 \(item.id)：\(item.title)\(major)", "item \(item.id): \(item.title)\(major)"))
        lines.append(lang.pick("村：\(StoreCommands.villageName(item.village, config))（\(item.village)）",
                               "village: \(StoreCommands.villageName(item.village, config)) (\(item.village))"))
        lines.append(lang.pick("阶段：\(item.stage.label(lang))，自 \(item.stageSince.iso)",
                               "stage: \(item.stage.label(lang)) since \(item.stageSince.iso)"))
        if item.stage != .closed {
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
            return [String(e.id), e.time, e.user, StoreCommands.kindLabel(e.kind, lang), change, e.day?.iso ?? "", e.note]
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
    @Option(help: ArgumentHelp("The stage to move to (later than the current one).", valueName: "STAGE")) var to: String?
    @Option(help: ArgumentHelp("What was done or decided.", valueName: "TEXT")) var note: String = ""
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let t = to { _ = try StoreCommands.parseStage(t, option: "--to") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let target = try to.map { try StoreCommands.parseStage($0, option: "--to") }
        try StoreCommands.changeItem(id, ctx, config) { store, fixedDay throws(StoreError) in
            try store.advance(id: id, to: target, note: note, today: ctx.today, user: ctx.user,
                              time: AppContext.clockTime(), fixedDay: fixedDay)
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
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--note must say why the item goes back")
        }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        try StoreCommands.changeItem(id, ctx, config) { store, fixedDay throws(StoreError) in
            try store.returnItem(id: id, note: note, today: ctx.today, user: ctx.user,
                                 time: AppContext.clockTime(), fixedDay: fixedDay)
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
        guard !joined.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the note must not be empty") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let store = try StoreCommands.open(ctx)
        defer { store.close() }
        guard let item = try StoreCommands.attempt(ctx, { () throws(StoreError) in try store.item(id: id) }) else {
            throw CLIFailure(message: ctx.language.pick("没有编号为 \(id) 的事项", "there is no item \(id)"), status: 1)
        }
        let fixedDay = try StoreCommands.fixedDayToday(village: item.village, store: store, ctx: ctx, config: config)
        try StoreCommands.attempt(ctx) { () throws(StoreError) in
            try store.addNote(id: id, text: joined, today: ctx.today, user: ctx.user,
                              time: AppContext.clockTime(), fixedDay: fixedDay)
        }
        try ctx.write(ctx.language.pick("已记入事项 \(id) 的历史。\n", "noted on item \(id).\n"), to: nil)
    }
}
