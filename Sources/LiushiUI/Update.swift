import LiushiCore

/// Applies a message to the model and returns the I/O for the runner to perform. Pure: no
/// clock, no files, no store.
public func update(_ model: inout Model, _ message: Message) -> [Effect] {
    var effects: [Effect]
    switch message {
    case .key(let key):
        effects = model.handle(key)
    case .resize(let w, let h):
        model.terminalWidth = max(0, w)
        model.terminalHeight = max(0, h)
        effects = []
    case .loaded(let snapshot):
        model.absorb(snapshot)
        if let text = snapshot.message {
            model.message = StatusMessage(text)
        } else if let m = model.message, [model.t.saving, model.t.undoing].contains(m.text) {
            model.message = nil
        }
        if model.overlay == .detail, let d = model.detail {
            effects = [.loadHistory(item: d.item.id)]
        } else if model.overlay == .day, let r = model.dayRecord {
            effects = [.loadDay(village: r.village, scheduled: r.scheduled)]
        } else {
            effects = []
        }
        // The ended items, once read, are kept current too.
        if model.endedItems != nil && model.screen == .late { effects += [.loadEnded] }
    case .ended(let list):
        model.endedItems = list
        effects = []
    case .dayEvents(let village, let scheduled, let events):
        if var r = model.dayRecord, r.village == village, r.scheduled == scheduled {
            r.events = events
            model.dayRecord = r
        }
        effects = []
    case .history(let id, let events):
        if var d = model.detail, d.item.id == id {
            d.events = events
            // The history knows the stage of an item the snapshot no longer lists (closed ones).
            if let stage = events.last(where: { $0.to != nil })?.to { d.item.stage = stage }
            model.detail = d
        }
        effects = []
    case .info(let text):
        model.message = StatusMessage(text)
        effects = []
    case .failed(let text):
        model.message = StatusMessage(text, isError: true)
        effects = []
    }
    model.sync()
    return effects
}

extension Model {
    /// Rows a list moves on PgUp/PgDn.
    var pageRows: Int { max(1, terminalHeight - 8) }

    mutating func handle(_ key: Key) -> [Effect] {
        let before = (overlay, detail?.item.id, dayRecord?.village, dayRecord?.scheduled)
        let screenBefore = screen
        var effects = handleKey(key)
        if screen == .late && screenBefore != .late { effects.append(.loadEnded) }
        // An overlay just opened reads what it shows.
        if overlay == .detail, let d = detail, d.events == nil, before.0 != .detail || before.1 != d.item.id {
            effects.append(.loadHistory(item: d.item.id))
        }
        if overlay == .day, let r = dayRecord, r.events == nil,
           before.0 != .day || before.2 != r.village || before.3 != r.scheduled {
            effects.append(.loadDay(village: r.village, scheduled: r.scheduled))
        }
        return effects
    }

    mutating func handleKey(_ key: Key) -> [Effect] {
        if key == .ctrlC { return [.quit] }
        if key == .ctrlL { return [] }   // the runner repaints the whole screen
        message = nil
        if prompt != nil { return promptKey(key) }
        switch overlay {
        case .help: helpKey(key); return []
        case .villagePicker: return pickerKey(key)
        case .detail: return detailKey(key)
        case .day: return dayKey(key)
        case nil: break
        }
        if let effects = globalKey(key) { return effects }
        switch screen {
        case .calendar: pane == .calendar ? calendarKey(key) : agendaKey(key)
        case .upcoming: upcomingKey(key)
        case .board: boardKey(key)
        case .late: lateKey(key)
        }
        return []
    }

    /// Keys that mean the same on every main screen; nil when the key is the screen's own.
    private mutating func globalKey(_ key: Key) -> [Effect]? {
        switch key {
        case .char("q"): return [.quit]
        case .char("?"): overlay = .help; helpScroll = 0
        case .char("1"): screen = .calendar; pane = .calendar
        case .char("2"): screen = .upcoming
        case .char("3"): screen = .board
        case .char("4"): screen = .late
        case .char("E"): editSelected()
        case .char("W"): withdrawSelected()
        case .tab: cycle(forward: true)
        case .backTab: cycle(forward: false)
        case .char("t"): selected = today
        case .char("g"): prompt = Prompt(.goTo, label: t.goToLabel)
        case .char("v"): openPicker(.filter)
        case .char("T"): openPicker(.township)
        case .char("P"): prompt = Prompt(.person, label: t.personPrompt, text: personFilter ?? "")
        case .char("/"): prompt = Prompt(.search, label: t.searchPrompt, text: search)
        case .char("u"):
            message = StatusMessage(t.undoing)
            return [.undo]
        case .char("a"):
            if let f = villageFilter {
                prompt = Prompt(.addTitle(village: f), label: t.addLabel(village(id: f).name))
            } else {
                openPicker(.addItem)
            }
        case .char("p"):
            if let f = villageFilter {
                message = StatusMessage(t.printing)
                return [.printSchedule(village: f, year: selected.year)]
            }
            openPicker(.print)
        case .char("x"), .char(" "): advanceSelected()
        case .char("r"): returnSelected()
        case .char("n"): noteSelected()
        case .char("m"): markSelected()
        case .escape:
            if !search.isEmpty {
                search = ""
                message = StatusMessage(t.searchCleared)
            } else if screen == .calendar && pane == .agenda {
                pane = .calendar
            }
        default:
            return nil
        }
        return []
    }

