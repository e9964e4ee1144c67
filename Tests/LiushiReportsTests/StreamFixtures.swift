import Foundation
import LiushiActualSchedule
import LiushiConfig
import LiushiCore
@testable import LiushiReports

/// Random townships (every rule form), marks and items for the JSON writer and streaming tests.
enum StreamFixtures {
    /// A small deterministic generator (tests must be repeatable).
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
        mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
    }

    static let holidays = ["later", "earlier", "keep", "skip"]
    static let matters = ["sort", "discuss", "decide", "handle", "supervise", "evaluate"]

    /// One rule of `rhythm` in flow style, with a random day form and optional fields.
    /// `plain`: no lunar calendar and no `month` (a township's rule, which villages override field
    /// by field: an inherited `month` would make some of their days out of range).
    static func rule(_ rhythm: String, _ rng: inout Rng, plain: Bool = false) -> String {
        var fields: [String] = []
        let lunar = !plain && rhythm != "week" && rhythm != "quarter" && rng.int(4) == 0
        let narrowed = !plain && (rhythm == "quarter" || rhythm == "year") && rng.int(2) == 0
        if lunar { fields.append("calendar: lunar") }
        if narrowed { fields.append("month: \(1 + rng.int(rhythm == "quarter" ? 3 : 12))") }
        let days: [String]
        switch rhythm {
        case "week": days = ["mon", "tue", "wed", "thu", "fri", "sat", "3", "-1", "1st workday", "last workday"]
        case "xun": days = ["1", "5", "10", "-1", "\"1st mon\"", "\"last fri\"", "1st workday", "last workday"] + (lunar ? [] : ["11"])
        case "month": days = ["1", "15", "29", "-1", "\"2nd tue\"", "\"last fri\"", "1st workday", "last workday"] + (lunar ? ["30"] : ["31"])
        default: days = ["1", "10", "31", "-1", "\"1st mon\"", "last workday"] + (narrowed ? [] : ["45", "92"])
        }
        fields.insert("day: " + rng.pick(days), at: 0)
        fields.append("holiday: " + rng.pick(holidays))
        fields.append("matters: [" + (0..<(1 + rng.int(2))).map { _ in rng.pick(matters) }.joined(separator: ", ") + "]")
        if rng.int(3) > 0 { fields.append("time: \"\(String(format: "%02d:%02d", rng.int(24), rng.int(4) * 15))\"") }
        if rng.int(2) == 0 { fields.append("duration: " + rng.pick(["1h", "90m", "2h", "5h30m"])) }
        if rng.int(2) == 0 { fields.append("attendees: [committees, liaison]") }
        return "{ " + fields.joined(separator: ", ") + " }"
    }

    static func township(_ rng: inout Rng, villages: Int) throws -> LoadedConfiguration {
        var yaml = "township:\n  name: 随机镇\nrhythms:\n"
        for r in ["week", "xun", "month", "quarter", "year"] { yaml += "  \(r): " + rule(r, &rng, plain: true) + "\n" }
        yaml += "villages:\n"
        let names = ["三都村", "Anren", "长林村", "下包 village", "第一个名字很长的村民委员会", "子胥村"]
        for v in 0..<villages {
            yaml += "  - id: v\(String(format: "%03d", rng.int(1000)))\(v)\n    name: \(rng.pick(names))\(v)\n"
            yaml += "    liaison: 王明\(v % 3)\n"
            if rng.int(2) == 0 {
                yaml += "    rhythms:\n"
                yaml += "      xun: " + rule("xun", &rng) + "\n"
                for r in ["week", "month", "quarter", "year"] where rng.int(3) == 0 { yaml += "      \(r): " + rule(r, &rng) + "\n" }
            }
        }
        return try ConfigLoader.load(main: ("liushi.yaml", yaml), holidayFiles: []).get()
    }

    /// Text with what JSON must escape.
    static func oddText(_ rng: inout Rng, _ k: Int) -> String {
        rng.pick(["议定\"路灯\"方案", "back\\slash", "two\nlines\tand tab\r", "ctl\u{1}\u{1f}\u{7f}", "sep\u{2028}para\u{2029}",
                  "emoji 🏮 and é", "", "plain \(k)", "</script>"])
    }

    /// Random marks of the schedule's fixed days in [a, b] (moves near and far, held with
    /// minutes, cancelled, notes) and random items.
    static func actual(_ loaded: LoadedConfiguration, _ rng: inout Rng, around a: Day, _ b: Day) throws -> ActualSchedule {
        let schedule = loaded.schedule
        let plan = try schedule.expand(from: a - 20, to: b + 20).filter { !$0.isSkipped }
        var marks: [DayMark] = []
        for k in 0..<(plan.isEmpty ? 0 : 5 + rng.int(40)) {
            let f = plan[rng.int(plan.count)]
            let id = schedule.villages[Int(f.village)].id
            let status: DayStatus
            switch rng.int(8) {
            case 0, 1, 2: status = .moved(to: f.date + (rng.int(2) == 0 ? 1 + rng.int(6) : -(1 + rng.int(6))))
            case 3: status = .moved(to: f.date + (rng.int(2) == 0 ? 30 + rng.int(60) : -(30 + rng.int(60))))
            case 4, 5: status = .held
            default: status = .cancelled
            }
            marks.append(DayMark(village: id, date: f.date, status: status, note: rng.int(2) == 0 ? oddText(&rng, k) : "",
                                 attended: status == .held ? [.committees, .liaison] : [],
                                 minutes: status == .held ? oddText(&rng, k) : "", undone: rng.int(8) == 0))
        }
        var items: [Item] = []
        for k in 0..<rng.int(30) {
            let v = schedule.villages[rng.int(schedule.villages.count)]
            items.append(Item(id: Int64(k + 1), village: v.id, title: oddText(&rng, k) + "事项\(k)",
                              stage: .matter(Matter(rawValue: 1 + rng.int(6)) ?? .sort), major: false,
                              createdAt: "2026-10-01T00:00:00Z", stageSince: a - rng.int(60)))
        }
        items.sort { $0.id < $1.id }
        return ActualSchedule(schedule: schedule, marks: marks, items: items, today: a + rng.int(30))
    }
}

