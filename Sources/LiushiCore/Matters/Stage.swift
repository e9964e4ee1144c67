/// Where an item (事项) stands in the pipeline sort → discuss → decide → handle → supervise →
/// evaluate → closed. A stage other than `closed` and `withdrawn` is one of the six matters.
/// `withdrawn` ends an item without doing it (e.g. the villagers rejected it); like `closed` it
/// is final (only an undo takes it back).
public enum Stage: Hashable, Sendable, Comparable, CaseIterable {
    case matter(Matter)
    case closed
    case withdrawn

    public static let allCases: [Stage] = Matter.allCases.map { .matter($0) } + [.closed, .withdrawn]

    /// Closed or withdrawn: the item has ended.
    public var isFinal: Bool { self == .closed || self == .withdrawn }

    public var key: String {
        switch self {
        case .matter(let m): return m.key
        case .closed: return "closed"
        case .withdrawn: return "withdrawn"
        }
    }

    public func label(_ lang: Language) -> String {
        switch self {
        case .matter(let m): return lang == .zh ? m.chinese : m.key
        case .closed: return lang == .zh ? "已办结" : "closed"
        case .withdrawn: return lang == .zh ? "已撤回" : "withdrawn"
        }
    }

    public init?(name: String) {
        if name == "closed" || name == "办结" || name == "已办结" { self = .closed; return }
        if name == "withdrawn" || name == "撤回" || name == "已撤回" { self = .withdrawn; return }
        guard let m = Matter(name: name) else { return nil }
        self = .matter(m)
    }

    /// The next stage (evaluate → closed); nil for closed.
    public var next: Stage? {
        switch self {
        case .matter(let m): return Matter(rawValue: m.rawValue + 1).map { .matter($0) } ?? .closed
        case .closed, .withdrawn: return nil
        }
    }

    /// The previous stage (discuss → sort); nil for sort. Closed goes back to evaluate.
    public var previous: Stage? {
        switch self {
        case .matter(let m): return Matter(rawValue: m.rawValue - 1).map { .matter($0) }
        case .closed: return .matter(.evaluate)
        case .withdrawn: return nil
        }
    }

    var order: Int {
        switch self {
        case .matter(let m): return m.rawValue
        case .closed: return 7
        case .withdrawn: return 8
        }
    }

    public static func < (a: Stage, b: Stage) -> Bool { a.order < b.order }
}

/// An item as the schedule shows it on a fixed day.
public struct DueItem: Hashable, Sendable {
    public var id: Int64
    public var title: String
    public var stage: Stage
    public var carryOvers: Int
    public var major: Bool
    public init(id: Int64, title: String, stage: Stage, carryOvers: Int = 0, major: Bool = false) {
        self.id = id
        self.title = title
        self.stage = stage
        self.carryOvers = carryOvers
        self.major = major
    }
}

/// What became of a fixed day.
public enum DayStatus: Hashable, Sendable {
    case held
    case cancelled
    /// Moved to another date; the day then shows on that date.
    case moved(to: Day)

    public var key: String {
        switch self {
        case .held: return "held"
        case .cancelled: return "cancelled"
        case .moved: return "moved"
        }
    }
}

/// One recorded mark on a village's fixed day, keyed by the date the schedule gives the day
/// (before any move). A day's marks are folded, oldest first, into what became of it (see
/// `DayRecord` in LiushiActualSchedule): `held`/`cancelled` after `moved` keep the new date.
public struct DayMark: Hashable, Sendable {
    public var village: String
    public var date: Day
    public var status: DayStatus
    public var note: String
    public var attended: [Role]
    /// For `held`: the minutes of the meeting.
    public var minutes: String
    /// True when an undo reverted this mark (it still counts as a change of the day).
    public var undone: Bool
    public init(village: String, date: Day, status: DayStatus, note: String = "", attended: [Role] = [],
                minutes: String = "", undone: Bool = false) {
        self.village = village
        self.date = date
        self.status = status
        self.note = note
        self.attended = attended
        self.minutes = minutes
        self.undone = undone
    }
}