    /// Tab order: calendar → agenda → upcoming → board → calendar.
    private mutating func cycle(forward: Bool) {
        let order: [(Screen, Pane)] = [(.calendar, .calendar), (.calendar, .agenda), (.upcoming, .calendar), (.board, .calendar),
                                       (.late, .calendar)]
        let here = order.firstIndex { $0.0 == screen && ($0.0 != .calendar || $0.1 == pane) } ?? 0
        let next = order[(here + (forward ? 1 : order.count - 1)) % order.count]
        screen = next.0
        pane = next.1
    }

    /// Moves the selected day, staying inside the supported years.
    mutating func select(_ d: Day) {
        selected = min(max(d, SupportedRange.first), SupportedRange.last)
    }

    /// The same day of the month `k` months away (clamped to that month's length).
    func addMonths(_ d: Day, _ k: Int) -> Day {
        let (y, m, dd) = d.ymd
        let total = y * 12 + (m - 1) + k
        let ny = total >= 0 ? total / 12 : (total - 11) / 12
        let nm = total - ny * 12 + 1
        return Day(Day.daysFromCivil(ny, nm, min(dd, Day.monthLength(year: ny, month: nm))))
    }

    private mutating func calendarKey(_ key: Key) {
        switch key {
        case .left, .char("h"): select(selected - 1)
        case .right, .char("l"): select(selected + 1)
        case .up, .char("k"): select(selected - 7)
        case .down, .char("j"): select(selected + 7)
        case .pageUp: select(addMonths(selected, -1))
        case .pageDown: select(addMonths(selected, 1))
        case .home: select(monthBounds(selected).0)
        case .end: select(monthBounds(selected).1)
        case .enter: pane = .agenda
        default: break
        }
    }

    private mutating func agendaKey(_ key: Key) {
        switch key {
        case .up, .char("k"): agendaCursor -= 1
        case .down, .char("j"): agendaCursor += 1
        case .pageUp: agendaCursor -= pageRows
        case .pageDown: agendaCursor += pageRows
        case .home: agendaCursor = 0
        case .end: agendaCursor = agenda.rows.count - 1
        case .left, .char("h"): select(selected - 1)
        case .right, .char("l"): select(selected + 1)
        case .enter:
            if let found = agenda.item(at: agendaCursor) { openDetail(found) } else { openDayRecord(agenda.group(at: agendaCursor)) }
        default: break
        }
        agendaCursor = clamp(agendaCursor, agenda.rows.count)
    }

    private mutating func upcomingKey(_ key: Key) {
        switch key {
        case .up, .char("k"): upcomingCursor -= 1
        case .down, .char("j"): upcomingCursor += 1
        case .pageUp: upcomingCursor -= pageRows
        case .pageDown: upcomingCursor += pageRows
        case .home: upcomingCursor = 0
        case .end: upcomingCursor = upcoming.rows.count - 1
        case .left, .char("h"): select(selected - 1)
        case .right, .char("l"): select(selected + 1)
        case .enter:
            if let found = upcoming.item(at: upcomingCursor) {
                openDetail(found)
            } else if let g = upcoming.group(at: upcomingCursor) {
                if g.entry != nil && g.entry?.skipped == false {
                    openDayRecord(g)
                } else {
                    select(g.date)
                    screen = .calendar
                    pane = .agenda
                }
            }
        default: break
        }
        upcomingCursor = clamp(upcomingCursor, upcoming.rows.count)
    }

