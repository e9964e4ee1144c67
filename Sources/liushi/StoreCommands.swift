import ArgumentParser
import Foundation
import LiushiConfig
import LiushiCore
import LiushiReports
import LiushiStore

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
        let store = try StoreWriting.open(ctx)
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
