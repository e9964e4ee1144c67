import LiushiActualSchedule
import LiushiCore

/// One person due in two villages on the same date at overlapping times.
public struct Conflict: Hashable, Sendable {
    public var person: String
    public var role: Role
    public var date: Day
    public var first: ScheduleEntry
    public var second: ScheduleEntry
}

public enum Conflicts {
    /// A meeting with a time but no duration is taken to last this long.
    public static let defaultDuration = 60

    /// Roles whose people are shared across villages.
    static let sharedRoles: [Role] = [.liaison, .instructor]

    /// A fixed day's attendees: the roles its rules list, or everyone when none lists any
    /// (the method has all six groups take part).
    static func attends(_ e: ScheduleEntry, _ role: Role) -> Bool {
        e.attendees.isEmpty || e.attendees.contains(role)
    }

    /// Minutes [start, end) of a fixed day; nil when it has no time (all day: overlaps everything).
    static func span(_ e: ScheduleEntry) -> (Int, Int)? {
        guard let t = e.time else { return nil }
        return (t, t + (e.duration ?? defaultDuration))
    }

    static func overlap(_ a: ScheduleEntry, _ b: ScheduleEntry) -> Bool {
        guard let x = span(a), let y = span(b) else { return true }
        return x.0 < y.1 && y.0 < x.1
    }

    /// Conflicts among the entries (skipped and cancelled days do not count), ordered by date.
    public static func find(_ entries: [ScheduleEntry]) -> [Conflict] {
        var out: [Conflict] = []
        var i = 0
        while i < entries.count {
            var j = i
            while j < entries.count && entries[j].date == entries[i].date { j += 1 }
            let day = entries[i..<j].filter { !$0.skipped && !$0.isCancelled }
            for role in sharedRoles {
                var byPerson: [String: [ScheduleEntry]] = [:]
                var order: [String] = []
                for e in day where attends(e, role) {
                    guard let who = e.village.people[role], !who.isEmpty else { continue }
                    if byPerson[who] == nil { order.append(who) }
                    byPerson[who, default: []].append(e)
                }
                for who in order {
                    let list = byPerson[who]!
                    for x in 0..<list.count {
                        for y in (x + 1)..<list.count where list[x].village.id != list[y].village.id && overlap(list[x], list[y]) {
                            out.append(Conflict(person: who, role: role, date: entries[i].date, first: list[x], second: list[y]))
                        }
                    }
                }
            }
            i = j
        }
        return out
    }

    public static func describe(_ c: Conflict, _ lang: Language) -> String {
        let roleName = lang == .zh ? c.role.chinese : c.role.english
        let a = c.first.village.name + (Labels.time(c.first).isEmpty ? "" : " " + Labels.time(c.first))
        let b = c.second.village.name + (Labels.time(c.second).isEmpty ? "" : " " + Labels.time(c.second))
        return lang == .zh
            ? "\(c.date.iso) \(Labels.weekday(c.date, lang))：\(roleName)\(c.person) 同时要到 \(a) 和 \(b)"
            : "\(c.date.iso) \(Labels.weekday(c.date, lang)): \(roleName) \(c.person) is due at \(a) and at \(b)"
    }
}
