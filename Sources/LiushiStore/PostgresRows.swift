import LiushiCore

/// Reading many rows from PostgreSQL quickly: libpq's text values are decoded in place from their
/// bytes (stage keys, ISO dates, statuses, role keys), as `FastRows` does for SQLite, instead of a
/// `String` per value and `SQLRow`s first. Off with `FastRows.enabled` (the generic path, to
/// compare: a test reads both ways).
extension Store {
    /// The rows of each statement decoded by `decode`, when the store is on PostgreSQL; nil on
    /// SQLite or with the fast readers off (the caller reads through `SQLRow`s then).
    func postgresRows<T>(_ statements: [Scoped], _ decode: @escaping (PostgresRow) throws -> T) throws(StoreError) -> [[T]]? {
        guard FastRows.enabled, backend is PostgresBackend else { return nil }
        return try read { db in
            guard let c = db as? PostgresConnection else { throw Store.corrupt("a PostgreSQL read without its connection") }
            return try statements.map { s in
                var out: [T] = []
                try c.each(s.sql, s.arguments) { row in out.append(try decode(row)) }
                return out
            }
        }
    }
}

extension PostgresRow {
    /// An item from the `Store.itemColumns`.
    func item() throws -> Item {
        guard let id = int64(0) else { throw Store.corrupt("item id '\(string(0))'") }
        let stage = try FastRows.stage(bytes(3)) ?? Store.stage(string(3))
        guard let since = FastRows.day(bytes(6)) else { throw Store.corrupt("stage_since of item \(id)") }
        return Item(id: id, village: string(1), title: string(2), stage: stage, major: int64(4) != 0,
                    createdAt: string(5), stageSince: since)
    }

    static let held = Array("held".utf8), cancelled = Array("cancelled".utf8), moved = Array("moved".utf8)
    static let roles: [(key: [UInt8], role: Role)] = Role.allCases.map { (Array($0.rawValue.utf8), $0) }

    /// A day mark from the eight `Store.markColumns` starting at `k`; nil when they are NULL.
    func mark(at k: Int32) throws -> DayMark? {
        if isNull(k) { return nil }
        guard let date = FastRows.day(bytes(k + 1)) else { throw Store.corrupt("date '\(string(k + 1))'") }
        let statusBytes = bytes(k + 2)
        let status: DayStatus
        if statusBytes.elementsEqual(PostgresRow.held) {
            status = .held
        } else if statusBytes.elementsEqual(PostgresRow.cancelled) {
            status = .cancelled
        } else if statusBytes.elementsEqual(PostgresRow.moved) {
            guard let to = FastRows.day(bytes(k + 3)) else { throw Store.corrupt("date '\(string(k + 3))'") }
            status = .moved(to: to)
        } else {
            throw Store.corrupt("day status '\(string(k + 2))'")
        }
        var roles: [Role] = []
        for word in bytes(k + 5).split(separator: UInt8(ascii: " ")) {
            guard let r = PostgresRow.roles.first(where: { $0.key.elementsEqual(word) })?.role else {
                throw Store.corrupt("role '\(String(decoding: word, as: UTF8.self))'")
            }
            roles.append(r)
        }
        guard let undone = int64(k + 7) else { throw Store.corrupt("undone '\(string(k + 7))'") }
        return DayMark(village: string(k), date: date, status: status, note: string(k + 4), attended: roles,
                       minutes: string(k + 6), undone: undone != 0)
    }
}
