import LiushiCore

/// An item (事项) as the screen shows it.
public struct UIItem: Hashable, Sendable {
    public var id: Int64
    /// The village's id.
    public var village: String
    public var title: String
    public var stage: Stage
    public var major: Bool
    /// The fixed day it is due on (the schedule's date), if any.
    public var due: Day?
    public var carryOvers: Int

    public init(id: Int64, village: String, title: String, stage: Stage, major: Bool = false, due: Day? = nil,
                carryOvers: Int = 0) {
        self.id = id
        self.village = village
        self.title = title
        self.stage = stage
        self.major = major
        self.due = due
        self.carryOvers = carryOvers
    }
}

/// One event of an item's history.
public struct UIEvent: Hashable, Sendable {
    /// When, as the store gives it (e.g. "2026-10-15 09:12").
    public var time: String
    public var user: String
    /// What happened (e.g. "add", "advance", "return", "note").
    public var kind: String
    public var from: Stage?
    public var to: Stage?
    public var note: String

    public init(time: String, user: String, kind: String, from: Stage? = nil, to: Stage? = nil, note: String = "") {
        self.time = time
        self.user = user
        self.kind = kind
        self.from = from
        self.to = to
        self.note = note
    }
}

/// What the store holds, as the runner read it. The screen shows marks and items only from a
/// snapshot: a change is shown as done once the runner committed it and sent a new one.
public struct StoreSnapshot: Sendable {
    /// The items to show: every open one (closed ones may be left out: the board counts them
    /// from `closedByVillage`).
    public var items: [UIItem]
    /// Closed items left out of `items`, counted by village.
    public var closedByVillage: [String: Int]
    /// Every day mark.
    public var marks: [DayMark]
    /// Items due and marks keyed by village and the schedule's date (may be empty: the screen
    /// also places items by their `due` date and marks from `marks`).
    public var annotations: Annotations
    /// A message to show (e.g. what the last change did), or nil.
    public var message: String?

    public init(items: [UIItem] = [], marks: [DayMark] = [], annotations: Annotations = .none, message: String? = nil,
                closedByVillage: [String: Int] = [:]) {
        self.items = items
        self.closedByVillage = closedByVillage
        self.marks = marks
        self.annotations = annotations
        self.message = message
    }

    public static let empty = StoreSnapshot()
}
