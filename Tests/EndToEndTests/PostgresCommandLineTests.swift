import Foundation
import Testing

/// `--db postgresql://…` from the command line: a URI is never a path, connection failures are
/// plain, `db grant` sets who may change what. The server cases need `LIUSHI_TEST_PG` (and psql
/// to make a scratch schema); `.ci/run` provides both.
@Suite("The command line on a PostgreSQL store")
struct PostgresCommandLineTests {
    static let server: String? = {
        guard let u = ProcessInfo.processInfo.environment["LIUSHI_TEST_PG"], !u.isEmpty else { return nil }
        return u
    }()

    static let psql: String? = {
        let dirs = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted().reversed()
        for d in dirs where FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(d)/bin/psql") {
            return "/usr/lib/postgresql/\(d)/bin/psql"
        }
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/psql") ? "/usr/bin/psql" : nil
    }()

    static func sql(_ text: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(psql))
        p.arguments = ["-q", "-v", "ON_ERROR_STOP=1", try #require(server), "-c", text]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "psql: \(text)")
    }

    @Test("a postgresql:// address is never a path: an unreachable server is a plain error and nothing is created")
    func uriIsNotAPath() throws {
        let dir = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["item", "add", "--village", "qiantan", "--title", "t"], ["item", "list"], ["upcoming"]] {
            let r = try LiushiBinary.run(args + ["--db", "postgresql://clerk:secret@127.0.0.1:1/liushi"], cwd: dir.path)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("cannot connect to the database postgresql://clerk:***@127.0.0.1:1/liushi"), "\(r.stderr)")
            #expect(!r.stderr.contains("secret"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "no folder named postgresql:")
        let other = try LiushiBinary.run(["item", "list", "--db", "mysql://db/liushi"], cwd: dir.path)
        #expect(other.status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("without libpq a PostgreSQL address says what to install, status 1; an SQLite file needs no libpq")
    func missingLibpq() throws {
        let dir = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = ["LIUSHI_LIBPQ": dir.appendingPathComponent("libpq.so.5").path]
        let r = try LiushiBinary.run(["item", "list", "--db", "postgresql://clerk@127.0.0.1:1/liushi"], env: missing)
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("liushi: PostgreSQL needs libpq: apt-get install libpq5"), "\(r.stderr)")
        let db = dir.appendingPathComponent("liushi.sqlite").path
        let add = try LiushiBinary.run(["item", "add", "--village", "qiantan", "--title", "t", "--db", db], env: missing)
        #expect(add.status == 0 && add.stdout == "1\n", "\(add.stderr)")
    }

    @Test("db grant on an SQLite store is refused plainly and creates nothing")
    func grantOnSQLite() throws {
        let dir = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("liushi.sqlite").path
        let r = try LiushiBinary.run(["db", "grant", "--role", "clerk", "--village", "qiantan", "--db", db])
        #expect(r.status == 1)
        #expect(r.stderr.contains("need a PostgreSQL store"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test("--township on a county reads the same rows from PostgreSQL as from an SQLite file",
          .enabled(if: server != nil && psql != nil, "LIUSHI_TEST_PG is unset (or no psql)"))
    func townshipOnPostgres() throws {
        let base = try #require(PostgresCommandLineTests.server)
        let schema = "c_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresCommandLineTests.sql("CREATE SCHEMA \(schema)")
        defer { try? PostgresCommandLineTests.sql("DROP SCHEMA \(schema) CASCADE") }
        let dir = try LiushiBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let stores = [base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)",
                      dir.appendingPathComponent("liushi.sqlite").path]
        let common = ["--config", CountyCommandTests.fixture, "--today", "2026-03-02", "--lang", "en"]
        for db in stores {
            for (k, v) in ["sandu", "qianhe", "datong", "zilan", "qianhe", "yuquan"].enumerated() {
                let r = try LiushiBinary.run(["item", "add", "--village", v, "--title", "事项\(k)", "--db", db] + common)
                #expect(r.status == 0, "\(r.stderr)")
            }
            #expect(try LiushiBinary.run(["item", "advance", "5", "--to", "closed", "--db", db] + common).status == 0)
            #expect(try LiushiBinary.run(["day", "mark", "--village", "qianhe", "--date", "2026-03-04", "cancelled", "--db", db] + common).status == 0)
        }
        for township in ["qiantan", "meicheng", "shouchang"] {
            for args in [["upcoming", "--days", "30", "--format", "json"], ["item", "list", "--format", "json"],
                         ["item", "list", "--stage", "closed"], ["report", "--year", "2026", "--format", "json"]] {
                let out = try stores.map { db in try LiushiBinary.run(args + ["--township", township, "--db", db] + common) }
                #expect(out[0].status == 0 && out[0].stdout == out[1].stdout, "\(args) --township \(township): \(out[0].stderr)")
            }
        }
    }

    @Test("a village role changes only its village from the command line; refusals are status 1 with nothing written",
          .enabled(if: server != nil && psql != nil, "LIUSHI_TEST_PG is unset (or no psql)"))
    func grantedRole() throws {
        let base = try #require(PostgresCommandLineTests.server)
        let schema = "e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let role = "clerk_" + schema.suffix(8)
        try PostgresCommandLineTests.sql("CREATE SCHEMA \(schema)")
        defer {
            try? PostgresCommandLineTests.sql("DROP SCHEMA \(schema) CASCADE")
            try? PostgresCommandLineTests.sql("DROP ROLE IF EXISTS \(role)")
        }
        let owner = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        let clerk = owner + "&user=\(role)"
        let today = ["--today", "2026-03-02"]

        var r = try LiushiBinary.run(["item", "list", "--db", owner])
        #expect(r.status == 1 && r.stderr.contains("no Liushi store"), "a read creates nothing: \(r.stderr)")
        r = try LiushiBinary.run(["item", "add", "--village", "qiantan", "--title", "乾潭的事", "--db", owner] + today)
        #expect(r.status == 0 && r.stdout == "1\n", "\(r.stderr)")
        r = try LiushiBinary.run(["db", "grant", "--role", role, "--village", "anren", "--db", owner])
        #expect(r.status == 0 && r.stdout.contains("安仁村 (anren)"), "\(r.stderr)")

        r = try LiushiBinary.run(["item", "add", "--village", "anren", "--title", "安仁的事", "--db", clerk] + today)
        #expect(r.status == 0 && r.stdout == "2\n", "\(r.stderr)")
        for args in [["item", "add", "--village", "qiantan", "--title", "越权"], ["item", "advance", "1"],
                     ["day", "mark", "--village", "qiantan", "--date", "2026-03-02", "held"]] {
            r = try LiushiBinary.run(args + ["--db", clerk] + today)
            #expect(r.status == 1, "\(args)")
            #expect(r.stderr.contains("may change only the villages granted to it") && r.stderr.contains("Nothing was written"), "\(r.stderr)")
        }
        r = try LiushiBinary.run(["item", "show", "2", "--format", "json", "--db", owner])
        #expect(r.stdout.contains("\"user\":\"\(role)\""), "changes are recorded under the role: \(r.stdout)")
        r = try LiushiBinary.run(["item", "show", "1", "--format", "json", "--db", owner])
        #expect(r.stdout.contains("\"stage\":\"sort\"") && !r.stdout.contains("\"advance\""))
        r = try LiushiBinary.run(["undo", "--db", clerk])
        #expect(r.status == 0 && r.stdout.contains("#2"), "\(r.stderr)")
        // The global --township without --village grants every village of the township.
        r = try LiushiBinary.run(["db", "grant", "--role", role, "--township", "township", "--db", owner])
        #expect(r.status == 0 && r.stdout.contains("乾潭村 (qiantan)") && r.stdout.contains("安仁村 (anren)"), "\(r.stdout) \(r.stderr)")
        r = try LiushiBinary.run(["item", "add", "--village", "qiantan", "--title", "现在可以", "--db", clerk] + today)
        #expect(r.status == 0, "\(r.stderr)")
        r = try LiushiBinary.run(["db", "grant", "--role", role, "--township", "nowhere", "--db", owner])
        #expect(r.status == 2 && r.stderr.contains("no township 'nowhere'"), "\(r.stderr)")
        r = try LiushiBinary.run(["db", "revoke", "--role", role, "--read-only", "--db", owner])
        #expect(r.status == 0)
    }

    @Test("an open terminal UI on a PostgreSQL store shows another office's new item without a key press",
          .enabled(if: server != nil && psql != nil && TmuxPane.tmuxPath != nil, "LIUSHI_TEST_PG is unset (or no psql, no tmux)"))
    func screenFollowsOtherOffices() throws {
        let base = try #require(PostgresCommandLineTests.server)
        let schema = "u_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresCommandLineTests.sql("CREATE SCHEMA \(schema)")
        defer { try? PostgresCommandLineTests.sql("DROP SCHEMA \(schema) CASCADE") }
        let uri = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
        var r = try LiushiBinary.run(["item", "add", "--village", "qiantan", "--title", "本处的事", "--db", uri, "--today", "2026-09-28"])
        #expect(r.status == 0, "\(r.stderr)")
        guard let pane = try TmuxPane.start(arguments: ["--db", uri]) else { return }
        defer { pane.close() }
        pane.go()
        pane.keys("3")
        try #require(pane.waitForScreen(containing: "#1 本处") != nil, "the board: \(pane.capture())")
        r = try LiushiBinary.run(["item", "add", "--village", "anren", "--title", "别处的事", "--db", uri, "--today", "2026-09-28"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(pane.waitForScreen(containing: "#2 别处", timeout: 5) != nil, "the other office's item: \(pane.capture())")
        pane.keys("q")
        #expect(pane.waitForExit() == 0)
    }
}
