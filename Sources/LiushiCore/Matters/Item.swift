/// What due dates are computed from: an item's state, or the whole item.
public protocol DueSubject {
    var id: Int64 { get }
    var village: String { get }
    var stage: Stage { get }
    var stageSince: Day { get }
}

/// Only what due dates need of an open item (read from a covering index: much faster than
/// whole items when there are tens of thousands).
public struct ItemState: Hashable, Sendable, DueSubject {
    public var id: Int64
    public var village: String
    public var stage: Stage
    public var stageSince: Day
    public init(id: Int64, village: String, stage: Stage, stageSince: Day) {
        self.id = id
        self.village = village
        self.stage = stage
        self.stageSince = stageSince
    }
}

/// A matter (事项) of one village, moving through the stages.
public struct Item: Hashable, Sendable, DueSubject {
    public var id: Int64
    public var village: String
    public var title: String
    public var stage: Stage
    public var major: Bool
    /// When it was added (ISO 8601, as given by the caller).
    public var createdAt: String
    /// The day it entered its current stage.
    public var stageSince: Day

    /// What due dates are computed from.
    public var state: ItemState { ItemState(id: id, village: village, stage: stage, stageSince: stageSince) }

    public init(id: Int64, village: String, title: String, stage: Stage, major: Bool, createdAt: String, stageSince: Day) {
        self.id = id
        self.village = village
        self.title = title
        self.stage = stage
        self.major = major
        self.createdAt = createdAt
        self.stageSince = stageSince
    }
}

/// One change, as recorded. Every change appends exactly one event, in the same transaction.
public struct ItemEvent: Hashable, Sendable {
    public typealias Kind = EventKind

    public var id: Int64
    /// The item changed; nil for a day mark (and the undo of one).
    public var itemID: Int64?
    /// ISO 8601 as stored: UTC for changes made by this version ("2026-12-04T05:50:00Z"); show
    /// it with `ChinaTime.display`.
    public var time: String
    public var user: String
    public var kind: EventKind
    public var from: Stage?
    public var to: Stage?
    public var note: String
    /// The fixed day (village and the date the schedule gives it) the change was made on, when relevant.
    public var village: String?
    public var day: Day?
    /// For an undo: the event it reverted.
    public var undoes: Int64?
    /// For a mark, and for the undo of a mark: the mark.
    public var mark: DayMark?

    public init(id: Int64, itemID: Int64?, time: String, user: String, kind: EventKind, from: Stage?, to: Stage?,
                note: String, village: String?, day: Day?, undoes: Int64? = nil, mark: DayMark? = nil) {
        self.id = id
        self.itemID = itemID
        self.time = time
        self.user = user
        self.kind = kind
        self.from = from
        self.to = to
        self.note = note
        self.village = village
        self.day = day
        self.undoes = undoes
        self.mark = mark
    }
}
