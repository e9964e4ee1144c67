/// Reading only some villages' rows (a command narrowed to one township of a county): the
/// condition "village is one of these" in each backend's words. PostgreSQL takes the whole list
/// as one array parameter (`= ANY(?::text[])`); SQLite an `IN (?, …)` list, in statements of at
/// most `villagesPerStatement` ids (its limit on bound variables is 32,766), whose rows the
/// readers merge back into one order. Either way the indexes on `village` are used, and the rows
/// are the same, in the same order, as filtering the whole read.
extension Store {
    /// One statement of a village-scoped read and its bound values.
    struct Scoped {
        var sql: String
        var arguments: SQLArguments
    }

    /// The statements reading `villages` only: `build` makes the SQL from the village condition
    /// (" AND column …", or "" for every village), whose bound values come before `arguments`.
    /// nil when `villages` is empty (nothing to read).
    func villageStatements(_ villages: [String]?, _ column: String, _ build: (String) -> String,
                           _ arguments: SQLArguments = []) -> [Scoped]? {
        guard let villages else { return [Scoped(sql: build(""), arguments: arguments)] }
        var unique: [String] = []
        var seen = Set<String>()
        for v in villages where seen.insert(v).inserted { unique.append(v) }
        if unique.isEmpty { return nil }
        if unique.count == 1 {
            return [Scoped(sql: build(" AND \(column) = ?"), arguments: [unique[0]] + arguments)]
        }
        if backend is PostgresBackend {
            return [Scoped(sql: build(" AND \(column) = ANY(?::text[])"), arguments: [Store.arrayLiteral(unique)] + arguments)]
        }
        let size = max(1, villagesPerStatement)
        return stride(from: 0, to: unique.count, by: size).map { start in
            let part = unique[start..<min(start + size, unique.count)]
            return Scoped(sql: build(" AND \(column) IN (\(placeholders(part.count)))"),
                          arguments: part.map { $0 as (any SQLArgument)? } + arguments)
        }
    }

    /// A PostgreSQL array literal of texts: every element quoted, `"` and `\` escaped.
    static func arrayLiteral(_ texts: [String]) -> String {
        var out = "{"
        for (k, t) in texts.enumerated() {
            if k > 0 { out += "," }
            out += "\""
            for ch in t.unicodeScalars {
                if ch == "\"" || ch == "\\" { out += "\\" }
                out.unicodeScalars.append(ch)
            }
            out += "\""
        }
        return out + "}"
    }

    /// The rows of several statements (each in `key` order, over disjoint villages) in one `key`
    /// order.
    static func merged<T>(_ pieces: [[T]], by key: (T) -> Int64) -> [T] {
        if pieces.count == 1 { return pieces[0] }
        return pieces.flatMap { $0 }.sorted { key($0) < key($1) }
    }
}
