import Foundation
import GRDB
import LiushiCore

/// The items, their events and the day marks: in one SQLite file (WAL, foreign keys, a busy
/// timeout), or on a PostgreSQL server shared by several offices. The rules below are written
/// once, over `SQLBackend` (SQLConnection.swift); SQLiteBackend and PostgresBackend only run
/// statements. Every change runs in one transaction, serialised with every other writer, that
/// also appends its event, and is committed before the call returns.
///
/// The store only reads and writes values (items, events, marks); what they mean for the
/// schedule is LiushiActualSchedule's to work out.
///
/// Undo: `undo(user:)` reverts that user's most recent change that is not itself an undo and has
/// not been undone yet, by appending an `undo` event and restoring the state before that change.
/// A second undo reverts the change before, and so on; an undo is never undone (to redo, make the
/// change again). It refuses, changing nothing, when a later change by someone else builds on it
/// (the same item, or the same fixed day).
///
/// Who made a change: the `user` the caller gives (the operating-system user) on SQLite; on
/// PostgreSQL the connection's role (`current_user`), whatever the caller says, unless the store
/// was opened with `recordRole: false` (tests that play several users over one connection).
public final class Store {
    /// Where the store is, for messages (a URI's password hidden).
    public let path: String
    public let location: StoreLocation
    let backend: any SQLBackend
    /// The PostgreSQL role changes are recorded under; nil on SQLite.
    public let role: String?
    /// How many village ids one SQLite statement binds at most (StoreScope.swift; SQLite's limit
    /// on bound variables is 32,766). Tests make it small to read in several statements.
    var villagesPerStatement = 32_000

    init(location: StoreLocation, backend: any SQLBackend, role: String?) {
        self.location = location
        self.path = location.shown
        self.backend = backend
        self.role = role
    }

    /// The GRDB pool of an SQLite store (what the FastRows readers step directly); nil on PostgreSQL.
    var pool: DatabasePool? { (backend as? SQLiteBackend)?.pool }

    /// The libpq file a PostgreSQL store loads (`libpq.so.5` from the library path unless the
    /// program says otherwise, from `$LIUSHI_LIBPQ`). Set it before the first PostgreSQL store opens.
    public static var libpqLibrary: String {
        get { PostgresConnection.library }
        set { PostgresConnection.library = newValue }
    }

    /// The schema version this build writes.
    public static var schemaVersion: Int { Int(Schema.version) }

    /// Opens the store wherever `location` says, creating it when missing.
    public static func open(_ location: StoreLocation, recordRole: Bool = true) throws(StoreError) -> Store {
        switch location {
        case .file(let path): return try open(path: path)
        case .postgres(let uri):
            guard let store = try openPostgres(uri: uri, create: true, recordRole: recordRole) else {
                throw StoreError(.cannotOpen, english: "cannot create the store in \(location.shown)", chinese: "无法在 \(location.shown) 中创建数据库")
            }
            return store
        }
    }

    /// Opens the store only when it exists (a file at the path; Liushi's tables in the PostgreSQL
    /// schema): nil otherwise, and nothing is created. What commands that only read use.
    public static func openIfPresent(_ location: StoreLocation, recordRole: Bool = true) throws(StoreError) -> Store? {
        switch location {
        case .file(let path):
            var st = stat()
            guard lstat(path, &st) == 0 else { return nil }
            return try open(path: path)
        case .postgres(let uri):
            return try openPostgres(uri: uri, create: false, recordRole: recordRole)
        }
    }

    static func openPostgres(uri: String, create: Bool, recordRole: Bool) throws(StoreError) -> Store? {
        let location = StoreLocation.postgres(uri: uri)
        guard let backend = try PostgresBackend.open(uri: uri, shown: location.shown, create: create) else { return nil }
        var role: String? = nil
        if recordRole {
            do {
                role = try backend.currentRole()
            } catch {
                throw PostgresBackend.storeError(error, shown: location.shown)
            }
        }
        return Store(location: location, backend: backend, role: role)
    }

