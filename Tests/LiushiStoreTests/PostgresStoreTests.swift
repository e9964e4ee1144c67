import Foundation
import LiushiCore
@testable import LiushiStore
import Testing

@Suite("Where the store is: a path or a URI")
struct StoreLocationTests {
    @Test("a postgresql:// or postgres:// URI is never a path; another scheme is refused; anything else is a file")
    func parse() throws {
        #expect(try StoreLocation.parse("postgresql://clerk@db:5432/liushi") == .postgres(uri: "postgresql://clerk@db:5432/liushi"))
        #expect(try StoreLocation.parse("postgres://db/liushi").isPostgres)
        #expect(try StoreLocation.parse("PostgreSQL://db/liushi").isPostgres)
        #expect(try StoreLocation.parse("/tmp/postgresql:/x.sqlite") == .file("/tmp/postgresql:/x.sqlite"))
        #expect(try StoreLocation.parse("liushi.sqlite") == .file("liushi.sqlite"))
        #expect(try StoreLocation.parse("数据/postgresql://x") == .file("数据/postgresql://x"))
        let e = storeError { try StoreLocation.parse("mysql://db/liushi") }
        #expect(e?.kind == .cannotOpen)
        #expect(e?.english.contains("postgresql://") == true)
    }

    @Test("a URI's password never reaches a message")
    func redacted() {
        #expect(StoreLocation.postgres(uri: "postgresql://clerk:s3cret@db:5432/liushi").shown == "postgresql://clerk:***@db:5432/liushi")
        #expect(StoreLocation.postgres(uri: "postgresql://db/liushi?user=a&password=s3cret").shown == "postgresql://db/liushi?user=a&password=***")
        #expect(StoreLocation.postgres(uri: "postgresql://clerk@db/liushi").shown == "postgresql://clerk@db/liushi")
    }

    @Test("PostgreSQL's migrations reach the same schema version as SQLite's")
    func sameVersion() {
        #expect(PostgresSchema.version == Int(Schema.version))
        #expect(PostgresSchema.migrations.map(\.version) == PostgresSchema.migrations.map(\.version).sorted())
    }

    @Test("placeholders are numbered for PostgreSQL outside quotes only")
    func numbered() {
        #expect(PostgresConnection.numbered("SELECT '?' , \"a?\" FROM t WHERE a = ? AND b IN (?, ?)")
                == "SELECT '?' , \"a?\" FROM t WHERE a = $1 AND b IN ($2, $3)")
    }
}

