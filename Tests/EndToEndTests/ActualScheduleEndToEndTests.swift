import Foundation
import Testing

/// One truth of the schedule, through the real binary: moves (inside a window, across New Year),
/// marks on the moved-to date, day show, undo per user, and every surface agreeing.
@Suite("The actual schedule, end to end", .serialized)
struct ActualScheduleEndToEndTests {
    struct Env {
        let dir: URL
        var db: String { dir.appendingPathComponent("liushi.sqlite").path }
        func run(_ args: [String], user: String = "tester", today: String = "2026-12-01") throws -> LiushiBinary.Result {
            try LiushiBinary.run(args + ["--db", db, "--today", today, "--lang", "en"], env: ["USER": user])
        }
        func json(_ args: [String], today: String = "2026-12-01") throws -> [[String: Any]] {
            let r = try run(args + ["--format", "json"], today: today)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]) ?? []
        }
        func object(_ args: [String]) throws -> [String: Any] {
            let r = try run(args + ["--format", "json"])
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]) ?? [:]
        }
    }

    static func env() throws -> Env { Env(dir: try LiushiBinary.temporaryDirectory()) }

    static func day(_ list: [[String: Any]], scheduled: String, moved: Bool) -> [String: Any]? {
        list.first { ($0["village"] as? String) == "qiantan" && (moved ? ($0["movedFrom"] as? String) == scheduled : ($0["date"] as? String) == scheduled) }
    }

    @Test("a day moved by one day: upcoming, item list and print agree on the new date; held on the new date keeps it")
    func movedOneDay() throws {
        let e = try Self.env()
        let add = try e.run(["item", "add", "--village", "qiantan", "--title", "村道路灯维修"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try e.run(["day", "mark", "--village", "qiantan", "--date", "2026-12-07", "moved", "--to", "2026-12-08"]).status == 0)
        let up = try e.json(["upcoming", "--days", "14", "--village", "qiantan"])
        let moved = try #require(Self.day(up, scheduled: "2026-12-07", moved: true), "\(up)")
        #expect(moved["date"] as? String == "2026-12-08")
        #expect(moved["status"] as? String == "moved")
        #expect((moved["items"] as? [[String: Any]])?.first?["id"] as? Int == 1)
        #expect(!up.contains { ($0["village"] as? String) == "qiantan" && ($0["date"] as? String) == "2026-12-07" })
        let items = try e.json(["item", "list"])
        #expect(items.first?["due"] as? String == "2026-12-08")

        // Marked held by its new date: it stays there, and says who came.
        let held = try e.run(["day", "mark", "--village", "qiantan", "--date", "2026-12-08", "held", "--attended", "committees", "liaison",
                              "--minutes", "议定路灯方案"])
        #expect(held.status == 0, "\(held.stderr)")
        let after = try e.json(["print", "--village", "qiantan", "--year", "2026"])
        let day = try #require(Self.day(after, scheduled: "2026-12-07", moved: true))
        #expect(day["date"] as? String == "2026-12-08")
        #expect(day["status"] as? String == "held")
        #expect(day["attended"] as? [String] == ["committees", "liaison"])
        #expect(day["minutes"] as? String == "议定路灯方案")
        let html = try e.run(["print", "--village", "qiantan", "--year", "2026", "--format", "html"])
        #expect(html.stdout.contains("held, present: village committees"), "attendance is printed")

        // The old date shows where it went; day show by either date gives the same record.
        let oneDay = try e.run(["upcoming", "--from", "2026-12-07", "--days", "1", "--village", "qiantan"])
        #expect(oneDay.stdout.contains("2026-12-07") && oneDay.stdout.contains("moved to") && oneDay.stdout.contains("2026-12-08"),
                "\(oneDay.stdout)")
        let show = try e.object(["day", "show", "--village", "qiantan", "--date", "2026-12-07"])
        #expect(show["scheduled"] as? String == "2026-12-07" && show["date"] as? String == "2026-12-08")
        #expect(show["status"] as? String == "held")
        let again = try e.object(["day", "show", "--village", "qiantan", "--date", "2026-12-08"])
        #expect(again["scheduled"] as? String == "2026-12-07")
    }

    @Test("a day moved across New Year belongs to next year's print and windows, with the item due at it")
    func movedAcrossNewYear() throws {
        let e = try Self.env()
        let dec = try e.json(["print", "--village", "qiantan", "--year", "2026"])
        let last = try #require(dec.last { !($0["skipped"] as? Bool ?? false) }?["date"] as? String)
        let matter = try #require((Self.day(dec, scheduled: last, moved: false)?["matters"] as? [String])?.first)
        #expect(try e.run(["item", "add", "--village", "qiantan", "--title", "年终评议", "--stage", matter], today: "2026-12-30").status == 0)
        let mark = try e.run(["day", "mark", "--village", "qiantan", "--date", last, "moved", "--to", "2027-01-05"])
        #expect(mark.status == 0, "\(mark.stderr)")
        let y2027 = try e.json(["print", "--village", "qiantan", "--year", "2027"], today: "2026-12-30")
        let moved = try #require(Self.day(y2027, scheduled: last, moved: true), "not in 2027: \(y2027.prefix(3))")
        #expect(moved["date"] as? String == "2027-01-05")
        #expect((moved["items"] as? [[String: Any]])?.count == 1)
        let y2026 = try e.json(["print", "--village", "qiantan", "--year", "2026"])
        #expect(Self.day(y2026, scheduled: last, moved: true) == nil)
        let html2026 = try e.run(["print", "--village", "qiantan", "--year", "2026", "--format", "html"])
        #expect(html2026.stdout.contains("moved to 2027-01-05"), "the old date says where it went")
        let from = try e.json(["upcoming", "--from", "2027-01-05", "--days", "3"])
        #expect(Self.day(from, scheduled: last, moved: true) != nil)
        let ics = try e.run(["print", "--village", "qiantan", "--year", "2027", "--format", "ics"])
        #expect(ics.stdout.contains("20270105"))
    }

    @Test("undo reverts only the same user's change, and refuses when another user's later change builds on it")
    func undoPerUser() throws {
        let e = try Self.env()
        #expect(try e.run(["item", "add", "--village", "qiantan", "--title", "甲的事项"], user: "alice").status == 0)
        #expect(try e.run(["item", "add", "--village", "qiantan", "--title", "乙的事项"], user: "bob").status == 0)
        // Alice's undo takes back her own add, not Bob's later one, and names it.
        let undo = try e.run(["undo"], user: "alice")
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(undo.stdout.contains("#1 甲的事项"), "\(undo.stdout)")
        let left = try e.json(["item", "list"])
        #expect(left.map { $0["title"] as? String } == ["乙的事项"])
        // Bob advances, Alice advances the same item after him; Bob's undo is refused.
        #expect(try e.run(["item", "advance", "2"], user: "bob").status == 0)
        #expect(try e.run(["item", "advance", "2"], user: "alice").status == 0)
        let refused = try e.run(["undo"], user: "bob")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("alice"), "\(refused.stderr)")
        #expect(try e.json(["item", "list"]).first?["stage"] as? String == "decide", "nothing changed")
        let named = try e.run(["undo"], user: "alice")
        #expect(named.stdout.contains("#2 乙的事项 advanced discuss→decide"), "\(named.stdout)")
        #expect(try e.run(["undo"], user: "carol").status == 1, "carol has nothing to undo")
    }

    @Test("random marks: upcoming JSON, print JSON for each year and the iCalendar export agree on dates, status and items")
    func surfacesAgree() throws {
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        for _ in 0..<3 {
            let e = try Self.env()
            let plan = try e.json(["print", "--village", "qiantan", "--from", "2026-12-01", "--to", "2027-01-31"])
                .filter { !($0["skipped"] as? Bool ?? false) }.compactMap { $0["date"] as? String }
            #expect(try e.run(["item", "add", "--village", "qiantan", "--title", "甲", "--stage", "supervise"]).status == 0)
            #expect(try e.run(["item", "add", "--village", "qiantan", "--title", "乙"]).status == 0)
            for _ in 0..<5 {
                let d = plan[next(plan.count)]
                let status = ["held", "cancelled", "moved", "moved"][next(4)]
                var args = ["day", "mark", "--village", "qiantan", "--date", d, status]
                if status == "moved" { args += ["--to", ["2026-12-20", "2027-01-09", "2026-12-31", "2027-01-02"][next(4)]] }
                _ = try e.run(args)
                if next(4) == 0 { _ = try e.run(["undo"]) }
            }
            let window = try e.json(["upcoming", "--from", "2026-12-01", "--days", "62", "--village", "qiantan"])
            var printed: [[String: Any]] = []
            for y in ["2026", "2027"] { printed += try e.json(["print", "--village", "qiantan", "--year", y]) }
            func key(_ o: [String: Any]) -> String {
                let items = ((o["items"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? Int }
                return "\(o["date"] ?? "") \(o["status"] ?? "scheduled") \(o["movedFrom"] ?? "-") \(items)"
            }
            let fromPrint = printed.filter { ($0["date"] as? String ?? "") >= "2026-12-01" && ($0["date"] as? String ?? "") <= "2027-01-31" }
            #expect(window.map(key) == fromPrint.map(key))
            let ics = try e.run(["print", "--village", "qiantan", "--from", "2026-12-01", "--to", "2027-01-31", "--format", "ics"]).stdout
            let starts = ics.components(separatedBy: "\r\n").filter { $0.hasPrefix("DTSTART") && !$0.contains("19700101") }.map { String($0.split(separator: ":").last?.prefix(8) ?? "") }
            let dates = window.filter { !($0["skipped"] as? Bool ?? false) }.compactMap { ($0["date"] as? String)?.replacingOccurrences(of: "-", with: "") }
            #expect(starts == dates, "\(ics)")
        }
    }
}

/// The UI sees other writers: an item added and then advanced from the command line shows within
/// 2 seconds without a key press.
@Suite("Terminal UI and other writers", .serialized,
       .enabled(if: TmuxPane.tmuxPath != nil, "tmux is not installed (CI installs it: .ci/run)"))
struct OtherWritersTests {
    @Test("an item added and advanced from the command line appears on the board within 2 s, no key pressed")
    func commandLineChangesShowUp() throws {
        guard let pane = try TmuxPane.start(arguments: ["--lang", "en"]) else { return }
        defer { pane.close() }
        pane.go()
        try #require(pane.waitForScreen(containing: "乾潭镇") != nil, "first screen: \(pane.capture())")
        pane.keys("3")   // the board
        try #require(pane.waitForScreen(containing: "Items by stage") != nil, "\(pane.capture())")
        let add = try LiushiBinary.run(["item", "add", "--village", "qiantan", "--title", "外来事项", "--db", pane.database,
                                        "--today", "2026-09-28"], env: ["USER": "clerk2"])
        #expect(add.status == 0, "\(add.stderr)")
        let start = Date()
        #expect(pane.waitForScreen(containing: "外来事项", timeout: 3) != nil, "added elsewhere: \(pane.capture())")
        #expect(Date().timeIntervalSince(start) < 2.5)
        let advance = try LiushiBinary.run(["item", "advance", "1", "--db", pane.database, "--today", "2026-09-28"],
                                           env: ["USER": "clerk2"])
        #expect(advance.status == 0, "\(advance.stderr)")
        #expect(pane.waitForScreen(timeout: 3) { $0.contains("Items by stage: 1 open") && $0.contains("discuss") } != nil,
                "advanced elsewhere: \(pane.capture())")
        // Undo in the UI does not touch the other process's (another user's) change.
        pane.keys("u")
        #expect(pane.waitForScreen(containing: "nothing to undo") != nil, "\(pane.capture())")
        pane.keys("q")
        #expect(pane.waitForExit() == 0)
    }
}

