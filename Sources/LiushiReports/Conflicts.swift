import LiushiActualSchedule
import LiushiCore

/// One person due in two or more villages on the same date at overlapping times: every fixed day
/// of that person and date whose time overlaps another village's (a chain of overlaps is one
/// conflict), ordered by time.
public struct Conflict: Hashable, Sendable {
    public var person: String
    public var role: Role
    public var date: Day
    /// The fixed days involved, at least two villages, ordered by time (days without a time last).
    public var entries: [ScheduleEntry]
    /// How many villages are involved.
    public var villageCount: Int

    public var first: ScheduleEntry { entries[0] }
    public var second: ScheduleEntry { entries[1] }
}

public enum Conflicts {
    /// A meeting with a time but no duration is taken to last this long.
    public static let defaultDuration = 60
    /// Villages named in one conflict's line; the rest are counted.
    public static let namesShown = 4
    /// Conflict lines `lines` gives; the rest are counted in one closing line.
    public static let linesShown = 200

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
        let (end, over) = t.addingReportingOverflow(max(0, e.duration ?? defaultDuration))
        return (t, over ? Int.max : end)
    }

    /// Conflicts among the entries (skipped and cancelled days do not count), ordered by date.
    /// The entries of one date are grouped by role and person, and each group is swept once in
    /// time order: O(n log n) in the entries, however many villages share a person.
    public static func find(_ entries: [ScheduleEntry]) -> [Conflict] {
        var out: [Conflict] = []
        // Each distinct text of names is split once ("柯卫东、汪海燕" is two people).
        var namesOf: [String: [String]] = [:]
        var i = 0
        while i < entries.count {
            var j = i
            while j < entries.count && entries[j].date == entries[i].date { j += 1 }
            let day = entries[i..<j].filter { !$0.skipped && !$0.isCancelled }
            for role in sharedRoles {
                var byPerson: [String: [ScheduleEntry]] = [:]
                var order: [String] = []
                for e in day where attends(e, role) {
                    guard let text = e.village.people[role], !text.isEmpty else { continue }
                    // People are matched by name, one by one ("柯卫东、汪海燕" is two), across
                    // villages and townships.
                    let people: [String]
                    if let known = namesOf[text] {
                        people = known
                    } else {
                        people = ActualSchedule.names(text)
                        namesOf[text] = people
                    }
                    for who in people {
                        if byPerson[who] == nil { order.append(who) }
                        byPerson[who, default: []].append(e)
                    }
                }
                for who in order {
                    for group in overlapping(byPerson[who]!) {
                        out.append(Conflict(person: who, role: role, date: entries[i].date, entries: group.entries,
                                            villageCount: group.villages))
                    }
                }
            }
            i = j
        }
        return out
    }

    /// The chains of overlapping fixed days among one person's days of one date that involve at
    /// least two villages. A day without a time overlaps every other.
    static func overlapping(_ list: [ScheduleEntry]) -> [(entries: [ScheduleEntry], villages: Int)] {
        guard list.count > 1 else { return [] }
        var timed: [(start: Int, end: Int, e: ScheduleEntry)] = []
        var untimed: [ScheduleEntry] = []
        for e in list {
            if let s = span(e) { timed.append((s.0, s.1, e)) } else { untimed.append(e) }
        }
        timed.sort { $0.start < $1.start }
        func villages(_ es: [ScheduleEntry]) -> Int {
            var ids = Set<String>()
            for e in es { ids.insert(e.village.id) }
            return ids.count
        }
        if !untimed.isEmpty {
            let all = timed.map(\.e) + untimed
            let n = villages(all)
            return n > 1 ? [(all, n)] : []
        }
        var groups: [(entries: [ScheduleEntry], villages: Int)] = []
        var current: [ScheduleEntry] = []
        var end = Int.min
        func close() {
            if current.count > 1 {
                let n = villages(current)
                if n > 1 { groups.append((current, n)) }
            }
            current = []
        }
        for t in timed {
            if !current.isEmpty && t.start >= end { close() }
            if current.isEmpty { end = t.end } else { end = max(end, t.end) }
            current.append(t.e)
        }
        close()
        return groups
    }

    /// One line for a conflict: the person, and the first villages with their times (the rest
    /// counted). When the villages are in different townships of a county, each is named with its
    /// township.
    public static func describe(_ c: Conflict, _ lang: Language) -> String {
        let roleName = lang == .zh ? c.role.chinese : c.role.english
        let townships = Set(c.entries.map(\.village.townshipName))
        let withTownship = townships.count > 1
        var seen = Set<String>()
        var places: [String] = []
        for e in c.entries where seen.insert(e.village.id).inserted {
            if places.count == namesShown { break }
            var place = e.village.name
            if withTownship && !e.village.townshipName.isEmpty {
                place = lang == .zh ? e.village.townshipName + place : place + " (" + e.village.townshipName + ")"
            }
            places.append(place + (Labels.time(e).isEmpty ? "" : " " + Labels.time(e)))
        }
        let more = c.villageCount - places.count
        if lang == .zh {
            var where_ = places.count == 2 && more == 0 ? places.joined(separator: " 和 ") : places.joined(separator: "、")
            if more > 0 { where_ += " 等 \(c.villageCount) 个村" }
            return "\(c.date.iso) \(Labels.weekday(c.date, lang))：\(roleName)\(c.person) 同时要到 \(where_)"
        }
        var where_: String
        if places.count == 2 && more == 0 {
            where_ = "\(places[0]) and at \(places[1])"
        } else {
            where_ = places.joined(separator: ", ")
            if more > 0 { where_ += " and \(more) more villages" }
        }
        return "\(c.date.iso) \(Labels.weekday(c.date, lang)): \(roleName) \(c.person) is due at \(where_)"
    }

    /// The conflicts' lines, each prefixed, at most `limit`; one more line counts the rest.
    public static func lines(_ conflicts: [Conflict], _ lang: Language, limit: Int = linesShown) -> [String] {
        let prefix = lang == .zh ? "冲突：" : "conflict: "
        var out = conflicts.prefix(limit).map { prefix + describe($0, lang) }
        if conflicts.count > limit {
            let rest = conflicts.count - limit
            out.append(lang == .zh ? "……另有 \(rest) 处冲突未列出。" : "… and \(rest) more conflicts not listed.")
        }
        return out
    }
}
