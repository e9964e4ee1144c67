import Foundation
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports
import LiushiStore
import LiushiUI

/// Performs the UI's effects against the store and the file system, and answers with messages:
/// a change is committed first, then a fresh `.loaded` snapshot says what was done; a refusal or
/// failure is `.failed` with the reason, in the UI's language.
struct StoreEffects {
    let ctx: AppContext
    let config: LoadedConfiguration
    let store: Store
    /// The villages whose items and marks are read (`Model.storeScope`: the township chosen in a
    /// county); nil for every village. The runner sets it from the model before each effect.
    var villages: [String]? = nil

    private var language: Language { ctx.language }

    // MARK: Effects

    func perform(_ effect: Effect) -> [Message] {
        do {
            return try attempt(effect)
        } catch let e as StoreError {
            return [.failed(e.message(chinese: language == .zh))]
        } catch let e as CLIFailure {
            return [.failed(e.message)]
        } catch {
            return [.failed("\(error)")]
        }
    }

    private func attempt(_ effect: Effect) throws -> [Message] {
        let today = ctx.today
        switch effect {
        case .quit:
            return []
        case .reload:
            return [.loaded(try snapshot(message: nil))]
        case .addItem(let village, let title):
            let item = try store.addItem(village: village, title: title, today: today, user: ctx.user, time: ctx.now())
            return [.loaded(try snapshot(message: language.pick("已添加事项 #\(item.id)：\(item.title)",
                                                               "added item #\(item.id): \(item.title)")))]
        case .advance(let id, let from, let to, let note):
            let fixedDay = try fixedDayToday(item: id)
            let item = try store.advance(id: id, to: to, note: note, today: today, user: ctx.user, time: ctx.now(),
                                         fixedDay: fixedDay, expecting: from)
            return [.loaded(try snapshot(message: language.pick("事项 #\(id) 已推进到\(item.stage.label(.zh))",
                                                               "item #\(id) advanced to \(item.stage.label(.en))")))]
        case .returnItem(let id, let from, let note):
            let fixedDay = try fixedDayToday(item: id)
            let item = try store.returnItem(id: id, note: note, today: today, user: ctx.user, time: ctx.now(),
                                            fixedDay: fixedDay, expecting: from)
            return [.loaded(try snapshot(message: language.pick("事项 #\(id) 已退回到\(item.stage.label(.zh))",
                                                               "item #\(id) returned to \(item.stage.label(.en))")))]
        case .addNote(let id, let text):
            try store.addNote(id: id, text: text, today: today, user: ctx.user, time: ctx.now(), fixedDay: try fixedDayToday(item: id))
            return [.loaded(try snapshot(message: language.pick("已为事项 #\(id) 添加备注", "note added to item #\(id)")))]
        case .markDay(let mark):
            try store.markDay(mark, user: ctx.user, time: ctx.now())
            let name = villageName(mark.village)
            return [.loaded(try snapshot(message: language.pick("已标记 \(name) \(mark.date.iso)：\(mark.status.label(.zh))",
                                                               "marked \(name) \(mark.date.iso): \(mark.status.label(.en))")))]
        case .undo:
            guard let undone = try store.undo(user: ctx.user, time: ctx.now()) else {
                return [.info(language.pick("没有可撤销的更改（只能撤销 \(store.role ?? ctx.user) 自己的更改）",
                                            "nothing to undo (only \(store.role ?? ctx.user)'s own changes can be undone)"))]
            }
            return [.loaded(try snapshot(message: UndoCommand.describe(undone, config: config, language)))]
        case .editItem(let id, let title):
            let item = try store.editItem(id: id, title: title, major: nil, user: ctx.user, time: ctx.now())
            return [.loaded(try snapshot(message: language.pick("事项 #\(id) 已修改：\(item.title)", "item #\(id) corrected: \(item.title)")))]
        case .withdraw(let id, let from, let note):
            let fixedDay = try fixedDayToday(item: id)
            _ = try store.withdraw(id: id, note: note, today: today, user: ctx.user, time: ctx.now(), fixedDay: fixedDay, expecting: from)
            return [.loaded(try snapshot(message: language.pick("事项 #\(id) 已撤回", "item #\(id) withdrawn"))), .ended(try endedItems())]
        case .loadEnded:
            return [.ended(try endedItems())]
        case .loadHistory(let id):
            return [.history(id, Self.uiEvents(try store.history(itemID: id)))]
        case .loadDay(let village, let scheduled):
            return [.dayEvents(village: village, scheduled: scheduled, Self.uiEvents(try store.events(village: village, day: scheduled)))]
        case .printSchedule(let village, let year):
            let path = try printSchedule(village: village, year: year)
            return [.info(language.pick("已写入 \(path)", "written to \(path)"))]
        }
    }

