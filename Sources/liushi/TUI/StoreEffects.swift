import Foundation
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
        case .advance(let id, let to):
            let item = try store.advance(id: id, to: to, today: today, user: ctx.user, time: ctx.now())
            return [.loaded(try snapshot(message: language.pick("事项 #\(id) 已推进到\(item.stage.label(.zh))",
                                                               "item #\(id) advanced to \(item.stage.label(.en))")))]
        case .returnItem(let id, let note):
            let item = try store.returnItem(id: id, note: note, today: today, user: ctx.user, time: ctx.now())
            return [.loaded(try snapshot(message: language.pick("事项 #\(id) 已退回到\(item.stage.label(.zh))",
                                                               "item #\(id) returned to \(item.stage.label(.en))")))]
        case .addNote(let id, let text):
            try store.addNote(id: id, text: text, today: today, user: ctx.user, time: ctx.now())
            return [.loaded(try snapshot(message: language.pick("已为事项 #\(id) 添加备注", "note added to item #\(id)")))]
        case .markDay(let mark):
            try store.markDay(mark, user: ctx.user, time: ctx.now())
            let name = villageName(mark.village)
            return [.loaded(try snapshot(message: language.pick("已标记 \(name) \(mark.date.iso)：\(statusText(mark.status))",
                                                               "marked \(name) \(mark.date.iso): \(statusText(mark.status))")))]
        case .undo:
            guard let event = try store.undo(user: ctx.user, time: ctx.now()) else {
                return [.info(language.pick("没有可撤销的更改", "nothing to undo"))]
            }
            return [.loaded(try snapshot(message: undoneText(event.note)))]
        case .loadHistory(let id):
            let events = try store.history(itemID: id)
            return [.history(id, events.map { e in
                UIEvent(time: Self.shortTime(e.time), user: e.user, kind: e.kind, from: e.from, to: e.to, note: e.note)
            })]
        case .printSchedule(let village, let year):
            let path = try printSchedule(village: village, year: year)
            return [.info(language.pick("已写入 \(path)", "written to \(path)"))]
        }
    }

    // MARK: Snapshot

    /// Every open item with its due date and carry-overs, the closed ones counted by village,
    /// every day mark, and the items due on each fixed day.
    func snapshot(message: String?) throws -> StoreSnapshot {
        try snapshot(items: store.items(includeClosed: false), marks: store.dayMarks(),
                     closed: store.itemCounts(closed: true), message: message)
    }

    /// The snapshot of items and marks already read (see `StorePreload`).
    func snapshot(items: [Item], marks: [DayMark], closed: [String: Int], message: String?) -> StoreSnapshot {
        let due = Agenda.inOrder(items, schedule: config.schedule, marks: marks, today: ctx.today)
        // The list of items and the items by fixed day are made at once (a large store has tens
        // of thousands of each).
        let (uiItems, annotations) = Parallel.both({ () -> [UIItem] in
            items.indices.map { k in
                let info = due[k]
                return UIItem(id: items[k].id, village: items[k].village, title: items[k].title, stage: items[k].stage,
                              major: items[k].major, due: info?.fixedDay ?? info?.due, carryOvers: info?.carryOvers ?? 0)
            }
        }, { () -> Annotations in
            // As Agenda.annotations, without computing the due dates twice: items due on a fixed
            // day, keyed by village and the schedule's date, in id order (store order).
            // Gathered by village index first (one lookup of the village per item), read in place.
            // (Only an item of a village in the schedule has a fixed day.)
            var byVillage = [[Day: [DueItem]]](repeating: [:], count: config.schedule.villages.count)
            for i in items.indices {
                guard let info = due[i], let day = info.fixedDay,
                      let v = config.schedule.villageIndex(id: items[i].village) else { continue }
                byVillage[v][day, default: []].append(DueItem(id: items[i].id, title: items[i].title, stage: items[i].stage,
                                                              carryOvers: info.carryOvers, major: items[i].major))
            }
            var annotations = Annotations()
            for (v, days) in byVillage.enumerated() where !days.isEmpty { annotations.items[config.schedule.villages[v].id] = days }
            for m in marks { annotations.marks[m.village, default: [:]][m.date] = m }
            return annotations
        })
        return StoreSnapshot(items: uiItems, marks: marks, annotations: annotations, message: message, closedByVillage: closed)
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
        let fixed = try ctx.expand(config, from: start, to: end, villages: [index])
        let items = try store.items(village: village)
        let marks = try store.dayMarks(village: village)
        let annotations = Agenda.annotations(items: items, schedule: config.schedule, marks: marks, today: ctx.today)
        let entries = ScheduleEntries.resolve(fixed, schedule: config.schedule, annotations: annotations)
            .filter { $0.date >= start && $0.date <= end }
        let provisional = config.calendar.isProvisional(year: year) ? [year] : []
        let document = PrintDocument(townshipName: config.township.townshipName,
                                     villages: [config.schedule.villages[index]], from: start, to: end,
                                     entries: entries, language: language, provisionalYears: provisional,
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

    private func statusText(_ status: DayStatus) -> String {
        switch status {
        case .held: return language.pick("已召开", "held")
        case .cancelled: return language.pick("已取消", "cancelled")
        case .moved(let to): return language.pick("改到 \(to.iso)", "moved to \(to.iso)")
        }
    }

    /// The store's undo note ("undo add: 村道路灯维修") in the UI's language.
    func undoneText(_ note: String) -> String {
        let names: [String: (String, String)] = ["add": ("添加", "add"), "advance": ("推进", "advance"), "return": ("退回", "return"),
                                                 "note": ("备注", "note"), "mark": ("标记", "mark")]
        var rest = Substring(note)
        if rest.hasPrefix("undo ") { rest = rest.dropFirst(5) }
        if let colon = rest.firstIndex(of: ":"), let name = names[String(rest[..<colon])] {
            let detail = rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            return language.pick("已撤销\(name.0)：\(detail)", "undone \(name.1): \(detail)")
        }
        return language.pick("已撤销：\(rest)", "undone: \(rest)")
    }

    /// "2026-09-28T09:12:05+08:00" → "2026-09-28 09:12"; anything else as it is.
    static func shortTime(_ iso: String) -> String {
        let chars = Array(iso)
        guard chars.count >= 16, chars[10] == "T", chars[13] == ":" else { return iso }
        return String(chars[0..<10]) + " " + String(chars[11..<16])
    }
}
