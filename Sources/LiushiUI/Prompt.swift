import LiushiCore

/// The bottom line's question: text input, a yes/no confirmation or a one-key choice. While it
/// is open every key goes to it; Escape cancels (and for confirmations and choices, `q` too).
public struct Prompt: Hashable, Sendable {
    public enum Purpose: Hashable, Sendable {
        case goTo
        case search
        case addTitle(village: String)
        case returnReason(item: Int64, from: Stage)
        case note(item: Int64)
        case moveTo(village: String, date: Day)
        case cancelReason(village: String, date: Day)
        /// Advance: an optional note, Enter saves.
        case advanceNote(item: Int64, from: Stage, to: Stage)
        case markChoice(village: String, date: Day)
        /// Held: who came (numbers, keys or names of roles; empty: the day's attendees), then minutes.
        case attendance(village: String, date: Day, defaults: [Role])
        case minutes(village: String, date: Day, attended: [Role])
        case editTitle(item: Int64)
        /// Only the fixed days one person attends (empty: everyone's).
        case person
        case withdrawReason(item: Int64, from: Stage)
    }

    public var purpose: Purpose
    public var label: String
    public var text: String
    /// Why the last Enter was not accepted.
    public var error: String?

    public init(_ purpose: Purpose, label: String, text: String = "") {
        self.purpose = purpose
        self.label = label
        self.text = text
    }

    /// True when the prompt takes typed text (false for confirmations and choices).
    public var takesText: Bool {
        switch purpose {
        case .markChoice: return false
        default: return true
        }
    }
}

extension Model {
    mutating func promptKey(_ key: Key) -> [Effect] {
        guard var p = prompt else { return [] }
        if !p.takesText { return choiceKey(p, key) }
        switch key {
        case .escape:
            prompt = nil
        case .enter:
            return submit(p)
        case .backspace, .delete:
            if !p.text.isEmpty { p.text.removeLast() }
            p.error = nil
            prompt = p
        case .char(let c):
            guard !c.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return [] }
            p.text.append(c)
            p.error = nil
            prompt = p
        default:
            break
        }
        return []
    }

    private mutating func choiceKey(_ p: Prompt, _ key: Key) -> [Effect] {
        switch p.purpose {
        case .markChoice(let village, let date):
            let name = self.village(id: village).name
            switch key {
            case .char("h"), .char("H"):
                askAttendance(village: village, date: date)
            case .char("m"), .char("M"):
                prompt = Prompt(.moveTo(village: village, date: date), label: t.moveLabel(name, date))
            case .char("c"), .char("C"):
                prompt = Prompt(.cancelReason(village: village, date: date), label: t.cancelLabel(name, date))
            case .char("q"), .escape:
                prompt = nil
            default:
                break
            }
        default:
            break
        }
        return []
    }

    /// Enter on a text prompt.
    private mutating func submit(_ p: Prompt) -> [Effect] {
        let text = p.text.trimmingCharacters()
        func reject(_ why: String) -> [Effect] {
            var q = p
            q.error = why
            prompt = q
            return []
        }
        switch p.purpose {
        case .goTo:
            guard let d = Day(iso: text), SupportedRange.contains(d) else { return reject(t.badDate) }
            prompt = nil
            selected = d
        case .search:
            prompt = nil
            search = text
            message = StatusMessage(text.isEmpty ? t.searchCleared : t.searching(text))
        case .addTitle(let village):
            guard !text.isEmpty else { return reject(t.needText) }
            prompt = nil
            message = StatusMessage(t.saving)
            return [.addItem(village: village, title: text)]
        case .returnReason(let item, let from):
            guard !text.isEmpty else { return reject(t.needText) }
            prompt = nil
            message = StatusMessage(t.saving)
            return [.returnItem(item: item, from: from, note: text)]
        case .person:
            prompt = nil
            personFilter = text.isEmpty ? nil : text
            message = StatusMessage(text.isEmpty ? t.personCleared : t.filtered(t.personLabel(text)))
        case .editTitle(let item):
            guard !text.isEmpty else { return reject(t.needText) }
            prompt = nil
            message = StatusMessage(t.saving)
            return [.editItem(item: item, title: text)]
        case .withdrawReason(let item, let from):
            guard !text.isEmpty else { return reject(t.needText) }
            prompt = nil
            message = StatusMessage(t.saving)
            return [.withdraw(item: item, from: from, note: text)]
        case .advanceNote(let item, let from, let to):
            prompt = nil
            message = StatusMessage(t.saving)
            return [.advance(item: item, from: from, to: to, note: text)]
        case .attendance(let village, let date, let defaults):
            guard let roles = text.isEmpty ? defaults : Model.roles(text) else { return reject(t.badRoles) }
            prompt = Prompt(.minutes(village: village, date: date, attended: roles), label: t.minutesLabel(roles))
        case .minutes(let village, let date, let roles):
            prompt = nil
            message = StatusMessage(t.saving)
            return [.markDay(DayMark(village: village, date: date, status: .held, attended: roles, minutes: text))]
        case .note(let item):
            guard !text.isEmpty else { return reject(t.needText) }
            prompt = nil
            message = StatusMessage(t.saving)
            return [.addNote(item: item, text: text)]
        case .moveTo(let village, let date):
            guard let d = Day(iso: text), SupportedRange.contains(d) else { return reject(t.badDate) }
            guard d != date else { return reject(t.sameDate) }
            prompt = nil
            message = StatusMessage(t.saving)
            return [.markDay(DayMark(village: village, date: date, status: .moved(to: d)))]
        case .cancelReason(let village, let date):
            prompt = nil
            message = StatusMessage(t.saving)
            return [.markDay(DayMark(village: village, date: date, status: .cancelled, note: text))]
        case .markChoice:
            break
        }
        return []
    }

    /// Asks who came to the village's fixed day (then the minutes).
    mutating func askAttendance(village: String, date: Day) {
        // The record is shown meanwhile, with the numbered roles.
        if dayRecord?.village != village || dayRecord?.scheduled != date {
            dayRecord = DayRecordState(village: village, scheduled: date)
        }
        overlay = .day
        var roles: [Role] = []
        if let v = config.schedule.villageIndex(id: village), let e = actual.fixedDay(village: v, date: date) {
            roles = e.attendees
        }
        prompt = Prompt(.attendance(village: village, date: date, defaults: roles), label: t.attendanceLabel(roles))
    }

    /// Roles from typed text: numbers 1–6 (in `Role.allCases` order), keys or Chinese names,
    /// separated by spaces or commas; nil when a word is none of these.
    static func roles(_ text: String) -> [Role]? {
        var out: [Role] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" || $0 == "、" || $0 == "\u{3000}" }) {
            let w = String(word)
            let role: Role?
            if let n = Int(w), n >= 1, n <= Role.allCases.count {
                role = Role.allCases[n - 1]
            } else {
                role = Role(rawValue: w.lowercased()) ?? Role.allCases.first(where: { $0.chinese == w || $0.chinese.hasPrefix(w) })
            }
            guard let r = role else { return nil }
            if !out.contains(r) { out.append(r) }
        }
        return out
    }
}

extension String {
    /// Without leading and trailing spaces (ASCII and ideographic).
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\u{3000}" || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\u{3000}" || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
