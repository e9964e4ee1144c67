import ArgumentParser
import Foundation
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports
import LiushiStore

/// What the item, day and undo commands share: the store, who and when, due dates, JSON.
enum StoreCommands {
    /// Opens the store at `--db`, `$LIUSHI_DB`, `$XDG_DATA_HOME/liushi/…` or `~/.local/share/liushi/…`
    /// (a file), or on the PostgreSQL server a `postgresql://` URI names; creates it when missing.
    static func open(_ ctx: AppContext) throws -> Store {
        let location = try ctx.storeLocation()
        do {
            return try Store.open(location)
        } catch {
            throw failure(error, ctx)
        }
    }

    /// The store if it exists (its file; its tables on the server), else nil: commands that only
    /// read do not create it.
    static func openExisting(_ ctx: AppContext) throws -> Store? {
        let location = try ctx.storeLocation()
        if case .file(let path) = location {
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return try open(ctx)
        }
        do {
            return try Store.openIfPresent(location)
        } catch {
            throw failure(error, ctx)
        }
    }

    /// The schedule as it actually is: the configuration's plan with every mark and the open
    /// items due (the plan alone when there is no database yet). Every command that shows fixed
    /// days or due dates asks this, and derives nothing itself.
    /// `village`: only that village's items and marks are read (what a one-village window needs).
    /// `opening`: the store as a `StoreOpening` made before the configuration was read.
    static func actual(_ ctx: AppContext, config: LoadedConfiguration, village: String? = nil,
                       opening: StoreOpening? = nil) throws -> ActualSchedule {
        do {
            guard let store = try opening?.wait() ?? openExisting(ctx) else { return ActualSchedule(schedule: config.schedule, today: ctx.today) }
            defer { store.close() }
            return try actual(ctx, config: config, store: store, village: village)
        } catch {
            // A damaged file: say what SQLite finds.
            throw StoreWriting.explain(error, ctx)
        }
    }

    /// The same from an open store. Without `village`, a configuration narrowed to one township
    /// of a county reads that township's villages only (`scope`); otherwise every village.
    static func actual(_ ctx: AppContext, config: LoadedConfiguration, store: Store, village: String? = nil) throws -> ActualSchedule {
        let villages = village.map { [$0] } ?? scope(config)
        let items = try attempt(ctx) { () throws(StoreError) in try store.items(villages: villages, stage: nil, includeClosed: false) }
        let marks = try attempt(ctx) { () throws(StoreError) in try store.dayMarks(villages: villages) }
        return ActualSchedule(schedule: config.schedule, marks: marks, items: items, today: ctx.today)
    }

    /// The villages whose rows a command reads from the store: those of the township `--township`
    /// narrowed a county to (a province's store holds millions of rows of other townships); nil,
    /// every village, otherwise (a single `liushi.yaml`, or the whole county). What is shown is
    /// the same either way: every command shows only the configuration's villages.
    static func scope(_ config: LoadedConfiguration) -> [String]? {
        guard config.isCounty, config.narrowedTo != nil else { return nil }
        return config.schedule.villages.map(\.id)
    }

