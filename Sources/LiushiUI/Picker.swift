import LiushiConfig
import LiushiCore

/// The village picker (and the township picker, which works the same way): typed text filters
/// by name or id, arrows move, Enter chooses.
struct PickerState: Hashable, Sendable {
    enum Purpose: Hashable, Sendable {
        /// Choose the township filter ("all" included); its villages are then the village picker's.
        case township
        /// Choose the village filter ("all" included).
        case filter
        /// Choose the village of a new item, then ask for its title.
        case addItem
        /// Choose the village whose schedule to print.
        case print
    }
    var purpose: Purpose
    var query = ""
    var cursor = 0
}

extension Model {
    /// The picker's choices: nil stands for "all villages" (only when filtering).
    func pickerChoices(_ p: PickerState) -> [Village?] {
        let needle = TextSearch.fold(p.query)
        var out: [Village?] = []
        if p.purpose == .filter && (needle.isEmpty || TextSearch.contains(t.allVillages, needle)
            || TextSearch.contains("all", needle) || TextSearch.contains("全部", needle)) {
            out.append(nil)
        }
        for v in villagesInFileOrder where needle.isEmpty || TextSearch.contains(v.name, needle) || TextSearch.contains(v.id, needle) {
            out.append(v)
        }
        return out
    }

    /// The township picker's choices: nil stands for "all townships".
    func townshipChoices(_ p: PickerState) -> [TownshipConfig?] {
        let needle = TextSearch.fold(p.query)
        var out: [TownshipConfig?] = []
        if needle.isEmpty || TextSearch.contains(t.allTownships, needle) || TextSearch.contains("all", needle)
            || TextSearch.contains("全部", needle) {
            out.append(nil)
        }
        for township in config.townships
        where needle.isEmpty || TextSearch.contains(township.townshipName, needle) || TextSearch.contains(township.id, needle) {
            out.append(township)
        }
        return out
    }

    /// How many choices the picker shows.
    func pickerCount(_ p: PickerState) -> Int {
        p.purpose == .township ? townshipChoices(p).count : pickerChoices(p).count
    }

    mutating func openPicker(_ purpose: PickerState.Purpose) {
        var p = PickerState(purpose: purpose)
        if purpose == .filter, let f = villageFilter {
            p.cursor = pickerChoices(p).firstIndex(where: { $0?.id == f }) ?? 0
        }
        if purpose == .township, let f = townshipFilter {
            p.cursor = townshipChoices(p).firstIndex(where: { $0?.id == f }) ?? 0
        }
        picker = p
        overlay = .villagePicker
    }

    mutating func pickerKey(_ key: Key) -> [Effect] {
        guard var p = picker else { overlay = nil; return [] }
        let count = pickerCount(p)
        let page = max(1, terminalHeight - 10)
        switch key {
        case .escape:
            picker = nil
            overlay = nil
            return []
        case .up: p.cursor -= 1
        case .down: p.cursor += 1
        case .pageUp: p.cursor -= page
        case .pageDown: p.cursor += page
        case .home: p.cursor = 0
        case .end: p.cursor = count - 1
        case .backspace, .delete:
            if !p.query.isEmpty { p.query.removeLast() }
            p.cursor = 0
        case .char(let c):
            guard !c.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return [] }
            p.query.append(c)
            p.cursor = 0
        case .enter:
            if p.purpose == .township {
                let choices = townshipChoices(p)
                guard !choices.isEmpty else { return [] }
                let chosen = choices[clamp(p.cursor, choices.count)]
                picker = nil
                overlay = nil
                chooseTownship(chosen)
                message = StatusMessage(t.filtered(chosen?.townshipName ?? t.allTownships))
                // The store was read for another township: read this one's items and marks.
                return snapshotMissesScope ? [.reload] : []
            }
            let choices = pickerChoices(p)
            guard !choices.isEmpty else { return [] }
            let chosen = choices[clamp(p.cursor, choices.count)]
            picker = nil
            overlay = nil
            return choose(chosen, for: p.purpose)
        default:
            break
        }
        p.cursor = clamp(p.cursor, pickerCount(p))
        picker = p
        return []
    }

    private mutating func choose(_ v: Village?, for purpose: PickerState.Purpose) -> [Effect] {
        switch purpose {
        case .filter:
            villageFilter = v?.id
            message = StatusMessage(t.filtered(v?.name ?? t.allVillages))
        case .addItem:
            guard let v else { return [] }
            prompt = Prompt(.addTitle(village: v.id), label: t.addLabel(v.name))
        case .print:
            guard let v else { return [] }
            message = StatusMessage(t.printing)
            return [.printSchedule(village: v.id, year: selected.year)]
        case .township:
            break
        }
        return []
    }
}
