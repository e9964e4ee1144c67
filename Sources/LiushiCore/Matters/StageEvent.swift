/// One event of an item as the year's evaluation (年评) reads the log: its kind, the stages it
/// moved between, and the item's `stageSince` before it — the day the change before it was made
/// on (the program's "today" then), which dates every stage change without reading the clock.
/// Notes are left out; undos are in (they say which event no longer counts).
public struct StageEvent: Hashable, Sendable {
    public var id: Int64
    public var itemID: Int64
    public var kind: EventKind
    public var from: Stage?
    public var to: Stage?
    /// ISO 8601 as stored (UTC): only a fallback for dating a change.
    public var time: String
    /// For a stage change: the item's `stageSince` just before it.
    public var prevSince: Day?
    /// For an undo: the event it reverted.
    public var undoes: Int64?

    public init(id: Int64, itemID: Int64, kind: EventKind, from: Stage?, to: Stage?, time: String, prevSince: Day?,
                undoes: Int64?) {
        self.id = id
        self.itemID = itemID
        self.kind = kind
        self.from = from
        self.to = to
        self.time = time
        self.prevSince = prevSince
        self.undoes = undoes
    }
}
