import ArgumentParser
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
import LiushiReports
import LiushiStore

/// `liushi day show`: one fixed day's record — where and when it is held, what became of it,
/// attendance and minutes, the items due at it and the stage changes made at it.
struct DayShowCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One fixed day's record: status, attendance, minutes, items due, stage changes made at it.",
        discussion: """
        --date is the date the schedule gives the fixed day or the date it was moved to. \
        --format html gives one A4 page for the village's files: before the day, the agenda and a \
        sign-in sheet (签到表) by role; once it is marked, the record.
        Examples:
          liushi day show --village sandu --date 2027-01-15 --format json
          liushi day show --village sandu --date 2027-01-15 --format html -o 签到表.html
        """)

    @Option(help: ArgumentHelp("The village's id.", valueName: "ID")) var village: String
    @Option(help: ArgumentHelp("The fixed day's scheduled date, or the date it was moved to.", valueName: "DATE")) var date: DateArgument
    @Option(help: "text, json or html.") var format: DayShowFormat = .text
    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE"))
    var output: String?
    @OptionGroup var global: GlobalOptions

    enum DayShowFormat: String, ExpressibleByArgument, CaseIterable { case text, json, html }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        guard let v = config.schedule.villageIndex(id: village) else { throw ctx.unknownVillage(village, config) }
        let store = try StoreCommands.openExisting(ctx)
        defer { store?.close() }
        let actual = try store.map { try StoreCommands.actual(ctx, config: config, store: $0, village: village) }
            ?? ActualSchedule(schedule: config.schedule, today: ctx.today)
        guard let day = actual.fixedDay(village: v, date: date.day) else {
            throw StoreCommands.notAFixedDay(date.day, village: v, config: config, ctx)
        }
        let events = try store.map { s in
            try StoreCommands.attempt(ctx) { () throws(StoreError) in try s.events(village: village, day: day.scheduledDate) }
        } ?? []
        let changes = DayShowCommand.stageChanges(events)
        let text: String
        switch format {
        case .json: text = DayShowCommand.json(day, changes: changes) + "\n"
        case .text: text = DayShowCommand.text(day, changes: changes, ctx.language)
        case .html:
            let sheetChanges = try changes.map { c -> MeetingSheet.Change in
                let title = try store.flatMap { s in
                    try StoreCommands.attempt(ctx) { () throws(StoreError) in try s.item(id: c.itemID ?? 0)?.title }
                } ?? ""
                return MeetingSheet.Change(item: c.itemID ?? 0, title: title, from: c.from, to: c.to, user: c.user,
                                           time: ChinaTime.display(c.time), note: c.note)
            }
            text = MeetingSheet.render(day, changes: sheetChanges, township: config.headerName(for: [day.village]),
                                       language: ctx.language, generatedOn: ctx.today)
        }
        try ctx.write(text, to: output, exact: format != .text)
    }

    /// Stage changes recorded at the day and not undone, oldest first.
    static func stageChanges(_ events: [ItemEvent]) -> [ItemEvent] {
        let undone = Set(events.compactMap(\.undoes))
        return events.filter { ($0.kind == .advance || $0.kind == .return) && !undone.contains($0.id) }
    }

    static func json(_ e: ScheduleEntry, changes: [ItemEvent]) -> String {
        var o = JSONObject()
        o.add("village", e.village.id)
        o.add("villageName", e.village.name)
        o.add("scheduled", e.scheduledDate.iso)
        o.add("date", e.date.iso)
        o.add("status", e.state.rawValue)
        o.add("rhythms", strings: e.rhythms.map(\.key))
        o.add("matters", strings: e.matters.map(\.key))
        o.add("time", e.time.map(ClockTime.text))
        o.add("attended", strings: e.isHeld ? (e.record?.attended ?? []).map(\.rawValue) : [])
        o.add("minutes", e.record?.minutes ?? "")
        o.add("note", e.record?.note ?? "")
        o.add("provisional", e.provisional)
        o.add("items", raw: JSONText.array(e.items.map(ScheduleJSON.item)))
        o.add("changes", raw: JSONText.array(changes.map { c in
            var x = JSONObject()
            x.add("item", c.itemID ?? 0)
            x.add("from", c.from?.key)
            x.add("to", c.to?.key)
            x.add("kind", c.kind.rawValue)
            x.add("user", c.user)
            x.add("time", ChinaTime.iso(c.time))
            if !c.note.isEmpty { x.add("note", c.note) }
            return x.text
        }))
        return o.text
    }

    static func text(_ e: ScheduleEntry, changes: [ItemEvent], _ lang: Language) -> String {
        var lines: [String] = []
        let when = e.date == e.scheduledDate ? e.date.iso
            : lang.pick("\(e.date.iso)（原定 \(e.scheduledDate.iso)）", "\(e.date.iso) (scheduled \(e.scheduledDate.iso))")
        lines.append(lang.pick("\(e.village.name)（\(e.village.id)）固定日 \(when) \(Labels.weekday(e.date, lang))",
                               "\(e.village.name) (\(e.village.id)), fixed day \(when), \(Labels.weekday(e.date, lang))"))
        lines.append(lang.pick("状态：", "status: ") + e.state.label(lang))
        var plan = lang.pick("节奏：", "rhythms: ") + Labels.rhythms(e.rhythms, lang)
            + lang.pick("；六事：", "; matters: ") + Labels.matters(e.matters, lang)
        let time = Labels.time(e)
        if !time.isEmpty { plan += lang.pick("；时间：", "; time: ") + time }
        lines.append(plan)
        if !e.attendees.isEmpty { lines.append(lang.pick("参加人员：", "attendees: ") + Labels.attendees(e, lang)) }
        if let r = e.record {
            if r.outcome == .held {
                lines.append(lang.pick("到会：", "present: ")
                             + (r.attended.isEmpty ? lang.pick("（未记录）", "(not recorded)") : Labels.roles(r.attended, e.village, lang)))
                if !r.minutes.isEmpty { lines.append(lang.pick("纪要：", "minutes: ") + r.minutes) }
            }
            if !r.note.isEmpty { lines.append(lang.pick("备注：", "note: ") + r.note) }
        }
        var plain = e
        plain.record = nil
        let other = Labels.note(plain, lang)
        if !other.isEmpty {
            lines.append(lang.pick("说明：", "about the date: ") + other)
        }
        lines.append(lang.pick("应办事项：", "items due:") + (e.items.isEmpty ? lang.pick("无", " none") : ""))
        for i in e.items { lines.append("  " + Labels.item(i, lang)) }
        if !changes.isEmpty {
            lines.append(lang.pick("本固定日的阶段变更：", "stage changes made at it:"))
            for c in changes {
                let from = c.from?.label(lang) ?? "", to = c.to?.label(lang) ?? ""
                var line = "  #\(c.itemID ?? 0) \(c.kind.label(lang)) \(from) → \(to)  \(c.user) \(ChinaTime.display(c.time))"
                if !c.note.isEmpty { line += lang.pick("（\(c.note)）", " (\(c.note))") }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `liushi day list --unmarked`: fixed days before today with nothing recorded of them.
struct DayListCommand: GlobalAware {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Fixed days before today that were neither marked held nor cancelled (default: the last 90 days).",
        discussion: "Example: liushi day list --unmarked --village sandu --from 2026-10-01")

    @Flag(help: "Only days without a mark (required: the only list there is so far).") var unmarked = false
    @Option(name: .customLong("village"), help: ArgumentHelp("Only this village (repeatable).", valueName: "ID")) var villages: [String] = []
    @Option(help: ArgumentHelp("First day (default 90 days before today).", valueName: "DATE")) var from: DateArgument?
    @Option(help: ArgumentHelp("Last day (default yesterday).", valueName: "DATE")) var to: DateArgument?
    @Option(help: "text or json.") var format: ListFormat = .text
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard unmarked else { throw ValidationError("give --unmarked (the fixed days before today without a mark)") }
        if let f = from?.day, let t = to?.day, f > t { throw ValidationError("--from \(f.iso) is after --to \(t.iso)") }
    }

    func run() throws {
        let ctx = try AppContext(global)
        let config = try ctx.loadConfiguration()
        let indices = try ctx.villageIndices(villages, in: config)
        let start = max(from?.day ?? (ctx.today - 90), SupportedRange.first)
        let end = min(to?.day ?? (ctx.today - 1), SupportedRange.last)
        let actual = try StoreCommands.actual(ctx, config: config, village: villages.count == 1 ? villages[0] : nil)
        let days: [ScheduleEntry]
        do {
            days = try actual.unmarked(from: start, to: end, villages: indices)
        } catch {
            throw CLIFailure(message: error.message(chinese: ctx.zh), status: 2)
        }
        let lang = ctx.language
        if format == .json {
            try ctx.write(ScheduleJSON.render(days), to: nil, exact: true)
            return
        }
        var out = lang.pick("\(start.iso) 至 \(min(end, ctx.today - 1).iso) 未标记的固定日：\(days.count) 个\n",
                            "Fixed days from \(start.iso) to \(min(end, ctx.today - 1).iso) without a mark: \(days.count)\n")
        if !days.isEmpty {
            out += UpcomingText.render(days, township: config.township.townshipName, from: start, to: end, language: lang)
        }
        try ctx.write(out, to: nil)
    }
}
