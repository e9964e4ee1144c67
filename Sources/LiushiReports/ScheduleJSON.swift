import LiushiActualSchedule
import LiushiCore

/// `upcoming --format json` and `print --format json` (DESIGN §5): an array of fixed days.
public enum ScheduleJSON {
    public static func object(_ e: ScheduleEntry) -> String {
        var o = JSONObject()
        o.add("date", e.date.iso)
        o.add("village", e.village.id)
        o.add("villageName", e.village.name)
        o.add("rhythms", strings: e.rhythms.map(\.key))
        o.add("matters", strings: e.matters.map(\.key))
        o.add("time", e.skipped ? nil : e.time.map(ClockTime.text))   // a skipped period is no meeting: no time
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

    public static func item(_ i: DueItem) -> String {
        var o = JSONObject()
        o.add("id", i.id)
        o.add("title", i.title)
        o.add("stage", i.stage.key)
        return o.text
    }

    public static func render(_ entries: [ScheduleEntry]) -> String {
        JSONText.lines(entries.map(object))
    }
}
