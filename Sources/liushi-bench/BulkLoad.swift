import GRDB
import LiushiCore
import LiushiStore

/// Many rows in one transaction through prepared statements, for building large databases in
/// benchmarks (only the benchmark uses it, so it lives here; the store's schema is written by
/// `Store.open` first, then the rows go straight through GRDB). The same rules as the
/// single changes hold (every item has its `add` event; marks have their `mark` event), but the
/// caller supplies the history, so nothing is derived or checked beyond the schema's constraints.
final class BulkLoader {
    let db: Database
    let item: Statement
    let event: Statement
    let mark: Statement

    init(_ db: Database) throws {
        self.db = db
        item = try db.makeStatement(sql: """
            INSERT INTO items (village, title, stage, major, created_at, stage_since) VALUES (?, ?, ?, ?, ?, ?)
            """)
        event = try db.makeStatement(sql: """
            INSERT INTO events (item_id, time, user, kind, from_stage, to_stage, note, village, day, prev_since)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        mark = try db.makeStatement(sql: """
            INSERT INTO day_marks (event_id, village, date, status, moved_to, note, attended) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
    }

    /// Adds an item row (its events are added separately) and returns its id.
    func addItem(village: String, title: String, stage: Stage, major: Bool, createdAt: String, stageSince: Day) throws -> Int64 {
        try item.execute(arguments: [village, title, stage.key, major ? 1 : 0, createdAt, stageSince.iso])
        return db.lastInsertedRowID
    }

    /// Appends an event of an item: add, advance, return or note. `prevSince` is the stage_since
    /// before an advance or return (what undo restores).
    @discardableResult
    func addEvent(itemID: Int64, time: String, user: String, kind: ItemEvent.Kind, from: Stage?, to: Stage?,
                         note: String, fixedDay: (village: String, day: Day)? = nil, prevSince: Day? = nil) throws -> Int64 {
        try event.execute(arguments: [itemID, time, user, kind.rawValue, from?.key, to?.key, note,
                                      fixedDay?.village, fixedDay?.day.iso, prevSince?.iso])
        return db.lastInsertedRowID
    }

    /// Appends a day mark with its event.
    func addMark(_ m: DayMark, time: String, user: String) throws {
        try event.execute(arguments: [nil, time, user, ItemEvent.Kind.mark.rawValue, nil, nil, m.note, m.village, m.date.iso, nil])
        var movedTo: String? = nil
        if case .moved(let to) = m.status { movedTo = to.iso }
        try mark.execute(arguments: [db.lastInsertedRowID, m.village, m.date.iso, m.status.key, movedTo, m.note,
                                     m.attended.map(\.rawValue).joined(separator: " ")])
    }
}

extension BulkLoader {
    /// Creates the store at `path` (schema and migrations, through `Store.open`), then runs `body`
    /// in one transaction: all its rows are committed together, or none.
    static func load(path: String, _ body: (BulkLoader) throws -> Void) throws {
        try Store.open(path: path).close()
        let queue = try DatabaseQueue(path: path)
        try queue.inTransaction { db in
            try body(try BulkLoader(db))
            return .commit
        }
        try queue.close()
    }
}
