/// Who may change what on a shared PostgreSQL store (`liushi db grant` / `revoke`). The server
/// enforces it: a granted role reads everything; it inserts and updates items, events and day
/// marks only of the villages listed for it in `liushi_grants` (row-level security policies,
/// PostgresSchema.swift) and only under its own name; a read-only role has SELECT alone. The
/// owner of the tables (who runs these) is not bound by the policies. An SQLite file has no
/// roles: who may change it is the file's permissions.
extension Store {
    /// What a grant gives.
    public enum Access: Equatable, Sendable {
        /// Change these villages' items and days (and read everything).
        case villages([String])
        /// Read everything, change nothing.
        case readOnly
    }

    /// Creates the role when it does not exist (LOGIN, no password: the administrator sets one
    /// with `ALTER ROLE … PASSWORD`, or the server authenticates it otherwise), lets it read the
    /// store, and gives it `access`. A read-only grant takes back any village it had.
    public func grant(role: String, _ access: Access) throws(StoreError) {
        _ = try postgres(role)
        try write { db in
            let exists = try db.int64("SELECT count(*) FROM pg_roles WHERE rolname = ?", [role]) ?? 0
            if exists == 0 { try db.execute("CREATE ROLE \(Store.identifier(role)) LOGIN") }
            let r = Store.identifier(role)
            let schema = Store.identifier(try db.queryOne("SELECT current_schema()")?.string(0) ?? "public")
            try db.execute("GRANT USAGE ON SCHEMA \(schema) TO \(r)")
            try db.execute("GRANT SELECT ON liushi_schema, liushi_grants, items, events, day_marks TO \(r)")
            switch access {
            case .readOnly:
                try db.execute("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON liushi_grants, items, events, day_marks FROM \(r)")
                try db.execute("DELETE FROM liushi_grants WHERE role = ?", [role])
            case .villages(let villages):
                try db.execute("GRANT INSERT, UPDATE ON items, events, day_marks TO \(r)")
                try db.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA \(schema) TO \(r)")
                for v in villages {
                    try db.execute("INSERT INTO liushi_grants (role, village) VALUES (?, ?) ON CONFLICT DO NOTHING", [role, v])
                }
            }
        }
    }

    /// Takes villages back from the role (`villages`), or everything (nil: it can no longer read
    /// the store either). When no village is left it may no longer write. The role itself stays
    /// (roles belong to the whole server; `DROP ROLE` it there when it is no longer needed).
    public func revoke(role: String, villages: [String]?) throws(StoreError) {
        _ = try postgres(role)
        try write { db in
            let r = Store.identifier(role)
            let exists = try db.int64("SELECT count(*) FROM pg_roles WHERE rolname = ?", [role]) ?? 0
            guard exists > 0 else {
                throw StoreError(.invalidChange, english: "there is no database role \(role)", chinese: "没有数据库角色 \(role)")
            }
            if let villages {
                for v in villages { try db.execute("DELETE FROM liushi_grants WHERE role = ? AND village = ?", [role, v]) }
            } else {
                try db.execute("DELETE FROM liushi_grants WHERE role = ?", [role])
            }
            let left = try db.int64("SELECT count(*) FROM liushi_grants WHERE role = ?", [role]) ?? 0
            if left == 0 {
                try db.execute("REVOKE INSERT, UPDATE ON items, events, day_marks FROM \(r)")
            }
            if villages == nil {
                let schema = Store.identifier(try db.queryOne("SELECT current_schema()")?.string(0) ?? "public")
                try db.execute("REVOKE ALL ON liushi_schema, liushi_grants, items, events, day_marks FROM \(r)")
                try db.execute("REVOKE USAGE ON ALL SEQUENCES IN SCHEMA \(schema) FROM \(r)")
                try db.execute("REVOKE USAGE ON SCHEMA \(schema) FROM \(r)")
            }
        }
    }

    /// The villages each role may change, by role (read-only roles are not listed).
    public func grants() throws(StoreError) -> [String: [String]] {
        guard location.isPostgres else { return [:] }
        return try read { db in
            var out: [String: [String]] = [:]
            for row in try db.query("SELECT role, village FROM liushi_grants ORDER BY role, village") {
                out[try row.string(0), default: []].append(try row.string(1))
            }
            return out
        }
    }

    /// The PostgreSQL backend, or a plain refusal on SQLite; a role name PostgreSQL would not take
    /// is refused too.
    func postgres(_ role: String) throws(StoreError) -> PostgresBackend {
        guard let backend = backend as? PostgresBackend else {
            throw StoreError(.unsupported,
                             english: "db grant and db revoke need a PostgreSQL store (--db postgresql://…): an SQLite file has no database roles; who may change it is decided by the file's permissions",
                             chinese: "db grant 和 db revoke 需要 PostgreSQL 数据库（--db postgresql://…）：SQLite 文件没有数据库角色，谁能修改它由文件权限决定")
        }
        guard !role.isEmpty, role.utf8.count <= 63, !role.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw StoreError(.invalidChange, english: "a role name must be 1 to 63 bytes without control characters",
                             chinese: "角色名须为 1 到 63 字节，且不含控制字符")
        }
        return backend
    }

    /// A PostgreSQL identifier, quoted.
    static func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
