import LiushiActualSchedule
import LiushiCore
import LiushiReports

/// The string-based writer `ScheduleJSON` had before it wrote bytes (`JSONObject`: one temporary
/// string per key and value), kept here only to show what the byte writer buys.
enum StringScheduleJSON {
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
        o.add("items", raw: JSONText.array(e.items.map { i in
            var x = JSONObject()
            x.add("id", i.id)
            x.add("title", i.title)
            x.add("stage", i.stage.key)
            return x.text
        }))
        return o.text
    }

    static func render(_ entries: [ScheduleEntry]) -> String { JSONText.lines(entries.map(object)) }
}