    /// Lines for `liushi check`: where the database is, and open items of villages that are no
    /// longer in the configuration (kept, never dropped).
    static func checkLines(_ ctx: AppContext, config: LoadedConfiguration) throws -> [String] {
        let lang = ctx.language
        let path = try ctx.storeLocation().shown
        guard let store = try openExisting(ctx) else {
            return [lang.pick("数据库：\(path) 尚不存在（第一次记录时创建）。", "database: \(path) does not exist yet (it is created by the first change).")]
        }
        defer { store.close() }
        let open = try attempt(ctx) { () throws(StoreError) in try store.itemStates(village: nil) }.count
        let events = try attempt(ctx) { () throws(StoreError) in try store.eventCount() }
        var lines = [lang.pick("数据库：\(path)，\(open) 个未办结事项，\(events) 条记录。",
                               "database: \(path), \(open) open items, \(events) events.")]
        let orphans = try attempt(ctx) { () throws(StoreError) in
            try store.orphanVillages(known: config.allVillageIDs)
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

    /// Moves one item (advance or return): looks it up, finds the village's fixed day it is made
    /// at (`--day`, else the one held today, if any), commits the change, and prints what happened
    /// and when the item is due next.
    static func changeItem(_ id: Int64, day: Day?, _ ctx: AppContext, _ config: LoadedConfiguration,
                           _ change: (Store, Day?) throws(StoreError) -> Item) throws {
        let store = try StoreWriting.open(ctx)
        defer { store.close() }
        guard let before = try attempt(ctx, { () throws(StoreError) in try store.item(id: id) }) else {
            throw CLIFailure(message: ctx.language.pick("没有编号为 \(id) 的事项", "there is no item \(id)"), status: 1)
        }
        let fixedDay = try self.fixedDay(of: before.village, day: day, store: store, ctx: ctx, config: config)
        let item = try attempt(ctx) { () throws(StoreError) in try change(store, fixedDay) }
        let due = try actual(ctx, config: config, store: store, village: item.village).dueInfo(id: item.id)
        try ctx.write(confirmation(item, from: before.stage, due: due, ctx.language), to: nil)
    }

    /// The scheduled date of the village's fixed day a change belongs to: the one `day` names
    /// (scheduled or moved-to date; an error when there is none), else the one held today.
    static func fixedDay(of village: String, day: Day?, store: Store, ctx: AppContext, config: LoadedConfiguration) throws -> Day? {
        guard let v = config.schedule.villageIndex(id: village) else { return nil }
        let schedule = try actual(ctx, config: config, store: store, village: village)
        if let d = day {
            guard let found = schedule.fixedDay(village: v, date: d) else {
                throw notAFixedDay(d, village: v, config: config, ctx)
            }
            return found.scheduledDate
        }
        return schedule.meeting(village: village, on: ctx.today)
    }

    /// "2026-12-09 is not a fixed day of 三都村 (sandu); the nearest: …" (status 2).
    static func notAFixedDay(_ day: Day, village v: Int, config: LoadedConfiguration, _ ctx: AppContext) -> CLIFailure {
        let village = config.schedule.villages[v]
        let around = ((try? config.schedule.expand(from: max(day - 62, SupportedRange.first), to: min(day + 62, SupportedRange.last),
                                                   villages: [v])) ?? []).filter { !$0.isSkipped }
        let before = around.last(where: { $0.date < day })?.date.iso
        let after = around.first(where: { $0.date > day })?.date.iso
        let nearest = [before, after].compactMap { $0 }.joined(separator: ", ")
        return CLIFailure(message: ctx.language.pick(
            "\(day.iso) 不是\(village.name)（\(village.id)）的固定日" + (nearest.isEmpty ? "" : "；最近的固定日：\(nearest)"),
            "\(day.iso) is not a fixed day of \(village.name) (\(village.id))" + (nearest.isEmpty ? "" : "; the nearest: \(nearest)")),
            status: 2)
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

    static func villageName(_ id: String, _ config: LoadedConfiguration) -> String {
        guard let i = config.schedule.villageIndex(id: id) else { return id + "?" }
        return config.schedule.villages[i].name
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

    static func itemJSON(_ item: Item, _ due: DueDates.DueInfo?, history: [ItemEvent]? = nil) -> String {
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
        o.add("time", ChinaTime.iso(e.time))
        o.add("user", e.user)
        o.add("kind", e.kind.rawValue)
        o.add("from", e.from?.key)
        o.add("to", e.to?.key)
        o.add("note", e.note)
        o.add("village", e.village)
        o.add("day", e.day?.iso)
        if let u = e.undoes { o.add("undoes", u) }
        return o.text
    }

    static func dueText(_ due: DueDates.DueInfo?, _ lang: Language) -> String {
        guard let d = due?.due else { return "-" }
        return d.iso
    }

    /// "12 → discuss (due 2027-01-15)" after a change.
    static func confirmation(_ item: Item, from: Stage, due: DueDates.DueInfo?, _ lang: Language) -> String {
        var s = lang == .zh
            ? "事项 \(item.id)：\(from.label(lang)) → \(item.stage.label(lang))"
            : "item \(item.id): \(from.label(lang)) → \(item.stage.label(lang))"
        if let d = due?.due { s += lang == .zh ? "，下次应办 \(d.iso)" : ", next due \(d.iso)" }
        return s + "\n"
    }
}

extension AppContext {
    /// The actual schedule's window, turning a range error into a plain message (status 2).
    func window(_ actual: ActualSchedule, from a: Day, to b: Day, villages: [Int]?, person: String? = nil) throws -> ActualSchedule.Window {
        do {
            if let p = person { return try actual.window(from: a, to: b, person: p, villages: villages) }
            return try actual.window(from: a, to: b, villages: villages)
        } catch {
            throw CLIFailure(message: error.message(chinese: zh), status: 2)
        }
    }
}

/// Opens an existing store (`StoreCommands.openExisting`) on a second thread while the first
/// reads the configuration: loading libpq, connecting and checking the schema (15–20 ms on a
/// PostgreSQL server) cost nothing then. It never creates a store; its errors are thrown by
/// `wait()`, after the configuration's own (status 2 first, as before).
final class StoreOpening: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Store?, any Error> = .success(nil)

    init(_ ctx: AppContext) {
        let location = Result { try ctx.storeLocation() }
        let zh = ctx.zh
        Thread.detachNewThread { [self] in
            result = Result {
                let location = try location.get()
                if case .file(let path) = location, !FileManager.default.fileExists(atPath: path) { return nil }
                do {
                    switch location {
                    case .file: return try Store.open(location)
                    case .postgres: return try Store.openIfPresent(location)
                    }
                } catch let error as StoreError {
                    throw CLIFailure(message: error.message(chinese: zh), status: 1)
                }
            }
            done.signal()
        }
    }

    /// The store (nil when there is none), once opened.
    func wait() throws -> Store? {
        done.wait()
        done.signal()
        return try result.get()
    }
}
