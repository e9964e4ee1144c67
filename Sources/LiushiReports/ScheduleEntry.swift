import LiushiConfig
import LiushiCore

/// A fixed day with everything a report shows, resolved once from the engine's compact entry,
/// the village, and what the store knows (items due, marks).
public struct ScheduleEntry: Hashable, Sendable {
    /// The date it shows on: the rule's date, or where a mark moved it.
    public var date: Day
    /// The date the schedule gives it (before any move).
    public var scheduledDate: Day
    public var village: Village
    public var rhythms: [Rhythm]
    public var matters: [Matter]
    public var time: Int?
    public var duration: Int?
    /// Roles attending, in rule order without repeats, with the person's name when the village names one.
    public var attendees: [Role]
    public var shiftedFrom: Day?
    /// The holiday's name (or 周末 / 期内无工作日) for a shifted, kept or skipped day.
    public var reason: String?
    public var provisional: Bool
    public var skipped: Bool
    public var onDayOff: Bool
    public var items: [DueItem]
    public var mark: DayMark?

    public var isCancelled: Bool { mark?.status == .cancelled }
    public var movedFrom: Day? { if case .moved = mark?.status { return scheduledDate } else { return nil } }
}

public enum ScheduleEntries {
    /// Resolves the engine's entries; moved days take their new date, and the result is ordered
    /// by shown date, then village id (a move can change the order).
    public static func resolve(_ days: [FixedDay], schedule: Schedule, annotations: Annotations = .none) -> [ScheduleEntry] {
        resolve(days, schedule: schedule, annotations: annotations, pieces: 2)
    }

    /// `pieces`: how many parts of a long list are resolved at once (tests compare).
    static func resolve(_ days: [FixedDay], schedule: Schedule, annotations: Annotations, pieces: Int) -> [ScheduleEntry] {
        let noMarks = annotations.marks.isEmpty, noItems = annotations.items.isEmpty
        // A province's tens of thousands of entries are resolved in two halves at once.
        var out = Parallel.array(count: days.count, minimum: 5_000, maxPieces: pieces) { i in
            resolve(days[i], schedule: schedule, annotations: annotations, noMarks: noMarks, noItems: noItems)
        }
        if !noMarks, out.contains(where: { $0.date != $0.scheduledDate }) {
            // Stable: entries that did not move keep the engine's order.
            out = out.enumerated().sorted { x, y in
                if x.element.date != y.element.date { return x.element.date < y.element.date }
                if x.element.village.id != y.element.village.id {
                    return x.element.village.id.utf8.lexicographicallyPrecedes(y.element.village.id.utf8)
                }
                return x.offset < y.offset
            }.map(\.element)
        }
        return out
    }

    static func resolve(_ f: FixedDay, schedule: Schedule, annotations: Annotations, noMarks: Bool, noItems: Bool) -> ScheduleEntry {
            let v = schedule.villages[Int(f.village)]
            let rhythms = Array(f.rhythms)
            var attendees: [Role] = []
            for r in rhythms { for role in v.rule(r)?.attendees ?? [] where !attendees.contains(role) { attendees.append(role) } }
            let reason = schedule.reasonText(f.reason)
            let time = schedule.time(of: f)
            let mark = f.isSkipped || noMarks ? nil : annotations.marks[v.id]?[f.date]
            var shown = f.date
            if case .moved(let to)? = mark?.status { shown = to }
            return ScheduleEntry(
                date: shown, scheduledDate: f.date, village: v, rhythms: rhythms, matters: schedule.matters(of: f).array,
                time: time?.time, duration: time?.duration, attendees: attendees, shiftedFrom: f.shiftedFrom,
                reason: reason.isEmpty ? nil : reason, provisional: f.isProvisional, skipped: f.isSkipped,
                onDayOff: f.isOnDayOff,
                items: f.isSkipped || noItems ? [] : (annotations.items[v.id]?[f.date] ?? []), mark: mark)
    }
}