    // MARK: Snapshot

    /// The open items, the closed ones counted by village, and every day mark (of `villages`).
    func snapshot(message: String?, refresh: Bool = false) throws -> StoreSnapshot {
        // The token first: a change committed while the rest is read is seen at the next poll.
        let token = try store.changeToken()
        var s = StoreSnapshot(items: try store.items(villages: villages, includeClosed: false), marks: try store.dayMarks(villages: villages),
                              message: message, closedByVillage: try store.itemCounts(closed: true, villages: villages),
                              refresh: refresh, villages: villages)
        s.token = token
        return s
    }

    /// Closed and withdrawn items (of `villages`), in id order.
    private func endedItems() throws -> [UIItem] {
        (try store.items(villages: villages, stage: .closed) + store.items(villages: villages, stage: .withdrawn)).sorted { $0.id < $1.id }.map {
            UIItem(id: $0.id, village: $0.village, title: $0.title, stage: $0.stage, major: $0.major)
        }
    }

    /// The scheduled date of the item's village's fixed day held today, if any: where a change
    /// made now is recorded (as the command line does).
    private func fixedDayToday(item id: Int64) throws -> Day? {
        guard let item = try store.item(id: id) else { return nil }
        return try StoreCommands.fixedDay(of: item.village, day: nil, store: store, ctx: ctx, config: config)
    }

    /// Events as the screen shows them: China time, undone ones flagged.
    static func uiEvents(_ events: [ItemEvent]) -> [UIEvent] {
        let undone = Set(events.compactMap(\.undoes))
        return events.map { e in
            UIEvent(time: ChinaTime.display(e.time), user: e.user, kind: e.kind, from: e.from, to: e.to, note: e.note,
                    item: e.itemID, undone: undone.contains(e.id))
        }
    }

    // MARK: Printing

    /// Writes the village's schedule for `year` as text (the `liushi print` layout) to
    /// `liushi-<village>-<year>.txt` in the current folder; returns the file's path.
    func printSchedule(village: String, year: Int) throws -> String {
        guard let index = config.schedule.villageIndex(id: village) else { throw ctx.unknownVillage(village, config) }
        guard (SupportedRange.firstYear...SupportedRange.lastYear).contains(year),
              let start = Day(year: year, month: 1, day: 1), let end = Day(year: year, month: 12, day: 31) else {
            throw CLIFailure(message: language.pick("年份 \(year) 超出支持的范围 1901–2099",
                                                    "the year \(year) is outside the supported years 1901–2099"), status: 1)
        }
        let actual = try StoreCommands.actual(ctx, config: config, store: store, village: village)
        let window = try ctx.window(actual, from: start, to: end, villages: [index])
        let provisional = config.calendar.isProvisional(year: year) ? [year] : []
        let document = PrintDocument(townshipName: config.headerName(for: [config.schedule.villages[index]]),
                                     villages: [config.schedule.villages[index]], from: start, to: end,
                                     entries: window.days, movedAway: window.movedAway, language: language,
                                     provisionalYears: provisional,
                                     generatedOn: ctx.today)
        let name = "liushi-\(village)-\(year).txt"
        let directory = FileManager.default.currentDirectoryPath
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        try ctx.write(TextSchedule.render(document), to: path)
        return path
    }

    // MARK: Words

    private func villageName(_ id: String) -> String {
        config.schedule.villageIndex(id: id).map { config.schedule.villages[$0].name } ?? id
    }
}