/// Corrections from the shell: edit keeps the old values in the history, withdraw ends an item,
/// and undo takes both back.
@Suite("Item corrections, end to end", .serialized)
struct ItemCorrectionTests {
    @Test("item edit and item withdraw: history keeps the old title, withdrawn items leave the open list, undo restores")
    func editAndWithdraw() throws {
        let e = try ActualScheduleEndToEndTests.env()
        #expect(try e.run(["item", "add", "--village", "qiantan", "--title", "路灯"]).status == 0)
        let edit = try e.run(["item", "edit", "1", "--title", "村道路灯维修", "--major"])
        #expect(edit.status == 0, "\(edit.stderr)")
        let show = try e.object(["item", "show", "1"])
        #expect(show["title"] as? String == "村道路灯维修" && show["major"] as? Bool == true)
        let history = (show["history"] as? [[String: Any]]) ?? []
        #expect(history.map { $0["kind"] as? String } == ["add", "edit"])
        #expect((history.last?["note"] as? String)?.contains("路灯 → 村道路灯维修") == true)
        #expect(try e.run(["item", "edit", "1"]).status == 2, "nothing to change is a usage error")
        #expect(try e.run(["item", "withdraw", "1"]).status == 2, "the reason is required")
        let withdraw = try e.run(["item", "withdraw", "1", "--note", "代表会议否决"])
        #expect(withdraw.status == 0, "\(withdraw.stderr)")
        #expect(try e.json(["item", "list"]).isEmpty)
        #expect(try e.json(["item", "list", "--stage", "withdrawn"]).first?["stage"] as? String == "withdrawn")
        #expect(try e.run(["item", "advance", "1"]).status == 1, "a withdrawn item cannot be advanced")
        #expect(try e.run(["undo"]).status == 0)
        #expect(try e.run(["undo"]).status == 0)
        let back = try e.object(["item", "show", "1"])
        #expect(back["title"] as? String == "路灯" && back["stage"] as? String == "sort" && back["major"] as? Bool == false)
    }
}

