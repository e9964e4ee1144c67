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
    /// Open items due at it (following a move; none at a cancelled day), in id order.
    public var items: [DueItem]
    /// What became of it, when anything was recorded.
    public var record: DayRecord?

    public init(date: Day, scheduledDate: Day, village: Village, rhythms: [Rhythm], matters: [Matter], time: Int?,
                duration: Int?, attendees: [Role], shiftedFrom: Day?, reason: String?, provisional: Bool, skipped: Bool,
                onDayOff: Bool, items: [DueItem], record: DayRecord?) {
        self.date = date
        self.scheduledDate = scheduledDate
        self.village = village
        self.rhythms = rhythms
        self.matters = matters
        self.time = time
        self.duration = duration
        self.attendees = attendees
        self.shiftedFrom = shiftedFrom
        self.reason = reason
        self.provisional = provisional
        self.skipped = skipped
        self.onDayOff = onDayOff
        self.items = items
        self.record = record
    }

    public var state: DayState { record?.state ?? .scheduled }
    public var isCancelled: Bool { record?.outcome == .cancelled }
    public var isHeld: Bool { record?.outcome == .held }
    /// Its scheduled date, when a move put it elsewhere.
    public var movedFrom: Day? { record?.movedTo != nil ? scheduledDate : nil }
    /// Where it went, when it was moved.
    public var movedTo: Day? { record?.movedTo }
}

