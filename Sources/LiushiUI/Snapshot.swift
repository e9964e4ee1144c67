import LiushiCore

/// An item (事项) as the screen shows it.
public struct UIItem: Hashable, Sendable {
    public var id: Int64
    /// The village's id.
    public var village: String
    public var title: String
    public var stage: Stage
    public var major: Bool
    /// The date it is due on: where its fixed day is actually held (after a move), or the next
    /// working day for an item at 办事.
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
    /// What happened.
    public var kind: EventKind
    public var from: Stage?
    public var to: Stage?
    public var note: String
    /// The item it changed (nil for a day mark); set for the events of a fixed day.
    public var item: Int64?
    /// True when an undo reverted it.
    public var undone: Bool

    public init(time: String, user: String, kind: EventKind, from: Stage? = nil, to: Stage? = nil, note: String = "",
                item: Int64? = nil, undone: Bool = false) {
        self.item = item
        self.undone = undone
        self.time = time
        self.user = user
        self.kind = kind
        self.from = from
        self.to = to
        self.note = note
    }
}

/// What the store holds, as the runner read it: the open items and every day mark (of the
/// township chosen in a county: `villages`), as values.
/// The screen shows marks and items only from a snapshot: a change is shown as done once the
/// runner committed it and sent a new one. The model turns it into the actual schedule
/// (`ActualSchedule`), the one place where due dates and the days' records are worked out.
public struct StoreSnapshot: Sendable {
    /// The villages read (`Model.storeScope`); nil: every village.
    public var villages: [String]?
    /// Every open item (closed ones are counted in `closedByVillage`), in id order.
    public var items: [Item]
    /// Closed items, counted by village.
    public var closedByVillage: [String: Int]
    /// Every day mark, in the order recorded (undone ones flagged).
    public var marks: [DayMark]
    /// A message to show (e.g. what the last change did), or nil.
    public var message: String?
    /// Whether the snapshot comes from another writer's change (a quiet refresh).
    public var refresh: Bool
    /// The store's change token read before the snapshot (the runner compares it with the store's
    /// to notice later changes by other writers).
    public var token: Int64 = 0

    public init(items: [Item] = [], marks: [DayMark] = [], message: String? = nil, closedByVillage: [String: Int] = [:],
                refresh: Bool = false, villages: [String]? = nil) {
        self.villages = villages
        self.items = items
        self.closedByVillage = closedByVillage
        self.marks = marks
        self.message = message
        self.refresh = refresh
    }

    public static let empty = StoreSnapshot()
}
