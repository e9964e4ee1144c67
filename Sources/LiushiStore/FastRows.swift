import GRDB
import LiushiCore
#if canImport(SQLite3)
import SQLite3
#else
import GRDBSQLite
#endif

/// Reading many items quickly: the rows are stepped with the SQLite C interface and decoded from
/// their bytes (stage keys and ISO dates without building intermediate strings). Only the title,
/// village and creation time become Swift strings. 70,000 items in a few tens of milliseconds.
public enum FastRows {
    /// On unless a benchmark turns it off for a scope (`FastRows.$enabled.withValue(false) { … }`)
    /// to time GRDB's Row cursors instead in `Store.items`; see docs/PERFORMANCE.md. On
    /// PostgreSQL it switches `Store.items` and `Store.dayMarks` between libpq's bytes decoded in
    /// place (PostgresRows.swift) and `SQLRow`s.
    @TaskLocal public static var enabled = true

    static let done: Int32 = 101  // SQLITE_DONE
    static let row: Int32 = 100   // SQLITE_ROW

    /// Runs a SELECT of `Store.itemColumns` and decodes every row.
    static func items(_ db: Database, sql: String, arguments: StatementArguments) throws -> [Item] {
        var unused: [String: Int] = [:]
        return try items(db, sql: sql, arguments: arguments, closedByVillage: &unused, countClosed: false)
    }

    /// The same; with `countClosed`, closed rows are not decoded but counted by village.
    static func items(_ db: Database, sql: String, arguments: StatementArguments,
                      closedByVillage: inout [String: Int], countClosed: Bool) throws -> [Item] {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        var out: [Item] = []
        while true {
            let rc = sqlite3_step(s)
            if rc == done { break }
            guard rc == row else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: sql)
            }
            let id = sqlite3_column_int64(s, 0)
            guard let stage = stage(s, 3) else { throw Store.corrupt("stage of item \(id)") }
            if countClosed, stage.isFinal {
                closedByVillage[text(s, 1), default: 0] += 1
                continue
            }
            guard let since = day(s, 6) else { throw Store.corrupt("stage_since of item \(id)") }
            out.append(Item(id: id, village: text(s, 1), title: text(s, 2), stage: stage,
                            major: sqlite3_column_int64(s, 4) != 0, createdAt: text(s, 5), stageSince: since))
        }
        return out
    }

    /// Runs a SELECT of id, village, stage, stage_since and decodes every row.
    static func states(_ db: Database, sql: String, arguments: StatementArguments) throws -> [ItemState] {
        let statement = try db.makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        var out: [ItemState] = []
        var village = ""
        var villageBytes: [UInt8] = []
        while true {
            let rc = sqlite3_step(s)
            if rc == done { break }
            guard rc == row else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                    sql: sql)
            }
            let id = sqlite3_column_int64(s, 0)
            guard let stage = stage(s, 2) else { throw Store.corrupt("stage of item \(id)") }
            guard let since = day(s, 3) else { throw Store.corrupt("stage_since of item \(id)") }
            // Rows come grouped by village: make its string once per village.
            let v = bytes(s, 1)
            if !same(v, villageBytes) {
                villageBytes = Array(v)
                village = String(decoding: v, as: UTF8.self)
            }
            out.append(ItemState(id: id, village: village, stage: stage, stageSince: since))
        }
        return out
    }

    @inline(__always)
    static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }

    @inline(__always)
    static func bytes(_ s: OpaquePointer?, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let p = sqlite3_column_text(s, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, column)))
    }

    @inline(__always)
    static func text(_ s: OpaquePointer?, _ column: Int32) -> String {
        String(decoding: bytes(s, column), as: UTF8.self)
    }

    /// A stage key (sort … closed) from its bytes.
    @inline(__always)
    static func stage(_ s: OpaquePointer?, _ column: Int32) -> Stage? { stage(bytes(s, column)) }

    /// A stage key from its bytes (SQLite's or libpq's).
    @inline(__always)
    static func stage(_ b: UnsafeBufferPointer<UInt8>) -> Stage? {
        guard b.count >= 4 else { return nil }
        let m: Matter
        switch (b.count, b[0], b[1]) {
        case (4, UInt8(ascii: "s"), UInt8(ascii: "o")): m = .sort
        case (7, UInt8(ascii: "d"), UInt8(ascii: "i")): m = .discuss
        case (6, UInt8(ascii: "d"), UInt8(ascii: "e")): m = .decide
        case (6, UInt8(ascii: "h"), UInt8(ascii: "a")): m = .handle
        case (9, UInt8(ascii: "s"), UInt8(ascii: "u")): m = .supervise
        case (8, UInt8(ascii: "e"), UInt8(ascii: "v")): m = .evaluate
        case (6, UInt8(ascii: "c"), UInt8(ascii: "l")): return .closed
        case (9, UInt8(ascii: "w"), UInt8(ascii: "i")): return .withdrawn
        default: return nil
        }
        // The schema's CHECK admits only the eight keys: length and two letters tell them apart.
        return .matter(m)
    }

    /// A YYYY-MM-DD date from its bytes.
    @inline(__always)
    static func day(_ s: OpaquePointer?, _ column: Int32) -> Day? { day(bytes(s, column)) }

    /// A YYYY-MM-DD date from its bytes (SQLite's or libpq's).
    @inline(__always)
    static func day(_ b: UnsafeBufferPointer<UInt8>) -> Day? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        var year = 0, month = 0, day = 0
        for i in 0..<10 where i != 4 && i != 7 {
            let c = b[i]
            guard c >= 48, c <= 57 else { return nil }
            let digit = Int(c - 48)
            if i < 4 { year = year * 10 + digit } else if i < 7 { month = month * 10 + digit } else { day = day * 10 + digit }
        }
        return Day(year: year, month: month, day: day)
    }
}
