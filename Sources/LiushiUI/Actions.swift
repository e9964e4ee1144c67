import LiushiCore

/// What the item and day keys act on.
extension Model {
    /// The item under the cursor: in the detail overlay, the agenda (also while the calendar
    /// pane has the focus), the upcoming list or the board.
    var selectedItem: (id: Int64, title: String, stage: Stage, village: String)? {
        if overlay == .detail, let d = detail { return (d.item.id, d.item.title, d.item.stage, d.item.village) }
        if overlay == .day { return nil }
        switch screen {
        case .calendar:
            guard let (g, i) = agenda.item(at: agendaCursor) else { return nil }
            return (i.id, i.title, i.stage, g.village.id)
        case .upcoming:
            guard let (g, i) = upcoming.item(at: upcomingCursor) else { return nil }
            return (i.id, i.title, i.stage, g.village.id)
        case .board:
            guard let u = boardItem else { return nil }
            return (u.id, u.title, u.stage, u.village)
        case .late:
            guard lateCursor < late.rows.count else { return nil }
            switch late.rows[lateCursor] {
            case .item(let k): return (items[k].id, items[k].title, items[k].stage, items[k].village)
            case .ended(let u): return (u.id, u.title, u.stage, u.village)
            default: return nil
            }
        }
    }

    /// The board's item under the cursor.
    var boardItem: UIItem? {
        let column = board.columns[boardColumn]
        let row = boardRows[boardColumn]
        guard row >= 0, row < column.count else { return nil }
        return items[Int(column[row])]
    }

    /// The fixed day under the cursor (agenda or upcoming list).
    var selectedGroup: Group? {
        switch screen {
        case .calendar: return agenda.group(at: agendaCursor)
        case .upcoming: return upcoming.group(at: upcomingCursor)
        case .board: return nil
        case .late:
            guard lateCursor < late.rows.count, case .day(let e) = late.rows[lateCursor] else { return nil }
            return Group(entry: e, village: e.village, date: e.date, items: e.items)
        }
    }

    mutating func openDetail(_ found: (Group, DueItem)?) {
        guard let (g, i) = found else { return }
        let item = items.first(where: { $0.id == i.id })
            ?? UIItem(id: i.id, village: g.village.id, title: i.title, stage: i.stage, major: i.major,
                      due: g.entry?.date ?? g.date, carryOvers: i.carryOvers)
        openDetail(item)
    }

    mutating func openDetail(_ item: UIItem) {
        detail = DetailState(item: item)
        overlay = .detail
    }

    mutating func advanceSelected() {
        guard let i = selectedItem else { message = StatusMessage(t.noItem, isError: true); return }
        guard let to = i.stage.next else { message = StatusMessage(t.alreadyClosed, isError: true); return }
        prompt = Prompt(.advanceNote(item: i.id, from: i.stage, to: to), label: t.advanceLabel(i.id, i.title, i.stage, to))
    }

    mutating func editSelected() {
        guard let i = selectedItem else { message = StatusMessage(t.noItem, isError: true); return }
        prompt = Prompt(.editTitle(item: i.id), label: t.editLabel(i.id), text: i.title)
    }

    mutating func withdrawSelected() {
        guard let i = selectedItem else { message = StatusMessage(t.noItem, isError: true); return }
        guard !i.stage.isFinal else { message = StatusMessage(t.alreadyEnded, isError: true); return }
        prompt = Prompt(.withdrawReason(item: i.id, from: i.stage), label: t.withdrawLabel(i.id))
    }

    mutating func returnSelected() {
        guard let i = selectedItem else { message = StatusMessage(t.noItem, isError: true); return }
        guard i.stage.previous != nil else { message = StatusMessage(t.atFirstStage, isError: true); return }
        prompt = Prompt(.returnReason(item: i.id, from: i.stage), label: t.returnLabel(i.id))
    }

    mutating func noteSelected() {
        guard let i = selectedItem else { message = StatusMessage(t.noItem, isError: true); return }
        prompt = Prompt(.note(item: i.id), label: t.noteLabel(i.id))
    }

    /// Opens the record of the fixed day under the cursor (Enter on a village's fixed day).
    mutating func openDayRecord(_ g: Group?) {
        guard let g, let e = g.entry, !e.skipped else { return }
        dayRecord = DayRecordState(village: e.village.id, scheduled: e.scheduledDate)
        overlay = .day
    }

    mutating func markSelected() {
        if overlay == .day, let r = dayRecord {
            prompt = Prompt(.markChoice(village: r.village, date: r.scheduled),
                            label: t.markChoice(village(id: r.village).name, r.scheduled))
            return
        }
        guard let g = selectedGroup, let e = g.entry else { message = StatusMessage(t.noDay, isError: true); return }
        guard !e.skipped else { message = StatusMessage(t.skippedDay, isError: true); return }
        prompt = Prompt(.markChoice(village: e.village.id, date: e.scheduledDate), label: t.markChoice(e.village.name, e.scheduledDate))
    }
}
