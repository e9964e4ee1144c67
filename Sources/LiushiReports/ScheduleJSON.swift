import LiushiActualSchedule
import LiushiConfig
import LiushiCore

/// `upcoming --format json` and `print --format json` (docs/DESIGN.md §5): an array of fixed days, one
/// object a line. Written as bytes (`JSONBytes`): the keys are constants, and a string is escaped
/// only when it needs it.
public enum ScheduleJSON {
    public static func object(_ e: ScheduleEntry) -> String {
        var w = JSONBytes(capacity: 256)
        write(e, into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    public static func item(_ i: DueItem) -> String {
        var w = JSONBytes(capacity: 64)
        write(i, into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// One fixed day's object, keys in the contract's order.
    public static func write(_ e: ScheduleEntry, into w: inout JSONBytes) {
        withUnsafePointer(to: e) { write($0, into: &w) }
    }

    /// The same from the entry in place: its fields are read where it is, never copied whole
    /// (a copy retains every reference it holds).
    static func write(_ p: UnsafePointer<ScheduleEntry>, into w: inout JSONBytes) {
        w.raw("{\"date\":")
        w.date(p.pointee.date)
        w.raw(",\"village\":")
        w.string(p.pointee.village.id)
        w.raw(",\"villageName\":")
        w.string(p.pointee.village.name)
        w.raw(",\"rhythms\":[")
        for (k, r) in p.pointee.rhythms.enumerated() {
            if k > 0 { w.byte(0x2C) }
            w.string(r.key)
        }
        w.raw("],\"matters\":[")
        for (k, m) in p.pointee.matters.enumerated() {
            if k > 0 { w.byte(0x2C) }
            w.string(m.key)
        }
        w.raw("],\"time\":")
        if !p.pointee.skipped, let t = p.pointee.time { clock(t, into: &w) } else { w.raw("null") }   // a skipped period is no meeting: no time
        w.raw(",\"shiftedFrom\":")
        if let s = p.pointee.shiftedFrom { w.date(s) } else { w.raw("null") }
        w.raw(",\"reason\":")
        w.string(p.pointee.reason)
        w.raw(",\"provisional\":")
        w.bool(p.pointee.provisional)
        if p.pointee.skipped { w.raw(",\"skipped\":true") }
        if let r = p.pointee.record, !p.pointee.skipped {
            w.raw(",\"status\":")
            w.string(r.state.rawValue)
            if r.movedTo != nil {
                w.raw(",\"movedFrom\":")
                w.date(p.pointee.scheduledDate)
            }
            if !r.note.isEmpty {
                w.raw(",\"note\":")
                w.string(r.note)
            }
            if r.outcome == .held {
                w.raw(",\"attended\":[")
                for (k, role) in r.attended.enumerated() {
                    if k > 0 { w.byte(0x2C) }
                    w.string(role.rawValue)
                }
                w.raw("],\"minutes\":")
                w.string(r.minutes)
            }
        }
        w.raw(",\"items\":[")
        for (k, i) in p.pointee.items.enumerated() {
            if k > 0 { w.byte(0x2C) }
            write(i, into: &w)
        }
        w.raw("]}")
    }

    public static func write(_ i: DueItem, into w: inout JSONBytes) {
        w.raw("{\"id\":")
        w.int(i.id)
        w.raw(",\"title\":")
        w.string(i.title)
        w.raw(",\"stage\":")
        w.string(i.stage.key)
        w.byte(0x7D)
    }

    /// "HH:MM" as `ClockTime.text` writes it, quoted.
    static func clock(_ t: Int, into w: inout JSONBytes) {
        guard t >= 0 && t < 6_000 else { w.string(ClockTime.text(t)); return }
        let h = t / 60, m = t % 60
        w.byte(0x22)
        w.byte(UInt8(h / 10) + 0x30); w.byte(UInt8(h % 10) + 0x30)
        w.byte(0x3A)
        w.byte(UInt8(m / 10) + 0x30); w.byte(UInt8(m % 10) + 0x30)
        w.byte(0x22)
    }

    /// The rows of `entries` as they stand in the array, each preceded by ",\n" (the first of
    /// the array by nothing when `first`): made in pieces at once for a province.
    public static func rows(_ entries: [ScheduleEntry], first: Bool, pieces: Int = Parallel.cores) -> [[UInt8]] {
        Parallel.map(count: entries.count, minimum: 4_000, maxPieces: pieces) { range -> [UInt8] in
            var w = JSONBytes(capacity: range.count * 240)
            entries.withUnsafeBufferPointer { all in
                guard let base = all.baseAddress else { return }
                for i in range {
                    if i > 0 || !first { w.raw(",\n") }
                    write(base + i, into: &w)
                }
            }
            return w.bytes
        }
    }

    /// The whole array, as bytes.
    public static func bytes(_ entries: [ScheduleEntry]) -> [UInt8] {
        guard !entries.isEmpty else { return Array("[]\n".utf8) }
        var out: [UInt8] = Array("[\n".utf8)
        for part in rows(entries, first: true) {
            if out.count == 2 { out.reserveCapacity(part.count * max(1, Parallel.cores) + 8) }
            out.append(contentsOf: part)
        }
        out.append(contentsOf: "\n]\n".utf8)
        return out
    }

    public static func render(_ entries: [ScheduleEntry]) -> String {
        String(decoding: bytes(entries), as: UTF8.self)
    }
}
