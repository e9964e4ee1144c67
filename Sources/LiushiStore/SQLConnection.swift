/// The little the store needs from a database, so that its rules (stages, undo, events) are
/// written once over both SQLite (`SQLiteBackend`, through GRDB) and PostgreSQL
/// (`PostgresBackend`, through libpq): statements with `?` placeholders and bound values, rows of
/// values, and transactions. The SQL the store sends is the common subset of both: `?`
/// placeholders (PostgreSQL's backend numbers them), `INSERT … RETURNING id` instead of a last
/// row id, integers 0/1 for flags, text for dates and times, and the column `"user"` quoted (a
/// reserved word in PostgreSQL).

/// One value read or bound.
enum SQLValue: Equatable, Sendable {
    case null
    case int(Int64)
    case text(String)
}

/// A value that can be bound to a placeholder.
protocol SQLArgument {
    var sqlValue: SQLValue { get }
}

extension String: SQLArgument { var sqlValue: SQLValue { .text(self) } }
extension Int64: SQLArgument { var sqlValue: SQLValue { .int(self) } }
extension Int: SQLArgument { var sqlValue: SQLValue { .int(Int64(self)) } }

typealias SQLArguments = [(any SQLArgument)?]

extension Array where Element == (any SQLArgument)? {
    var values: [SQLValue] { map { $0?.sqlValue ?? .null } }
}

/// One row, decoded by column index. PostgreSQL hands every value over as text; SQLite as
/// integers or text: the accessors accept both.
struct SQLRow {
    var values: [SQLValue]

    func isNull(_ i: Int) -> Bool { i >= values.count || values[i] == .null }

    func string(_ i: Int) throws -> String {
        guard let s = try optionalString(i) else { throw Store.corrupt("NULL in column \(i)") }
        return s
    }

    func optionalString(_ i: Int) throws -> String? {
        guard i < values.count else { throw Store.corrupt("no column \(i)") }
        switch values[i] {
        case .null: return nil
        case .text(let s): return s
        case .int(let n): return String(n)
        }
    }

    func int64(_ i: Int) throws -> Int64 {
        guard let n = try optionalInt64(i) else { throw Store.corrupt("NULL in column \(i)") }
        return n
    }

    func optionalInt64(_ i: Int) throws -> Int64? {
        guard i < values.count else { throw Store.corrupt("no column \(i)") }
        switch values[i] {
        case .null: return nil
        case .int(let n): return n
        case .text(let s):
            guard let n = Int64(s) else { throw Store.corrupt("'\(s)' where a number belongs") }
            return n
        }
    }
}

/// A connection inside a transaction (or a read).
protocol SQLConnection {
    func execute(_ sql: String, _ arguments: SQLArguments) throws
    func query(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow]
}

extension SQLConnection {
    func execute(_ sql: String) throws { try execute(sql, []) }
    func query(_ sql: String) throws -> [SQLRow] { try query(sql, []) }

    func queryOne(_ sql: String, _ arguments: SQLArguments = []) throws -> SQLRow? {
        try query(sql, arguments).first
    }

    /// The first column of the first row as a number; nil for no row or NULL.
    func int64(_ sql: String, _ arguments: SQLArguments = []) throws -> Int64? {
        guard let row = try queryOne(sql, arguments) else { return nil }
        return try row.optionalInt64(0)
    }

    /// Runs an `INSERT … RETURNING id` and gives the id.
    func insert(_ sql: String, _ arguments: SQLArguments) throws -> Int64 {
        guard let id = try int64(sql + " RETURNING id", arguments) else { throw Store.corrupt("an insert returned no id") }
        return id
    }
}

/// Where the store's transactions run.
protocol SQLBackend: AnyObject {
    /// A transaction that writes: serialised with every other writer of the same store (SQLite's
    /// immediate transaction; an advisory lock on PostgreSQL), committed before it returns, rolled
    /// back when `body` throws.
    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    /// A consistent read (one snapshot).
    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T
    func close()
}

/// `?, ?, …` for an IN list.
func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: max(count, 1)).joined(separator: ", ")
}