/// What only the PostgreSQL backend has: a schema that is not Liushi's, schema versions in a
/// table, the role as the author of changes. Skipped without `LIUSHI_TEST_PG`.
@Suite("The store on PostgreSQL", .enabled(if: Backend.postgresURI != nil, "LIUSHI_TEST_PG is unset"))
struct PostgresStoreTests {
    @Test("a read-only open of an empty schema finds no store and creates nothing; the first change creates it")
    func createOnFirstUse() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        #expect(try Store.openIfPresent(.postgres(uri: scratch.uri)) == nil)
        let probe = try PostgresConnection(uri: scratch.uri, shown: "")
        #expect(try probe.int64("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") == 0)
        let store = try Store.open(.postgres(uri: scratch.uri))
        defer { store.close() }
        #expect(try probe.int64("SELECT max(version) FROM liushi_schema") == Int64(Store.schemaVersion))
        #expect(try Store.openIfPresent(.postgres(uri: scratch.uri)) != nil)
    }

    @Test("a schema holding other tables is refused and left as it was")
    func foreignSchema() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        try scratch.admin("CREATE TABLE invoices (id int)")
        let e = storeError { try Store.open(.postgres(uri: scratch.uri)) }
        #expect(e?.kind == .notLiushi)
        #expect(e?.english.contains("invoices") == true)
        let probe = try PostgresConnection(uri: scratch.uri, shown: "")
        #expect(try probe.int64("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") == 1)
    }

    @Test("a store from a newer schema is refused and left as it was")
    func newerSchema() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        try Store.open(.postgres(uri: scratch.uri)).close()
        try scratch.admin("INSERT INTO liushi_schema (version, name) VALUES (99, 'from the future')")
        let e = storeError { try Store.open(.postgres(uri: scratch.uri)) }
        #expect(e?.kind == .newerSchema)
        #expect(e?.english.contains("schema 99") == true)
    }

    @Test("schema 4's index is added to a schema 3 store by its owner; another role works on without it")
    func indexMigration() throws {
        let scratch = try PostgresScratch()
        let clerk = GrantTests.roleName("clerk")
        defer { GrantTests.dropRoles([clerk], scratch) }
        // A store as the version before made it: schema 3, one item, a clerk granted a village.
        try scratch.admin("CREATE TABLE liushi_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        for m in PostgresSchema.migrations where m.version <= 3 {
            try scratch.admin(m.sql)
            try scratch.admin("INSERT INTO liushi_schema (version, name) VALUES (\(m.version), 'v\(m.version)')")
        }
        try scratch.admin("""
            INSERT INTO items (village, title, stage, created_at, stage_since) VALUES ('sandu', '路灯', 'discuss', 't', '2027-03-01');
            CREATE ROLE \(clerk) LOGIN;
            """)
        let probe = try PostgresConnection(uri: scratch.uri, shown: "")
        func version() throws -> Int64? { try probe.int64("SELECT max(version) FROM liushi_schema") }
        func indexed() throws -> Bool {
            try probe.int64("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'items_village'") == 1
        }
        // The owner grants the clerk a village through the old schema's table (no migration yet).
        try scratch.admin("""
            GRANT USAGE ON SCHEMA \(scratch.name) TO \(clerk);
            GRANT SELECT ON ALL TABLES IN SCHEMA \(scratch.name) TO \(clerk);
            INSERT INTO liushi_grants (role, village) VALUES ('\(clerk)', 'sandu');
            """)
        let mine = try #require(try Store.openIfPresent(.postgres(uri: GrantTests.uri(scratch, as: clerk))))
        #expect(try mine.items(villages: ["sandu", "xiaxu"]).map(\.title) == ["路灯"])
        mine.close()
        #expect(try version() == 3 && !indexed(), "a role that does not own the tables leaves the schema as it is")
        let owner = try Store.open(.postgres(uri: scratch.uri))
        defer { owner.close() }
        #expect(try version() == 4 && indexed())
        #expect(try owner.items(villages: ["sandu"]).map(\.title) == ["路灯"])
    }

    @Test("every change is recorded under the connection's role, whatever user the caller names")
    func roleRecorded() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let store = try Store.open(.postgres(uri: scratch.uri))
        defer { store.close() }
        let role = try #require(store.role)
        #expect(!role.isEmpty)
        let item = try store.addItem(village: "sandu", title: "路灯", today: d("2027-03-01"), user: "someone-else", time: t0)
        #expect(try store.history(itemID: item.id).map(\.user) == [role])
        let undone = try #require(try store.undo(user: "anyone", time: t0))
        #expect(undone.target.id == item.id || undone.target.itemID == item.id)
    }

    @Test("two first uses at once: one creates the tables, the other finds them")
    func concurrentCreation() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let results = UnsafeMutableBufferPointer<StoreError?>.allocate(capacity: 4)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 4) { i in
            do {
                let s = try Store.open(.postgres(uri: scratch.uri))
                _ = try s.addItem(village: "v\(i)", title: "t", today: d("2027-03-01"), user: "u", time: t0)
                s.close()
            } catch let e as StoreError {
                results[i] = e
            } catch {
                results[i] = StoreError(.database, english: "\(error)", chinese: "")
            }
        }
        #expect(results.allSatisfy { $0 == nil }, "\(Array(results))")
        let store = try Store.open(.postgres(uri: scratch.uri))
        defer { store.close() }
        #expect(try store.items().count == 4)
    }

    @Test("an unreachable server, a missing database: plain errors naming the address")
    func connectionErrors() throws {
        let base = try #require(Backend.postgresURI)
        var e = storeError { try Store.open(.postgres(uri: "postgresql://nobody@127.0.0.1:1/liushi?connect_timeout=2")) }
        #expect(e?.kind == .cannotOpen)
        #expect(e?.english.hasPrefix("cannot connect to the database postgresql://nobody@127.0.0.1:1/liushi") == true)
        let missing = base.replacingOccurrences(of: "/postgres", with: "/no_such_db_liushi", options: .backwards)
        e = storeError { try Store.open(.postgres(uri: missing)) }
        #expect(e?.kind == .cannotOpen)
        #expect(e?.english.contains("no_such_db_liushi") == true)
    }
}

@Suite("Other offices' changes reach an open screen (PostgreSQL LISTEN/NOTIFY)",
       .enabled(if: Backend.postgresURI != nil, "LIUSHI_TEST_PG is unset"))
struct ChangeNotificationTests {
    @Test("the change token moves after another connection commits, and stays put while nobody writes")
    func tokenFollowsOtherWriters() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let screen = try Store.open(.postgres(uri: scratch.uri))
        let office = try Store.open(.postgres(uri: scratch.uri))
        defer { screen.close(); office.close() }
        let before = try screen.changeToken()
        #expect(try screen.changeToken() == before)
        _ = try office.addItem(village: "sandu", title: "别处的改动", today: d("2027-03-01"), user: "x", time: t0)
        // The notification travels through the server: wait for it (bounded), do not time it. Fewer
        // polls than `tokenRecheck`, so only the notification can move the token here.
        var after = before
        for _ in 0..<(Store.tokenRecheck - 5) where after == before {
            usleep(100_000)
            after = try screen.changeToken()
        }
        #expect(after != before)
        #expect(after == (try office.changeToken()))
        #expect(try screen.changeToken() == after)
    }
}

@Suite("A lost connection is made again", .enabled(if: Backend.postgresURI != nil, "LIUSHI_TEST_PG is unset"))
struct ReconnectTests {
    @Test("after the server cut the connection, the next read and change work, and other writers are still noticed")
    func reconnects() throws {
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let store = try Store.open(.postgres(uri: scratch.uri))
        defer { store.close() }
        let item = try store.addItem(village: "sandu", title: "a", today: d("2027-03-01"), user: "u", time: t0)
        let token = try store.changeToken()
        let backend = try #require(store.backend as? PostgresBackend)
        let pid = try #require(try backend.read { c in try c.int64("SELECT pg_backend_pid()") })
        let admin = try PostgresConnection(uri: scratch.admin, shown: "")
        _ = try admin.query("SELECT pg_terminate_backend(?)", [pid])
        usleep(100_000)
        #expect(try store.item(id: item.id)?.title == "a")
        _ = try store.advance(id: item.id, today: d("2027-03-02"), user: "u", time: t0)
        #expect(try store.changeToken() != token)
    }
}