@Suite("One person's fixed days, end to end", .serialized)
struct PersonTests {
    @Test("upcoming and print --person give only the days the person attends, in every village that names them; ics too")
    func person() throws {
        let e = try ActualScheduleEndToEndTests.env()
        let all = try e.json(["upcoming", "--days", "90"])
        let his = try e.json(["upcoming", "--days", "90", "--person", "王建平"])
        #expect(!his.isEmpty && his.count < all.count)
        let villages = Set(his.compactMap { $0["village"] as? String })
        #expect(villages.isSubset(of: ["qiantan", "zixu", "xuling", "ziyuan"]), "\(villages)")
        let printed = try e.json(["print", "--person", "王建平", "--from", "2026-12-01", "--to", "2027-02-28"])
        #expect(printed.map { "\($0["date"] ?? "") \($0["village"] ?? "")" } == his.map { "\($0["date"] ?? "") \($0["village"] ?? "")" })
        let ics = try e.run(["print", "--person", "王建平", "--from", "2026-12-01", "--to", "2027-02-28", "--format", "ics"])
        #expect(ics.status == 0)
        #expect(ics.stdout.components(separatedBy: "BEGIN:VEVENT").count - 1 == his.filter { !($0["skipped"] as? Bool ?? false) }.count)
        let nobody = try e.json(["upcoming", "--days", "30", "--person", "无此人"])
        #expect(nobody.isEmpty)
    }
}

