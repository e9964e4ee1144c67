import Foundation
import GRDB
import Testing
import LiushiCore
@testable import LiushiStore

@Suite("The database file")
struct StoreFileTests {

    @Test("created on first use with its folders, mode 0600, WAL, foreign keys, marked as Liushi")
    func creation() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = folder.file("deep/er/liushi.sqlite")
        let store = try Store.open(path: path)
        #expect(mode(path) == 0o600)
        #expect(mode(folder.file("deep/er")) == 0o700)
        let (journal, keys, app, version) = try #require(store.pool).read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
             try Int32.fetchOne(db, sql: "PRAGMA application_id"), try Int32.fetchOne(db, sql: "PRAGMA user_version"))
        }
        #expect(journal == "wal")
        #expect(keys == 1)
        #expect(app == Schema.applicationID)
        #expect(version == Schema.version)
        _ = try store.addItem(village: "a", title: "t", stage: .matter(.sort), major: false, today: d("2027-03-01"), user: "u", time: t0)
        #expect(mode(path + "-wal") == 0o600)
        store.close()
        #expect(!folder.exists("deep/er/liushi.sqlite-wal"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("deep/er")) == ["liushi.sqlite"])
        // Opened again: the data is there.
        let again = try Store.open(path: path)
        #expect(try again.items(village: nil, stage: nil, includeClosed: false).count == 1)
        again.close()
    }

    @Test("a database with its write-ahead log still open elsewhere is read through the log")
    func openWhileInUse() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = folder.file("liushi.sqlite")
        let first = try Store.open(path: path)
        _ = try first.addItem(village: "a", title: "t", stage: .matter(.sort), major: false, today: d("2027-03-01"), user: "u", time: t0)
        #expect(folder.exists("liushi.sqlite-wal"))
        let second = try Store.open(path: path)
        #expect(try second.items(village: nil, stage: nil, includeClosed: false).count == 1)
        _ = try second.addItem(village: "a", title: "u", stage: .matter(.sort), major: false, today: d("2027-03-01"), user: "u", time: t0)
        #expect(try first.eventCount() == 2)
        second.close()
        first.close()
    }

    /// Opens `path`, expects a refusal of `kind`, and checks that nothing was written.
    func expectRefused(_ path: String, _ kind: StoreError.Kind, mentioning words: String) {
        let before = bytes(path)
        let folderPath = StoreFile.folder(of: path)
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: folderPath)) ?? []
        let e = storeError { try Store.open(path: path) }
        #expect(e?.kind == kind)
        #expect(e?.english.contains(words) == true, "message: \(e?.english ?? "none")")
        #expect(e?.english.contains(path) == true)
        #expect(e?.chinese.isEmpty == false)
        #expect(bytes(path) == before, "the file changed")
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folderPath)) ?? []).sorted() == listing.sorted())
    }

    /// A complete Liushi database of several pages, closed.
    func makeDatabase(_ path: String) throws {
        let store = try Store.open(path: path)
        for i in 0..<300 {
            _ = try store.addItem(village: "v\(i % 7)", title: "事项 \(i) " + String(repeating: "长标题", count: 10),
                                  stage: .matter(.sort), major: false, today: d("2027-03-01"), user: "u", time: t0)
        }
        store.close()
    }

    @Test("a text file named liushi.sqlite is refused and left as it was")
    func textFile() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = folder.file("liushi.sqlite")
        try Data("村道路灯维修\nnot a database\n".utf8).write(to: URL(fileURLWithPath: path))
        expectRefused(path, .notLiushi, mentioning: "not an SQLite database")
        let empty = folder.file("empty.sqlite")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        expectRefused(empty, .notLiushi, mentioning: "empty file")
    }

    @Test("a truncated database is refused and left as it was")
    func truncated() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = folder.file("liushi.sqlite")
        try makeDatabase(path)
        let whole = bytes(path)
        #expect(whole.count > 8 * 4096)
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: path))
        expectRefused(path, .notLiushi, mentioning: "damaged")
        // Cut inside the header page too.
        try whole.prefix(60).write(to: URL(fileURLWithPath: path))
        expectRefused(path, .notLiushi, mentioning: "not an SQLite database")
        try whole.prefix(1000).write(to: URL(fileURLWithPath: path))
        expectRefused(path, .notLiushi, mentioning: "damaged")
    }

    @Test("an SQLite database of another program is refused and left as it was")
    func otherProgram() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = folder.file("liushi.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hello')")
        }
        try queue.close()
        expectRefused(path, .notLiushi, mentioning: "another program")
        // Another program's WAL database with a live log is refused too, read through SQLite.
        let other = folder.file("other.sqlite")
        let pool = try DatabasePool(path: other)
        try pool.write { db in try db.execute(sql: "PRAGMA application_id = 42; CREATE TABLE t (x)") }
        let before = bytes(other)
        let e = storeError { try Store.open(path: other) }
        #expect(e?.kind == .notLiushi)
        #expect(e?.english.contains("another program") == true)
        #expect(bytes(other) == before)
        try pool.close()
    }

    @Test("a database from a newer schema is refused and left as it was")
    func newerSchema() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        let path = folder.file("liushi.sqlite")
        try makeDatabase(path)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = \(Schema.version + 1)") }
        try queue.close()
        expectRefused(path, .newerSchema, mentioning: "newer version")
    }

    @Test("a read-only folder or file is refused and left as it was")
    func readOnly() throws {
        let folder = try TempFolder()
        defer { folder.remove() }
        // A new database in a read-only folder.
        let locked = folder.file("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
        chmod(locked, 0o555)
        var e = storeError { try Store.open(path: locked + "/liushi.sqlite") }
        #expect(e?.kind == .readOnly)
        #expect(e?.english.contains("read-only") == true)
        e = storeError { try Store.open(path: locked + "/sub/liushi.sqlite") }
        #expect(e?.kind == .readOnly)
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked).isEmpty)
        // An existing database in a read-only folder (no room for its -wal and -shm).
        chmod(locked, 0o755)
        try makeDatabase(locked + "/liushi.sqlite")
        chmod(locked, 0o555)
        expectRefused(locked + "/liushi.sqlite", .readOnly, mentioning: "read-only")
        chmod(locked, 0o755)
        // A read-only database file.
        let path = folder.file("liushi.sqlite")
        try makeDatabase(path)
        chmod(path, 0o444)
        expectRefused(path, .readOnly, mentioning: "read-only")
        // A folder given as the database.
        expectRefused(locked, .cannotOpen, mentioning: "folder")
    }

    @Test("the path comes from --db, $LIUSHI_DB, $XDG_DATA_HOME, then ~/.local/share")
    func resolve() {
        let env = ["LIUSHI_DB": "/e/l.sqlite", "XDG_DATA_HOME": "/x", "HOME": "/home/u"]
        #expect(StorePath.resolve(flag: "f.sqlite", environment: env) == "f.sqlite")
        #expect(StorePath.resolve(flag: nil, environment: env) == "/e/l.sqlite")
        #expect(StorePath.resolve(flag: "", environment: env) == "/e/l.sqlite")
        #expect(StorePath.resolve(flag: nil, environment: ["LIUSHI_DB": "", "XDG_DATA_HOME": "/x/", "HOME": "/home/u"]) == "/x/liushi/liushi.sqlite")
        #expect(StorePath.resolve(flag: nil, environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.local/share/liushi/liushi.sqlite")
        #expect(StorePath.resolve(flag: nil, environment: ["HOME": "/home/u"]) == "/home/u/.local/share/liushi/liushi.sqlite")
        #expect(StorePath.resolve(flag: nil, environment: [:]) == "liushi.sqlite")
    }
}
