import LiushiCore

/// I/O the runner performs for the model; results come back as messages. After a change
/// (`addItem` … `undo`) the runner commits it and sends `.loaded` with a fresh snapshot (its
/// `message` saying what was done), or `.failed` with the reason.
public enum Effect: Hashable, Sendable {
    case quit
    /// Re-read the store → `.loaded(StoreSnapshot)`.
    case reload
    case addItem(village: String, title: String)
    /// Move an item from `from` (the stage the screen showed: refused if it changed meanwhile)
    /// to `to` (nil: exactly one stage on), with an optional note.
    case advance(item: Int64, from: Stage, to: Stage?, note: String)
    case returnItem(item: Int64, from: Stage, note: String)
    case addNote(item: Int64, text: String)
    case markDay(DayMark)
    case undo
    /// → `.history(item, [UIEvent])`.
    case loadHistory(item: Int64)
    /// Correct an item's title → `.loaded`.
    case editItem(item: Int64, title: String)
    /// End an item without doing it → `.loaded`.
    case withdraw(item: Int64, from: Stage, note: String)
    /// Read the closed and withdrawn items → `.ended`.
    case loadEnded
    /// The events recorded at a village's fixed day (by scheduled date) → `.dayEvents`.
    case loadDay(village: String, scheduled: Day)
    /// Write the village's schedule for the year to a file → `.info(message)` saying where.
    case printSchedule(village: String, year: Int)
}

/// What reaches `update`: keys, the terminal's size, and the results of effects.
public enum Message: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    case loaded(StoreSnapshot)
    case history(Int64, [UIEvent])
    case dayEvents(village: String, scheduled: Day, [UIEvent])
    case ended([UIItem])
    case info(String)
    case failed(String)
}
