import Foundation
import Testing

/// A county (townships/*.yaml + county.yaml) through the real binary: `--township` on every
/// command, conflicts across townships, errors in the folder's layout, publish's township files.
@Suite("County through the binary", .serialized)
struct CountyCommandTests {
    static let fixture = LiushiBinary.repositoryRoot.appendingPathComponent("Tests/LiushiConfigTests/Fixtures/county").path

    struct Env {
        let dir: URL
        var db: String { dir.appendingPathComponent("liushi.sqlite").path }
        func run(_ args: [String], config: String = CountyCommandTests.fixture, today: String = "2026-03-02") throws -> LiushiBinary.Result {
            try LiushiBinary.run(args + ["--config", config, "--db", db, "--today", today, "--lang", "en"])
        }
    }

    static func env() throws -> Env { Env(dir: try LiushiBinary.temporaryDirectory()) }

    /// A copy of the fixture in a temporary folder, for damaging.
    static func copy(into dir: URL) throws -> URL {
        let to = dir.appendingPathComponent("county")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: fixture), to: to)
        return to
    }

    @Test("upcoming over the county matches its golden file")
    func upcomingGolden() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let r = try e.run(["upcoming", "--days", "14"])
        #expect(r.status == 0, "\(r.stderr)")
        try LiushiBinary.expectGolden(r.stdout, "county-upcoming-2026-03-02.txt")
        #expect(!FileManager.default.fileExists(atPath: e.db))
    }

    @Test("--township narrows upcoming, print, item list and check; given before the subcommand too")
    func townshipNarrows() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let all = try e.run(["upcoming", "--days", "14"])
        #expect(all.stdout.contains("三都村") && all.stdout.contains("千鹤村") && all.stdout.contains("大同村"))
        let q = try e.run(["upcoming", "--days", "14", "--township", "qiantan"])
        #expect(q.status == 0, "\(q.stderr)")
        #expect(q.stdout.hasPrefix("乾潭镇"))
        #expect(q.stdout.contains("三都村") && q.stdout.contains("紫兰村"))
        #expect(!q.stdout.contains("千鹤村") && !q.stdout.contains("大同村"))
        // One village, or villages of one township: the header names their township, not the county.
        let one = try e.run(["upcoming", "--days", "14", "--village", "sandu"])
        #expect(one.status == 0 && one.stdout.hasPrefix("乾潭镇"), "\(one.stdout)")
        let mixed = try e.run(["upcoming", "--days", "14", "--village", "sandu", "--village", "qianhe"])
        #expect(mixed.status == 0 && mixed.stdout.hasPrefix("建德市"), "\(mixed.stdout)")
        let before = try LiushiBinary.run(["--township", "qiantan", "upcoming", "--days", "14", "--config", Self.fixture,
                                           "--db", e.db, "--today", "2026-03-02", "--lang", "en"])
        #expect(before.stdout == q.stdout)
        // The bare `liushi` without a terminal prints the same next 14 days of that township.
        let bare = try LiushiBinary.run(["--township", "qiantan", "--config", Self.fixture, "--db", e.db, "--today", "2026-03-02", "--lang", "en"])
        #expect(bare.status == 0 && bare.stdout == q.stdout, "\(bare.stderr)")
        let json = try e.run(["upcoming", "--days", "14", "--township", "meicheng", "--format", "json"])
        #expect(json.stdout.contains("\"qianhe\"") && !json.stdout.contains("\"sandu\""))

        // print: the village's own township in the header; a village of another township is an error.
        let p = try e.run(["print", "--village", "sandu", "--year", "2026"])
        #expect(p.status == 0 && p.stdout.contains("乾潭镇") && !p.stdout.contains("建德市"), "\(p.stdout.prefix(300))")
        let outside = try e.run(["print", "--village", "qianhe", "--year", "2026", "--township", "qiantan"])
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("meicheng") && outside.stderr.contains("qiantan"), "\(outside.stderr)")

        // item list: only the township's items.
        for v in ["sandu", "qianhe"] {
            let add = try e.run(["item", "add", "--village", v, "--title", "路灯 \(v)"])
            #expect(add.status == 0, "\(add.stderr)")
        }
        let everyItem = try e.run(["item", "list"])
        #expect(everyItem.stdout.contains("路灯 sandu") && everyItem.stdout.contains("路灯 qianhe"))
        let mine = try e.run(["item", "list", "--township", "meicheng"])
        #expect(mine.status == 0 && mine.stdout.contains("路灯 qianhe") && !mine.stdout.contains("路灯 sandu"), "\(mine.stdout)")
        let other = try e.run(["item", "list", "--township", "meicheng", "--village", "sandu"])
        #expect(other.status == 2 && other.stderr.contains("qiantan"))
        // check: no orphan notes for the other townships' items.
        let check = try e.run(["check", "--days", "60", "--township", "qiantan"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("乾潭镇, 2 villages") && check.stdout.contains("No conflicts"))
        #expect(!check.stdout.contains("no longer in the configuration"))

        // day list and report narrow too.
        let days = try e.run(["day", "list", "--unmarked", "--township", "shouchang", "--format", "json"])
        #expect(days.status == 0 && days.stdout.contains("\"datong\"") && !days.stdout.contains("\"sandu\""), "\(days.stderr)")
        let report = try e.run(["report", "--year", "2026", "--township", "shouchang", "--format", "json"])
        #expect(report.status == 0 && report.stdout.contains("\"qiaodong\"") && !report.stdout.contains("\"qianhe\""))
    }

    /// The JSON array a command printed.
    static func rows(_ r: LiushiBinary.Result) throws -> [[String: Any]] {
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], "\(r.stdout.prefix(300))")
    }

    @Test("with --township only its villages' rows are read from the store: what is shown equals the whole county's rows of those villages")
    func townshipReadsItsVillages() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let townships = ["qiantan": ["sandu", "zilan"], "meicheng": ["qianhe", "yuquan"], "shouchang": ["datong", "qiaodong"]]
        // Items in every township (one closed, one withdrawn), a day moved, a day cancelled, one held.
        for (k, v) in ["sandu", "qianhe", "datong", "zilan", "qianhe", "yuquan"].enumerated() {
            let add = try e.run(["item", "add", "--village", v, "--title", "事项\(k) \(v)"] + (k == 4 ? ["--stage", "decide"] : []))
            #expect(add.status == 0, "\(add.stderr)")
        }
        #expect(try e.run(["item", "advance", "5", "--to", "closed"]).status == 0)
        #expect(try e.run(["item", "withdraw", "6", "--note", "否决"]).status == 0)
        let days = try Self.rows(try e.run(["upcoming", "--days", "14", "--format", "json"])).filter { $0["skipped"] == nil }
        func first(_ v: String) throws -> String { try #require(days.first { $0["village"] as? String == v }?["date"] as? String) }
        let moved = try first("qianhe"), cancelled = try first("sandu")
        let movedTo = String(moved.prefix(8)) + String(format: "%02d", Int(moved.suffix(2))! + 1)
        #expect(try e.run(["day", "mark", "--village", "qianhe", "--date", moved, "moved", "--to", movedTo]).status == 0)
        #expect(try e.run(["day", "mark", "--village", "sandu", "--date", cancelled, "cancelled"]).status == 0)
        let past = try Self.rows(try e.run(["day", "list", "--unmarked", "--format", "json"]))
        let held = try #require(past.first { $0["village"] as? String == "datong" }?["date"] as? String)
        #expect(try e.run(["day", "mark", "--village", "datong", "--date", held, "held"]).status == 0)

        let whole = try Self.rows(try e.run(["upcoming", "--days", "30", "--format", "json"]))
        let wholeItems = try Self.rows(try e.run(["item", "list", "--format", "json"]))
        let wholeUnmarked = try Self.rows(try e.run(["day", "list", "--unmarked", "--format", "json"]))
        #expect(wholeItems.count == 4 && whole.contains { ($0["items"] as? [Any])?.isEmpty == false })
        for (t, villages) in townships {
            func mine(_ rows: [[String: Any]]) -> NSArray { rows.filter { villages.contains($0["village"] as? String ?? "") } as NSArray }
            let one = try Self.rows(try e.run(["upcoming", "--days", "30", "--format", "json", "--township", t]))
            #expect((one as NSArray).isEqual(mine(whole)), "upcoming --township \(t)")
            let items = try Self.rows(try e.run(["item", "list", "--format", "json", "--township", t]))
            #expect((items as NSArray).isEqual(mine(wholeItems)), "item list --township \(t)")
            let ended = try Self.rows(try e.run(["item", "list", "--stage", "closed", "--format", "json", "--township", t]))
            #expect(ended.count == (t == "meicheng" ? 1 : 0), "item list --stage closed --township \(t)")
            let unmarked = try Self.rows(try e.run(["day", "list", "--unmarked", "--format", "json", "--township", t]))
            #expect((unmarked as NSArray).isEqual(mine(wholeUnmarked)), "day list --township \(t)")
        }
        // The year report of a township: its villages' figures as in the whole county's.
        let report = try e.run(["report", "--year", "2026", "--format", "json"])
        let all = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let narrowed = try e.run(["report", "--year", "2026", "--format", "json", "--township", "meicheng"])
        let one = try #require(try JSONSerialization.jsonObject(with: Data(narrowed.stdout.utf8)) as? [String: Any])
        let allVillages = (all["villages"] as? [[String: Any]] ?? []).filter { ["qianhe", "yuquan"].contains($0["village"] as? String ?? "") }
        #expect(((one["villages"] as? [[String: Any]] ?? []) as NSArray).isEqual(allVillages as NSArray))
    }

    @Test("the terminal UI on --township reads that township; choosing another reads the store again (tmux)",
          .enabled(if: TmuxPane.tmuxPath != nil, "tmux is not installed (CI installs it: .ci/run)"))
    func uiReadsChosenTownship() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        for (v, title) in [("qianhe", "梅城的事"), ("sandu", "乾潭的事")] {
            let add = try e.run(["item", "add", "--village", v, "--title", title], today: "2026-09-28")
            #expect(add.status == 0, "\(add.stderr)")
        }
        guard let pane = try TmuxPane.start(arguments: ["--config", Self.fixture, "--township", "meicheng", "--lang", "zh", "--db", e.db]) else { return }
        defer { pane.close() }
        pane.go()
        pane.keys("3")
        try #require(pane.waitForScreen(containing: "梅城的事") != nil, "the board: \(pane.capture())")
        #expect(!pane.capture().contains("乾潭的事"))
        pane.keys("T")
        try #require(pane.waitForScreen { $0.contains("选择乡镇") && $0.contains("寿昌镇") } != nil, "chooser: \(pane.capture())")
        pane.literal("qiantan")
        pane.keys("Enter")
        try #require(pane.waitForScreen(containing: "乾潭的事") != nil, "after choosing 乾潭镇: \(pane.capture())")
        #expect(!pane.capture().contains("梅城的事"))
        // All townships: every item again.
        pane.keys("T", "Home", "Enter")
        try #require(pane.waitForScreen { $0.contains("乾潭的事") && $0.contains("梅城的事") } != nil, "all: \(pane.capture())")
        pane.keys("q")
        #expect(pane.waitForExit() == 0)
    }

    @Test("an unknown --township is a usage error naming the known ids, for every kind of command")
    func unknownTownship() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        for args in [["upcoming"], ["check"], ["item", "list"], ["print", "--village", "sandu"]] {
            let r = try e.run(args + ["--township", "nowhere"])
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("no township 'nowhere'") && r.stderr.contains("meicheng (梅城镇)")
                    && r.stderr.contains("qiantan (乾潭镇)") && r.stderr.contains("shouchang (寿昌镇)"), "\(r.stderr)")
        }
        // The shipped single-file township is `township`.
        let single = try LiushiBinary.run(["upcoming", "--township", "qiantan", "--today", "2026-03-02"])
        #expect(single.status == 2 && single.stderr.contains("township ("), "\(single.stderr)")
        let ok = try LiushiBinary.run(["upcoming", "--township", "township", "--today", "2026-03-02"])
        let plain = try LiushiBinary.run(["upcoming", "--today", "2026-03-02"])
        #expect(ok.status == 0 && ok.stdout == plain.stdout)
    }

    @Test("check finds one person due in villages of two townships at overlapping times and names both townships")
    func crossTownshipConflict() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let r = try e.run(["check", "--days", "7"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("建德市, 3 townships, 6 villages"))
        #expect(r.stdout.contains("conflict: 2026-03-02 Mon: liaison leader 王明 is due at 三都村 (乾潭镇) 08:30 and at 千鹤村 (梅城镇) 09:00"),
                "\(r.stdout)")
        let zh = try LiushiBinary.run(["check", "--days", "7", "--config", Self.fixture, "--db", e.db, "--today", "2026-03-02", "--lang", "zh"])
        #expect(zh.stdout.contains("王明 同时要到 乾潭镇三都村 08:30 和 梅城镇千鹤村 09:00"), "\(zh.stdout)")
        // --person finds the same person across townships.
        let person = try e.run(["upcoming", "--days", "7", "--person", "王明", "--format", "json"])
        #expect(person.stdout.contains("\"sandu\"") && person.stdout.contains("\"qianhe\"") && !person.stdout.contains("\"zilan\""))
    }

    @Test("a village id in two township files is refused with both files and lines, status 2, nothing written")
    func duplicateAcrossFiles() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let county = try Self.copy(into: e.dir)
        let file = county.appendingPathComponent("townships/shouchang.yaml")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "id: qiaodong", with: "id: sandu")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let r = try e.run(["item", "add", "--village", "sandu", "--title", "x"], config: county.path)
        #expect(r.status == 2)
        let path = county.appendingPathComponent("townships").path
        #expect(r.stderr.contains("\(path)/shouchang.yaml:32:9: duplicate village id `sandu`: \(path)/qiantan.yaml line 28 already has it"),
                "\(r.stderr)")
        #expect(r.stderr.contains("  - id: sandu\n          ^"))
        #expect(!FileManager.default.fileExists(atPath: e.db))
    }

    @Test("liushi.yaml beside townships/, an unknown key in county.yaml and a bad township file are configuration errors")
    func layoutErrors() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let county = try Self.copy(into: e.dir)
        try "township:\n  name: 乾潭镇\n".write(to: county.appendingPathComponent("liushi.yaml"), atomically: true, encoding: .utf8)
        let both = try e.run(["upcoming"], config: county.path)
        #expect(both.status == 2)
        #expect(both.stderr.contains("liushi.yaml:1:1: this folder has both liushi.yaml and"), "\(both.stderr)")
        try FileManager.default.removeItem(at: county.appendingPathComponent("liushi.yaml"))

        try "name: 建德市\n简称: 建德\n".write(to: county.appendingPathComponent("county.yaml"), atomically: true, encoding: .utf8)
        let key = try e.run(["check"], config: county.path)
        #expect(key.status == 2)
        #expect(key.stderr.contains("county.yaml:2:1:") && key.stderr.contains("简称"), "\(key.stderr)")
        #expect(key.stderr.contains("  简称: 建德\n  ^"))
        try "name: 建德市\n".write(to: county.appendingPathComponent("county.yaml"), atomically: true, encoding: .utf8)

        // A hidden file is not a township; an empty townships/ is an error.
        try "broken: [\n".write(to: county.appendingPathComponent("townships/.#qiantan.yaml"), atomically: true, encoding: .utf8)
        #expect(try e.run(["check", "--days", "7"], config: county.path).status == 1)
        let empty = try Self.copy(into: e.dir.appendingPathComponent("other"))
        for f in ["meicheng", "qiantan", "shouchang"] { try FileManager.default.removeItem(at: empty.appendingPathComponent("townships/\(f).yaml")) }
        let none = try e.run(["upcoming"], config: empty.path)
        #expect(none.status == 2 && none.stderr.contains("no township files"), "\(none.stderr)")

        try "township: [\n".write(to: county.appendingPathComponent("townships/zz.yaml"), atomically: true, encoding: .utf8)
        let broken = try e.run(["upcoming"], config: county.path)
        #expect(broken.status == 2 && broken.stderr.contains("townships/zz.yaml:"), "\(broken.stderr)")
    }

    @Test("publish writes one townships/<id>.ics per township with its villages' events, and all.ics with every event")
    func publishTownshipFiles() throws {
        let e = try Self.env()
        defer { try? FileManager.default.removeItem(at: e.dir) }
        let out = e.dir.appendingPathComponent("www")
        let r = try e.run(["publish", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("wrote 10 calendars"))
        let townships = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("townships").path).sorted()
        #expect(townships == ["meicheng.ics", "qiantan.ics", "shouchang.ics"])
        func events(_ path: String) throws -> Int {
            try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8).components(separatedBy: "BEGIN:VEVENT").count - 1
        }
        let perTownship = try townships.map { try events("townships/" + $0) }
        #expect(perTownship.allSatisfy { $0 > 0 })
        #expect(perTownship.reduce(0, +) == (try events("all.ics")))
        let qiantan = try String(contentsOf: out.appendingPathComponent("townships/qiantan.ics"), encoding: .utf8)
        #expect(qiantan.contains("UID:sandu-") && !qiantan.contains("UID:qianhe-"))
        let qianhe = try String(contentsOf: out.appendingPathComponent("villages/qianhe.ics"), encoding: .utf8)
        #expect(qianhe.replacingOccurrences(of: "\r\n ", with: "").contains("梅城镇\\, 千鹤村"))
    }

    @Test("the terminal UI opens on --township and T chooses another township (tmux)",
          .enabled(if: TmuxPane.tmuxPath != nil, "tmux is not installed (CI installs it: .ci/run)"))
    func uiChoosesTownship() throws {
        guard let pane = try TmuxPane.start(arguments: ["--config", Self.fixture, "--township", "meicheng", "--lang", "zh"]) else { return }
        defer { pane.close() }
        pane.go()
        try #require(pane.waitForScreen(containing: "建德市 · 梅城镇") != nil, "first screen: \(pane.capture())")
        pane.keys("2")
        try #require(pane.waitForScreen { $0.contains("乡镇：梅城镇") && $0.contains("千鹤村") } != nil, "upcoming: \(pane.capture())")
        #expect(!pane.capture().contains("三都村"))
        pane.keys("T")
        try #require(pane.waitForScreen { $0.contains("选择乡镇") && $0.contains("寿昌镇") } != nil, "chooser: \(pane.capture())")
        pane.literal("qiantan")
        pane.keys("Enter")
        try #require(pane.waitForScreen { $0.contains("乡镇：乾潭镇") && $0.contains("三都村") } != nil, "chosen: \(pane.capture())")
        #expect(!pane.capture().contains("千鹤村"))
        pane.keys("q")
        #expect(pane.waitForExit() == 0)
    }
}
