import GRDB
import LiushiCore

extension Store {
    /// Every event of the items that are not voided, except notes, by item then id: what the
    /// year's evaluation dates adds, stage changes and undos from (`StageEvent`). One pass over the
    /// log.
    public func stageEvents(village: String? = nil) throws(StoreError) -> [StageEvent] {
        var sql = """
            SELECT e.id, e.item_id, e.kind, e.from_stage, e.to_stage, e.time, e.prev_since, e.undoes
            FROM events e JOIN items i ON i.id = e.item_id
            WHERE e.kind <> 'note' AND i.voided = 0
            """
        var arguments: StatementArguments = []
        if let v = village { sql += " AND i.village = ?"; arguments += [v] }
        sql += " ORDER BY e.item_id, e.id"
        let query = sql, args = arguments
        return try read { db in
            var out: [StageEvent] = []
            let rows = try Row.fetchCursor(db, sql: query, arguments: args)
            while let row = try rows.next() {
                let from: String? = try row.decode(String?.self, atIndex: 3)
                let to: String? = try row.decode(String?.self, atIndex: 4)
                let prev: String? = try row.decode(String?.self, atIndex: 6)
                out.append(StageEvent(id: try row.decode(Int64.self, atIndex: 0),
                                      itemID: try row.decode(Int64.self, atIndex: 1),
                                      kind: try Store.kind(try row.decode(String.self, atIndex: 2)),
                                      from: try from.map(Store.stage), to: try to.map(Store.stage),
                                      time: try row.decode(String.self, atIndex: 5),
                                      prevSince: try prev.map(Store.day),
                                      undoes: try row.decode(Int64?.self, atIndex: 7)))
            }
            return out
        }
    }
}
