import GRDB
import LiushiCore
#if canImport(SQLite3)
import SQLite3
#else
import GRDBSQLite
#endif

extension Store {
    /// Every event of an item except notes (of voided items too: `ItemLife.lives` takes only the
    /// items it is given), oldest first: what the year's evaluation dates adds, stage changes and
    /// undos from (`StageEvent`). One pass over the log, decoded from the bytes (FastRows); the
    /// time only where a stage change has no `prevSince` (a log written by hand), else "".
    public func stageEvents(village: String? = nil) throws(StoreError) -> [StageEvent] {
        try stageEvents(villages: village.map { [$0] })
    }

    /// The same for the items of the villages in `villages` only (nil: every village; empty:
    /// none), through the index of items by village: the same events as filtering the whole read.
    public func stageEvents(villages: [String]?) throws(StoreError) -> [StageEvent] {
        guard let statements = villageStatements(villages, "village", { part in
            """
            SELECT e.id, e.item_id, e.kind, e.from_stage, e.to_stage,
                   CASE WHEN e.prev_since IS NULL AND e.kind NOT IN ('add', 'undo') THEN e.time ELSE '' END,
                   e.prev_since, e.undoes
            FROM events e WHERE e.item_id IS NOT NULL AND e.kind <> 'note'
            """ + (part.isEmpty ? "" : " AND e.item_id IN (SELECT id FROM items WHERE true\(part))") + " ORDER BY e.id"
        }) else { return [] }
        if let pool {
            return try sqliteRead(pool) { db in
                try Store.merged(statements.map { s in
                    try FastRows.stageEvents(db, sql: s.sql, arguments: SQLiteBackend.Connection.bind(s.arguments))
                }, by: \.id)
            }
        }
        return try read { db in
            try Store.merged(statements.map { s in
                try db.query(s.sql, s.arguments).map { row in
                    let time = try row.string(5)
                    return StageEvent(id: try row.int64(0), itemID: try row.int64(1), kind: try Store.kind(try row.string(2)),
                                      from: try row.optionalString(3).map(Store.stage), to: try row.optionalString(4).map(Store.stage),
                                      time: time, prevSince: try row.optionalString(6).map(Store.day), undoes: try row.optionalInt64(7))
                }
            }, by: \.id)
        }
    }
}

extension FastRows {
    static func stageEvents(_ db: Database, sql: String, arguments: StatementArguments) throws -> [StageEvent] {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        var out: [StageEvent] = []
        /// A stage, or nil for NULL; a key FastRows does not know goes the slow way.
        func stageOrNil(_ column: Int32) throws -> Stage? {
            if sqlite3_column_type(s, column) == SQLITE_NULL { return nil }
            if let known = stage(s, column) { return known }
            return try Store.stage(text(s, column))
        }
        while true {
            let rc = sqlite3_step(s)
            if rc == done { break }
            guard rc == row else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: sql)
            }
            let id = sqlite3_column_int64(s, 0)
            let k = bytes(s, 2)
            let kind: EventKind
            switch (k.count, k.first) {
            case (3, UInt8(ascii: "a")?): kind = .add
            case (7, UInt8(ascii: "a")?): kind = .advance
            case (6, UInt8(ascii: "r")?): kind = .return
            case (4, UInt8(ascii: "u")?): kind = .undo
            default: kind = try Store.kind(text(s, 2))
            }
            var prev: Day? = nil
            if sqlite3_column_type(s, 6) != SQLITE_NULL {
                guard let d = day(s, 6) else { throw Store.corrupt("prev_since of event \(id)") }
                prev = d
            }
            let undoes: Int64? = sqlite3_column_type(s, 7) == SQLITE_NULL ? nil : sqlite3_column_int64(s, 7)
            let time = sqlite3_column_bytes(s, 5) == 0 ? "" : text(s, 5)
            out.append(StageEvent(id: id, itemID: sqlite3_column_int64(s, 1), kind: kind, from: try stageOrNil(3),
                                  to: try stageOrNil(4), time: time, prevSince: prev, undoes: undoes))
        }
        return out
    }
}
