/// One entry of a schedule: a fixed day of one village (rhythms merged), or a skipped period.
/// 16 bytes: what follows from the village's rules and the rhythms (the matters, the time) is
/// looked up through the `Schedule` that produced it (`matters(of:)`, `time(of:)`), as are names.
public struct FixedDay: Hashable, Sendable {
    public static let noShift: Int32 = .min

    public var date: Day
    /// Index into `Schedule.villages`.
    public var village: Int32
    var shiftedFromRaw: Int32
    /// A `WorkCalendar` reason code: the holiday's name for a shifted, kept or skipped day.
    public var reason: UInt16
    public var rhythms: RhythmSet
    var flags: UInt8

    static let skippedFlag: UInt8 = 1
    static let provisionalFlag: UInt8 = 2
    static let onDayOffFlag: UInt8 = 4

    /// Where a holiday moved this day from.
    public var shiftedFrom: Day? { shiftedFromRaw == FixedDay.noShift ? nil : Day(number: shiftedFromRaw) }
    /// A skipped period (no fixed day in it), dated at the day the rule chose.
    public var isSkipped: Bool { flags & FixedDay.skippedFlag != 0 }
    /// The date is in a year without official holiday data.
    public var isProvisional: Bool { flags & FixedDay.provisionalFlag != 0 }
    /// Held on a day off because the rule says `keep`.
    public var isOnDayOff: Bool { flags & FixedDay.onDayOffFlag != 0 }

    public init(date: Day, village: Int32, shiftedFrom: Day? = nil, reason: UInt16 = 0, rhythms: RhythmSet,
                skipped: Bool = false, provisional: Bool = false, onDayOff: Bool = false) {
        self.date = date
        self.village = village
        self.shiftedFromRaw = shiftedFrom?.number ?? FixedDay.noShift
        self.reason = reason
        self.rhythms = rhythms
        self.flags = (skipped ? FixedDay.skippedFlag : 0) | (provisional ? FixedDay.provisionalFlag : 0)
            | (onDayOff ? FixedDay.onDayOffFlag : 0)
    }
}

/// Why a window cannot be expanded.
public enum ExpansionError: Error, Hashable, Sendable {
    case outOfRange(Day)
    case reversed(Day, Day)

    public func message(chinese: Bool) -> String {
        switch self {
        case .outOfRange(let d):
            let y = d.year
            return chinese ? "日期 \(y < 0 || y > 9999 ? String(y) : d.iso) 超出支持的范围（1901-01-01 至 2099-12-31）"
                : "the date \(y < 0 || y > 9999 ? "in year " + String(y) : d.iso) is outside the supported range 1901-01-01 … 2099-12-31"
        case .reversed(let a, let b):
            return chinese ? "开始日期 \(a.iso) 晚于结束日期 \(b.iso)" : "the start \(a.iso) is after the end \(b.iso)"
        }
    }
}
