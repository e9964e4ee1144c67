/// The one table of words for what users see of the pipeline: stages (see `Stage.label`), the
/// kinds of change and the states of a fixed day, in Chinese and English. The command line, the
/// terminal UI and every export take their words from here.

/// What a recorded change did.
public enum EventKind: String, Hashable, Sendable, CaseIterable {
    case add, advance, `return`, note, mark, undo, edit, withdraw

    public func label(_ lang: Language) -> String {
        switch self {
        case .add: return lang.pick("新增", "added")
        case .advance: return lang.pick("推进", "advanced")
        case .return: return lang.pick("退回", "returned")
        case .note: return lang.pick("备注", "note")
        case .mark: return lang.pick("标记", "marked")
        case .undo: return lang.pick("撤销", "undone")
        case .edit: return lang.pick("修改", "edited")
        case .withdraw: return lang.pick("撤回", "withdrawn")
        }
    }
}

/// What became of a fixed day, as shown: `moved` only while nothing else was recorded after the
/// move (a moved day that was then held is `held`, at its new date).
public enum DayState: String, Hashable, Sendable, CaseIterable {
    case scheduled, held, moved, cancelled

    public func label(_ lang: Language) -> String {
        switch self {
        case .scheduled: return lang.pick("待召开", "scheduled")
        case .held: return lang.pick("已召开", "held")
        case .moved: return lang.pick("已改期", "moved")
        case .cancelled: return lang.pick("已取消", "cancelled")
        }
    }
}

extension DayStatus {
    /// "已召开", "改到 2027-01-04", "cancelled".
    public func label(_ lang: Language) -> String {
        switch self {
        case .held: return DayState.held.label(lang)
        case .cancelled: return DayState.cancelled.label(lang)
        case .moved(let to): return lang.pick("改到 \(to.iso)", "moved to \(to.iso)")
        }
    }
}

extension Role {
    public func label(_ lang: Language) -> String { lang == .zh ? chinese : english }
}

/// Times of changes: stored in UTC, shown in China time (UTC+8, no daylight saving).
public enum ChinaTime {
    /// "2026-12-04T05:50:00Z" (or any ISO 8601 time with an offset) → "2026-12-04 13:50"; text
    /// it cannot read is returned as it is.
    public static func display(_ iso: String) -> String {
        guard let (day, minutes) = parse(iso) else { return iso }
        var m = minutes + 8 * 60
        var d = day
        while m >= 24 * 60 { m -= 24 * 60; d = d + 1 }
        while m < 0 { m += 24 * 60; d = d - 1 }
        let hh = m / 60, mm = m % 60
        return d.iso + " " + (hh < 10 ? "0" : "") + String(hh) + ":" + (mm < 10 ? "0" : "") + String(mm)
    }

    /// The same instant as ISO 8601 in China time: "2026-12-04T13:50:00+08:00".
    public static func iso(_ iso: String) -> String {
        guard let _ = parse(iso) else { return iso }
        let shown = display(iso)
        let seconds = secondsField(iso) ?? "00"
        return String(shown.prefix(10)) + "T" + String(shown.suffix(5)) + ":" + seconds + "+08:00"
    }

    /// The day and the minute of the day, in UTC.
    static func parse(_ iso: String) -> (Day, Int)? {
        let u = Array(iso.utf8)
        guard u.count >= 16, u[10] == UInt8(ascii: "T"), u[13] == UInt8(ascii: ":"),
              let day = Day(iso: String(decoding: u[0..<10], as: UTF8.self)),
              let hh = Int(String(decoding: u[11..<13], as: UTF8.self)),
              let mm = Int(String(decoding: u[14..<16], as: UTF8.self)), hh < 24, mm < 60 else { return nil }
        var offset = 0
        if let zone = u.lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }), zone > 16 {
            let rest = String(decoding: u[(zone + 1)...], as: UTF8.self).replacingColon()
            guard rest.count == 4, let oh = Int(rest.prefix(2)), let om = Int(rest.suffix(2)) else { return nil }
            offset = (oh * 60 + om) * (u[zone] == UInt8(ascii: "-") ? -1 : 1)
        } else if u.last != UInt8(ascii: "Z") {
            return nil
        }
        return (day, hh * 60 + mm - offset)
    }

    static func secondsField(_ iso: String) -> String? {
        let u = Array(iso.utf8)
        guard u.count >= 19, u[16] == UInt8(ascii: ":") else { return nil }
        return String(decoding: u[17..<19], as: UTF8.self)
    }
}

private extension String {
    func replacingColon() -> String { String(self.filter { $0 != ":" }) }
}
