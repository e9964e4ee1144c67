import CLibpq
import Foundation

/// The PostgreSQL backend: one libpq connection, used by one thread at a time. Tables live in
/// the connection's current schema (normally `public`; `?options=-csearch_path%3DNAME` in the
/// URI picks another).
final class PostgresBackend: SQLBackend {
    let connection: PostgresConnection
    private let lock = NSLock()
    private var closed = false
    private var listening = false

    init(connection: PostgresConnection) { self.connection = connection }

    /// PostgreSQL 15 (`server_version_num`): what the schema and the tests were made on.
    static let minimumServerVersion: Int64 = 150000

    /// What the schema holds: nothing (a new store), a Liushi store at a version, or something else.
    enum Contents { case empty, liushi(version: Int), foreign(tables: [String]) }

    static func contents(_ c: PostgresConnection) throws -> Contents {
        // pg_class read with the statement's snapshot (to_regclass could miss a table another
        // session created a moment ago).
        let marker = try c.int64("""
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname = 'liushi_schema'
            """)
        if marker ?? 0 > 0 {
            let v = try c.int64("SELECT max(version) FROM liushi_schema") ?? 0
            return .liushi(version: Int(v))
        }
        let tables = try c.query("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p', 'f') ORDER BY 1 LIMIT 5
            """).map { try $0.string(0) }
        return tables.isEmpty ? .empty : .foreign(tables: tables)
    }

    /// Connects, then refuses a schema that is not Liushi's or is newer, creates the tables in
    /// an empty one (when `create`), and applies missing migrations, all in one transaction under
    /// the writers' lock (two first uses at once: one creates, the other finds it made).
    /// nil when the schema is empty and `create` is false.
    static func open(uri: String, shown: String, create: Bool) throws(StoreError) -> PostgresBackend? {
        let c = try PostgresConnection(uri: uri, shown: shown)
        var role: String? = nil
        do {
            let first = try c.queryOne("SELECT current_setting('server_version_num')::bigint, current_user")
            let version = try first?.optionalInt64(0) ?? 0
            role = try first?.optionalString(1)
            guard version >= minimumServerVersion else {
                throw StoreError(.cannotOpen,
                                 english: "\(shown) runs PostgreSQL \(version / 10000); Liushi needs PostgreSQL 15 or later",
                                 chinese: "\(shown) 运行的是 PostgreSQL \(version / 10000)；六事一日需要 PostgreSQL 15 或更新版本")
            }
            switch try contents(c) {
            case .empty where !create: return nil
            case .liushi(let v) where v == PostgresSchema.version:
                // Nothing to create or migrate (versions only grow): no transaction, no lock.
                let backend = PostgresBackend(connection: c)
                backend.role = role
                return backend
            default: break
            }
            try c.execute("BEGIN")
            do {
                try c.execute("SELECT pg_advisory_xact_lock(\(PostgresSchema.lockKey), hashtext(current_schema()))")
                let found = try contents(c)
                var version = 0
                switch found {
                case .foreign(let tables):
                    throw StoreError(.notLiushi,
                                     english: "\(shown) is not a Liushi database: its schema holds other tables (\(tables.joined(separator: ", "))) and no liushi_schema. It was left untouched. Give another database or schema.",
                                     chinese: "\(shown) 不是六事一日的数据库：其中有其他表（\(tables.joined(separator: "、"))），没有 liushi_schema。未作任何改动。请指定其他数据库或 schema。")
                case .liushi(let v):
                    version = v
                    if v > PostgresSchema.version {
                        throw StoreError(.newerSchema,
                                         english: "\(shown) was written by a newer version of Liushi (schema \(v); this version knows up to \(PostgresSchema.version)). It was left untouched: update liushi to use it.",
                                         chinese: "\(shown) 由更新版本的六事一日写入（数据结构版本 \(v)，本版本最高支持 \(PostgresSchema.version)）。未作任何改动：请升级 liushi 后再使用。")
                    }
                case .empty:
                    try c.execute("CREATE TABLE liushi_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
                }
                var pending = PostgresSchema.migrations.filter { $0.version > version }
                if !pending.isEmpty, version > 0, pending.allSatisfy(\.indexesOnly), try !ownsTables(c) {
                    pending = []   // another role's store: it works without the new indexes
                }
                for m in pending {
                    _ = try c.run(m.sql, [], script: true)
                    try c.execute("INSERT INTO liushi_schema (version, name) VALUES (?, ?)", [m.version, m.name])
                }
                try c.execute("COMMIT")
            } catch {
                _ = try? c.run("ROLLBACK", [], script: true)
                throw error
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw PostgresBackend.storeError(error, shown: shown)
        }
        let backend = PostgresBackend(connection: c)
        backend.role = role
        return backend
    }

    /// Whether the connection's role may change the tables themselves (it owns them, or is a
    /// member of the role that does), as adding an index needs.
    static func ownsTables(_ c: PostgresConnection) throws -> Bool {
        try c.int64("""
            SELECT count(*) FROM pg_class c WHERE c.oid = to_regclass('items') AND pg_has_role(current_user, c.relowner, 'USAGE')
            """) ?? 0 > 0
    }

    /// A server error in plain words: a refusal by privileges or row-level security says so.
    static func storeError(_ error: Error, shown: String) -> StoreError {
        guard let e = error as? PostgresConnection.ServerError else { return StoreError.database(error, path: shown) }
        if e.state == "42501" {
            if e.message.contains("row-level security") {
                return StoreError(.notAllowed,
                                  english: "the database refused the change: your role may change only the villages granted to it (PostgreSQL: \(e.message)). Nothing was written.",
                                  chinese: "数据库拒绝了这项更改：你的角色只能更改授权给它的村庄（PostgreSQL：\(e.message)）。未写入任何内容。")
            }
            return StoreError(.notAllowed,
                              english: "the database refused: your role may not do this (PostgreSQL: \(e.message)). Nothing was written. Ask the store's owner for a grant (liushi db grant).",
                              chinese: "数据库拒绝了这项操作：你的角色无此权限（PostgreSQL：\(e.message)）。未写入任何内容。请联系数据库管理员授权（liushi db grant）。")
        }
        return StoreError(.database, english: "database error in \(shown): \(e.message)",
                          chinese: "数据库 \(shown) 出错：\(e.message)")
    }

    func transaction<T>(begin: String, lockWriters: Bool, _ body: (any SQLConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else {
            throw StoreError(.database, english: "the database \(connection.shown) is closed", chinese: "数据库 \(connection.shown) 已关闭")
        }
        do {
            do {
                try connection.execute(begin)
            } catch where connection.isBroken {
                // The connection was lost since its last use (the server restarted, an idle
                // connection was cut): nothing of this transaction was sent yet, so connect again,
                // renew the LISTEN (a change made meanwhile is seen by the next change-token
                // lookup) and begin once more.
                connection.reset()
                if listening { try? connection.execute("LISTEN \(PostgresSchema.channel)") }
                try connection.execute(begin)
            }
            if lockWriters {
                try connection.execute("SELECT pg_advisory_xact_lock(\(PostgresSchema.lockKey), hashtext(current_schema()))")
            }
            let value = try body(connection)
            try connection.execute("COMMIT")
            return value
        } catch {
            if connection.transactionStatus != Int32(CLIBPQ_TRANS_IDLE) {
                _ = try? connection.run("ROLLBACK", [], script: true)
            }
            if let e = error as? StoreError { throw e }
            throw PostgresBackend.storeError(error, shown: connection.shown)
        }
    }

    func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction(begin: "BEGIN", lockWriters: true, body)
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", lockWriters: false, body)
    }

    /// The role the connection acts as (recorded in events as who made a change).
    func currentRole() throws -> String {
        if let role { return role }
        return try read { c in try c.queryOne("SELECT current_user")?.string(0) ?? "" }
    }

    /// `current_user`, as read when the connection was opened.
    private var role: String?

    /// Starts listening for committed changes (see `PostgresSchema.channel`).
    func listen() throws {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else {
            throw StoreError(.database, english: "the database \(connection.shown) is closed", chinese: "数据库 \(connection.shown) 已关闭")
        }
        try connection.execute("LISTEN \(PostgresSchema.channel)")
        listening = true
    }

    /// Whether a change was committed since the last call (notifications already received).
    func notified() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return !closed && connection.notified()
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        closed = true
        connection.finish()
    }
}