@Suite("Minutes and titles as bad input, end to end", .serialized)
struct MinutesBadInputTests {
    @Test("1 MB of minutes with HTML and escape sequences is stored as given and escaped in every output")
    func minutesAreStoredAndEscaped() throws {
        let e = try ActualScheduleEndToEndTests.env()
        let hostile = "<script>alert(1)</script>\u{1B}]52;c;SGVsbG8=\u{07}\u{1B}[2J"
        let minutes = hostile + String(repeating: "纪要", count: 1_048_576 / 6)
        let file = e.dir.appendingPathComponent("minutes.txt")
        try Data(minutes.utf8).write(to: file)
        let mark = try e.run(["day", "mark", "--village", "qiantan", "--date", "2026-12-07", "held", "--minutes-from", file.path])
        #expect(mark.status == 0, "\(mark.stderr.prefix(300))")
        let json = try e.object(["day", "show", "--village", "qiantan", "--date", "2026-12-07"])
        #expect(json["minutes"] as? String == minutes, "stored as given")
        let text = try e.run(["day", "show", "--village", "qiantan", "--date", "2026-12-07"])
        #expect(!text.stdout.contains("\u{1B}") && !text.stdout.contains("\u{07}"), "no raw escape reaches a terminal")
        let html = try e.run(["day", "show", "--village", "qiantan", "--date", "2026-12-07", "--format", "html"])
        #expect(html.stdout.contains("&lt;script&gt;") && !html.stdout.contains("<script>"))
        let up = try e.run(["upcoming", "--from", "2026-12-07", "--days", "1"])
        #expect(!up.stdout.contains("\u{1B}"))
    }
}
