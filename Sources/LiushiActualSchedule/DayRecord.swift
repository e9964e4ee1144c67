import LiushiCore

/// What became of one fixed day: its marks folded, oldest first.
///
/// - `moved --to D` sets the date it is held on (moving back to its scheduled date undoes the
///   move) and clears an earlier held/cancelled: a moved meeting has not happened yet.
/// - `held` and `cancelled` set the outcome and keep the date of an earlier move.
/// - The note is the latest non-empty one; attendance and minutes come from the latest `held`.
/// - An undone mark is left out of the fold but still counts in `changes`, as does its undo.
public struct DayRecord: Hashable, Sendable {
    public var village: String
    /// The date the schedule gives the day (its key in the store).
    public var scheduled: Day
    /// Where a move put it; nil when it was never moved (or moved back).
    public var movedTo: Day?
    /// The outcome: nil until it is marked held or cancelled.
    public var outcome: Outcome?
    public var note: String
    public var attended: [Role]
    public var minutes: String
    /// Marks recorded for the day and undos of them: the iCalendar SEQUENCE.
    public var changes: Int

    public enum Outcome: Hashable, Sendable { case held, cancelled }

    public init(village: String, scheduled: Day) {
        self.village = village
        self.scheduled = scheduled
        movedTo = nil
        outcome = nil
        note = ""
        attended = []
        minutes = ""
        changes = 0
    }

    /// The date it is held on.
    public var date: Day { movedTo ?? scheduled }

    /// As shown: held / cancelled win over moved.
    public var state: DayState {
        switch outcome {
        case .held?: return .held
        case .cancelled?: return .cancelled
        case nil: return movedTo == nil ? .scheduled : .moved
        }
    }

    /// True when anything in force was recorded (an outcome, a move, or a note).
    public var isMarked: Bool { outcome != nil || movedTo != nil || !note.isEmpty }

    /// Applies one more mark (oldest first).
    public mutating func apply(_ m: DayMark) {
        changes += m.undone ? 2 : 1
        guard !m.undone else { return }
        switch m.status {
        case .moved(let to):
            movedTo = to == scheduled ? nil : to
            outcome = nil
        case .held:
            outcome = .held
            attended = m.attended
            minutes = m.minutes
        case .cancelled:
            outcome = .cancelled
        }
        if !m.note.isEmpty { note = m.note }
    }

    /// Folds marks (in the order they were recorded) into records, one per village and
    /// scheduled date, in first-mark order.
    public static func fold(_ marks: [DayMark]) -> [DayRecord] {
        var index: [String: [Day: Int]] = [:]
        var out: [DayRecord] = []
        for m in marks {
            if let k = index[m.village]?[m.date] {
                out[k].apply(m)
            } else {
                var r = DayRecord(village: m.village, scheduled: m.date)
                r.apply(m)
                index[m.village, default: [:]][m.date] = out.count
                out.append(r)
            }
        }
        return out
    }
}
