import LiushiActualSchedule
import LiushiCore

/// `liushi report --format json` (docs/DESIGN.md §5): `{"year":…,"villages":[{"village":…,"fixedDays":{…},
/// "attendance":{…},"items":{…},"medianDaysToClose":…,"carryOvers":…}, …],"total":{…}}`.
/// Extra keys, after the contract's: `name` (the village's), `byRhythm` (the same counts as
/// `fixedDays` per rhythm, a merged day counting for each of its rhythms), and at the top
/// `asOf` (today, or 31 December when the year is over).
public enum YearReportJSON {
    public static func render(_ r: YearReport) -> String {
        var top = JSONObject()
        top.add("year", r.year)
        top.add("asOf", r.end.iso)
        let villages = r.villages.map { v -> String in
            var o = JSONObject()
            o.add("village", v.village.id)
            o.add("name", v.village.name)
            figures(v.figures, into: &o)
            return o.text
        }
        top.add("villages", raw: "[\n" + villages.joined(separator: ",\n") + "\n]")
        var total = JSONObject()
        figures(r.total, into: &total)
        top.add("total", raw: total.text)
        return top.text + "\n"
    }

    static func counts(_ c: YearReport.DayCounts) -> String {
        var o = JSONObject()
        o.add("scheduled", c.scheduled)
        o.add("held", c.held)
        o.add("cancelled", c.cancelled)
        o.add("unmarked", c.unmarked)
        o.add("upcoming", c.upcoming)
        o.add("moved", c.moved)
        return o.text
    }

    static func figures(_ f: YearReport.Figures, into o: inout JSONObject) {
        o.add("fixedDays", raw: counts(f.fixedDays))
        var a = JSONObject()
        for role in f.attendance.roles {
            a.add(role.rawValue, raw: JSONNumber.hundredths(f.attendance.rate(role) ?? 0))
        }
        o.add("attendance", raw: a.text)
        var i = JSONObject()
        i.add("added", f.items.added)
        i.add("closed", f.items.closed)
        i.add("withdrawn", f.items.withdrawn)
        i.add("overdue", f.items.overdue)
        o.add("items", raw: i.text)
        o.add("medianDaysToClose", raw: f.medianDaysToClose.map(JSONNumber.halves) ?? "null")
        o.add("carryOvers", f.carryOvers)
        var rhythms = JSONObject()
        for r in Rhythm.allCases { rhythms.add(r.key, raw: counts(f.byRhythm[r.rawValue])) }
        o.add("byRhythm", raw: rhythms.text)
    }
}
