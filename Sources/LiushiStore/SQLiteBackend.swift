import GRDB

/// The SQLite backend: a GRDB pool (WAL; one writer, concurrent readers).
final class SQLiteBackend: SQLBackend {
    let pool: DatabasePool

    init(pool: DatabasePool) { self.pool = pool }

    struct Connection: SQLConnection {
        let db: Database

        func execute(_ sql: String, _ arguments: SQLArguments) throws {
            try db.execute(sql: sql, arguments: Connection.bind(arguments))
        }

        func query(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
            var out: [SQLRow] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: Connection.bind(arguments))
            while let row = try rows.next() {
                var values: [SQLValue] = []
                values.reserveCapacity(row.count)
                for dbValue in row.databaseValues {
                    switch dbValue.storage {
                    case .null: values.append(.null)
                    case .int64(let n): values.append(.int(n))
                    case .string(let s): values.append(.text(s))
                    case .double(let x): values.append(.text(String(x)))
                    case .blob: values.append(.text(String(describing: dbValue)))
                    }
                }
                out.append(SQLRow(values: values))
            }
            return out
        }

        static func bind(_ arguments: SQLArguments) -> StatementArguments {
            StatementArguments(arguments.values.map { v -> DatabaseValueConvertible? in
                switch v {
                case .null: return nil
                case .int(let n): return n
                case .text(let s): return s
                }
            })
        }
    }

    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            try pool.write { db in try body(Connection(db: db)) }
        }
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            try pool.read { db in try body(Connection(db: db)) }
        }
    }

    /// The read-only reader connections are closed first, so that the writer is the last
    /// connection: only a writer can fold the log back and remove the -wal and -shm files.
    func close() {
        pool.releaseMemory()
        try? pool.close()
    }
}