/// The string-based writer `ScheduleJSON` had before it wrote bytes: the reference the byte
/// writer must equal.
enum ReferenceScheduleJSON {
    static func object(_ e: ScheduleEntry) -> String {
        var o = JSONObject()
        o.add("date", e.date.iso)
        o.add("village", e.village.id)
        o.add("villageName", e.village.name)
        o.add("rhythms", strings: e.rhythms.map(\.key))
        o.add("matters", strings: e.matters.map(\.key))
        o.add("time", e.skipped ? nil : e.time.map(ClockTime.text))
        o.add("shiftedFrom", e.shiftedFrom?.iso)
        o.add("reason", e.reason)
        o.add("provisional", e.provisional)
        if e.skipped { o.add("skipped", true) }
        if let r = e.record, !e.skipped {
            o.add("status", r.state.rawValue)
            if r.movedTo != nil { o.add("movedFrom", e.scheduledDate.iso) }
            if !r.note.isEmpty { o.add("note", r.note) }
            if r.outcome == .held {
                o.add("attended", strings: r.attended.map(\.rawValue))
                o.add("minutes", r.minutes)
            }
        }
        o.add("items", raw: JSONText.array(e.items.map(item)))
        return o.text
    }

    static func item(_ i: DueItem) -> String {
        var o = JSONObject()
        o.add("id", i.id)
        o.add("title", i.title)
        o.add("stage", i.stage.key)
        return o.text
    }

    static func render(_ entries: [ScheduleEntry]) -> String { JSONText.lines(entries.map(object)) }
}