    /// Opens the SQLite database at `path`, creating it (and its folders) when missing. Refuses,
    /// without changing a byte, a file that is not a Liushi database, one from a newer schema, or
    /// a read-only file or folder.
    public static func open(path: String) throws(StoreError) -> Store {
        if !StoreFile.fileMode(path).exists {
            var st = stat()
            if lstat(path, &st) == 0 {
                throw StoreError(.cannotOpen, english: "\(path) is a broken symbolic link.", chinese: "\(path) 是失效的符号链接。")
            }
            try StoreFile.create(path: path)
        }
        let version = try StoreFile.check(path: path)
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(5)
        config.label = "liushi"
        // DatabasePool means WAL. GRDB sets synchronous = NORMAL for it: a commit is in the log
        // when the call returns, so killing the process loses nothing (docs/DESIGN.md §6); only a power
        // cut right after a commit could lose it, never corrupt the file. FULL would fsync every
        // change (about 4 ms each on the development machine, against a 2 ms budget for a mark).
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            if version < Schema.version {
                try Schema.migrator.migrate(pool)
            }
            return Store(location: .file(path), backend: SQLiteBackend(pool: pool), role: nil)
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError(.cannotOpen, english: "cannot open the database \(path): \(error)",
                             chinese: "无法打开数据库 \(path)：\(error)")
        }
    }

    /// Closes the connections (on SQLite the write-ahead log is folded back into the file).
    /// Further calls fail.
    public func close() {
        guard !closed else { return }
        closed = true
        backend.close()
    }

    private var closed = false
    private let tokenLock = NSLock()
    private var listening = false
    private var cachedToken: Int64?
    private var callsSinceLookup = 0

    deinit { close() }

    /// Who a change is recorded under: the PostgreSQL role when there is one, else `user`.
    func who(_ user: String) -> String { role ?? user }

    // MARK: Helpers

    func run<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError.database(error, path: path)
        }
    }

    func write<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        try run { try backend.write(body) }
    }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws(StoreError) -> T {
        try run { try backend.read(body) }
    }

    /// A read through GRDB on SQLite (the FastRows paths).
    func sqliteRead<T>(_ pool: DatabasePool, _ body: (Database) throws -> T) throws(StoreError) -> T {
        try run { try withoutActuallyEscaping(body) { body in try pool.read { db in try body(db) } } }
    }

    static let itemColumns = "id, village, title, stage, major, created_at, stage_since"

    static func corrupt(_ what: String) -> StoreError {
        StoreError(.database, english: "the database holds an invalid value: \(what)", chinese: "数据库中有无效的值：\(what)")
    }

    static func stage(_ text: String) throws -> Stage {
        guard let s = Stage(name: text) else { throw corrupt("stage '\(text)'") }
        return s
    }

    static func day(_ text: String) throws -> Day {
        guard let d = Day(iso: text) else { throw corrupt("date '\(text)'") }
        return d
    }

    static func item(_ row: SQLRow) throws -> Item {
        Item(id: try row.int64(0),
             village: try row.string(1),
             title: try row.string(2),
             stage: try stage(try row.string(3)),
             major: try row.int64(4) != 0,
             createdAt: try row.string(5),
             stageSince: try day(try row.string(6)))
    }

    static func fetchItem(_ db: any SQLConnection, _ id: Int64) throws -> Item? {
        guard let row = try db.queryOne("SELECT \(itemColumns) FROM items WHERE id = ? AND voided = 0", [id]) else {
            return nil
        }
        return try item(row)
    }

    static func requireItem(_ db: any SQLConnection, _ id: Int64) throws -> Item {
        guard let item = try fetchItem(db, id) else {
            throw StoreError(.noSuchItem, english: "there is no item \(id)", chinese: "没有编号为 \(id) 的事项")
        }
        return item
    }

    @discardableResult
    static func appendEvent(_ db: any SQLConnection, itemID: Int64?, time: String, user: String, kind: ItemEvent.Kind,
                            from: Stage?, to: Stage?, note: String, village: String?, day: Day?,
                            prevSince: Day? = nil, undoes: Int64? = nil) throws -> Int64 {
        try db.insert("""
            INSERT INTO events (item_id, time, "user", kind, from_stage, to_stage, note, village, day, prev_since, undoes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [itemID, time, user, kind.rawValue, from?.key, to?.key, note, village, day?.iso,
                  prevSince?.iso, undoes])
    }

    static func invalid(_ english: String, _ chinese: String) -> StoreError {
        StoreError(.invalidChange, english: english, chinese: chinese)
    }

    // MARK: Items

    /// Adds an item at `stage` (normally sort) and its `add` event.
    public func addItem(village: String, title: String, stage: Stage = .matter(.sort), major: Bool = false,
                        today: Day, user: String, time: String) throws(StoreError) -> Item {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw Store.invalid("an item needs a title", "事项需要标题") }
        guard !village.isEmpty else { throw Store.invalid("an item needs a village", "事项需要所属村庄") }
        guard !stage.isFinal else { throw Store.invalid("a new item cannot start \(stage.key)", "新事项不能是\(stage.label(.zh))状态") }
        return try write { db in
            let id = try db.insert("""
                INSERT INTO items (village, title, stage, major, created_at, stage_since) VALUES (?, ?, ?, ?, ?, ?)
                """, [village, title, stage.key, major ? 1 : 0, time, today.iso])
            try Store.appendEvent(db, itemID: id, time: time, user: who(user), kind: .add, from: nil, to: stage,
                                  note: title, village: nil, day: nil)
            return Item(id: id, village: village, title: title, stage: stage, major: major, createdAt: time, stageSince: today)
        }
    }

    /// The item, nil when there is none (or its `add` was undone).
    public func item(id: Int64) throws(StoreError) -> Item? {
        try read { db in try Store.fetchItem(db, id) }
    }

    /// Items in id order, filtered by village and stage; closed items only when asked for (or
    /// when `stage` is `.closed`).
    public func items(village: String? = nil, stage: Stage? = nil, includeClosed: Bool = false) throws(StoreError) -> [Item] {
        try items(villages: village.map { [$0] }, stage: stage, includeClosed: includeClosed)
    }

    /// The same for the villages in `villages` only (nil: every village; empty: none): what a
    /// command narrowed to one township of a county reads, from the indexes on `village`. The
    /// same items, in the same order, as filtering the whole read.
    public func items(villages: [String]?, stage: Stage? = nil, includeClosed: Bool = false) throws(StoreError) -> [Item] {
        var condition = ""
        var arguments: SQLArguments = []
        if let s = stage {
            condition += " AND stage = ?"; arguments += [s.key]
        } else if !includeClosed {
            condition += " AND stage <> 'closed' AND stage <> 'withdrawn'"
        }
        guard let statements = villageStatements(villages, "village", { part in
            "SELECT \(Store.itemColumns) FROM items WHERE voided = 0" + part + condition + " ORDER BY id"
        }, arguments) else { return [] }
        if FastRows.enabled, let pool {
            return try sqliteRead(pool) { db in
                try Store.merged(statements.map { s in
                    try FastRows.items(db, sql: s.sql, arguments: SQLiteBackend.Connection.bind(s.arguments))
                }, by: \.id)
            }
        }
        if let pieces = try postgresRows(statements, { row in try row.item() }) { return Store.merged(pieces, by: \.id) }
        return try read { db in
            try Store.merged(statements.map { s in try db.query(s.sql, s.arguments).map(Store.item) }, by: \.id)
        }
    }

    /// Village, stage and stageSince of every open item (not closed), grouped by village: what
    /// `Agenda.due` needs, read from a covering index.
    public func itemStates(village: String? = nil) throws(StoreError) -> [ItemState] {
        var sql = "SELECT id, village, stage, stage_since FROM items WHERE stage <> 'closed' AND stage <> 'withdrawn' AND voided = 0"
        var arguments: SQLArguments = []
        if let v = village { sql += " AND village = ?"; arguments += [v] }
        sql += " ORDER BY village"
        let query = sql, args = arguments
        if let pool {
            return try sqliteRead(pool) { db in try FastRows.states(db, sql: query, arguments: SQLiteBackend.Connection.bind(args)) }
        }
        return try read { db in
            try db.query(query, args).map { row in
                ItemState(id: try row.int64(0), village: try row.string(1), stage: try Store.stage(try row.string(2)),
                          stageSince: try Store.day(try row.string(3)))
            }
        }
    }

    /// Every event of the item, oldest first.
    public func history(itemID: Int64) throws(StoreError) -> [ItemEvent] {
        try read { db in
            try Store.events(db, where: "e.item_id = ?", [itemID])
        }
    }

    /// Moves the item on: to the next stage, or to `to` when given (a routine item may skip
    /// stages, e.g. sort → handle). `fixedDay` is the scheduled date of the village's fixed day
    /// it happened on, when it did.
    public func advance(id: Int64, to target: Stage? = nil, note: String = "", today: Day, user: String, time: String,
                        fixedDay: Day? = nil, expecting expected: Stage? = nil) throws(StoreError) -> Item {
        let user = who(user)
        return try write { db in
            var item = try Store.requireItem(db, id)
            try Store.check(item, expected)
            guard let next = item.stage.next else {
                throw Store.invalid("item \(id) is closed; it cannot be advanced", "事项 \(id) 已办结，不能再推进")
            }
            let to = target ?? next
            guard to > item.stage else {
                throw Store.invalid("item \(id) is at \(item.stage.key); it can only be advanced to a later stage, not to \(to.key)",
                                    "事项 \(id) 处于\(item.stage.label(.zh))，只能推进到更后的阶段，不能推进到\(to.label(.zh))")
            }
            try Store.changeStage(db, &item, to: to, kind: .advance, note: note, today: today, user: user, time: time, fixedDay: fixedDay)
            return item
        }
    }

    /// Sends the item back one stage (a closed item goes back to evaluate); the reason is required.
    public func returnItem(id: Int64, note: String, today: Day, user: String, time: String,
                           fixedDay: Day? = nil, expecting expected: Stage? = nil) throws(StoreError) -> Item {
        let user = who(user)
        let reason = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw Store.invalid("returning an item needs a reason (--note)", "退回事项需要说明理由（--note）")
        }
        return try write { db in
            var item = try Store.requireItem(db, id)
            try Store.check(item, expected)
            guard let back = item.stage.previous else {
                throw Store.invalid("item \(id) is at sort, the first stage; it cannot go back", "事项 \(id) 处于理事，是第一个阶段，不能再退回")
            }
            try Store.changeStage(db, &item, to: back, kind: .return, note: reason, today: today, user: user, time: time, fixedDay: fixedDay)
            return item
        }
    }

    /// Refuses a change made on what the screen showed when the item has changed since.
    static func check(_ item: Item, _ expected: Stage?) throws {
        guard let expected, expected != item.stage else { return }
        throw StoreError(.changedMeanwhile,
                         english: "item #\(item.id) changed meanwhile: it is now at \(item.stage.label(.en)), not \(expected.label(.en)); nothing was written",
                         chinese: "事项 #\(item.id) 已被他人更改：现处于\(item.stage.label(.zh))，不是\(expected.label(.zh))；未作任何更改")
    }

    static func changeStage(_ db: any SQLConnection, _ item: inout Item, to: Stage, kind: ItemEvent.Kind, note: String, today: Day,
                            user: String, time: String, fixedDay: Day?) throws {
        try db.execute("UPDATE items SET stage = ?, stage_since = ? WHERE id = ?", [to.key, today.iso, item.id])
        try appendEvent(db, itemID: item.id, time: time, user: user, kind: kind, from: item.stage, to: to, note: note,
                        village: fixedDay == nil ? nil : item.village, day: fixedDay, prevSince: item.stageSince)
        item.stage = to
        item.stageSince = today
    }

    /// Corrects an item's title and/or major flag; the old values stay in its history (and undo
    /// restores them).
    public func editItem(id: Int64, title: String?, major: Bool?, user: String, time: String) throws(StoreError) -> Item {
        let user = who(user)
        let newTitle = title?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let t = newTitle, t.isEmpty { throw Store.invalid("the title must not be empty", "标题不能为空") }
        guard newTitle != nil || major != nil else { throw Store.invalid("nothing to change: give --title or --major/--not-major", "没有要修改的内容：请给出 --title 或 --major/--not-major") }
        return try write { db in
            var item = try Store.requireItem(db, id)
            let t = newTitle ?? item.title, m = major ?? item.major
            guard t != item.title || m != item.major else {
                throw Store.invalid("item \(id) already reads so; nothing changed", "事项 \(id) 已是这样；未作更改")
            }
            var parts: [String] = []
            if t != item.title { parts.append("title: \(item.title) → \(t)") }
            if m != item.major { parts.append("major: \(item.major) → \(m)") }
            try db.execute("UPDATE items SET title = ?, major = ? WHERE id = ?", [t, m ? 1 : 0, id])
            try db.execute("""
                INSERT INTO events (item_id, time, "user", kind, note, prev_title, prev_major) VALUES (?, ?, ?, 'edit', ?, ?, ?)
                """, [id, time, user, parts.joined(separator: "; "), item.title, item.major ? 1 : 0])
            item.title = t
            item.major = m
            return item
        }
    }

    /// Ends an item without doing it: stage `withdrawn` (final; undo takes it back). The reason
    /// is required.
    public func withdraw(id: Int64, note: String, today: Day, user: String, time: String, fixedDay: Day? = nil,
                         expecting expected: Stage? = nil) throws(StoreError) -> Item {
        let user = who(user)
        let reason = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw Store.invalid("withdrawing an item needs a reason (--note)", "撤回事项需要说明理由（--note）") }
        return try write { db in
            var item = try Store.requireItem(db, id)
            try Store.check(item, expected)
            guard !item.stage.isFinal else {
                throw Store.invalid("item \(id) is \(item.stage.key) already; it cannot be withdrawn", "事项 \(id) 已\(item.stage.label(.zh))，不能撤回")
            }
            try Store.changeStage(db, &item, to: .withdrawn, kind: .withdraw, note: reason, today: today, user: user, time: time,
                                  fixedDay: fixedDay)
            return item
        }
    }

    /// Adds a note to the item's history; the item itself does not change.
    public func addNote(id: Int64, text: String, today: Day, user: String, time: String, fixedDay: Day? = nil) throws(StoreError) {
        let user = who(user)
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw Store.invalid("the note is empty", "备注为空") }
        try write { db in
            let item = try Store.requireItem(db, id)
            try Store.appendEvent(db, itemID: id, time: time, user: user, kind: .note, from: nil, to: nil, note: text,
                                  village: fixedDay == nil ? nil : item.village, day: fixedDay)
        }
    }

    // MARK: Day marks

    /// Records what became of a village's fixed day (keyed by the date the schedule gives it).
    /// The latest mark of a (village, date) wins.
    public func markDay(_ mark: DayMark, user: String, time: String) throws(StoreError) {
        let user = who(user)
        guard !mark.village.isEmpty else { throw Store.invalid("a day mark needs a village", "需要指定村庄") }
        var movedTo: String? = nil
        if case .moved(let to) = mark.status { movedTo = to.iso }   // to its own date: moved back
        let attended = mark.attended.map(\.rawValue).joined(separator: " ")
        try write { db in
            let event = try Store.appendEvent(db, itemID: nil, time: time, user: user, kind: .mark, from: nil, to: nil,
                                              note: mark.note, village: mark.village, day: mark.date)
            try db.execute("""
                INSERT INTO day_marks (event_id, village, date, status, moved_to, note, attended, minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [event, mark.village, mark.date.iso, mark.status.key, movedTo, mark.note, attended, mark.minutes])
        }
    }

    static let markColumns = "m.village, m.date, m.status, m.moved_to, m.note, m.attended, m.minutes, m.undone"

    /// Decodes the eight `markColumns` starting at `at`; nil when they are NULL (no mark joined).
    static func mark(_ row: SQLRow, at k: Int) throws -> DayMark? {
        if row.isNull(k) { return nil }
        let status: DayStatus
        let statusText = try row.string(k + 2)
        switch statusText {
        case "held": status = .held
        case "cancelled": status = .cancelled
        case "moved": status = .moved(to: try day(try row.string(k + 3)))
        default: throw corrupt("day status '\(statusText)'")
        }
        let attendedText = try row.string(k + 5)
        var roles: [Role] = []
        for key in attendedText.split(separator: " ") {
            guard let r = Role(rawValue: String(key)) else { throw corrupt("role '\(key)'") }
            roles.append(r)
        }
        return DayMark(village: try row.string(k), date: try day(try row.string(k + 1)),
                       status: status, note: try row.string(k + 4), attended: roles,
                       minutes: try row.string(k + 6), undone: try row.int64(k + 7) != 0)
    }

    /// Every mark, undone ones included (flagged), in the order they were recorded: what
    /// `DayRecord.fold` makes the days' records of.
    public func dayMarks(village: String? = nil) throws(StoreError) -> [DayMark] {
        try dayMarks(villages: village.map { [$0] })
    }

    /// The marks of the villages in `villages` only (nil: every village; empty: none), in the
    /// order recorded: the same marks as filtering the whole read.
    public func dayMarks(villages: [String]?) throws(StoreError) -> [DayMark] {
        guard let statements = villageStatements(villages, "m.village", { part in
            "SELECT m.id, \(Store.markColumns) FROM day_marks m WHERE true" + part + " ORDER BY m.id"
        }) else { return [] }
        if let pieces = try postgresRows(statements, { row -> (id: Int64, mark: DayMark?) in
            guard let id = row.int64(0) else { throw Store.corrupt("day mark id '\(row.string(0))'") }
            return (id, try row.mark(at: 1))
        }) {
            return Store.merged(pieces, by: \.id).compactMap(\.mark)
        }
        return try read { db in
            var pieces: [[(id: Int64, mark: DayMark)]] = []
            for s in statements {
                var out: [(id: Int64, mark: DayMark)] = []
                for row in try db.query(s.sql, s.arguments) {
                    if let m = try Store.mark(row, at: 1) { out.append((try row.int64(0), m)) }
                }
                pieces.append(out)
            }
            return Store.merged(pieces, by: \.id).map(\.mark)
        }
    }

    /// The events recorded at a village's fixed day (by its scheduled date), oldest first: stage
    /// changes and notes made at it, its marks, and their undos.
    public func events(village: String, day: Day) throws(StoreError) -> [ItemEvent] {
        try read { db in
            try Store.events(db, where: "e.village = ? AND e.day = ?", [village, day.iso])
        }
    }

    /// Ids of the events that were undone, among `ids`.
    public func undoneEvents(among ids: [Int64]) throws(StoreError) -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            var out = Set<Int64>()
            for chunk in stride(from: 0, to: ids.count, by: 500) {
                let part = Array(ids[chunk..<min(chunk + 500, ids.count)])
                let rows = try db.query("SELECT undoes FROM events WHERE undoes IN (\(placeholders(part.count)))", part)
                for row in rows { out.insert(try row.int64(0)) }
            }
            return out
        }
    }

    /// A number that changes whenever anyone commits a change (every change appends an event):
    /// what an open screen polls to notice other writers. One index lookup on SQLite. On
    /// PostgreSQL the connection LISTENs for the notification every commit sends (a trigger on
    /// events), and the lookup is made only when one came — reading the socket costs no round
    /// trip — or every `tokenRecheck` calls anyway.
    public func changeToken() throws(StoreError) -> Int64 {
        tokenLock.lock()
        defer { tokenLock.unlock() }
        if let pg = backend as? PostgresBackend {
            if !listening {
                try run { try pg.listen() }
                listening = true
            } else if let t = cachedToken, callsSinceLookup < Store.tokenRecheck, !pg.notified() {
                callsSinceLookup += 1
                return t
            }
        }
        let t = try read { db in try db.int64("SELECT max(id) FROM events") ?? 0 }
        cachedToken = t
        callsSinceLookup = 0
        return t
    }

    /// How many `changeToken` calls on PostgreSQL may answer from the notifications alone before
    /// one looks again (a safety net should a notification be lost with a connection).
    static let tokenRecheck = 30

    // MARK: Events and undo

    static let eventColumns = "e.id, e.item_id, e.time, e.\"user\", e.kind, e.from_stage, e.to_stage, e.note, e.village, e.day, e.undoes"

    static func kind(_ text: String) throws -> EventKind {
        guard let k = EventKind(rawValue: text) else { throw corrupt("event kind '\(text)'") }
        return k
    }

    static func event(_ row: SQLRow) throws -> ItemEvent {
        let from: String? = try row.optionalString(5)
        let to: String? = try row.optionalString(6)
        let day: String? = try row.optionalString(9)
        return ItemEvent(id: try row.int64(0),
                         itemID: try row.optionalInt64(1),
                         time: try row.string(2),
                         user: try row.string(3),
                         kind: try kind(try row.string(4)),
                         from: try from.map(stage), to: try to.map(stage),
                         note: try row.string(7),
                         village: try row.optionalString(8),
                         day: try day.map(Store.day),
                         undoes: try row.optionalInt64(10),
                         mark: try mark(row, at: 11))
    }

    /// Events matching a condition on `e`, oldest first, with the day mark of mark events (and of
    /// the marks that undo events revert).
    static func events(_ db: any SQLConnection, where condition: String, _ arguments: SQLArguments, order: String = "e.id",
                       limit: Int? = nil) throws -> [ItemEvent] {
        let sql = """
            SELECT \(eventColumns), \(markColumns) FROM events e
            LEFT JOIN day_marks m ON m.event_id = (CASE WHEN e.kind = 'undo' THEN e.undoes ELSE e.id END)
            WHERE \(condition) ORDER BY \(order)\(limit.map { " LIMIT \($0)" } ?? "")
            """
        var out: [ItemEvent] = []
        for row in try db.query(sql, arguments) { out.append(try event(row)) }
        return out
    }

    /// One event by id (e.g. the change an undo reverted).
    public func event(id: Int64) throws(StoreError) -> ItemEvent? {
        try read { db in try Store.events(db, where: "e.id = ?", [id]).first }
    }

    /// What an undo did: the undo event and the change it reverted.
    public struct Undone: Sendable {
        public var undo: ItemEvent
        public var target: ItemEvent
        /// The item as it is after the undo (nil for a day mark).
        public var item: Item?
    }

    /// Reverts `user`'s most recent change that is not an undo and was not undone, by appending
    /// its inverse (an `undo` event) and restoring the state before it. Nil when the user has
    /// nothing left to undo. Refuses (`.laterChange`, nothing written) when someone else made a
    /// later change, not undone, to the same item or the same fixed day.
    public func undo(user: String, time: String) throws(StoreError) -> Undone? {
        let user = who(user)
        return try write { db -> Undone? in
            guard let target = try Store.events(db, where: """
                e."user" = ? AND e.kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id)
                """, [user], order: "e.id DESC", limit: 1).first else { return nil }
            let same: String
            var arguments: SQLArguments = [target.id, user]
            if let item = target.itemID {
                same = "e.item_id = ?"
                arguments += [item]
            } else {
                same = "e.item_id IS NULL AND e.village = ? AND e.day = ?"
                arguments += [target.village, target.day?.iso]
            }
            if let later = try Store.events(db, where: """
                e.id > ? AND e."user" <> ? AND e.kind <> 'undo' AND \(same)
                AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id)
                """, arguments, order: "e.id", limit: 1).first {
                let when = ChinaTime.display(later.time)
                throw StoreError(.laterChange,
                                 english: "cannot undo: \(later.user) changed the same \(target.itemID != nil ? "item" : "fixed day") later (\(later.kind.label(.en)), \(when)); nothing was changed",
                                 chinese: "无法撤销：\(later.user) 之后又更改了同一\(target.itemID != nil ? "事项" : "固定日")（\(later.kind.label(.zh))，\(when)）；未作任何更改")
            }
            let note: String
            switch target.kind {
            case .add:
                guard let id = target.itemID else { throw Store.corrupt("add event \(target.id) without an item") }
                try db.execute("UPDATE items SET voided = 1 WHERE id = ?", [id])
                note = "undo add: \(target.note)"
            case .advance, .return, .withdraw:
                guard let id = target.itemID, let from = target.from else {
                    throw Store.corrupt("\(target.kind) event \(target.id) without an item or stage")
                }
                let prevText = try db.queryOne("SELECT prev_since FROM events WHERE id = ?", [target.id])?.optionalString(0)
                guard let prevText, let prev = Day(iso: prevText) else {
                    throw Store.corrupt("\(target.kind) event \(target.id) without its previous date")
                }
                try db.execute("UPDATE items SET stage = ?, stage_since = ? WHERE id = ?",
                               [from.key, prev.iso, id])
                note = "undo \(target.kind.rawValue): \(target.to?.key ?? "") → \(from.key)"
            case .note:
                note = "undo note: \(target.note)"
            case .edit:
                guard let id = target.itemID,
                      let row = try db.queryOne("SELECT prev_title, prev_major FROM events WHERE id = ?", [target.id]),
                      let title = try row.optionalString(0), let major = try row.optionalInt64(1) else {
                    throw Store.corrupt("edit event \(target.id) without its previous values")
                }
                try db.execute("UPDATE items SET title = ?, major = ? WHERE id = ?", [title, major, id])
                note = "undo edit: \(target.note)"
            case .mark:
                try db.execute("UPDATE day_marks SET undone = 1 WHERE event_id = ?", [target.id])
                note = "undo mark: \(target.mark?.status.key ?? "")"
            case .undo:
                throw Store.corrupt("undo event \(target.id) chosen to be undone")
            }
            let id = try Store.appendEvent(db, itemID: target.itemID, time: time, user: user, kind: .undo,
                                           from: target.to, to: target.from, note: note,
                                           village: target.village, day: target.day, undoes: target.id)
            guard let event = try Store.events(db, where: "e.id = ?", [id]).first else {
                throw Store.corrupt("undo event \(id) not found")
            }
            let item = try target.itemID.flatMap { id in
                try db.queryOne("SELECT \(Store.itemColumns) FROM items WHERE id = ?", [id]).map(Store.item)
            }
            return Undone(undo: event, target: target, item: item)
        }
    }

    /// The number of events (every change ever made).
    public func eventCount() throws(StoreError) -> Int {
        try read { db in Int(try db.int64("SELECT count(*) FROM events") ?? 0) }
    }

    /// Open items (not closed) of villages that are not among `known`, counted by village id.
    /// They are kept, never dropped; `liushi check` reports them.
    public func orphanVillages(known: Set<String>) throws(StoreError) -> [String: Int] {
        var result: [String: Int] = [:]
        for (v, n) in try itemCounts(closed: false) where !known.contains(v) { result[v] = n }
        return result
    }

    /// The open items with ids in `ids`, and the closed ones counted by village (as
    /// `itemCounts(closed: true)` for that range), from one pass over the rows.
    public func openItemsCountingClosed(ids: ClosedRange<Int64>) throws(StoreError) -> (items: [Item], closedByVillage: [String: Int]) {
        let sql = "SELECT \(Store.itemColumns) FROM items WHERE voided = 0 AND id BETWEEN ? AND ? ORDER BY id"
        let arguments: SQLArguments = [ids.lowerBound, ids.upperBound]
        if let pool {
            var closed: [String: Int] = [:]
            return try sqliteRead(pool) { db in
                let items = try FastRows.items(db, sql: sql, arguments: SQLiteBackend.Connection.bind(arguments),
                                               closedByVillage: &closed, countClosed: true)
                return (items, closed)
            }
        }
        return try read { db in
            var items: [Item] = []
            var closed: [String: Int] = [:]
            for row in try db.query(sql, arguments) {
                let item = try Store.item(row)
                if item.stage.isFinal { closed[item.village, default: 0] += 1 } else { items.append(item) }
            }
            return (items, closed)
        }
    }

    /// The highest item id (0 when there are none).
    public func maxItemID() throws(StoreError) -> Int64 {
        try read { db in try db.int64("SELECT max(id) FROM items") ?? 0 }
    }

    /// How many items each village has: open ones (`closed: false`) or closed ones; of the
    /// villages in `villages` only, when given.
    public func itemCounts(closed: Bool, villages: [String]? = nil) throws(StoreError) -> [String: Int] {
        let stages = closed ? "stage IN ('closed', 'withdrawn')" : "stage <> 'closed' AND stage <> 'withdrawn'"
        guard let statements = villageStatements(villages, "village", { part in
            "SELECT village, count(*) FROM items WHERE voided = 0" + part + " AND \(stages) GROUP BY village"
        }) else { return [:] }
        return try read { db in
            var out: [String: Int] = [:]
            for s in statements {
                for row in try db.query(s.sql, s.arguments) {
                    out[try row.string(0)] = try Int(row.int64(1))
                }
            }
            return out
        }
    }
}