    private mutating func boardKey(_ key: Key) {
        let page = max(1, pageRows / 2)
        switch key {
        case .left, .char("h"): boardColumn = max(0, boardColumn - 1)
        case .right, .char("l"): boardColumn = min(5, boardColumn + 1)
        case .up, .char("k"): boardRows[boardColumn] -= 1
        case .down, .char("j"): boardRows[boardColumn] += 1
        case .pageUp: boardRows[boardColumn] -= page
        case .pageDown: boardRows[boardColumn] += page
        case .home: boardRows[boardColumn] = 0
        case .end: boardRows[boardColumn] = board.columns[boardColumn].count - 1
        case .enter:
            if let item = boardItem { openDetail(item) }
        default: break
        }
        boardRows[boardColumn] = clamp(boardRows[boardColumn], board.columns[boardColumn].count)
    }

    private mutating func lateKey(_ key: Key) {
        func move(_ step: Int) {
            var c = lateCursor + step
            while c >= 0 && c < late.rows.count && !late.rows[c].selectable { c += step > 0 ? 1 : -1 }
            if c >= 0 && c < late.rows.count { lateCursor = c }
        }
        switch key {
        case .up, .char("k"): move(-1)
        case .down, .char("j"): move(1)
        case .pageUp: lateCursor = max(0, lateCursor - pageRows)
        case .pageDown: lateCursor = min(max(0, late.rows.count - 1), lateCursor + pageRows)
        case .home: lateCursor = 0; move(1)
        case .end: lateCursor = max(0, late.rows.count - 1)
        case .enter:
            guard lateCursor < late.rows.count else { break }
            switch late.rows[lateCursor] {
            case .item(let k): openDetail(items[k])
            case .ended(let u): openDetail(u)
            case .day(let e): openDayRecord(Group(entry: e, village: e.village, date: e.date, items: e.items))
            case .heading: break
            }
        default: break
        }
        lateCursor = clamp(lateCursor, late.rows.count)
        if lateCursor < late.rows.count, !late.rows[lateCursor].selectable { move(1) }
    }

    private mutating func helpKey(_ key: Key) {
        switch key {
        case .escape, .char("q"), .char("?"), .enter: overlay = detail != nil ? .detail : (dayRecord != nil ? .day : nil)
        case .up, .char("k"): helpScroll = max(0, helpScroll - 1)
        case .down, .char("j"): helpScroll += 1
        case .pageUp: helpScroll -= pageRows
        case .pageDown: helpScroll += pageRows
        case .home: helpScroll = 0
        default: break
        }
        helpScroll = min(max(0, helpScroll), HelpView.maxScroll(self, width: terminalWidth, height: terminalHeight))
    }

    private mutating func detailKey(_ key: Key) -> [Effect] {
        switch key {
        case .escape, .char("q"):
            overlay = nil
            detail = nil
        case .up, .char("k"): scrollDetail(-1)
        case .down, .char("j"): scrollDetail(1)
        case .pageUp: scrollDetail(-pageRows)
        case .pageDown: scrollDetail(pageRows)
        case .char("x"), .char(" "): advanceSelected()
        case .char("r"): returnSelected()
        case .char("n"): noteSelected()
        case .char("E"): editSelected()
        case .char("W"): withdrawSelected()
        case .char("?"): overlay = .help
        case .ctrlC: return [.quit]
        default: break
        }
        return []
    }

    /// Keys of the fixed-day record: h held (attendance, minutes), m mark, scroll, Esc closes.
    private mutating func dayKey(_ key: Key) -> [Effect] {
        switch key {
        case .escape, .char("q"):
            overlay = nil
            dayRecord = nil
        case .up, .char("k"): scrollDay(-1)
        case .down, .char("j"): scrollDay(1)
        case .pageUp: scrollDay(-pageRows)
        case .pageDown: scrollDay(pageRows)
        case .char("h"):
            if let r = dayRecord { askAttendance(village: r.village, date: r.scheduled) }
        case .char("m"), .char("x"), .char(" "): markSelected()
        case .char("?"): overlay = .help
        case .ctrlC: return [.quit]
        default: break
        }
        return []
    }

    private mutating func scrollDay(_ k: Int) {
        guard var r = dayRecord else { return }
        let lines = DayRecordView.lines(self, r, width: ItemDetailView.innerWidth(screen: terminalWidth)).count
        r.scroll = min(max(0, r.scroll + k), max(0, lines - 1))
        dayRecord = r
    }

    private mutating func scrollDetail(_ k: Int) {
        guard var d = detail else { return }
        let lines = ItemDetailView.historyLines(self, d, width: ItemDetailView.innerWidth(screen: terminalWidth)).count
        d.scroll = min(max(0, d.scroll + k), max(0, lines - 1))
        detail = d
    }
}
