import CLibpq
import Foundation

/// One libpq connection (libpq.so.5, loaded at run time: see Sources/CLibpq). Not shared between
/// threads at once: `PostgresBackend` holds a lock around every use.
final class PostgresConnection {
    let api: CLibpqAPI
    let conn: OpaquePointer
    /// The address shown in messages (password hidden).
    let shown: String

    /// The libpq to load (`$LIUSHI_LIBPQ` when the program sets it, for a libpq outside the
    /// library path); only the first connection's choice counts.
    nonisolated(unsafe) static var library = "libpq.so.5"

    /// A server error: SQLSTATE and the server's primary message.
    struct ServerError: Error, CustomStringConvertible {
        var state: String
        var message: String
        var description: String { message }
    }

    /// Connects; a missing libpq, an unreachable server, a refused password or a missing
    /// database are plain `StoreError`s.
    init(uri: String, shown: String) throws(StoreError) {
        guard let loaded = clibpq_load(PostgresConnection.library) else {
            let why = String(cString: clibpq_error())
            throw StoreError(.cannotOpen,
                             english: "PostgreSQL needs libpq: apt-get install libpq5 (\(why))",
                             chinese: "使用 PostgreSQL 需要 libpq：apt-get install libpq5（\(why)）")
        }
        api = loaded.pointee
        self.shown = shown
        guard let c = api.connectdb(uri) else {
            throw StoreError(.cannotOpen, english: "cannot connect to \(shown): out of memory", chinese: "无法连接 \(shown)：内存不足")
        }
        // Never libpq's own lines on stderr (a restarting server's "FATAL: terminating connection
        // due to administrator command"): the error that follows says it in the program's words.
        clibpq_quiet(c)
        if api.status(c) != Int32(CLIBPQ_CONNECTION_OK) {
            let why = PostgresConnection.clean(api.errorMessage(c).map { String(cString: $0) } ?? "")
            api.finish(c)
            throw StoreError(.cannotOpen, english: "cannot connect to the database \(shown): \(why)",
                             chinese: "无法连接数据库 \(shown)：\(why)")
        }
        conn = c
        _ = api.setClientEncoding(c, "UTF8")
        // libpq prints the server's notices on stderr; Liushi says what matters itself.
        api.clear(api.exec(c, "SET client_min_messages = warning"))
    }

    private var finished = false

    /// Closes the connection (once); further statements fail.
    func finish() {
        guard !finished else { return }
        finished = true
        api.finish(conn)
    }

    deinit { finish() }

    /// libpq's messages end with a newline and may hold several lines: one line each, joined.
    static func clean(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }

    static func text(_ p: UnsafeMutablePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }

    /// `?` placeholders → `$1`, `$2`, … (outside quotes).
    static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 8)
        var n = 0
        var quote: Character? = nil
        for ch in sql {
            if let q = quote {
                if ch == q { quote = nil }
                out.append(ch)
            } else if ch == "'" || ch == "\"" {
                quote = ch
                out.append(ch)
            } else if ch == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// Runs one statement with bound values (all sent as text; the server infers their types
    /// from the columns they meet) and returns its rows. Several statements without values
    /// (`arguments` empty and `script`) go through the simple protocol.
    func run(_ sql: String, _ arguments: [SQLValue], script: Bool = false) throws -> [SQLRow] {
        guard let r = try result(sql, arguments, script: script) else { return [] }
        defer { api.clear(r) }
        let rows = Int(api.ntuples(r)), fields = Int(api.nfields(r))
        var out: [SQLRow] = []
        out.reserveCapacity(rows)
        for i in 0..<rows {
            var values: [SQLValue] = []
            values.reserveCapacity(fields)
            for j in 0..<fields {
                if api.getisnull(r, Int32(i), Int32(j)) != 0 {
                    values.append(.null)
                } else {
                    values.append(.text(PostgresConnection.text(api.getvalue(r, Int32(i), Int32(j)))))
                }
            }
            out.append(SQLRow(values: values))
        }
        return out
    }

    /// Runs a query and hands `body` each row in place, its values as bytes (`PostgresRow`): what
    /// the readers of many rows decode without a `String` per value.
    func each(_ sql: String, _ arguments: SQLArguments, _ body: (PostgresRow) throws -> Void) throws {
        guard let r = try result(sql, arguments.values) else { return }
        defer { api.clear(r) }
        let rows = api.ntuples(r)
        var row = PostgresRow(api: api, result: r, row: 0)
        for i in 0..<rows {
            row.row = i
            try body(row)
        }
    }

    /// The result of one statement (nil for one that returns no rows), its status checked; the
    /// caller clears it.
    private func result(_ sql: String, _ arguments: [SQLValue], script: Bool = false) throws -> OpaquePointer? {
        let result: OpaquePointer?
        if script {
            result = api.exec(conn, sql)
        } else {
            let texts: [String?] = arguments.map {
                switch $0 {
                case .null: return nil
                case .int(let n): return String(n)
                case .text(let s): return s
                }
            }
            var cStrings: [UnsafePointer<CChar>?] = []
            cStrings.reserveCapacity(texts.count)
            for t in texts {
                guard let t else { cStrings.append(nil); continue }
                guard let copy = strdup(t) else { throw ServerError(state: "", message: "out of memory") }
                cStrings.append(UnsafePointer(copy))
            }
            defer { for p in cStrings { free(UnsafeMutablePointer(mutating: p)) } }
            let command = PostgresConnection.numbered(sql)
            if cStrings.isEmpty {
                result = api.execParams(conn, command, 0, nil, nil, nil, nil, 0)
            } else {
                result = cStrings.withUnsafeBufferPointer { values in
                    api.execParams(conn, command, Int32(values.count), nil, values.baseAddress, nil, nil, 0)
                }
            }
        }
        guard let r = result else {
            throw ServerError(state: "", message: PostgresConnection.clean(PostgresConnection.text(api.errorMessage(conn))))
        }
        let status = api.resultStatus(r)
        if status == Int32(CLIBPQ_COMMAND_OK) || status == Int32(CLIBPQ_EMPTY_QUERY) {
            api.clear(r)
            return nil
        }
        guard status == Int32(CLIBPQ_TUPLES_OK) else {
            defer { api.clear(r) }
            let state = api.resultErrorField(r, Int32(CLIBPQ_PG_DIAG_SQLSTATE)).map { String(cString: $0) } ?? ""
            let primary = api.resultErrorField(r, Int32(CLIBPQ_PG_DIAG_MESSAGE_PRIMARY)).map { String(cString: $0) }
            let message = primary ?? PostgresConnection.clean(PostgresConnection.text(api.resultErrorMessage(r)))
            throw ServerError(state: state, message: message.isEmpty ? PostgresConnection.clean(PostgresConnection.text(api.errorMessage(conn))) : message)
        }
        return r
    }

    /// Whether the connection was lost (the server restarted, the network dropped).
    var isBroken: Bool { api.status(conn) != Int32(CLIBPQ_CONNECTION_OK) }

    /// Connects again with the same parameters (libpq's PQreset).
    func reset() {
        api.reset(conn)
        if !isBroken { api.clear(api.exec(conn, "SET client_min_messages = warning")) }
    }

    /// The transaction state libpq reports (idle, in a transaction, failed transaction).
    var transactionStatus: Int32 { api.transactionStatus(conn) }

    /// Reads what the server sent without waiting, and whether a notification on `channel` came.
    func notified() -> Bool {
        guard api.consumeInput(conn) != 0 else { return false }
        var any = false
        while let n = api.notifies(conn) {
            any = true
            api.freemem(n)
        }
        return any
    }
}

extension PostgresConnection: SQLConnection {
    func execute(_ sql: String, _ arguments: SQLArguments) throws {
        _ = try run(sql, arguments.values)
    }

    func query(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        try run(sql, arguments.values)
    }
}

/// One row of a result, read in place (valid only inside `PostgresConnection.each`'s body): every
/// value is text, as bytes.
struct PostgresRow {
    let api: CLibpqAPI
    let result: OpaquePointer
    var row: Int32

    func isNull(_ column: Int32) -> Bool { api.getisnull(result, row, column) != 0 }

    /// The value's bytes (empty for NULL).
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let p = api.getvalue(result, row, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: Int(api.getlength(result, row, column)))
    }

    func string(_ column: Int32) -> String { String(decoding: bytes(column), as: UTF8.self) }

    /// A decimal integer; nil for NULL or anything else.
    func int64(_ column: Int32) -> Int64? {
        let b = bytes(column)
        guard !b.isEmpty, !isNull(column) else { return nil }
        var n: Int64 = 0, negative = false
        for (k, c) in b.enumerated() {
            if k == 0 && c == UInt8(ascii: "-") { negative = true; continue }
            guard c >= 48, c <= 57 else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(c - 48))
            guard !o1, !o2 else { return nil }
            n = a
        }
        if negative && b.count == 1 { return nil }
        return negative ? -n : n
    }
}
